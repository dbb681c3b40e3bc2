package graph

import (
	"context"
	"strings"
	"testing"
	"time"

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

// A guest still replicating answers 404 to a read; ReadNewGuestState waits
// that out, while a plain read reports it gone.
func TestReadNewGuestStateWaitsOutReplication(t *testing.T) {
	c := newTestClient(t)
	emu.SetFaults(graphemu.Faults{ReplicationLag: 1500 * time.Millisecond})
	defer emu.SetFaults(graphemu.Faults{})
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invitation.UserID
	if _, err := c.ReadGuestState(t.Context(), id); !IsNotFound(err) {
		t.Fatalf("a plain read during the lag: %v, want Graph's 404 (else the test proves nothing)", err)
	}
	gs, err := c.ReadNewGuestState(t.Context(), id, true)
	if err != nil || gs.Guest.ID != id {
		t.Fatalf("ReadNewGuestState: %+v, %v", gs.Guest, err)
	}
}

// A user that is gone stays gone once the grace is over, or the context
// ends: the answer is Graph's 404.
func TestReadNewGuestStateGivesUpWithTheContext(t *testing.T) {
	c := newTestClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if _, err := c.ReadNewGuestState(ctx, "deadbeef-0000-4000-8000-0000000000dd", false); !IsNotFound(err) {
		t.Fatalf("want Graph's 404 for a user that never existed, got %v", err)
	}
}
