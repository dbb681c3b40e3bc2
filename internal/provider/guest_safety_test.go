package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func TestAccGuestSafety_keepUserWhenAsked(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			users := emu.UsersByEmail(email)
			if len(users) != 1 {
				return fmt.Errorf("delete_user_on_destroy = false, yet %d users remain", len(users))
			}
			if len(users[0].Groups) != 0 || len(emu.Assignments(users[0].ID)) != 0 {
				return fmt.Errorf("the managed memberships were left: %v", users[0].Groups)
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: invitationConfig(email, []string{groupFinance}, []role{{portalSP, portalReader}}, "delete_user_on_destroy = false")}},
	})
}

// TestAccGuestSafety_failedDestroyStaysInState: a destroy that Graph refuses
// keeps the guest in state, and the next destroy finishes the job.
func TestAccGuestSafety_failedDestroyStaysInState(t *testing.T) {
	requireEmulator(t)
	resetFaultsAfter(t)
	email := testEmail(t)
	cfg := invitationConfig(email, []string{groupFinance}, nil, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(emu.UsersByEmail(email)); n != 0 {
				return fmt.Errorf("the retried destroy left %d users", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					emu.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "DELETE", PathContains: "/users/", Status: 403,
						Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."}}})
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(flexibleSpaces(`(?s)Cannot delete guest .*User\.ReadWrite\.All.*stays in state`)),
			},
			{
				// Still managed: the configuration plans nothing.
				PreConfig: func() {
					emu.SetFaults(graphemu.Faults{})
					if n := len(emu.UsersByEmail(email)); n != 1 {
						t.Errorf("after the refused destroy %d users exist", n)
					}
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
