package graphemu

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"testing"
)

// exchangesEnv names the file where the tests write every answer they
// receive. The model judge in internal/graph (model_judge_test.go) sets it
// and parses each answer with msgraph-sdk-go's models, which this package
// may not import, even in tests.
const exchangesEnv = "GRAPHEMU_EXCHANGES"

// exchange is one answer a test received, with what asked for it.
type exchange struct {
	Method  string `json:"method"`
	URL     string `json:"url"`
	Request string `json:"request,omitempty"`
	Status  int    `json:"status"`
	Body    string `json:"body,omitempty"`
}

var exchangeLog struct {
	sync.Mutex
	list []exchange
}

func recordExchange(resp *http.Response, body []byte) {
	if os.Getenv(exchangesEnv) == "" {
		return
	}
	e := exchange{Method: resp.Request.Method, URL: resp.Request.URL.RequestURI(), Status: resp.StatusCode, Body: string(body)}
	if resp.Request.GetBody != nil {
		if rc, err := resp.Request.GetBody(); err == nil {
			raw, _ := io.ReadAll(rc)
			e.Request = string(raw)
		}
	}
	exchangeLog.Lock()
	exchangeLog.list = append(exchangeLog.list, e)
	exchangeLog.Unlock()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if path := os.Getenv(exchangesEnv); path != "" {
		raw, err := json.Marshal(exchangeLog.list)
		if err == nil {
			err = os.WriteFile(path, raw, 0o600)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "writing the exchanges:", err)
			code = 1
		}
	}
	os.Exit(code)
}
