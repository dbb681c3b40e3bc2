package graphemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
)

// maxBatchRequests is Graph's JSON batching limit (internal/graph's package doc, "Errors, throttling and $batch").
const maxBatchRequests = 20

type batchRequestItem struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
	DependsOn []string          `json:"dependsOn"`
}

type batchResponseItem struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request, raw []byte) {
	var in struct {
		Requests []batchRequestItem `json:"requests"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		writeGraphError(w, r, errBadRequest("Invalid batch payload format."))
		return
	}
	if len(in.Requests) == 0 || len(in.Requests) > maxBatchRequests {
		writeGraphError(w, r, &graphError{Status: 400, Code: "BadRequest",
			Message: fmt.Sprintf("Invalid batch payload: a batch must hold between 1 and %d requests.", maxBatchRequests)})
		return
	}
	byID := map[string]*batchRequestItem{}
	for i := range in.Requests {
		item := &in.Requests[i]
		if item.ID == "" || byID[item.ID] != nil {
			writeGraphError(w, r, &graphError{Status: 400, Code: "BadRequest", Message: "Batch request ids must be present and unique."})
			return
		}
		if hasBody(item.Body) && headerFold(item.Headers, "Content-Type") == "" {
			writeGraphError(w, r, &graphError{Status: 400, Code: "BadRequest", Message: "Content-Type header is required for request '" + item.ID + "' with a body."})
			return
		}
		byID[item.ID] = item
	}
	results := map[string]*batchResponseItem{}
	var run func(item *batchRequestItem, depth int) *batchResponseItem
	run = func(item *batchRequestItem, depth int) *batchResponseItem {
		if res := results[item.ID]; res != nil {
			return res
		}
		for _, dep := range item.DependsOn {
			prereq := byID[dep]
			if prereq == nil || depth > maxBatchRequests {
				res := batchFailure(item.ID, 400, "BadRequest", "Request '"+item.ID+"' depends on an unknown or circular request '"+dep+"'.")
				results[item.ID] = res
				return res
			}
			if pres := run(prereq, depth+1); pres.Status >= 400 {
				s.stats.countOperation(strings.ToUpper(item.Method), "(failed dependency)", http.StatusFailedDependency)
				res := batchFailure(item.ID, http.StatusFailedDependency, "FailedDependency", "The request depends on request '"+dep+"', which failed.")
				results[item.ID] = res
				return res
			}
		}
		res := s.runBatchItem(r, item)
		results[item.ID] = res
		return res
	}
	out := make([]*batchResponseItem, 0, len(in.Requests))
	for i := range in.Requests {
		out = append(out, run(&in.Requests[i], 0))
	}
	writeJSON(w, http.StatusOK, map[string]any{"responses": out})
}

func batchFailure(id string, status int, code, msg string) *batchResponseItem {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": msg}})
	return &batchResponseItem{ID: id, Status: status, Headers: map[string]string{"Content-Type": "application/json"}, Body: body}
}

// runBatchItem executes one sub-request as its own Graph operation. The item
// URL arrives relative and still percent-encoded (%24select), so it is parsed
// like a request line (internal/graph's package doc, "SDK pitfalls"). A '#'
// ends it, as it ends any URL a client sends: a guest's user principal name
// reaches the path only as %23EXT%23, and a raw one is cut short, as an HTTP
// server receives it.
func (s *Server) runBatchItem(outer *http.Request, item *batchRequestItem) *batchResponseItem {
	rawURL, _, _ := strings.Cut(item.URL, "#")
	if u, err := url.Parse(rawURL); err == nil && u.IsAbs() {
		rawURL = u.RequestURI()
		for _, v := range []string{"/v1.0", "/beta"} {
			rawURL = strings.TrimPrefix(rawURL, v)
		}
	}
	if !strings.HasPrefix(rawURL, "/") {
		rawURL = "/" + rawURL
	}
	target, err := url.ParseRequestURI(rawURL)
	if err != nil {
		return batchFailure(item.ID, 400, "BadRequest", "Invalid request URL '"+item.URL+"'.")
	}
	req, err := http.NewRequestWithContext(outer.Context(), strings.ToUpper(item.Method), target.String(), bodyReader(item.Body))
	if err != nil {
		return batchFailure(item.ID, 400, "BadRequest", "Invalid request '"+item.ID+"'.")
	}
	for k, v := range item.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Authorization", outer.Header.Get("Authorization"))
	rec := httptest.NewRecorder()
	rec.Header().Set("request-id", newID())
	if s.subRequestThrottled() {
		s.stats.countOperation(req.Method, "(throttled)", http.StatusTooManyRequests)
		writeGraphError(rec, req, errThrottled(s.CurrentFaults().RetryAfter))
	} else {
		s.serveOperation(rec, req)
	}
	res := &batchResponseItem{ID: item.ID, Status: rec.Code, Headers: map[string]string{}}
	for k := range rec.Header() {
		res.Headers[k] = rec.Header().Get(k)
	}
	if body := bytes.TrimSpace(rec.Body.Bytes()); len(body) > 0 {
		if json.Valid(body) {
			res.Body = body
		} else {
			quoted, _ := json.Marshal(string(body))
			res.Body = quoted
		}
	}
	return res
}

// subRequestThrottled rolls the random 429 for one batch sub-request: Graph
// throttles each inner request on its own.
func (s *Server) subRequestThrottled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rate := s.faults.ThrottleRate; rate > 0 && s.rng.Float64() < rate {
		s.faultCounts["429"]++
		return true
	}
	return false
}

func hasBody(b json.RawMessage) bool {
	t := bytes.TrimSpace(b)
	return len(t) > 0 && !bytes.Equal(t, []byte("null"))
}

func headerFold(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func bodyReader(b json.RawMessage) *bytes.Reader {
	if !hasBody(b) {
		return bytes.NewReader(nil)
	}
	return bytes.NewReader(b)
}
