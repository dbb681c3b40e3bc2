package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

const addr = "b2b_invitation.guest"

const requiredProviders = `
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}
`

type role struct{ resource, role string }

// invitationConfig renders one b2b_invitation; extra is HCL added inside
// the block.
func invitationConfig(email string, groups []string, roles []role, extra string) string {
	var gs []string
	for _, g := range groups {
		gs = append(gs, fmt.Sprintf("%q", g))
	}
	var rs []string
	for _, r := range roles {
		rs = append(rs, fmt.Sprintf("{ resource_id = %q, app_role_id = %q }", r.resource, r.role))
	}
	return fmt.Sprintf(`
resource "b2b_invitation" "guest" {
  email        = %[1]q
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%[2]s]
  app_role_assignments = [%[3]s]
  %[4]s
}
`, email, strings.Join(gs, ", "), strings.Join(rs, ", "), extra)
}

func TestAccInvitation_createWithGroupsAndRoles(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	roles := []role{{portalSP, portalReader}, {expensesSP, defaultAccess}}
	groups := []string{groupEngineering, groupFinance, groupSales}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: invitationConfig(email, groups, roles, `display_name = "Pat Partner"
  message = {
    body          = "Welcome to the partner portal."
    cc_recipients = ["sponsor@contoso.example"]
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(email)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("PendingAcceptance")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_user_state"), knownvalue.StringExact("PendingAcceptance")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("adopted"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_principal_name"), knownvalue.StringRegexp(regexp.MustCompile(`#EXT#@contoso\.onmicrosoft\.com$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("redeem_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://127\.0\.0\.1:\d+/redeem/`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("group_ids"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact(groupEngineering), knownvalue.StringExact(groupFinance), knownvalue.StringExact(groupSales)})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("app_role_assignments"), knownvalue.SetSizeExact(2)),
				guestCheck{addr, allOf(inGroups(groups...), hasRoles(portalReader, defaultAccess), func(id string) error {
					u, _ := emu.User(id)
					if u.DisplayName != "Pat Partner" || u.ExternalUserState != "PendingAcceptance" {
						return fmt.Errorf("emulator user = %+v", u)
					}
					last := lastInvitationTo(email)
					if !last.SendMessage || last.MessageBody != "Welcome to the partner portal." || len(last.CCRecipients) != 1 {
						return fmt.Errorf("invitation sent = %+v", last)
					}
					return nil
				})},
			},
		}},
	})
}

func TestAccInvitation_updateInPlace(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, portalReader}}, `display_name = "Before"`),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, allOf(inGroups(groupEngineering, groupFinance), hasRoles(portalReader))}},
			},
			{
				Config: invitationConfig(email, []string{groupFinance, groupSupport}, []role{{portalSP, portalWriter}, {expensesSP, defaultAccess}},
					`display_name = "After"
  user_type    = "Member"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact("After")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_type"), knownvalue.StringExact("Member")),
					guestCheck{addr, allOf(inGroups(groupFinance, groupSupport), hasRoles(portalWriter, defaultAccess), func(id string) error {
						if u, _ := emu.User(id); u.DisplayName != "After" || u.UserType != "Member" {
							return fmt.Errorf("emulator user = %+v", u)
						}
						return nil
					})},
				},
			},
			{
				// Case and order never show as a diff.
				Config: invitationConfig(strings.ToUpper(email[:1])+email[1:], []string{strings.ToUpper(groupSupport), groupFinance}, []role{{expensesSP, defaultAccess}, {portalSP, portalWriter}}, `display_name = "After"
  user_type    = "Member"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
			},
		},
	})
}

// TestAccInvitation_emailChangeKeepsTheGuest: a new address moves the same
// user through Graph's redemption reset, with its object id, groups, app
// roles and sponsors, and the guest must redeem again.
func TestAccInvitation_emailChangeKeepsTheGuest(t *testing.T) {
	requireEmulator(t)
	first, second := testEmail(t), "second."+testEmail(t)
	var firstID string
	extra := `sponsor_ids = ["` + existingID + `"]`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(first, []string{groupEngineering}, []role{{portalSP, portalReader}}, extra),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
					firstID = id
					emu.Redeem(id)
					return nil
				}}},
			},
			{
				Config: invitationConfig(second, []string{groupEngineering}, []role{{portalSP, portalReader}}, extra),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("redeem_url")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(second)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_user_state"), knownvalue.StringExact("PendingAcceptance")),
					guestCheck{addr, allOf(inGroups(groupEngineering), hasRoles(portalReader), func(id string) error {
						if id != firstID {
							return fmt.Errorf("the guest was replaced: %s, then %s", firstID, id)
						}
						u, _ := emu.User(id)
						if u.Mail != second || u.ExternalUserState != "PendingAcceptance" || len(u.Sponsors) != 1 {
							return fmt.Errorf("emulator user after the move: %+v", u)
						}
						last := lastInvitationTo(second)
						if last.Email != second || !last.ResetRedemption || last.UserID != id {
							return fmt.Errorf("the last invitation was %+v, want a reset of %s to %s", last, id, second)
						}
						return nil
					})},
				},
			},
		},
	})
}

func TestAccInvitation_drift(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	cfg := invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, portalReader}}, "")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(got string) error { id = got; return nil }}}},
			{
				// A membership removed outside Terraform shows as an update.
				PreConfig: func() { emu.RemoveMember(groupFinance, id) },
				Config:    cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
			},
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, inGroups(groupEngineering, groupFinance)}}},
			{
				// A guest deleted outside Terraform shows as a create.
				PreConfig: func() { emu.DeleteUser(id) },
				Config:    cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
			},
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(got string) error {
				if got == id {
					return fmt.Errorf("the deleted guest was not re-invited")
				}
				return allOf(inGroups(groupEngineering, groupFinance), hasRoles(portalReader))(got)
			}}}},
		},
	})
}

func TestAccInvitation_adoptsExistingUserAndKeepsItOnDestroy(t *testing.T) {
	requireEmulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			u, ok := emu.User(existingID)
			if !ok {
				return fmt.Errorf("destroy deleted the adopted user")
			}
			if len(u.Groups) != 0 || len(emu.Assignments(existingID)) != 0 {
				return fmt.Errorf("destroy left the managed memberships: %v", u.Groups)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: invitationConfig(existingEmail, []string{groupSales}, []role{{portalSP, portalAdmin}}, "delete_user_on_destroy = true"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(existingID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("adopted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("accepted"), knownvalue.Bool(true)),
				guestCheck{addr, func(id string) error {
					if n := len(emu.UsersByEmail(existingEmail)); n != 1 {
						return fmt.Errorf("%d users hold %s", n, existingEmail)
					}
					return allOf(inGroups(groupSales), hasRoles(portalAdmin))(id)
				}},
			},
		}},
	})
}

// An imported guest is deleted on destroy only when the configuration says
// so explicitly.
func TestAccInvitation_importedGuestDeletedWhenConfigured(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	u := emu.AddUser(graphemu.SeedUser{DisplayName: "Leaving Guest", Mail: email, UserType: "Guest"})
	cfg := requiredProviders + invitationConfig(email, nil, nil, `display_name = "Leaving Guest"
  delete_adopted_user_on_destroy = true`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emu.User(u.ID); ok {
				return fmt.Errorf("destroy kept the imported user although delete_adopted_user_on_destroy = true")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStatePersist: true, ImportStateId: u.ID},
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("adopted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("delete_adopted_user_on_destroy"), knownvalue.Bool(true)),
			}},
		},
	})
}

func TestAccInvitation_import(t *testing.T) {
	email := testEmail(t)
	cfg := invitationConfig(email, []string{groupEngineering}, []role{{portalSP, portalReader}}, `display_name = "Imported Guest"
  delete_user_on_destroy = false`)
	// An import records no memberships until the configuration names them.
	ignore := []string{"adopted", "external_user_state_changed_at", "redeem_url", "status", "delete_user_on_destroy", "message", "timeouts",
		"group_ids", "app_role_assignments"}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: ignore},
			{ResourceName: addr, ImportState: true, ImportStateIdFunc: func(*terraform.State) (string, error) { return email, nil },
				ImportStateVerify: true, ImportStateVerifyIgnore: ignore},
		},
	})
}

// An imported guest manages only the memberships its configuration names:
// the first apply records those the guest already holds without a write
// (its only write is the management mark), and a membership someone else
// made stays untouched, through destroy too.
func TestAccInvitation_importRecordsNamedMembershipsWithoutWriting(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	u := emu.AddUser(graphemu.SeedUser{DisplayName: "Imported Guest", Mail: email, UserType: "Guest"})
	emu.AddMember(groupEngineering, u.ID)
	emu.AddMember(groupSupport, u.ID) // someone else's
	if err := emu.AssignAppRole(u.ID, portalSP, portalReader); err != nil {
		t.Fatal(err)
	}
	// The import runs before any step has written provider requirements, so
	// the configuration names the provider's source itself.
	cfg := requiredProviders + invitationConfig(email, []string{groupEngineering}, []role{{portalSP, portalReader}}, `display_name = "Imported Guest"`)
	var writes, marks int
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emu.User(u.ID); !ok {
				return fmt.Errorf("destroy deleted an imported user")
			}
			// Destroy removes what the resource recorded, nothing else.
			return allOf(inGroups(groupSupport), hasRoles())(u.ID)
		},
		Steps: []resource.TestStep{
			{
				Config: cfg, ResourceName: addr, ImportState: true, ImportStatePersist: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return strings.ToUpper(email), nil },
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].Attributes["group_ids.#"] != "" || s[0].Attributes["app_role_assignments.#"] != "" {
						return fmt.Errorf("the import recorded memberships: %v", s[0].Attributes)
					}
					return nil
				},
			},
			{
				PreConfig: func() { writes, marks = writeCount(), emu.Stats().ByRoute[markRoute] },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(u.ID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("adopted"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("group_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(groupEngineering)})),
					emulatorCheck(func() error {
						if n := emu.Stats().ByRoute[markRoute] - marks; n != 1 {
							return fmt.Errorf("the first apply after the import wrote %d management marks, want 1", n)
						}
						if n := writeCount() - writes - 1; n != 0 {
							return fmt.Errorf("recording memberships the guest already held made %d writes besides the mark", n)
						}
						return allOf(inGroups(groupEngineering, groupSupport), hasRoles(portalReader))(u.ID)
					}),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// writeCount counts the suite emulator's write operations so far.
func writeCount() int {
	n := 0
	for _, c := range graphWrites(emu.Stats()) {
		n += c
	}
	return n
}

// graphWrites picks the operations that change the tenant out of an
// emulator's counters: every POST, PATCH and DELETE but the $batch
// envelope, whose parts are counted on their own routes.
// markRoute is the write of a guest's management mark.
const markRoute = "POST /users/{id}/extensions 201"

// writesBesidesMarks is graphWrites without the management marks, which an
// apply writes once on each guest a resource takes up.
func writesBesidesMarks(st graphemu.Stats) map[string]int {
	out := graphWrites(st)
	delete(out, markRoute)
	return out
}

func graphWrites(st graphemu.Stats) map[string]int {
	out := map[string]int{}
	for route, n := range st.ByRoute {
		if strings.HasPrefix(route, "DELETE ") || strings.HasPrefix(route, "PATCH ") ||
			(strings.HasPrefix(route, "POST ") && !strings.HasPrefix(route, "POST /$batch ")) {
			out[route] = n
		}
	}
	return out
}

func TestAccInvitation_partialFailureKeepsGuestAndConverges(t *testing.T) {
	requireEmulator(t)
	resetFaultsAfter(t)
	email := testEmail(t)
	cfg := invitationConfig(email, []string{groupEngineering, groupFinance, groupSales}, []role{{portalSP, portalReader}}, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.SetFaults(graphemu.Faults{Rules: []graphemu.FaultRule{{Method: "POST", PathContains: "/groups/" + groupFinance + "/members", Status: 403,
						Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."}}})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)group\s+` + groupFinance + `.*GroupMember\.ReadWrite\.All`),
			},
			{
				// The failed apply saved the guest and what succeeded.
				PreConfig: func() { emu.SetFaults(graphemu.Faults{}) },
				Config:    cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					users := emu.UsersByEmail(email)
					if len(users) != 1 {
						return fmt.Errorf("%d users hold %s after the failed create", len(users), email)
					}
					return inGroups(groupEngineering, groupSales)(users[0].ID)
				})},
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
					if n := len(emu.UsersByEmail(email)); n != 1 {
						return fmt.Errorf("%d users hold %s", n, email)
					}
					return allOf(inGroups(groupEngineering, groupFinance, groupSales), hasRoles(portalReader))(id)
				}}},
			},
		},
	})
}

func TestAccInvitation_replicationLag(t *testing.T) {
	requireEmulator(t)
	resetFaultsAfter(t)
	email := testEmail(t)
	before := emu.Stats()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { emu.SetFaults(graphemu.Faults{ReplicationLag: 2 * time.Second}) },
			Config:    invitationConfig(email, []string{groupEngineering, groupFinance}, []role{{portalSP, portalReader}}, ""),
			ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(id string) error {
				after := emu.Stats()
				if after.Count("POST /groups/{id}/members/$ref 400") == before.Count("POST /groups/{id}/members/$ref 400") {
					return fmt.Errorf("the lag never showed: the test proves nothing")
				}
				return allOf(inGroups(groupEngineering, groupFinance), hasRoles(portalReader))(id)
			}}},
		}},
	})
	emu.SetFaults(graphemu.Faults{})
}

func TestAccInvitation_planTimeValidation(t *testing.T) {
	cases := map[string]struct {
		config string
		want   string
	}{
		"forbidden character": {invitationConfig("pat#partner@partner.example", nil, nil, ""), `(?s)email.*Graph does not allow`},
		"relative redirect": {strings.Replace(invitationConfig("pat@partner.example", nil, nil, ""), `"https://myapps.microsoft.com"`, `"/welcome"`, 1),
			`(?s)redirect_url.*absolute http or https URL`},
		"non-UUID group": {invitationConfig("pat@partner.example", []string{"engineering"}, nil, ""), `(?s)group_ids.*not an object id`},
		"two cc recipients": {invitationConfig("pat@partner.example", nil, nil, `message = { cc_recipients = ["a@contoso.example", "b@contoso.example"] }`),
			`(?s)message.cc_recipients.*at most 1`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}
