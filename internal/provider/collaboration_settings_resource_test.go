package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

const collaborationAddr = "b2b_collaboration_settings.this"

func collaborationConfig(body string) string {
	return "resource \"b2b_collaboration_settings\" \"this\" {\n" + body + "\n}\n"
}

// restoreCollaborationSettings puts the emulator's settings back as the
// seed has them, since destroy leaves them as they are.
func restoreCollaborationSettings(t *testing.T) {
	t.Cleanup(func() {
		ctx := context.Background() // t.Context is over by then
		c := emuClient(t)
		everyone, limited, join := "everyone", guestAccessRoles["limited"], true
		_ = c.UpdateCollaborationSettings(ctx, graph.CollaborationSettings{AllowInvitesFrom: &everyone, GuestUserRoleID: &limited, EmailVerifiedUsersCanJoin: &join})
		_ = c.UpdateInvitationDomains(ctx, nil, nil)
		_ = c.SetGuestEmailOTP(ctx, "default")
	})
}

func collaborationHolds(t *testing.T, check func(graph.CollaborationSettings, graph.InvitationDomains) error) statecheck.StateCheck {
	return emulatorCheck(func() error {
		c := emuClient(t)
		s, err := c.GetCollaborationSettings(context.Background())
		if err != nil {
			return err
		}
		d, err := c.GetInvitationDomains(context.Background())
		if err != nil {
			return err
		}
		return check(s, d)
	})
}

// guestOTPHolds checks whether guests may use email one-time passcodes,
// as another client reads it.
func guestOTPHolds(t *testing.T, want string) statecheck.StateCheck {
	return emulatorCheck(func() error {
		got, err := emuClient(t).GetGuestEmailOTP(context.Background())
		if err != nil || got != want {
			return fmt.Errorf("the emulator holds allowExternalIdToUseEmailOtp %q (%v), want %q", got, err, want)
		}
		return nil
	})
}

// Create, every argument changed in place, drift, import, and a destroy
// that leaves the settings as they are, with a warning.
func TestAccCollaborationSettings_lifecycle(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	first := `  allow_invites_from            = "adminsAndGuestInviters"
  guest_access                  = "restricted"
  email_verified_users_can_join = false
  blocked_domains               = ["rival.example"]
  guest_email_one_time_passcode = "enabled"`
	second := `  allow_invites_from            = "adminsGuestInvitersAndAllMembers"
  guest_access                  = "same_as_members"
  email_verified_users_can_join = true
  allowed_domains               = ["partner.example", "fabrikam.example"]
  guest_email_one_time_passcode = "disabled"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: collaborationConfig(first),
				ConfigStateChecks: []statecheck.StateCheck{collaborationHolds(t, func(s graph.CollaborationSettings, d graph.InvitationDomains) error {
					if *s.AllowInvitesFrom != "adminsAndGuestInviters" || *s.GuestUserRoleID != guestAccessRoles["restricted"] || *s.EmailVerifiedUsersCanJoin ||
						d.Allowed != nil || !slices.Equal(d.Blocked, []string{"rival.example"}) {
						return fmt.Errorf("settings %+v, domains %+v", s, d)
					}
					return nil
				}), guestOTPHolds(t, "enabled")},
			},
			{
				Config:           collaborationConfig(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(collaborationAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{collaborationHolds(t, func(s graph.CollaborationSettings, d graph.InvitationDomains) error {
					if *s.AllowInvitesFrom != "adminsGuestInvitersAndAllMembers" || *s.GuestUserRoleID != guestAccessRoles["same_as_members"] || !*s.EmailVerifiedUsersCanJoin ||
						!slices.Equal(d.Allowed, []string{"fabrikam.example", "partner.example"}) {
						return fmt.Errorf("settings %+v, domains %+v", s, d)
					}
					return nil
				}), guestOTPHolds(t, "disabled")},
			},
			{
				PreConfig: func() {
					none := "none"
					if err := emuClient(t).UpdateCollaborationSettings(context.Background(), graph.CollaborationSettings{AllowInvitesFrom: &none}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             collaborationConfig(second),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: collaborationConfig(second)},
			{
				PreConfig: func() {
					// Drift: another admin lets guests use passcodes again.
					if err := emuClient(t).SetGuestEmailOTP(context.Background(), "enabled"); err != nil {
						t.Fatal(err)
					}
				},
				Config:             collaborationConfig(second),
				ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(collaborationAddr, plancheck.ResourceActionUpdate)}},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: collaborationConfig(second), ConfigStateChecks: []statecheck.StateCheck{guestOTPHolds(t, "disabled")}},
			// The import takes the domain list and guests' passcodes too, as
			// the tenant holds them.
			{ResourceName: collaborationAddr, ImportState: true, ImportStateId: collaborationSettingsID, ImportStateVerify: true},
			{
				Config: "# b2b_collaboration_settings removed\n",
				ConfigStateChecks: []statecheck.StateCheck{collaborationHolds(t, func(s graph.CollaborationSettings, d graph.InvitationDomains) error {
					if *s.AllowInvitesFrom != "adminsGuestInvitersAndAllMembers" || len(d.Allowed) != 2 {
						return fmt.Errorf("destroy changed the settings: %+v, %+v", s, d)
					}
					return nil
				}), guestOTPHolds(t, "disabled")},
			},
		},
	})
}

// The domain list changes an invitation's outcome, and the error on the
// b2b_invitation names the setting that refused it.
func TestAccCollaborationSettings_domainListDecidesInvitations(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	settings := collaborationConfig(`  blocked_domains = ["blocked.example"]`)
	guest := func(email string) string {
		return fmt.Sprintf("resource \"b2b_invitation\" \"guest\" {\n  email        = %q\n  redirect_url = \"https://myapps.microsoft.com\"\n  depends_on   = [b2b_collaboration_settings.this]\n}\n", email)
	}
	allowed := testEmail(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: settings + guest("pat@blocked.example"),
				ExpectError: regexp.MustCompile(flexibleSpaces(regexp.QuoteMeta(`The tenant's collaboration restrictions deny invitations to blocked.example: remove it from b2b_collaboration_settings.blocked_domains`)))},
			{Config: settings + guest(allowed), ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, invitedOnce(allowed, nil)}}},
			{Config: collaborationConfig(`  allowed_domains = ["fabrikam.example"]`) + guest(allowed),
				// The existing guest stays: the list governs new invitations.
				ConfigStateChecks: []statecheck.StateCheck{guestCheck{addr, invitedOnce(allowed, nil)}}},
		},
	})
	if n := len(emu.UsersByEmail("pat@blocked.example")); n != 0 {
		t.Errorf("the refused invitation made %d users", n)
	}
}
