package graphemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// send is do, with the answer's headers.
func (c *rawClient) send(method, path string, body any) (int, http.Header, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.s.URL()+"/v1.0"+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	status, out := decode(c.t, resp)
	return status, resp.Header, out
}

// expectThrottled checks Graph's 429: the documented body, a Retry-After
// within the window, and the scope and reason headers of the budget spent.
func expectThrottled(t *testing.T, what string, status int, h http.Header, body map[string]any, window time.Duration, scope string) time.Duration {
	t.Helper()
	if status != http.StatusTooManyRequests {
		t.Fatalf("%s: status %d %v, want 429", what, status, body)
	}
	e, _ := body["error"].(map[string]any)
	inner, _ := e["innerError"].(map[string]any)
	if e["code"] != "TooManyRequests" || inner["code"] != "429" || inner["status"] != "429" {
		t.Fatalf("%s: body %v", what, body)
	}
	secs, err := strconv.ParseFloat(h.Get("Retry-After"), 64)
	wait := time.Duration(secs * float64(time.Second))
	if err != nil || wait <= 0 || wait > window {
		t.Fatalf("%s: Retry-After %q, want within %s", what, h.Get("Retry-After"), window)
	}
	if scope != "" && !strings.HasPrefix(h.Get("x-ms-throttle-scope"), scope+"/") {
		t.Fatalf("%s: x-ms-throttle-scope %q, want %s/…", what, h.Get("x-ms-throttle-scope"), scope)
	}
	return wait
}

func patchGuest(c *rawClient, id string) (int, http.Header, map[string]any) {
	return c.send("PATCH", "/users/"+id, map[string]any{"jobTitle": "Partner"})
}

func TestAppWriteBudgetAnswers429WithRetryAfterUntilTheWindowMoves(t *testing.T) {
	t.Parallel()
	const window = 2 * time.Second
	s := startEmulator(t, Options{Faults: Faults{AppWriteBudget: true, AppWriteLimit: Limit{N: 5, Per: window}}})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	guest := s.InviteGuest("writes@budget.example", "").ID
	for i := range 5 {
		status, h, body := patchGuest(c, guest)
		expect(t, fmt.Sprintf("write %d", i+1), status, 204, body)
		if h.Get("x-ms-resource-unit") != "1" {
			t.Fatalf("write %d: x-ms-resource-unit %q", i+1, h.Get("x-ms-resource-unit"))
		}
	}
	status, h, body := patchGuest(c, guest)
	wait := expectThrottled(t, "the sixth write", status, h, body, window, "Tenant_Application/Write/"+app.ClientID)
	if h.Get("x-ms-throttle-information") != "WriteLimitExceeded" {
		t.Fatalf("x-ms-throttle-information %q", h.Get("x-ms-throttle-information"))
	}
	// Reads have a budget of their own.
	status, body = c.do("GET", "/users/"+guest, nil)
	expect(t, "a read beside a spent write budget", status, 200, body)
	if u, _ := s.User(guest); u.Profile["jobTitle"] != "Partner" {
		t.Fatalf("the first writes were not applied: %+v", u)
	}
	time.Sleep(wait)
	status, _, body = patchGuest(c, guest)
	expect(t, "a write after Retry-After", status, 204, body)
	st := s.Stats()
	if st.Writes != 6 || st.BudgetRefusals["app-write-budget"] != 1 || st.Throttled != 1 {
		t.Fatalf("stats: writes %d, refusals %v, throttled %d", st.Writes, st.BudgetRefusals, st.Throttled)
	}
}

func TestTenantWriteBudgetCountsEveryApp(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{Faults: Faults{AppWriteBudget: true, TenantWriteBudget: true, TenantWriteLimit: Limit{N: 4, Per: time.Minute}}})
	a, b := DefaultSeed().Apps[0], DefaultSeed().Apps[1]
	ca, cb := newRawClient(t, s, a.ClientID, a.Secrets[0]), newRawClient(t, s, b.ClientID, b.Secrets[0])
	guest := s.InviteGuest("tenant@budget.example", "").ID
	for i := range 2 {
		status, _, body := patchGuest(ca, guest)
		expect(t, fmt.Sprintf("app A's write %d", i+1), status, 204, body)
	}
	for i := range 2 {
		status, _, body := cb.send("POST", "/groups/a1b2c3d4-0001-4000-8000-00000000e001/members/$ref",
			map[string]any{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + guest})
		if status == http.StatusTooManyRequests {
			t.Fatalf("app B's write %d: %v", i+1, body)
		}
	}
	status, h, body := patchGuest(ca, guest)
	expectThrottled(t, "the tenant's fifth write", status, h, body, time.Minute, "Tenant/Write/"+a.ClientID)
	if got := s.Stats().BudgetRefusals; got["tenant-write-budget"] != 1 || got["app-write-budget"] != 0 {
		t.Fatalf("refusals %v", got)
	}
}

func TestReadBudgetPricesEachRequestAsGraphsTable(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{Faults: Faults{ReadBudget: true, ReadUnitLimit: Limit{N: 1000, Per: time.Minute}}})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	guest := s.InviteGuest("reads@budget.example", "").ID
	group := "a1b2c3d4-0001-4000-8000-00000000e001"
	for _, tc := range []struct {
		method, path string
		units        string
	}{
		{"GET", "/users", "2"},
		{"GET", "/users?$select=id", "1"},
		{"GET", "/users?$select=id&$top=5", "1"}, // never below 1
		{"GET", "/users/" + guest, "1"},
		{"GET", "/users/" + guest + "?$select=id&$expand=memberOf", "1"},
		{"GET", "/users/" + guest + "?$expand=memberOf", "2"},
		{"GET", "/users/" + guest + "/memberOf", "2"},
		{"GET", "/users/" + guest + "/appRoleAssignments", "1"},
		{"GET", "/groups/" + group + "/members", "3"},
		{"GET", "/groups/" + group + "/members?$top=5", "2"},
		{"PATCH", "/users/" + guest, "1"},
	} {
		var body any
		if tc.method == "PATCH" {
			body = map[string]any{"jobTitle": "Partner"}
		}
		status, h, out := c.send(tc.method, tc.path, body)
		if status >= 400 || h.Get("x-ms-resource-unit") != tc.units {
			t.Fatalf("%s %s: %d, x-ms-resource-unit %q, want %s: %v", tc.method, tc.path, status, h.Get("x-ms-resource-unit"), tc.units, out)
		}
	}
	if st := s.Stats(); st.ReadUnits != 17 || st.Writes != 1 {
		t.Fatalf("spent %d units and %d writes, want 17 and 1", st.ReadUnits, st.Writes)
	}
}

// batchOf sends one $batch of n copies of a request and gives each inner
// status, with the inner Retry-After of the first 429.
func batchOf(t *testing.T, c *rawClient, n int, method, url string, body any) ([]int, string) {
	t.Helper()
	var reqs []map[string]any
	for i := range n {
		r := map[string]any{"id": strconv.Itoa(i + 1), "method": method, "url": url}
		if body != nil {
			r["body"], r["headers"] = body, map[string]string{"Content-Type": "application/json"}
		}
		reqs = append(reqs, r)
	}
	status, out := c.do("POST", "/$batch", map[string]any{"requests": reqs})
	expect(t, "the batch", status, 200, out)
	var statuses []int
	retry := ""
	for _, r := range values(map[string]any{"value": out["responses"]}) {
		f, _ := r["status"].(float64)
		st := int(f)
		statuses = append(statuses, st)
		if h, _ := r["headers"].(map[string]any); st == 429 && retry == "" {
			retry, _ = h["Retry-After"].(string)
		}
	}
	return statuses, retry
}

func count(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

func TestEveryBatchSubRequestSpendsTheBudget(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{Faults: Faults{AppWriteBudget: true, AppWriteLimit: Limit{N: 15, Per: time.Minute}}})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	guest := s.InviteGuest("batch@budget.example", "").ID
	statuses, retry := batchOf(t, c, 20, "PATCH", "/users/"+guest, map[string]any{"jobTitle": "Partner"})
	if count(statuses, 204) != 15 || count(statuses, 429) != 5 || retry == "" {
		t.Fatalf("inner statuses %v, Retry-After %q: want 15 writes and 5 throttled with Retry-After", statuses, retry)
	}
	if st := s.Stats(); st.Writes != 15 || st.BudgetRefusals["app-write-budget"] != 5 {
		t.Fatalf("stats: %d writes, refusals %v", st.Writes, st.BudgetRefusals)
	}
}

// The real read budget of a small tenant, 3,500 units per 10 s, spent by
// batches of user lists.
func TestSmallTenantReadBudgetIsGraphs(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{Faults: Faults{ReadBudget: true}})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	const price = 2 // GET users
	url := "/users"
	spent, throttled := 0, 0
	for range 3500/(20*price) + 1 {
		statuses, retry := batchOf(t, c, 20, "GET", url, nil)
		spent += count(statuses, 200) * price
		if n := count(statuses, 429); n > 0 {
			throttled += n
			if secs, err := strconv.ParseFloat(retry, 64); err != nil || secs <= 0 || secs > 10 {
				t.Fatalf("inner Retry-After %q", retry)
			}
		}
	}
	if spent != 3500 || throttled != 20*(3500/(20*price)+1)-3500/price {
		t.Fatalf("spent %d units with %d throttled, want exactly 3,500 before the first 429", spent, throttled)
	}
	s.SetFaults(Faults{})
	statuses, _ := batchOf(t, c, 20, "GET", url, nil)
	if count(statuses, 200) != 20 {
		t.Fatalf("with the budget switched off: %v", statuses)
	}
}

func TestInvitationsSpendOnlyTheInvitationBudget(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{Faults: Faults{}.GraphBudgets()})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	throttled := 0
	for i := range 151 {
		status, h, body := c.send("POST", "/invitations", map[string]any{
			"invitedUserEmailAddress": fmt.Sprintf("g%d@invites.example", i), "inviteRedirectUrl": "https://myapps.microsoft.com"})
		if status == 429 {
			throttled++
			expectThrottled(t, "invitation 151", status, h, body, 5*time.Second, "")
		}
	}
	if st := s.Stats(); throttled != 1 || st.Writes != 0 || st.Invitations != 150 {
		t.Fatalf("%d throttled, %d writes, %d invitations", throttled, st.Writes, st.Invitations)
	}
}
