package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// TestAccInvitation_roundTrips counts, on the emulator, the Graph round trips
// and operations of a create and of a refresh. They are deterministic: the
// create of each guest is its invitation, then one $batch with its G groups,
// A app roles, one PATCH of its profile, the management mark and a read back of the user; a refresh reads each guest with two operations that
// concurrent reads pack into shared batches.
func TestAccInvitation_roundTrips(t *testing.T) {
	requireEmulator(t)
	const n, g, a = 4, 3, 2
	prefix := fmt.Sprintf("rt%d.", time.Now().UnixNano())
	groups := []string{groupEngineering, groupFinance, groupSales}
	// The profile is one more operation in the same $batch.
	cfg := countedGuests(prefix, n, groups, `job_title = "Partner"
  company_name = "Fabrikam"
  account_enabled = true`)
	var before graphemu.Stats
	snapshot := func() { before = emu.Stats() }
	var beforeDestroy graphemu.Stats
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy deletes each user in one operation, with no polling and
		// no removal of memberships first: they go with the user.
		CheckDestroy: func(*terraform.State) error {
			after := emu.Stats()
			deleted := after.Count("DELETE /users/{id} 204") - beforeDestroy.Count("DELETE /users/{id} 204")
			removed := after.Count("DELETE /groups/{id}/members/{mid}/$ref 204") - beforeDestroy.Count("DELETE /groups/{id}/members/{mid}/$ref 204") +
				after.Count("DELETE /users/{id}/appRoleAssignments/{aid} 204") - beforeDestroy.Count("DELETE /users/{id}/appRoleAssignments/{aid} 204")
			if deleted != n || removed != 0 {
				return fmt.Errorf("destroy deleted %d users and removed %d memberships one by one, want %d and 0", deleted, removed, n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: snapshot,
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{tenantMatches(prefix, n, groups...), emulatorCheck(func() error {
					// The last two operations of each batch are the management
					// mark and the read back of the user.
					return countsSince(before, 2*n, n*(1+g+a+1+1+1))
				})},
			},
			{
				PreConfig:    snapshot,
				RefreshState: true,
				Check: func(*terraform.State) error {
					after := emu.Stats()
					// A refresh writes nothing: the management mark stays.
					if ops := after.Operations - before.Operations; ops != 2*n {
						return fmt.Errorf("first refresh of %d guests took %d operations, want %d", n, ops, 2*n)
					}
					if rt := after.RoundTrips - before.RoundTrips; rt > 2 {
						return fmt.Errorf("first refresh of %d guests took %d round trips, want at most 2", n, rt)
					}
					return nil
				},
			},
			{
				PreConfig:    snapshot,
				RefreshState: true,
				Check: func(*terraform.State) error {
					after := emu.Stats()
					if ops := after.Operations - before.Operations; ops != 2*n {
						return fmt.Errorf("refresh of %d guests took %d operations, want %d", n, ops, 2*n)
					}
					// n concurrent reads of 2 operations fit one $batch; allow
					// one more for a window that closed between arrivals.
					if rt := after.RoundTrips - before.RoundTrips; rt > 2 {
						return fmt.Errorf("refresh of %d guests took %d round trips, want at most 2", n, rt)
					}
					beforeDestroy = after
					return nil
				},
			},
		},
	})
}

func countsSince(before graphemu.Stats, roundTrips, operations int) error {
	after := emu.Stats()
	rt, ops := after.RoundTrips-before.RoundTrips, after.Operations-before.Operations
	if rt != roundTrips || ops != operations {
		return fmt.Errorf("%d round trips and %d operations, want %d and %d (by route: %v)", rt, ops, roundTrips, operations, after.ByRoute)
	}
	return nil
}

// TestAccInvitation_adoptsPendingGuestInvitedElsewhere: Graph answers the
// invitation of a guest someone else invited, who has not accepted yet, just
// as it answers a new one. The resource settles that from the user's
// creation time; a destroy right after the apply, before any refresh (the
// test harness destroys with -refresh=false), must still keep the user.
func TestAccInvitation_adoptsPendingGuestInvitedElsewhere(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	earlier := emu.InviteGuest(email, "Invited Elsewhere")
	emu.SetCreatedAt(earlier.ID, time.Now().Add(-time.Hour))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emu.User(earlier.ID); !ok {
				return fmt.Errorf("destroy deleted a guest that someone else invited")
			}
			if len(emu.Assignments(earlier.ID)) != 0 {
				return fmt.Errorf("destroy left the managed app roles")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: invitationConfig(email, []string{groupSales}, []role{{portalSP, portalReader}}, ""),
			ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
				if id != earlier.ID {
					return fmt.Errorf("id = %s, want the existing guest %s", id, earlier.ID)
				}
				return allOf(inGroups(groupSales), hasRoles(portalReader))(id)
			}}},
		}},
	})
}

// TestAccInvitation_refreshSettlesAdoption: the first refresh after the
// apply records that the guest was adopted.
func TestAccInvitation_refreshSettlesAdoption(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	earlier := emu.InviteGuest(email, "Invited Elsewhere")
	emu.SetCreatedAt(earlier.ID, time.Now().Add(-time.Hour))
	cfg := invitationConfig(email, nil, nil, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emu.User(earlier.ID); !ok {
				return fmt.Errorf("destroy deleted a guest that someone else invited")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{RefreshState: true, Check: resource.TestCheckResourceAttr(addr, "adopted", "true")},
		},
	})
}
