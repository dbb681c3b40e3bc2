package graphemu

import (
	"slices"
	"testing"
)

// TestPermissionsReportOfKnownCalls makes a known set of calls, one of them
// inside a $batch and one refused, and checks the report names exactly
// what they needed.
func TestPermissionsReportOfKnownCalls(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	id := s.InviteGuest("report@partner.example", "").ID
	c.do("GET", "/users/"+id, nil)
	c.do("PATCH", "/users/"+id, map[string]any{"jobTitle": "Reviewer"})
	status, body := c.do("POST", "/$batch", map[string]any{"requests": []map[string]any{{
		"id": "1", "method": "POST", "url": "/groups/" + seedGroup + "/members/$ref",
		"headers": map[string]string{"Content-Type": "application/json"},
		"body":    map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + id},
	}}})
	expect(t, "batch", status, 200, body)
	// Refused for want of a permission: not what the app needed, since it
	// never got through.
	restricted := DefaultSeed().Apps[1] // without User.Invite.All
	rc := newRawClient(t, s, restricted.ClientID, restricted.Secrets[0])
	if status, _ := rc.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "x@partner.example", "inviteRedirectUrl": "https://x.example"}); status != 403 {
		t.Fatalf("the restricted app invited: %d", status)
	}

	rep := s.PermissionsReport()
	got := rep[app.ClientID]
	if want := []string{"GroupMember.ReadWrite.All", "User.Read.All", "User.ReadWrite.All"}; !slices.Equal(got.Needed, want) {
		t.Errorf("needed %v, want %v (operations %v)", got.Needed, want, got.Operations)
	}
	if want := []string{"GroupMember.ReadWrite.All", "User.ReadWrite.All"}; !slices.Equal(got.Fewest, want) {
		t.Errorf("fewest permissions %v, want %v", got.Fewest, want)
	}
	// User.Read.All is there for the read, which User.ReadWrite.All, held
	// for the PATCH, admits too.
	if why := got.Why["User.Read.All"]; !slices.Equal(why.Operations, []string{"GET /users/{id}"}) || why.CoveredBy != "User.ReadWrite.All" {
		t.Errorf("why User.Read.All: %+v", why)
	}
	if why := got.Why["User.ReadWrite.All"]; !slices.Equal(why.Operations, []string{"PATCH /users/{id}"}) || why.CoveredBy != "" {
		t.Errorf("why User.ReadWrite.All: %+v", why)
	}
	if got.Operations["POST /groups/{id}/members/$ref"] != "GroupMember.ReadWrite.All" || got.Operations["GET /users/{id}"] != "User.Read.All" {
		t.Errorf("operations %v", got.Operations)
	}
	if r, ok := rep[restricted.ClientID]; ok && len(r.Needed) > 0 {
		t.Errorf("the refused call was reported: %v", r)
	}
}
