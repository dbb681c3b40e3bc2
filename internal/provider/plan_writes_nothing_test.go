package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// writesSince lists the Graph writes (POST, PATCH, PUT, DELETE, inside a
// $batch or alone) that the emulator served since before.
func writesSince(before graphemu.Stats) []string {
	var out []string
	for route, n := range emu.Stats().ByRoute {
		method, _, _ := strings.Cut(route, " ")
		switch method {
		case "POST", "PATCH", "PUT", "DELETE":
			if d := n - before.ByRoute[route]; d > 0 {
				out = append(out, fmt.Sprintf("%d× %s", d, route))
			}
		}
	}
	sort.Strings(out)
	return out
}

// Terraform's contract is that a plan changes nothing, and pipelines often
// plan with a read-only identity. Plans after an apply, of guests just
// created and of every other kind of resource and data source, send no
// POST, PATCH or DELETE to Graph; the management mark that the create wrote
// stays on each guest.
func TestAccPlansWriteNothing(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	emails := []string{"a." + email, "b." + email, "c." + email}
	var guests strings.Builder
	for i, e := range emails {
		fmt.Fprintf(&guests, `
resource "b2b_invitation" "g%d" {
  email        = %q
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%q]
}
`, i, e, groupFinance)
	}
	cfg := guests.String() + fmt.Sprintf(`
resource "b2b_cross_tenant_defaults" "this" {
  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }
}

resource "b2b_partner" "fabrikam" {
  tenant_id = %q
  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }
}

data "b2b_guests" "pending" {
  state      = "PendingAcceptance"
  depends_on = [b2b_invitation.g0, b2b_invitation.g1, b2b_invitation.g2]
}

data "b2b_guest" "first" {
  user_id = b2b_invitation.g0.id
}
`, fabrikamTenantID)
	var before graphemu.Stats
	snapshot := func() { before = emu.Stats() }
	marked := emulatorCheck(func() error {
		for _, e := range emails {
			users := emu.UsersByEmail(e)
			if len(users) != 1 || len(users[0].Extensions) != 1 {
				return fmt.Errorf("%s: users %v, want one with the management mark", e, users)
			}
		}
		return nil
	})
	// The harness runs a plan-only step without a check of its own, so the
	// step after each plan checks what the plan wrote.
	checkPlanWroteNothing := func() {
		if w := writesSince(before); len(w) > 0 {
			t.Errorf("a plan wrote to the tenant: %s", strings.Join(w, ", "))
		}
		snapshot()
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPartner(fabrikamTenantID),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{marked}},
			// The first plan after the create used to remove each guest's
			// mark; the second, once more, until an apply saved the
			// refresh.
			{PreConfig: snapshot, Config: cfg, PlanOnly: true},
			{PreConfig: checkPlanWroteNothing, Config: cfg, PlanOnly: true},
			{PreConfig: checkPlanWroteNothing, Config: cfg, ConfigStateChecks: []statecheck.StateCheck{marked, emulatorCheck(func() error {
				if w := writesSince(before); len(w) > 0 {
					return fmt.Errorf("an apply with nothing to change wrote: %s", strings.Join(w, ", "))
				}
				return nil
			})}},
		},
	})
}
