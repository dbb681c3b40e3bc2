package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// A create that invited the guest and then failed leaves a tainted
// resource. Whichever step failed, the next apply completes the same user:
// no second invitation, nobody deleted, and everything the configuration
// names is there. A later destroy still deletes the user, which the
// provider created. (A new guest's sponsors travel in the invitation
// itself, so no sponsor step follows it.) Each case sets its fault on an
// emulator of its own, and counts the deletions there, so the cases run
// side by side with the rest of the suite.
func TestAccGuestUnfinishedCreate(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	denied := func(method, path string) graphemu.Faults {
		return graphemu.Faults{Rules: []graphemu.FaultRule{{Method: method, PathContains: path, Status: 403,
			Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."}}}
	}
	full := func(email string) string {
		return invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, portalReader}},
			`job_title = "Partner"
  sponsor_ids = ["`+existingID+`"]`)
	}
	cases := map[string]struct {
		faults graphemu.Faults
		// failing is the configuration of the failed create; empty means
		// the full one.
		failing func(email string) string
	}{
		"a group membership":     {faults: denied("POST", "/groups/"+groupFinance+"/members")},
		"an app role assignment": {faults: denied("POST", "/appRoleAssignments")},
		"the profile":            {faults: denied("PATCH", "/users/")},
		// The timeout must outlast the invitation itself on a busy machine
		// (parallel tests), and end well inside the minute of lag.
		"the wait for replication": {faults: graphemu.Faults{ReplicationLag: time.Minute}, failing: func(email string) string {
			return invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, portalReader}},
				`job_title = "Partner"
  sponsor_ids = ["`+existingID+`"]
  timeouts = { create = "15s" }`)
		}},
		"an app role not defined by the service principal": {failing: func(email string) string {
			return invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, "7a000000-0009-4000-8000-000000000009"}},
				`job_title = "Partner"
  sponsor_ids = ["`+existingID+`"]`)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			// A tenant of its own: the provider's invitation limiter and
			// tenant-wide pause are kept per tenant for the whole process,
			// and a parallel test that provokes Graph's 429 in the default
			// seed's tenant would hold this invitation past its timeout.
			seed := graphemu.DefaultSeed()
			seed.TenantID = uuid.NewString()
			e := ownEmulator(t, graphemu.Options{Seed: &seed})
			provider := ownProvider(e)
			email := testEmail(t)
			guest := newGuestLedgerOn(t, e, email)
			failing := full(email)
			if tc.failing != nil {
				failing = tc.failing(email)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if n := len(e.UsersByEmail(email)); n != 0 {
						return fmt.Errorf("destroy left %d users: the completed guest no longer counts as created by the provider", n)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { e.SetFaults(tc.faults) },
						Config:      provider + failing,
						ExpectError: regexp.MustCompile(`(?s)was invited, and the next apply\s+completes it`),
					},
					{
						PreConfig: func() {
							e.SetFaults(graphemu.Faults{})
							guest.record()
						},
						Config: provider + full(email),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							// Terraform's own taint shows as a replacement.
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							emulatorCheck(func() error {
								if err := guest.unchanged(); err != nil {
									return err
								}
								u, _ := e.User(guest.id)
								if u.Profile["jobTitle"] != "Partner" || len(u.Sponsors) != 1 {
									return fmt.Errorf("profile %v and sponsors %v were not completed", u.Profile, u.Sponsors)
								}
								return allOf(inGroupsOn(e, groupEngineering, groupFinance), hasRolesOn(e, portalReader))(guest.id)
							}),
							guestCheck{addr, func(id string) error {
								if id != guest.id {
									return fmt.Errorf("state holds %s, want the invited user %s", id, guest.id)
								}
								return nil
							}},
						},
					},
					{Config: provider + full(email), PlanOnly: true},
				},
			})
		})
	}
}

// A user who taints a finished guest by hand, or applies with -replace,
// asks for a new guest, and gets one.
func TestAccGuestUnfinishedCreate_deliberateReplaceGivesANewGuest(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	guest := newGuestLedger(t, email)
	cfg := invitationConfig(email, []string{groupFinance}, nil, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: guest.record,
				Taint:     []string{addr},
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
					if id == guest.id {
						return fmt.Errorf("the tainted guest kept user %s", id)
					}
					if _, ok := emu.User(guest.id); ok {
						return fmt.Errorf("the replaced user %s still exists", guest.id)
					}
					if n := invitationsFor(email) - guest.invites; n != 1 {
						return fmt.Errorf("%d invitations went out for the replacement, want 1", n)
					}
					return inGroups(groupFinance)(id)
				}}},
			},
		},
	})
}
