package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// atDomain is email with its domain replaced, so that each test keeps its
// own addresses.
func atDomain(email, domain string) string {
	local, _, _ := strings.Cut(email, "@")
	return local + "@" + domain
}

// guestUnmoved checks that the guest is still the user id, at email, with
// the redemption state it had, and that no redemption reset was sent
// since the first `from` invitations.
func guestUnmoved(id *string, email, redemption string, from *int) func(string) error {
	return func(got string) error {
		if got != *id {
			return fmt.Errorf("the guest was replaced: %s, then %s", *id, got)
		}
		u, ok := emu.User(got)
		if !ok || u.Mail != email || u.ExternalUserState != redemption {
			return fmt.Errorf("the guest in Graph is %+v, want mail %s and %s", u, email, redemption)
		}
		for _, inv := range emu.Invitations()[*from:] {
			if inv.ResetRedemption {
				return fmt.Errorf("a redemption reset went out: %+v", inv)
			}
		}
		return nil
	}
}

// An email change to a domain that the tenant's deny list refuses fails on
// `email`, naming the setting, and the guest keeps its address, mail and
// redemption, while the rest of the same update (a new group) is applied
// and recorded.
func TestAccInvitation_emailChangeToABlockedDomainKeepsTheGuest(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	first := testEmail(t)
	moved := atDomain(first, "rival.example")
	var id string
	var from int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(first, []string{groupEngineering}, nil, ""),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(got string) error {
					id = got
					emu.Redeem(got)
					return nil
				}}},
			},
			{
				PreConfig: func() {
					if err := emuClient(t).UpdateInvitationDomains(context.Background(), nil, []string{"rival.example"}); err != nil {
						t.Fatal(err)
					}
					from = len(emu.Invitations())
				},
				Config: invitationConfig(moved, []string{groupEngineering, groupFinance}, nil, ""),
				ExpectError: regexp.MustCompile(`(?s)Error: Cannot move guest \S+ to ` + regexp.QuoteMeta(moved) +
					`.*email\s+=\s+"` + regexp.QuoteMeta(moved) + `".*` +
					flexibleSpaces(regexp.QuoteMeta(`The tenant's collaboration restrictions deny invitations to rival.example: remove it from b2b_collaboration_settings.blocked_domains`)) +
					`.*` + flexibleSpaces(regexp.QuoteMeta("The guest keeps "+first+", with its mail and redemption as they were; the rest of the update was applied."))),
			},
			{
				// State kept the old address and recorded the new group:
				// the configuration that says so plans nothing.
				Config:           invitationConfig(first, []string{groupEngineering, groupFinance}, nil, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(first)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_user_state"), knownvalue.StringExact("Accepted")),
					guestCheck{addr, allOf(inGroups(groupEngineering, groupFinance), guestUnmoved(&id, first, "Accepted", &from))},
				},
			},
		},
	})
	if n := len(emu.UsersByEmail(moved)); n != 0 {
		t.Errorf("%d users hold the refused address %s", n, moved)
	}
}

// Where the configuration's b2b_collaboration_settings sets the list and
// is planned first, the plan refuses the move, for a deny list and for an
// allow list alike, before anything is written; a list that the same plan
// opens lets the move through.
func TestAccInvitation_emailChangeRefusedByThePlannedDomainList(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	first := testEmail(t)
	guest := func(email string) string {
		return fmt.Sprintf("resource \"b2b_invitation\" \"guest\" {\n  email        = %q\n  redirect_url = \"https://myapps.microsoft.com\"\n  depends_on   = [b2b_collaboration_settings.this]\n}\n", email)
	}
	denied := collaborationConfig(`  blocked_domains = ["rival.example"]`)
	onlyPartners := collaborationConfig(`  allowed_domains = ["partner.example"]`)
	var id string
	var from int
	unmoved := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(first)),
		guestCheck{addr, guestUnmoved(&id, first, "Accepted", &from)},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: denied + guest(first),
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, func(got string) error {
					id = got
					emu.Redeem(got)
					from = len(emu.Invitations())
					return nil
				}}},
			},
			{
				Config:   denied + guest(atDomain(first, "rival.example")),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Error: Cannot move guest \S+ to ` + regexp.QuoteMeta(atDomain(first, "rival.example")) + `.*email\s+=.*` +
					flexibleSpaces(regexp.QuoteMeta(`The tenant's collaboration restrictions deny invitations to rival.example`)) + `.*` +
					flexibleSpaces(regexp.QuoteMeta(`The b2b_collaboration_settings of this configuration plans that list`))),
			},
			{Config: onlyPartners + guest(first), ConfigStateChecks: unmoved},
			{
				Config:   onlyPartners + guest(atDomain(first, "fabrikam.example")),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Error: Cannot move guest .*` + flexibleSpaces(regexp.QuoteMeta(
					`The tenant's collaboration restrictions allow invitations only to partner.example, and fabrikam.example is not among them: add it to b2b_collaboration_settings.allowed_domains`))),
			},
			{Config: onlyPartners + guest(first), ConfigStateChecks: unmoved},
			{
				// The plan weighs the list it plans, not the one the tenant
				// holds: the settings go first, and the move follows.
				Config: collaborationConfig(`  allowed_domains = ["partner.example", "fabrikam.example"]`) + guest(atDomain(first, "fabrikam.example")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(atDomain(first, "fabrikam.example"))),
					guestCheck{addr, func(got string) error {
						u, _ := emu.User(got)
						sent := emu.Invitations()[from:]
						if got != id || u.Mail != atDomain(first, "fabrikam.example") || len(sent) != 1 || !sent[0].ResetRedemption {
							return fmt.Errorf("after the move the guest is %+v (id %s, was %s), and %d invitations went out", u, got, id, len(sent))
						}
						return nil
					}},
				},
			},
		},
	})
}

// An import of the settings takes the domain list the tenant holds, so a
// configuration that names the same list plans nothing, whether the import
// is a `terraform import` or an import block, a deny list or an allow list.
func TestAccCollaborationSettings_importThenPlanIsEmpty(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	denied := requiredProviders + collaborationConfig(`  blocked_domains = ["rival.example", "disposable-mail.example"]`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := emuClient(t).UpdateInvitationDomains(context.Background(), nil, []string{"disposable-mail.example", "rival.example"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: denied, ResourceName: collaborationAddr, ImportState: true, ImportStateId: collaborationSettingsID, ImportStatePersist: true,
			},
			{
				Config:           denied,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(collaborationAddr, tfjsonpath.New("blocked_domains"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("rival.example"), knownvalue.StringExact("disposable-mail.example")})),
				},
			},
		},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := emuClient(t).UpdateInvitationDomains(context.Background(), []string{"fabrikam.example", "partner.example"}, nil); err != nil {
					t.Fatal(err)
				}
			},
			Config:       requiredProviders + collaborationConfig(`  allowed_domains = ["partner.example", "fabrikam.example"]`),
			ResourceName: collaborationAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: collaborationSettingsID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
