package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Bad input to the tenant-wide settings: refused during plan on the
// attribute where it can be, and otherwise at apply naming what is missing.
func TestAccTenantSettings_badInput(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	withoutPolicy := appAs("1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite")
	for name, tc := range map[string]struct{ config, want string }{
		"defaults: all_users = false": {defaultsConfig("  b2b_collaboration_inbound = {\n    users_and_groups = {\n      access    = \"blocked\"\n      all_users = false\n    }\n  }"),
			`Set all_users to true, or leave it out`},
		"defaults: an application id that is no GUID": {defaultsConfig("  b2b_collaboration_outbound = {\n    applications = {\n      access          = \"allowed\"\n      application_ids = [\"Teams\"]\n    }\n  }"),
			`"Teams" is not an application id`},
		"defaults: a missing permission": {withoutPolicy + defaultsConfig("  automatic_redemption = {\n    inbound  = true\n    outbound = false\n  }"),
			`needs the Microsoft Graph application permission Policy.ReadWrite.CrossTenantAccess`},
		"settings: guest access by another name": {collaborationConfig(`  guest_access = "guests"`), `value must be one of`},
		"settings: both domain lists":            {collaborationConfig("  allowed_domains = [\"a.example\"]\n  blocked_domains = [\"b.example\"]"), `Attribute "blocked_domains" cannot be specified when "allowed_domains" is specified`},
		"settings: a URL for a domain":           {collaborationConfig(`  blocked_domains = ["https://rival.example"]`), `is not a domain name`},
		"settings: a missing permission":         {withoutPolicy + collaborationConfig(`  allow_invites_from = "everyone"`), `needs the Microsoft Graph application permission Policy.ReadWrite.Authorization`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(flexibleSpaces(regexp.QuoteMeta(tc.want)))}},
			})
		})
	}
}
