package graphemu

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestSignInActivityAsGraphKeepsIt(t *testing.T) {
	s := startEmulator(t, Options{})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	never := s.InviteGuest("never@partner.example", "Never")
	redeemed := s.InviteGuest("once@partner.example", "Once")
	s.Redeem(redeemed.ID)

	status, body := c.do("GET", "/users/"+never.ID+"?$select=id,signInActivity", nil)
	if status != 200 || body["signInActivity"] != nil {
		t.Fatalf("a user who never signed in: %d %v, want signInActivity null", status, body)
	}
	_, body = c.do("GET", "/users/"+redeemed.ID+"?$select=id,signInActivity", nil)
	act, _ := body["signInActivity"].(map[string]any)
	if act == nil || act["lastSignInDateTime"] == nil || act["lastSuccessfulSignInDateTime"] != act["lastSignInDateTime"] {
		t.Fatalf("redemption should count as a successful sign-in: %v", body)
	}
	if _, body = c.do("GET", "/users/"+redeemed.ID, nil); body["signInActivity"] != nil {
		t.Fatalf("signInActivity came back without $select: %v", body)
	}

	// A failed attempt moves the last sign-in, not the last successful one.
	if status, _ = c.do("PATCH", "/users/"+redeemed.ID, map[string]any{"accountEnabled": false}); status != 204 {
		t.Fatalf("block sign-in: %d", status)
	}
	later := s.Now().Add(time.Hour)
	s.RecordSignIn(redeemed.ID, SignIn{At: later})
	v, _ := s.User(redeemed.ID)
	if !v.LastSignIn.Equal(later) || v.LastSuccessfulSignIn.Equal(later) {
		t.Fatalf("a blocked account's sign-in: last %v, successful %v", v.LastSignIn, v.LastSuccessfulSignIn)
	}
}

func TestSignInActivityNeedsPermissionAndLicense(t *testing.T) {
	s := startEmulator(t, Options{})
	s.AddApp("5a000000-0000-4000-8000-000000000001", "no-audit", "User.Read.All")
	reader := newRawClient(t, s, "5a000000-0000-4000-8000-000000000001", "no-audit")
	status, body := reader.do("GET", "/users?$select=id,signInActivity", nil)
	if status != 403 || graphCode(body) != "Authorization_RequestDenied" {
		t.Fatalf("without AuditLog.Read.All: %d %v", status, body)
	}
	if status, _ = reader.do("GET", "/users?$select=id,mail", nil); status != 200 {
		t.Fatalf("the same app lists users without signInActivity: %d", status)
	}

	s.SetPremiumLicense(false)
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	status, body = c.do("GET", "/users?$select=id,signInActivity", nil)
	if status != 403 || graphCode(body) != "Authentication_RequestFromNonPremiumTenantOrB2CTenant" {
		t.Fatalf("without a license: %d %v", status, body)
	}
	if status, _ = c.do("GET", "/users?$select=id,mail", nil); status != 200 {
		t.Fatalf("without a license, users still list: %d", status)
	}
}

func TestSignInActivityPagesAndFilters(t *testing.T) {
	s := startEmulator(t, Options{PageSize: 999})
	for i := range 250 {
		s.InviteGuest(fmt.Sprintf("g%03d@partner.example", i), "G")
	}
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	_, body := c.do("GET", "/users?$top=999&$select=id,signInActivity", nil)
	if page, _ := body["value"].([]any); len(page) != signInPageSize || body["@odata.nextLink"] == nil {
		n := len(page)
		t.Fatalf("a page with signInActivity holds %d users, want %d and a next link", n, signInPageSize)
	}
	_, body = c.do("GET", "/users?$top=999&$select=id,mail", nil)
	if page, _ := body["value"].([]any); len(page) < 250 {
		n := len(page)
		t.Fatalf("a page without signInActivity holds %d users, want all", n)
	}

	status, body := c.do("GET", "/users?$filter="+url.QueryEscape("signInActivity/lastSignInDateTime le 2020-01-01T00:00:00Z and userType eq 'Guest'"), nil)
	if status != 400 || graphCode(body) != "Request_UnsupportedQuery" {
		t.Fatalf("signInActivity beside another property: %d %v", status, body)
	}
	redeemed := s.InviteGuest("active@partner.example", "Active")
	s.Redeem(redeemed.ID)
	since := s.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	status, body = c.do("GET", "/users?$select=id&$filter="+url.QueryEscape("signInActivity/lastSignInDateTime ge "+since), nil)
	if vals, _ := body["value"].([]any); status != 200 || len(vals) != 1 {
		t.Fatalf("filter on signInActivity alone: %d %v", status, body)
	}
}

func TestClockMovesForwardForEverything(t *testing.T) {
	s := startEmulator(t, Options{})
	g := s.InviteGuest("aging@partner.example", "Aging")
	s.AdvanceClock(90 * 24 * time.Hour)
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1.0/users/"+g.ID+"?$select=createdDateTime", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		t.Fatal(err)
	}
	if age := date.Sub(g.CreatedAt); age < 90*24*time.Hour-time.Second || age > 90*24*time.Hour+time.Minute {
		t.Fatalf("by the Date header the guest is %v old, want 90 days", age)
	}
}

func TestRevokeSignInSessions(t *testing.T) {
	s := startEmulator(t, Options{})
	g := s.InviteGuest("revoked@partner.example", "Revoked")
	s.AddApp("5a000000-0000-4000-8000-000000000002", "reader", "User.Read.All")
	reader := newRawClient(t, s, "5a000000-0000-4000-8000-000000000002", "reader")
	if status, _ := reader.do("POST", "/users/"+g.ID+"/revokeSignInSessions", nil); status != 403 {
		t.Fatalf("User.Read.All may not revoke: %d", status)
	}
	s.AddApp("5a000000-0000-4000-8000-000000000003", "revoker", "User.RevokeSessions.All")
	c := newRawClient(t, s, "5a000000-0000-4000-8000-000000000003", "revoker")
	status, body := c.do("POST", "/users/"+g.ID+"/revokeSignInSessions", nil)
	if status != 200 || body["value"] != true {
		t.Fatalf("revoke: %d %v", status, body)
	}
	if v, _ := s.User(g.ID); v.SessionsRevokedAt.IsZero() {
		t.Fatal("the revocation was not recorded")
	}
}

func graphCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}
