package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// requireLifecycleDestroy skips on a CLI that lacks lifecycle { destroy =
// false }: Terraform before 1.16, OpenTofu before 1.12. .ci/run runs these
// tests on Terraform 1.16.1 and OpenTofu 1.12.6.
func requireLifecycleDestroy(t *testing.T) {
	t.Helper()
	name, major, minor := cliVersion(t)
	need := 16
	if name == "OpenTofu" {
		need = 12
	}
	if major < 1 || (major == 1 && minor < need) {
		t.Skipf("lifecycle { destroy = false } needs Terraform 1.16+ or OpenTofu 1.12+; this CLI is %s %d.%d", name, major, minor)
	}
}

const keepOnDestroy = `
  lifecycle {
    destroy = false
  }`

func guestsForEachKept(keys map[string]string) string {
	return strings.Replace(guestsForEach(keys, groupFinance), "\n}\n", keepOnDestroy+"\n}\n", 1)
}

// With lifecycle { destroy = false }, Terraform forgets an instance rather
// than destroying it: a renamed key, a removed block and a replacement all
// keep the user, its object id and its memberships, and send no email.
func TestAccGuestDestroyFalse(t *testing.T) {
	requireLifecycleDestroy(t)
	requireEmulator(t)
	email := testEmail(t)
	guest := newGuestLedger(t, email)
	var emails int
	noEmail := func() error {
		if n := emailedTo(email) - emails; n != 0 {
			return fmt.Errorf("%d invitation emails went to %s", n, email)
		}
		return nil
	}
	kept := func() error {
		users := emu.UsersByEmail(email)
		if len(users) != 1 || users[0].ID != guest.id {
			return fmt.Errorf("the guest is held by %d users, want only %s", len(users), guest.id)
		}
		if err := noEmail(); err != nil {
			return err
		}
		return inGroups(groupFinance)(guest.id)
	}
	plain := invitationConfig(email, []string{groupFinance}, nil, keepOnDestroy)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: guestsForEachKept(map[string]string{"alice": email})},
			{
				// A renamed key forgets the old instance; the new one is
				// answered with the same user.
				PreConfig: func() { guest.record(); emails = emailedTo(email) },
				Config:    guestsForEachKept(map[string]string{"alice_smith": email}),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if n := emu.Stats().Count("DELETE /users/{id} 204") - guest.deletes; n != 0 {
						return fmt.Errorf("%d users were deleted", n)
					}
					return kept()
				})},
			},
			{
				// To a plain resource, which the test framework can read.
				Config: plain + `
moved {
  from = b2b_invitation.g["alice_smith"]
  to   = b2b_invitation.guest
}
`,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(kept)},
			},
			{
				// A replacement forgets the object and finds the same user.
				Taint:            []string{addr},
				Config:           plain,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectActions{addr: addr, actions: []string{"create", "forget"}}}},
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(kept), guestCheck{addr, func(id string) error {
					if id != guest.id {
						return fmt.Errorf("state holds %s, want %s", id, guest.id)
					}
					return nil
				}}},
			},
			{
				// A removed block says destroy = false too, since the
				// resource's own lifecycle goes with its block.
				Config: `
removed {
  from = b2b_invitation.guest
  lifecycle {
    destroy = false
  }
}
`,
				Check: func(*terraform.State) error {
					if n := emu.Stats().Count("DELETE /users/{id} 204") - guest.deletes; n != 0 {
						return fmt.Errorf("%d users were deleted", n)
					}
					return kept()
				},
			},
			// OpenTofu's destroy fails while the configuration still
			// names forgotten objects, so the test ends without them.
			{Config: "# nothing left\n"},
		},
	})
	emu.DeleteUser(guest.id)
}

// expectActions checks a resource's planned actions, including those that
// plancheck has no name for, such as forget.
type expectActions struct {
	addr    string
	actions []string
}

func (e expectActions) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		var got []string
		for _, a := range rc.Change.Actions {
			got = append(got, string(a))
		}
		// Terraform and OpenTofu list the two in different orders.
		slices.Sort(got)
		want := slices.Sorted(slices.Values(e.actions))
		if !slices.Equal(got, want) {
			resp.Error = fmt.Errorf("%s plans %v, want %v", e.addr, got, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}
