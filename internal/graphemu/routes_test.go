package graphemu

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// rawClient is a Graph client that no one here wrote: plain net/http and
// JSON, as a third-party tool would talk to the emulator.
type rawClient struct {
	t     *testing.T
	s     *Server
	hc    *http.Client
	token string
}

func startEmulator(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func tlsClient(s *Server) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CAPEM())
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

func newRawClient(t *testing.T, s *Server, clientID, secret string) *rawClient {
	t.Helper()
	c := &rawClient{t: t, s: s, hc: tlsClient(s)}
	status, body := c.form("/"+s.TenantID()+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret},
		"scope": {"https://graph.microsoft.com/.default openid offline_access profile"},
	})
	if status != 200 {
		t.Fatalf("token: %d %v", status, body)
	}
	c.token, _ = body["access_token"].(string)
	return c
}

func seedApp() App { return DefaultSeed().Apps[0] }

func (c *rawClient) form(path string, v url.Values) (int, map[string]any) {
	c.t.Helper()
	resp, err := c.hc.PostForm(c.s.URL()+path, v)
	if err != nil {
		c.t.Fatal(err)
	}
	return decode(c.t, resp)
}

// do sends a Graph request; path is relative to /v1.0.
func (c *rawClient) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	return c.doAt("/v1.0", method, path, body)
}

// doAt sends a Graph request under a version, /v1.0 or /beta.
func (c *rawClient) doAt(version, method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.s.URL()+version+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return decode(c.t, resp)
}

// fetch sends a request that is not a Graph call (token, metadata and
// emulator routes) and decodes the answer.
func (c *rawClient) fetch(req *http.Request) (int, map[string]any) {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return decode(c.t, resp)
}

func getRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	recordExchange(resp, raw)
	out := map[string]any{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out)
	}
	return resp.StatusCode, out
}

func errorMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// v1Claims and v2Claims are every claim Entra puts in an app-only Graph
// token of that version, typed as Entra types them. Decoding refuses any
// other claim, and a type that differs (aud as an array) fails at once.
type v1Claims struct {
	Aud               string   `json:"aud"`
	Iss               string   `json:"iss"`
	Iat               int64    `json:"iat"`
	Nbf               int64    `json:"nbf"`
	Exp               int64    `json:"exp"`
	Aio               string   `json:"aio"`
	AppDisplayName    string   `json:"app_displayname"`
	AppID             string   `json:"appid"`
	AppIDACR          string   `json:"appidacr"`
	IdP               string   `json:"idp"`
	IDType            string   `json:"idtyp"`
	OID               string   `json:"oid"`
	RH                string   `json:"rh"`
	Roles             []string `json:"roles"`
	Sub               string   `json:"sub"`
	TenantRegionScope string   `json:"tenant_region_scope"`
	TID               string   `json:"tid"`
	UTI               string   `json:"uti"`
	Ver               string   `json:"ver"`
	WIDs              []string `json:"wids"`
	XmsTCDT           int64    `json:"xms_tcdt"`
}

type v2Claims struct {
	Aud     string   `json:"aud"`
	Iss     string   `json:"iss"`
	Iat     int64    `json:"iat"`
	Nbf     int64    `json:"nbf"`
	Exp     int64    `json:"exp"`
	Aio     string   `json:"aio"`
	Azp     string   `json:"azp"`
	AzpACR  string   `json:"azpacr"`
	IDType  string   `json:"idtyp"`
	OID     string   `json:"oid"`
	RH      string   `json:"rh"`
	Roles   []string `json:"roles"`
	Sub     string   `json:"sub"`
	TID     string   `json:"tid"`
	UTI     string   `json:"uti"`
	Ver     string   `json:"ver"`
	XmsTCDT int64    `json:"xms_tcdt"`
}

func strictClaims(t *testing.T, token string, into any) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		t.Fatalf("a strict claims parser refuses the token: %v\n%s", err, payload)
	}
}

func TestAccessTokensHaveEntrasClaims(t *testing.T) {
	app := seedApp()
	for _, version := range []int{1, 2} {
		s := startEmulator(t, Options{AccessTokenVersion: version})
		for _, endpoint := range []string{"v2.0", "v1"} {
			c := &rawClient{t: t, s: s, hc: tlsClient(s)}
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.Secrets[0]}}
			path := "/" + s.TenantID() + "/oauth2/v2.0/token"
			if endpoint == "v1" {
				path = "/" + s.TenantID() + "/oauth2/token"
				form.Set("resource", "https://graph.microsoft.com")
			} else {
				form.Set("scope", "https://graph.microsoft.com/.default")
			}
			status, body := c.form(path, form)
			if status != 200 {
				t.Fatalf("v%d token from the %s endpoint: %d %v", version, endpoint, status, body)
			}
			c.token, _ = body["access_token"].(string)
			tid := s.TenantID()
			if version == 1 {
				var cl v1Claims
				strictClaims(t, c.token, &cl)
				if cl.Aud != "https://graph.microsoft.com" || cl.Iss != "https://sts.windows.net/"+tid+"/" || cl.Ver != "1.0" ||
					cl.AppID != app.ClientID || cl.AppIDACR != "1" || cl.IDType != "app" || cl.TID != tid || cl.OID == "" || cl.Sub != cl.OID ||
					!slices.Equal(cl.Roles, app.Permissions) || cl.Exp <= cl.Iat || cl.Nbf > cl.Iat {
					t.Errorf("v1 token from the %s endpoint: %+v", endpoint, cl)
				}
			} else {
				var cl v2Claims
				strictClaims(t, c.token, &cl)
				if cl.Aud != "00000003-0000-0000-c000-000000000000" || cl.Iss != s.URL()+"/"+tid+"/v2.0" || cl.Ver != "2.0" ||
					cl.Azp != app.ClientID || cl.AzpACR != "1" || cl.IDType != "app" || cl.TID != tid || cl.OID == "" ||
					!slices.Equal(cl.Roles, app.Permissions) || cl.Exp <= cl.Iat {
					t.Errorf("v2 token from the %s endpoint: %+v", endpoint, cl)
				}
			}
			if status, _ := c.do("GET", "/users/90000000-0002-4000-8000-000000000002", nil); status != 200 {
				t.Errorf("the v%d token from the %s endpoint is refused by Graph: %d", version, endpoint, status)
			}
		}
	}
}

func TestPatchUserTakesProfileAndRefusesReadOnly(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	id := s.InviteGuest("profile@partner.example", "").ID
	profile := map[string]any{
		"givenName": "Ada", "surname": "Lovelace", "displayName": "Ada Lovelace", "jobTitle": "Analyst", "department": "Research",
		"companyName": "Analytical Engines", "officeLocation": "London", "usageLocation": "GB", "employeeType": "Contractor",
		"accountEnabled": false, "mail": "ada@partner.example", "otherMails": []string{"profile@partner.example"}, "userType": "Member",
	}
	if status, body := c.do("PATCH", "/users/"+id, profile); status != 204 {
		t.Fatalf("PATCH the profile: %d %v", status, body)
	}
	_, def := c.do("GET", "/users/"+id, nil)
	if def["givenName"] != "Ada" || def["jobTitle"] != "Analyst" || def["officeLocation"] != "London" {
		t.Errorf("default properties: %v", def)
	}
	if _, ok := def["department"]; ok {
		t.Errorf("department came back without $select, which Graph does not do: %v", def)
	}
	_, sel := c.do("GET", "/users/"+id+"?$select=department,companyName,usageLocation,employeeType,accountEnabled,mail,otherMails,userType,surname,displayName", nil)
	for k, want := range profile {
		if k == "otherMails" || k == "givenName" || k == "jobTitle" || k == "officeLocation" {
			continue
		}
		if sel[k] != want {
			t.Errorf("%s = %v, want %v", k, sel[k], want)
		}
	}
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"createdDateTime": "2020-01-01T00:00:00Z"}, "Property 'createdDateTime' is read-only and cannot be set."},
		{map[string]any{"externalUserState": "Accepted"}, "Property 'externalUserState' is read-only and cannot be set."},
		{map[string]any{"favouriteColour": "blue"}, "Property 'favouriteColour' does not exist as a declared property or extension property."},
		{map[string]any{"usageLocation": "Britain"}, "Invalid value specified for property 'usageLocation' of resource 'User'."},
		// A bad property fails the whole PATCH: the good one beside it is not applied.
		{map[string]any{"jobTitle": "Changed", "id": "x"}, "Property 'id' is read-only and cannot be set."},
	} {
		status, body := c.do("PATCH", "/users/"+id, tc.body)
		if status != 400 || errorMessage(body) != tc.want {
			t.Errorf("PATCH %v: %d %q, want 400 %q", tc.body, status, errorMessage(body), tc.want)
		}
	}
	if _, after := c.do("GET", "/users/"+id, nil); after["jobTitle"] != "Analyst" {
		t.Errorf("a refused PATCH changed jobTitle to %v", after["jobTitle"])
	}
	// null clears a property.
	c.do("PATCH", "/users/"+id, map[string]any{"department": nil})
	if _, after := c.do("GET", "/users/"+id+"?$select=department", nil); after["department"] != nil {
		t.Errorf("department = %v after null", after["department"])
	}
}

// routePattern matches a row of the route table in the package doc.
var routePattern = regexp.MustCompile(`^//\t(GET|POST|PATCH|DELETE) +(\S+)`)

func documentedRoutes(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := routePattern.FindStringSubmatch(line); m != nil {
			// The version prefix is the mux's, not the route's.
			route := strings.TrimPrefix(strings.TrimPrefix(m[2], "/v1.0"), "/beta")
			routes = append(routes, m[1]+" "+route)
		}
	}
	return routes
}

var registered = regexp.MustCompile(`HandleFunc\("([A-Z]+ [^"]+)"`)

func TestRouteTableListsEveryRoute(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedRoutes(t)
	for _, m := range registered.FindAllStringSubmatch(string(data), -1) {
		if !slices.Contains(documented, m[1]) {
			t.Errorf("%s is served but not in the package doc's route table", m[1])
		}
	}
	for _, r := range documented {
		if !strings.Contains(string(data), `"`+r+`"`) {
			t.Errorf("the route table lists %s, which is not served", r)
		}
		if _, ok := routeChecks[r]; !ok {
			t.Errorf("no test calls %s", r)
		}
	}
}
