package graph

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// addTogether invites n guests and adds each, at the same moment, to the
// groups, with a job title as a bulk create writes one, after filling the
// app's write budget so that every guest waits for room. It gives the
// guests' ids and what each ApplyMemberships answered.
func addTogether(t *testing.T, e *graphemu.Server, c *Client, n int, groups []string) ([]string, []MembershipResult) {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.InviteGuest(fmt.Sprintf("bind%d-%s@binds.example", i, e.TenantID()[:8]), "").ID
	}
	e.ResetStats()
	// The budget is spent for a moment: the first guest opens the binds and
	// waits for room, and the others join them meanwhile.
	spent, err := c.writes.acquire(context.Background(), c.writes.limit)
	if err != nil {
		t.Fatal(err)
	}
	spent()
	results := make([]MembershipResult, n)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			title := "Partner"
			results[i] = c.ApplyMemberships(context.Background(), id, MembershipChanges{
				AddGroups: groups, Patch: UserPatch{Profile: Profile{JobTitle: &title}}})
		}()
	}
	wg.Wait()
	return ids, results
}

func TestGuestsAddedTogetherShareOneWritePerGroup(t *testing.T) {
	t.Parallel()
	e, c := budgetEmulatorFor(t, "b0d9e700-0041-4000-8000-000000000041", graphemu.Limit{N: 20, Per: time.Second}, graphemu.Limit{N: 1000, Per: time.Second})
	groups := []string{e.AddGroup("Bind one"), e.AddGroup("Bind two"), e.AddGroup("Bind three")}
	const guests = 12
	ids, results := addTogether(t, e, c, guests, groups)
	for i, r := range results {
		if len(r.Errors) > 0 || len(r.AddedGroups) != len(groups) || !r.Patched {
			t.Fatalf("guest %d: added %v, patched %v, errors %v", i, r.AddedGroups, r.Patched, r.Errors)
		}
	}
	for _, g := range groups {
		members := e.GroupMembers(g)
		for _, id := range ids {
			if !slices.Contains(members, id) {
				t.Fatalf("group %s holds %v, without guest %s", g, members, id)
			}
		}
	}
	st := e.Stats()
	binds, single := st.Count("PATCH /groups/{id} 204"), st.Count("POST /groups/{id}/members/$ref 204")
	// One write per guest and group is what members/$ref alone costs.
	if binds == 0 || binds+single >= guests*len(groups)/2 {
		t.Fatalf("%d binds and %d single additions for %d guests in %d groups: want the additions shared, %v", binds, single, guests, len(groups), st.ByRoute)
	}
	if st.Writes != guests+binds+single || st.Throttled != 0 {
		t.Fatalf("the emulator counted %d writes and %d 429s, want %d writes (a profile each and the additions) and none: %v", st.Writes, st.Throttled, guests+binds+single, st.ByRoute)
	}
}

func TestAFailedBindAddsEachOfItsMembersAlone(t *testing.T) {
	t.Parallel()
	e, c := budgetEmulatorFor(t, "b0d9e700-0042-4000-8000-000000000042", graphemu.Limit{N: 20, Per: time.Second}, graphemu.Limit{N: 1000, Per: time.Second})
	group := e.AddGroup("Bind partly held")
	const guests = 6
	ids := make([]string, guests)
	for i := range ids {
		ids[i] = e.InviteGuest(fmt.Sprintf("bind%d-%s@binds.example", i, e.TenantID()[:8]), "").ID
	}
	// Every guest but the first is in the group already, so any bind that
	// holds two of them fails whole, as Graph's does.
	for _, id := range ids[1:] {
		e.AddMember(group, id)
	}
	e.ResetStats()
	spent, err := c.writes.acquire(context.Background(), c.writes.limit)
	if err != nil {
		t.Fatal(err)
	}
	spent()
	results := make([]MembershipResult, guests)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.ApplyMemberships(context.Background(), id, MembershipChanges{AddGroups: []string{group}})
		}()
	}
	wg.Wait()
	for i, r := range results {
		if len(r.Errors) > 0 || !slices.Equal(r.AddedGroups, []string{group}) {
			t.Fatalf("guest %d: added %v, errors %v", i, r.AddedGroups, r.Errors)
		}
	}
	if members := e.GroupMembers(group); len(members) != guests {
		t.Fatalf("the group holds %d members, want %d", len(members), guests)
	}
	st := e.Stats()
	if st.Count("PATCH /groups/{id} 400") == 0 {
		t.Fatalf("no bind failed, so the test did not reach the fallback: %v", st.ByRoute)
	}
	if st.Count("POST /groups/{id}/members/$ref 204") == 0 {
		t.Fatalf("the guest not yet in the group was never added alone: %v", st.ByRoute)
	}
}
