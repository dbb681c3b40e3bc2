package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	jsonser "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The emulator and the provider are written by the same hands, so a
// misreading of Graph would land in both and pass every test. The judge
// here is Microsoft's: msgraph-sdk-go's generated models parse every answer
// the emulator's own tests receive, through kiota's JSON parse node, and any
// property, type or enum value the model does not know fails the test.

// emulatorExchange is one answer recorded by internal/graphemu's tests
// (exchange_log_test.go there).
type emulatorExchange struct {
	Method  string `json:"method"`
	URL     string `json:"url"`
	Request string `json:"request"`
	Status  int    `json:"status"`
	Body    string `json:"body"`
}

var servedRoute = regexp.MustCompile(`HandleFunc\("([A-Z]+ [^"]+)"`)

// emulatorRoutes reads the routes internal/graphemu serves, and whether each
// is a Graph route (under /v1.0 or /beta) or one of the top level.
func emulatorRoutes(t *testing.T) (graph, top []string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "graphemu", "routes.go"))
	if err != nil {
		t.Fatal(err)
	}
	inGraph := true
	for _, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, "top := http.NewServeMux()") {
			inGraph = false
		}
		if m := servedRoute.FindStringSubmatch(line); m != nil {
			if inGraph {
				graph = append(graph, m[1])
			} else {
				top = append(top, m[1])
			}
		}
	}
	if len(graph) == 0 || len(top) == 0 {
		t.Fatal("found no routes in internal/graphemu/routes.go")
	}
	return graph, top
}

// recordEmulatorExchanges runs internal/graphemu's tests, which record
// every answer they receive. They run apart because that package may not
// import the SDK, even in tests (.golangci.yml).
func recordEmulatorExchanges(t *testing.T) []emulatorExchange {
	t.Helper()
	out := filepath.Join(t.TempDir(), "exchanges.json")
	cmd := exec.Command("go", "test", "-count=1", "./")
	cmd.Dir = filepath.Join("..", "graphemu")
	cmd.Env = append(os.Environ(), "GRAPHEMU_EXCHANGES="+out)
	// The answers are judged even when a test there fails.
	if log, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("internal/graphemu's tests: %v\n%s", err, log)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var list []emulatorExchange
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestModelsJudgeEmulatorAnswers(t *testing.T) {
	graphRoutes, topRoutes := emulatorRoutes(t)
	graphMux, topMux := http.NewServeMux(), http.NewServeMux()
	for _, r := range graphRoutes {
		graphMux.HandleFunc(r, func(http.ResponseWriter, *http.Request) {})
	}
	for _, r := range topRoutes {
		topMux.HandleFunc(r, func(http.ResponseWriter, *http.Request) {})
	}
	all := append(append([]string(nil), graphRoutes...), topRoutes...)
	for _, r := range all {
		if _, ok := answers[r]; !ok {
			t.Errorf("%s names no Microsoft model: add it to answers", r)
		}
	}
	for r := range answers {
		if !contains(all, r) {
			t.Errorf("answers holds %s, which the emulator does not serve", r)
		}
	}
	if t.Failed() {
		return
	}
	judged := map[string]int{}
	j := &judge{t: t, mux: graphMux}
	for _, e := range recordEmulatorExchanges(t) {
		u, err := url.Parse(e.URL)
		if err != nil {
			t.Fatal(err)
		}
		version, path, isGraph := graphPath(u.Path)
		if !isGraph {
			if _, pattern := topMux.Handler(&http.Request{Method: e.Method, URL: u}); pattern == "" {
				t.Errorf("%s %s matches no route", e.Method, e.URL)
			}
			continue
		}
		if version == "/beta" {
			continue // betaOnlyRoute
		}
		if route := j.exchange(e.Method, path, u.RawQuery, e.Request, e.Status, e.Body); route != "" {
			judged[route]++
		}
	}
	total := 0
	for _, n := range judged {
		total += n
	}
	t.Logf("judged %d successful answers of %d routes, and every error body", total, len(judged))
	// A route whose model was never handed a success is a row no one checked.
	for r, a := range answers {
		if a.model != nil && judged[r] == 0 {
			t.Errorf("%s: no successful answer reached the judge", r)
		}
	}
}

func graphPath(p string) (version, rest string, ok bool) {
	for _, v := range []string{"/v1.0", "/beta"} {
		if strings.HasPrefix(p, v+"/") {
			return v, strings.TrimPrefix(p, v), true
		}
	}
	return "", p, false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type judge struct {
	t   *testing.T
	mux *http.ServeMux
}

// exchange judges one Graph answer and returns the route it judged a
// success of.
func (j *judge) exchange(method, path, query, request string, status int, body string) string {
	j.t.Helper()
	what := fmt.Sprintf("%s %s?%s (%d)", method, path, query, status)
	if method == http.MethodPost && path == "/$batch" {
		if status == http.StatusOK {
			j.batch(what, request, body)
		}
		return ""
	}
	u := &url.URL{Path: path, RawQuery: query}
	_, pattern := j.mux.Handler(&http.Request{Method: method, URL: u})
	if status >= 400 {
		j.parse(what, body, odataerrors.CreateODataErrorFromDiscriminatorValue, status == http.StatusTooManyRequests)
		return ""
	}
	a, ok := answers[pattern]
	if pattern == "" || !ok {
		j.t.Errorf("%s: answered %d by no route in answers", what, status)
		return ""
	}
	switch {
	case a.noBody:
		if strings.TrimSpace(body) != "" || status != http.StatusNoContent {
			j.t.Errorf("%s: Graph answers 204 with no body, the emulator %d %s", what, status, body)
		}
	case a.count || strings.HasSuffix(path, "/$count"):
		if _, err := strconv.Atoi(body); err != nil || status != http.StatusOK {
			j.t.Errorf("%s: /$count answers a number as plain text, the emulator %d %q", what, status, body)
		}
	case a.model != nil:
		j.parse(what, body, a.model, false)
	}
	return pattern
}

// batch judges each inner answer of a $batch as the answer of the request
// with its id.
func (j *judge) batch(what, request, body string) {
	var req struct {
		Requests []struct {
			ID, Method, URL string
		}
	}
	var resp struct {
		Responses []struct {
			ID     string
			Status int
			Body   json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(request), &req); err != nil {
		j.t.Errorf("%s: request: %v", what, err)
		return
	}
	if err := strictUnmarshal(body, &resp); err != nil {
		j.t.Errorf("%s: %v in %s", what, err, body)
		return
	}
	for _, inner := range resp.Responses {
		for _, r := range req.Requests {
			if r.ID != inner.ID {
				continue
			}
			u, err := url.Parse("/" + strings.TrimPrefix(r.URL, "/"))
			if err != nil {
				j.t.Errorf("%s: inner url %q", what, r.URL)
				continue
			}
			b := string(inner.Body)
			if b == "null" {
				b = ""
			}
			j.exchange(r.Method, u.Path, u.RawQuery, "", inner.Status, b)
		}
	}
}

// strictUnmarshal decodes a $batch envelope, refusing what Graph's
// documented envelope does not hold.
func strictUnmarshal(body string, v any) error {
	var envelope struct {
		Responses []struct {
			ID      string            `json:"id"`
			Status  int               `json:"status"`
			Headers map[string]string `json:"headers"`
			Body    json.RawMessage   `json:"body"`
		} `json:"responses"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&envelope); err != nil {
		return err
	}
	return json.Unmarshal([]byte(body), v)
}

// parse reads body with kiota's JSON parse node into the model, then walks
// the model beside the JSON.
func (j *judge) parse(what, body string, factory absser.ParsableFactory, throttled bool) {
	j.t.Helper()
	node, err := jsonser.NewJsonParseNode([]byte(body))
	if err != nil {
		j.t.Errorf("%s: not JSON: %v\n%s", what, err, body)
		return
	}
	model, err := node.GetObjectValue(factory)
	if err != nil {
		j.t.Errorf("%s: msgraph-sdk-go cannot parse the answer: %v\n%s", what, err, body)
		return
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		j.t.Errorf("%s: %v", what, err)
		return
	}
	for _, problem := range walk("", raw, model, throttled) {
		j.t.Errorf("%s: %s\n%s", what, problem, body)
	}
}

// walk compares a JSON value with what kiota made of it, and returns
// each place where the model did not take the JSON as sent.
func walk(at string, raw any, model absser.Parsable, throttled bool) []string {
	obj, isObject := raw.(map[string]any)
	if !isObject {
		return []string{fmt.Sprintf("%s: %s where the model has an object (%T)", orRoot(at), jsonKind(raw), model)}
	}
	var extra map[string]any
	if holder, ok := model.(absser.AdditionalDataHolder); ok {
		extra = holder.GetAdditionalData()
	}
	getters := modelGetters(model)
	var problems []string
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, path := obj[k], at+"."+k
		if _, unknown := extra[k]; unknown {
			if !beyondTheModel(model, k, throttled) {
				problems = append(problems, fmt.Sprintf("%s: %T has no property %q", orRoot(path), model, k))
			}
			continue
		}
		if v == nil {
			continue
		}
		getter, ok := getters[normalize(k)]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: the judge finds no getter for %q on %T", orRoot(path), k, model))
			continue
		}
		problems = append(problems, walkValue(path, v, getter.Call(nil)[0], throttled)...)
	}
	return problems
}

func walkValue(path string, raw any, got reflect.Value, throttled bool) []string {
	if isNilValue(got) {
		return []string{fmt.Sprintf("%s: the model does not take %s %v (an enum value it does not list?)", orRoot(path), jsonKind(raw), raw)}
	}
	if p, ok := got.Interface().(absser.Parsable); ok {
		if _, untyped := p.(absser.UntypedNodeable); untyped {
			return nil
		}
		return walk(path, raw, p, throttled)
	}
	if got.Kind() == reflect.Slice {
		list, ok := raw.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %s where the model has a collection", orRoot(path), jsonKind(raw))}
		}
		if got.Len() != len(list) {
			return []string{fmt.Sprintf("%s: the model took %d of %d items", orRoot(path), got.Len(), len(list))}
		}
		var problems []string
		for i := range list {
			if list[i] != nil {
				problems = append(problems, walkValue(fmt.Sprintf("%s[%d]", path, i), list[i], got.Index(i), throttled)...)
			}
		}
		return problems
	}
	switch raw.(type) {
	case map[string]any, []any:
		return []string{fmt.Sprintf("%s: %s where the model has %s", orRoot(path), jsonKind(raw), got.Type())}
	}
	return nil
}

// beyondTheModel is what Graph documents beyond msgraph-sdk-go's models.
func beyondTheModel(model absser.Parsable, property string, throttled bool) bool {
	switch {
	// OData annotations (@odata.context, @odata.id) ride on any object.
	case strings.HasPrefix(property, "@odata."):
		return true
	// An open extension holds whatever custom properties it was given.
	case isOpenExtension(model):
		return true
	// A 429's innerError repeats the code, message and status.
	case throttled && (property == "code" || property == "message" || property == "status"):
		_, inner := model.(odataerrors.InnerErrorable)
		return inner
	}
	return false
}

func isOpenExtension(model absser.Parsable) bool {
	_, ok := model.(models.OpenTypeExtensionable)
	return ok
}

// modelGetters are a model's property getters, by normalized name.
func modelGetters(model absser.Parsable) map[string]reflect.Value {
	v := reflect.ValueOf(model)
	out := map[string]reflect.Value{}
	for i := 0; i < v.NumMethod(); i++ {
		name := v.Type().Method(i).Name
		m := v.Method(i)
		if !strings.HasPrefix(name, "Get") || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
			continue
		}
		switch name {
		case "GetAdditionalData", "GetBackingStore", "GetFieldDeserializers":
			continue
		}
		key := normalize(strings.TrimSuffix(strings.TrimPrefix(name, "Get"), "Escaped"))
		out[key] = m
	}
	return out
}

// normalize folds a JSON property name ("request-id", "@odata.type") and a
// Go getter's name (RequestId, OdataType) to the same key.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isNilValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		return v.IsNil()
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "null"
}

func orRoot(path string) string {
	if path == "" {
		return "(the body)"
	}
	return strings.TrimPrefix(path, ".")
}

// writableModels are Microsoft's models of the objects whose bodies the
// emulator checks by its own description (graphemu's write_schema.go).
var writableModels = map[string]absser.ParsableFactory{
	"microsoft.graph.crossTenantAccessPolicyConfigurationPartner": models.CreateCrossTenantAccessPolicyConfigurationPartnerFromDiscriminatorValue,
	"microsoft.graph.crossTenantAccessPolicyConfigurationDefault": models.CreateCrossTenantAccessPolicyConfigurationDefaultFromDiscriminatorValue,
	"microsoft.graph.authorizationPolicy":                         models.CreateAuthorizationPolicyFromDiscriminatorValue,
	"microsoft.graph.emailAuthenticationMethodConfiguration":      models.CreateEmailAuthenticationMethodConfigurationFromDiscriminatorValue,
	"microsoft.graph.user":                                        models.CreateUserFromDiscriminatorValue,
}

// The emulator refuses a body that its own description of the type does not
// take; that description must not take what Microsoft's model lacks.
func TestModelsKnowEveryPropertyTheEmulatorAccepts(t *testing.T) {
	j := &judge{t: t}
	seen := map[string]bool{}
	for _, s := range graphemu.WriteSamples() {
		factory, ok := writableModels[s.Type]
		if !ok {
			t.Errorf("the emulator checks bodies of %s, which names no Microsoft model here", s.Type)
			continue
		}
		seen[s.Type] = true
		j.parse("a body the emulator accepts for "+s.Type, string(s.Body), factory, false)
	}
	for name := range writableModels {
		if !seen[name] {
			t.Errorf("the emulator no longer describes %s", name)
		}
	}
}
