package graph

import (
	"slices"
	"testing"
	"time"
)

// The management mark goes in the membership batch, is read back, tells a
// user this provider created from one that existed before the invitation,
// and is taken away again. It counts round trips, so it does not run in
// parallel.
func TestCreationMark(t *testing.T) {
	c := newTestClient(t)
	res, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://myapps.microsoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Invitation.UserID
	if _, found, err := c.ReadCreationMark(t.Context(), id); err != nil || found {
		t.Fatalf("a new user has a mark (found %v, err %v)", found, err)
	}
	before := emu.Stats()
	out := c.ApplyMemberships(t.Context(), id, MembershipChanges{AddGroups: []string{groupA}, MarkInvitedAfter: res.CreatedAfter})
	if len(out.Errors) > 0 || !out.Marked {
		t.Fatalf("marking: %+v", out)
	}
	if rt := emu.Stats().RoundTrips - before.RoundTrips; rt != 1 {
		t.Fatalf("the mark and a group took %d round trips, want one $batch", rt)
	}
	mark, found, err := c.ReadCreationMark(t.Context(), id)
	if err != nil || !found || !mark.InvitedAfter.Equal(res.CreatedAfter.Truncate(time.Second)) {
		t.Fatalf("mark = %v, %v, %v; want %v", mark, found, err, res.CreatedAfter)
	}
	g, err := c.GetUser(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if here, err := c.CreatedHere(t.Context(), g); err != nil || !here {
		t.Fatalf("CreatedHere = %v, %v for a user the marked invitation created", here, err)
	}

	// A second mark keeps the first one's earlier moment.
	out = c.ApplyMemberships(t.Context(), id, MembershipChanges{MarkInvitedAfter: time.Now().Add(time.Hour)})
	if len(out.Errors) > 0 || !out.Marked {
		t.Fatalf("marking again: %+v", out)
	}
	if here, _ := c.CreatedHere(t.Context(), g); !here {
		t.Fatal("a later mark replaced the first")
	}

	out = c.ApplyMemberships(t.Context(), id, MembershipChanges{Unmark: true})
	if len(out.Errors) > 0 || !out.Unmarked {
		t.Fatalf("unmarking: %+v", out)
	}
	if u, _ := emu.User(id); len(u.Extensions) != 0 {
		t.Fatalf("the mark is still there: %v", u.Extensions)
	}
	if here, err := c.CreatedHere(t.Context(), g); err != nil || here {
		t.Fatalf("CreatedHere = %v, %v without a mark", here, err)
	}
}

// A user that existed before the invitation that marks it stays adopted.
func TestCreationMarkOnAnOlderUser(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	older := emu.InviteGuest(uniqueEmail(t), "Older Guest")
	emu.SetCreatedAt(older.ID, time.Now().Add(-48*time.Hour))
	out := c.ApplyMemberships(t.Context(), older.ID, MembershipChanges{MarkInvitedAfter: time.Now()})
	if len(out.Errors) > 0 || !out.Marked {
		t.Fatalf("marking: %+v", out)
	}
	u, _ := emu.User(older.ID)
	if !slices.Contains(u.Extensions, creationMarkName) {
		t.Fatalf("extensions = %v", u.Extensions)
	}
	g, err := c.GetUser(t.Context(), older.ID)
	if err != nil {
		t.Fatal(err)
	}
	if here, err := c.CreatedHere(t.Context(), g); err != nil || here {
		t.Fatalf("CreatedHere = %v, %v for a user older than its mark", here, err)
	}
}

// A mark days old says the guest is managed, but no longer that the
// invitation which wrote it created the user: a second resource that takes
// the guest up must not count it as its own creation.
func TestOldMarkIsNoEvidenceOfCreation(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	g0 := emu.InviteGuest(uniqueEmail(t), "Held Elsewhere")
	emu.SetCreatedAt(g0.ID, time.Now().Add(-47*time.Hour))
	out := c.ApplyMemberships(t.Context(), g0.ID, MembershipChanges{MarkInvitedAfter: time.Now().Add(-48 * time.Hour)})
	if len(out.Errors) > 0 || !out.Marked {
		t.Fatalf("marking: %+v", out)
	}
	g, err := c.GetUser(t.Context(), g0.ID)
	if err != nil {
		t.Fatal(err)
	}
	if here, err := c.CreatedHere(t.Context(), g); err != nil || here {
		t.Fatalf("CreatedHere = %v, %v for a mark two days old", here, err)
	}
	other := emu.InviteGuest(uniqueEmail(t), "Unmarked")
	marks, err := c.ReadMarks(t.Context(), []string{g0.ID, other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := marks[g0.ID]; !ok || len(marks) != 1 {
		t.Fatalf("ReadMarks = %v, want only %s", marks, g0.ID)
	}
}
