package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

var fullProfile = `given_name     = "Grace"
  surname        = "Hopper"
  job_title      = "Rear Admiral"
  department     = "Navy"
  company_name   = "Fabrikam"
  usage_location = "US"
  employee_type  = "Contractor"
  account_enabled = true
  sponsor_ids    = ["` + existingID + `"]`

// profileIs checks the emulator's user holds these profile properties, by
// Graph's names, and this sign-in setting.
func profileIs(enabled bool, want map[string]string) func(string) error {
	return func(id string) error {
		u, _ := emu.User(id)
		for k, v := range want {
			if u.Profile[k] != v {
				return fmt.Errorf("%s = %q in the emulator, want %q (profile %v)", k, u.Profile[k], v, u.Profile)
			}
		}
		if u.AccountEnabled != enabled {
			return fmt.Errorf("accountEnabled = %v, want %v", u.AccountEnabled, enabled)
		}
		return nil
	}
}

func sponsorsAre(want ...string) func(string) error {
	return func(id string) error {
		u, _ := emu.User(id)
		if len(u.Sponsors) != len(want) {
			return fmt.Errorf("sponsors %v, want %v", u.Sponsors, want)
		}
		for i := range want {
			if u.Sponsors[i] != want[i] {
				return fmt.Errorf("sponsors %v, want %v", u.Sponsors, want)
			}
		}
		return nil
	}
}

// TestAccInvitation_profile covers each profile argument and sponsor_ids:
// create, change in place, drift from outside, import, and removal from the
// configuration, which leaves Graph's value alone.
func TestAccInvitation_profile(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	var id string
	created := map[string]string{"givenName": "Grace", "surname": "Hopper", "jobTitle": "Rear Admiral", "department": "Navy",
		"companyName": "Fabrikam", "usageLocation": "US", "employeeType": "Contractor"}
	changed := `given_name     = "Grace"
  surname        = "Hopper"
  job_title      = "Commodore"
  department     = "Navy"
  company_name   = "Contoso"
  usage_location = "GB"
  employee_type  = "Vendor"
  account_enabled = false
  sponsor_ids    = ["` + existingID + `", "` + groupSupport + `"]`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(email, nil, nil, fullProfile),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job_title"), knownvalue.StringExact("Rear Admiral")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_enabled"), knownvalue.Bool(true)),
					guestCheck{addr, allOf(profileIs(true, created), sponsorsAre(existingID), func(got string) error { id = got; return nil })},
				},
			},
			{
				// Every argument changes in place.
				Config:           invitationConfig(email, nil, nil, changed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, allOf(
					profileIs(false, map[string]string{"jobTitle": "Commodore", "companyName": "Contoso", "usageLocation": "GB", "employeeType": "Vendor", "givenName": "Grace"}),
					sponsorsAre(existingID, groupSupport),
					func(got string) error {
						if got != id {
							return fmt.Errorf("the guest was replaced")
						}
						return nil
					})}},
			},
			{
				// Changed outside Terraform: the plan puts it back.
				PreConfig: func() {
					if err := emu.PatchUser(id, map[string]any{"jobTitle": "Admiral", "accountEnabled": true}); err != nil {
						t.Fatal(err)
					}
					emu.SetSponsors(id, existingID)
				},
				Config:           invitationConfig(email, nil, nil, changed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, allOf(
					profileIs(false, map[string]string{"jobTitle": "Commodore"}), sponsorsAre(existingID, groupSupport))}},
			},
			{
				// Imported, every value is read from Graph and matches.
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"redirect_url", "message", "send_invitation_message", "redeem_url", "status", "group_ids", "app_role_assignments",
					"adopted", "delete_user_on_destroy", "delete_adopted_user_on_destroy", "resend_when_accepted", "timeouts", "sponsor_ids", "display_name", "external_user_state_changed_at"},
			},
			{
				// Left out of the configuration, the values stay on the
				// guest and the plan is empty.
				Config:           invitationConfig(email, nil, nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, allOf(
					profileIs(false, map[string]string{"jobTitle": "Commodore", "companyName": "Contoso"}), sponsorsAre(existingID, groupSupport))}},
			},
		},
	})
}

// TestAccGuestDataSources_profileAndSponsors: both data sources show what
// Graph holds of a guest's profile and sponsors, set by another tool.
func TestAccGuestDataSources_profileAndSponsors(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	u := emu.InviteGuest(email, "Profiled Guest")
	if err := emu.PatchUser(u.ID, map[string]any{"jobTitle": "Buyer", "companyName": "Northwind", "usageLocation": "DE", "accountEnabled": false}); err != nil {
		t.Fatal(err)
	}
	emu.SetSponsors(u.ID, existingID, groupSupport)
	cfg := fmt.Sprintf(`
data "b2b_guest" "one" {
  user_id = %q
}
data "b2b_guests" "all" {
  emails = [%q]
}
`, u.ID, email)
	profile := map[string]knownvalue.Check{
		"job_title": knownvalue.StringExact("Buyer"), "company_name": knownvalue.StringExact("Northwind"), "usage_location": knownvalue.StringExact("DE"),
		"department": knownvalue.Null(), "account_enabled": knownvalue.Bool(false),
		"sponsor_ids": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(existingID), knownvalue.StringExact(groupSupport)}),
	}
	var checks []statecheck.StateCheck
	for attr, want := range profile {
		checks = append(checks, statecheck.ExpectKnownValue("data.b2b_guest.one", tfjsonpath.New(attr), want))
	}
	checks = append(checks, statecheck.ExpectKnownValue("data.b2b_guests.all", tfjsonpath.New("guests"),
		knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(profile)})))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}},
	})
}
