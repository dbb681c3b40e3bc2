package graphemu

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// applyToTenant writes to a tenant what an apply writes, and what a
// rehearsal stages, through Graph and the controls alone.
func applyToTenant(t *testing.T, s *Server) (guestID, link string) {
	t.Helper()
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	status, body := c.do("POST", "/invitations", map[string]any{
		"invitedUserEmailAddress": "kept@partner.example", "inviteRedirectUrl": "https://myapps.microsoft.com"})
	expect(t, "invite", status, 201, body)
	invited, _ := body["invitedUser"].(map[string]any)
	guestID, _ = invited["id"].(string)
	link, _ = body["inviteRedeemUrl"].(string)
	steps := []struct {
		method, path string
		body         any
		want         int
	}{
		{"POST", "/groups/a1b2c3d4-0001-4000-8000-00000000e001/members/$ref", map[string]any{"@odata.id": s.URL() + "/v1.0/directoryObjects/" + guestID}, 204},
		{"POST", "/users/" + guestID + "/appRoleAssignments", map[string]any{"principalId": guestID, "resourceId": "5e000000-0001-4000-8000-0000000005a1", "appRoleId": "7a000000-0001-4000-8000-000000000001"}, 201},
		{"POST", "/users/" + guestID + "/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.kept", "owner": "pipeline"}, 201},
		{"PATCH", "/users/" + guestID, map[string]any{"jobTitle": "Auditor", "accountEnabled": false}, 204},
		{"POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": "7e000000-0003-4000-8000-0000000fab03"}, 201},
		{"PATCH", "/policies/authorizationPolicy", map[string]any{"allowInvitesFrom": "adminsAndGuestInviters"}, 204},
	}
	for _, st := range steps {
		status, body := c.do(st.method, st.path, st.body)
		expect(t, st.method+" "+st.path, status, st.want, body)
	}
	for _, control := range []struct{ path, body string }{
		{"/_emulator/clock", `{"advance": "30d"}`},
		{"/_emulator/sign-ins", `{"user": "existing.guest@fabrikam.example", "ago": "3d"}`},
	} {
		f := &routeFixture{s: s, c: c}
		status, body := c.fetch(controlRequest(t, f, "POST", control.path, control.body))
		expect(t, control.path, status, 200, body)
	}
	return guestID, link
}

// readTenant reads what a plan reads, through Graph.
func readTenant(t *testing.T, s *Server, guestID string) string {
	t.Helper()
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	var all []map[string]any
	for _, path := range []string{
		"/users?$select=id,mail,userType,externalUserState,externalUserStateChangeDateTime,createdDateTime,accountEnabled,jobTitle,signInActivity,otherMails",
		"/users/" + guestID + "/memberOf",
		"/users/" + guestID + "/appRoleAssignments",
		"/users/" + guestID + "/extensions/com.example.kept",
		"/policies/crossTenantAccessPolicy/partners",
		"/policies/crossTenantAccessPolicy/default",
		"/policies/authorizationPolicy",
	} {
		status, body := c.do("GET", path, nil)
		expect(t, "GET "+path, status, 200, body)
		delete(body, "@odata.context")
		all = append(all, map[string]any{path: body})
	}
	out, _ := json.MarshalIndent(all, "", " ")
	return string(out)
}

// TestStateDirKeepsTheTenantAcrossARestart: what an apply wrote and a
// rehearsal staged reads the same after the emulator stops cleanly and
// starts again on the same state directory, at the same address, with
// the guest's redeem link still good; the seed is not read again.
func TestStateDirKeepsTheTenantAcrossARestart(t *testing.T) {
	dir := t.TempDir()
	first, err := Start(Options{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	guestID, link := applyToTenant(t, first)
	before := readTenant(t, first, guestID)
	addr := first.URL()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	other := DefaultSeed()
	other.Users = nil
	second := startEmulator(t, Options{StateDir: dir, Seed: &other})
	if !second.Restored {
		t.Fatal("the second start did not restore the tenant")
	}
	if second.URL() != addr {
		t.Errorf("the restart listens at %s, not at %s where it was", second.URL(), addr)
	}
	if after := readTenant(t, second, guestID); after != before {
		t.Fatalf("the tenant changed across the restart:\nbefore %s\nafter  %s", before, after)
	}
	resp, err := tlsClient(second).Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the guest's redeem link answers %d after the restart", resp.StatusCode)
	}
	if moved := second.clockOffset(); moved < 30*24*3600e9 {
		t.Errorf("the restart forgot the clock's advance: it is ahead by %s", moved)
	}
}

// TestStateDirKeepsEveryWriteOfAKilledEmulator: an emulator that is never
// closed (killed) has saved every write that was answered.
func TestStateDirKeepsEveryWriteOfAKilledEmulator(t *testing.T) {
	dir := t.TempDir()
	first := startEmulator(t, Options{StateDir: dir})
	guestID, _ := applyToTenant(t, first)
	before := readTenant(t, first, guestID)

	second := startEmulator(t, Options{StateDir: dir})
	if !second.Restored {
		t.Fatal("the second start did not restore the tenant")
	}
	if after := readTenant(t, second, guestID); after != before {
		t.Fatalf("a killed emulator lost writes:\nbefore %s\nafter  %s", before, after)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tenant-") {
			t.Errorf("a temporary save was left behind: %s", e.Name())
		}
	}
}

// TestStateDirRefusesAnUnreadableTenant: a damaged save stops the start
// with what to do, rather than starting a tenant the user did not mean.
func TestStateDirRefusesAnUnreadableTenant(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, tenantFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Start(Options{StateDir: dir}); err == nil {
		_ = s.Close()
		t.Fatal("a damaged tenant.json started")
	} else if !strings.Contains(err.Error(), "delete it to start from the seed") {
		t.Fatalf("the error does not say what to do: %v", err)
	}
}

// TestSavedTenantCoversTheTenant fails when the tenant gains a field that
// a restart would lose.
func TestSavedTenantCoversTheTenant(t *testing.T) {
	saved := map[string]bool{}
	st := reflect.TypeOf(savedTenant{})
	for i := range st.NumField() {
		saved[strings.ToLower(st.Field(i).Name)] = true
	}
	aliases := map[string]string{"apps": "apps", "systemidentity": "systemidentity", "users": "users", "groups": "groups",
		"sps": "serviceprincipals", "assignments": "assignments", "external": "external", "partners": "partners",
		"defaults": "defaults", "collaboration": "collaboration", "authorizationextras": "authorizationextras",
		"consumer": "consumerdomains"}
	tt := reflect.TypeOf(tenant{})
	for i := range tt.NumField() {
		name := strings.ToLower(tt.Field(i).Name)
		if a, ok := aliases[name]; ok {
			name = a
		}
		if !saved[name] {
			t.Errorf("tenant.%s is not saved in savedTenant: a restart would lose it", tt.Field(i).Name)
		}
	}
	ut := reflect.TypeOf(user{})
	for i := range ut.NumField() {
		f := ut.Field(i)
		if !f.IsExported() && f.Name != "visibleAt" && f.Name != "redeemToken" {
			t.Errorf("user.%s is not exported and savedUser does not carry it: a restart would lose it", f.Name)
		}
	}
}

// TestStateDirSavesWritesNotReads: a $batch of reads, as a plan sends,
// saves nothing; one with a write saves, and so does a guest's click on
// the consent page.
func TestStateDirSavesWritesNotReads(t *testing.T) {
	s := startEmulator(t, Options{StateDir: t.TempDir()})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	status, body := c.do("POST", "/invitations", map[string]any{
		"invitedUserEmailAddress": "batch@northwind.example", "inviteRedirectUrl": "https://myapps.microsoft.com"})
	expect(t, "invite", status, 201, body)
	invited, _ := body["invitedUser"].(map[string]any)
	guestID, _ := invited["id"].(string)
	link, _ := body["inviteRedeemUrl"].(string)

	saves := s.persist.written.Load()
	status, body = c.do("POST", "/$batch", map[string]any{"requests": []map[string]any{
		{"id": "1", "method": "GET", "url": "/users/" + guestID},
		{"id": "2", "method": "GET", "url": "/users/" + guestID + "/appRoleAssignments"},
	}})
	expect(t, "a batch of reads", status, 200, body)
	if n := s.persist.written.Load(); n != saves {
		t.Errorf("a $batch of reads counted as %d writes", n-saves)
	}
	status, body = c.do("POST", "/$batch", map[string]any{"requests": []map[string]any{
		{"id": "1", "method": "PATCH", "url": "/users/" + guestID, "body": map[string]any{"jobTitle": "Buyer"}, "headers": map[string]string{"Content-Type": "application/json"}},
	}})
	expect(t, "a batch with a write", status, 200, body)
	if n := s.persist.written.Load(); n != saves+1 {
		t.Errorf("a $batch with a write counted as %d writes", n-saves)
	}
	resp, err := tlsClient(s).Post(link, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if n := s.persist.written.Load(); n != saves+2 {
		t.Errorf("accepting the consent page counted as %d writes", n-saves-1)
	}
	saved, ok, err := loadSaved(filepath.Dir(s.SavedTenantPath()))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	found := false
	for _, u := range saved.Users {
		if u.ID == guestID {
			found = true
			if u.ExternalUserState != "Accepted" || u.Profile["jobTitle"] != "Buyer" {
				t.Errorf("the saved guest is %s with profile %v, want Accepted and the batch's job title", u.ExternalUserState, u.Profile)
			}
		}
	}
	if !found {
		t.Error("the saved tenant has no guest")
	}
}
