package graph

import (
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// An answer that cannot be read is an error, never an empty list: read as
// empty, the app roles that state records would silently drop out of it.
func TestReadGuestStateRefusesAnUnreadableAnswer(t *testing.T) {
	c := newTestClient(t)
	res, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://myapps.microsoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Invitation.UserID
	for _, part := range []string{"/appRoleAssignments", "/sponsors"} {
		emu.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "GET", PathContains: id + part, Status: 200, RawBody: "<html>maintenance</html>"}}})
		_, err := c.ReadGuestStateWithSponsors(t.Context(), id)
		emu.SetFaults(graphemu.Faults{})
		if err == nil || !strings.Contains(err.Error(), "could not be read") {
			t.Errorf("%s answered with HTML: err = %v, want an unreadable-answer error", part, err)
		}
	}
}
