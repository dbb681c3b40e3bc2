package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// sentTo counts the invitations the emulator accepted for an email.
func sentTo(email string) (all, reset int) {
	for _, inv := range emu.Invitations() {
		if inv.Email == email {
			all++
			if inv.ResetRedemption {
				reset++
			}
		}
	}
	return all, reset
}

// lastInvitationTo is the last invitation the emulator accepted for an
// email; tests that run in parallel send others in between.
func lastInvitationTo(email string) graphemu.SentInvitation {
	var last graphemu.SentInvitation
	for _, inv := range emu.Invitations() {
		if strings.EqualFold(inv.Email, email) {
			last = inv
		}
	}
	return last
}

func expectSent(email string, wantAll, wantReset int) statecheck.StateCheck {
	return emulatorCheck(func() error {
		if all, reset := sentTo(email); all != wantAll || reset != wantReset {
			return fmt.Errorf("invitations to %s: %d (%d resets), want %d (%d resets)", email, all, reset, wantAll, wantReset)
		}
		return nil
	})
}

func TestAccInvitation_resendTriggers(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	config := func(trigger, extra string) string {
		return invitationConfig(email, []string{groupEngineering}, nil, fmt.Sprintf(`message = { body = "Reminder: your access is waiting." }
  resend_triggers = { reminder = %q }
  %s`, trigger, extra))
	}
	var firstURL string
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("1", ""),
				ConfigStateChecks: []statecheck.StateCheck{expectSent(email, 1, 0), guestCheck{addr, func(got string) error {
					id = got
					u, _ := emu.User(got)
					firstURL = u.RedeemURL
					return nil
				}}},
			},
			{
				// A new trigger value resends, in place.
				Config:           config("2", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSent(email, 2, 0),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("PendingAcceptance")),
					guestCheck{addr, func(got string) error {
						if got != id {
							return fmt.Errorf("the guest was replaced")
						}
						last := lastInvitationTo(email)
						if !last.SendMessage || last.MessageBody != "Reminder: your access is waiting." {
							return fmt.Errorf("resent invitation = %+v", last)
						}
						if u, _ := emu.User(got); u.RedeemURL == firstURL {
							return fmt.Errorf("the redeem URL did not change")
						}
						return nil
					}},
				},
			},
			{
				// An accepted guest is skipped, with a warning.
				PreConfig:         func() { redeem(t, id) },
				Config:            config("3", ""),
				ConfigStateChecks: []statecheck.StateCheck{expectSent(email, 2, 0)},
			},
			{
				// ... unless resend_when_accepted says otherwise.
				Config:            config("4", "resend_when_accepted = true"),
				ConfigStateChecks: []statecheck.StateCheck{expectSent(email, 3, 0)},
			},
		},
	})
}

func TestAccInvitation_resetRedemptionTriggers(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	config := func(trigger string) string {
		return invitationConfig(email, nil, nil, fmt.Sprintf(`reset_redemption_triggers = { identity = %q }`, trigger))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("a"), ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(got string) error { id = got; return nil }}}},
			{
				PreConfig: func() { redeem(t, id) },
				Config:    config("a"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Bool(true)),
				},
			},
			{
				Config:           config("b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSent(email, 2, 1),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_user_state"), knownvalue.StringExact("PendingAcceptance")),
					guestCheck{addr, func(got string) error {
						u, _ := emu.User(got)
						if got != id || u.ExternalUserState != "PendingAcceptance" {
							return fmt.Errorf("after reset: id %s (was %s), state %s", got, id, u.ExternalUserState)
						}
						return nil
					}},
				},
			},
		},
	})
}

// TestAccInvitation_gatedRoleAfterRedemption is the pattern the b2b_guests
// docs show: acceptance read on its own feeds the invitations' roles, so the
// sensitive role is planned only after a guest redeems, for that guest alone.
func TestAccInvitation_gatedRoleAfterRedemption(t *testing.T) {
	requireEmulator(t)
	ana, ben := "ana."+testEmail(t), "ben."+testEmail(t)
	config := fmt.Sprintf(`
locals {
  partners = toset([%[1]q, %[2]q])
}

data "b2b_guests" "accepted" {
  state  = "Accepted"
  emails = local.partners
}

locals {
  accepted = toset([for g in data.b2b_guests.accepted.guests : lower(g.email)])
}

resource "b2b_invitation" "ana" {
  email        = %[1]q
  redirect_url = "https://myapps.microsoft.com"
  app_role_assignments = concat(
    [{ resource_id = %[3]q, app_role_id = %[4]q }],
    contains(local.accepted, lower(%[1]q)) ? [{ resource_id = %[3]q, app_role_id = %[5]q }] : [],
  )
}

resource "b2b_invitation" "ben" {
  email        = %[2]q
  redirect_url = "https://myapps.microsoft.com"
  app_role_assignments = concat(
    [{ resource_id = %[3]q, app_role_id = %[4]q }],
    contains(local.accepted, lower(%[2]q)) ? [{ resource_id = %[3]q, app_role_id = %[5]q }] : [],
  )
}
`, ana, ben, portalSP, portalReader, portalAdmin)
	// Two blocks rather than for_each: the test framework's state shim does
	// not take string instance keys.
	anaAddr, benAddr := "b2b_invitation.ana", "b2b_invitation.ben"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{anaAddr, hasRoles(portalReader)}, guestCheck{benAddr, hasRoles(portalReader)}},
			},
			{
				PreConfig: func() { redeem(t, emu.UsersByEmail(ana)[0].ID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(anaAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(benAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{anaAddr, hasRoles(portalReader, portalAdmin)}, guestCheck{benAddr, hasRoles(portalReader)}},
			},
		},
	})
}

func TestTriggerChanged(t *testing.T) {
	m := func(v string) types.Map {
		return types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue(v)})
	}
	cases := map[string]struct {
		plan, state types.Map
		want        bool
	}{
		"unchanged":           {m("1"), m("1"), false},
		"changed":             {m("2"), m("1"), true},
		"first triggers":      {m("1"), types.MapNull(types.StringType), true},
		"triggers removed":    {types.MapNull(types.StringType), m("1"), false},
		"unknown until apply": {types.MapUnknown(types.StringType), m("1"), true},
		"never set":           {types.MapNull(types.StringType), types.MapNull(types.StringType), false},
	}
	for name, c := range cases {
		if got := triggerChanged(c.plan, c.state); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}
