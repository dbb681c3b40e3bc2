package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A provider setting that another resource of the same run creates is
// unknown while Terraform plans. The plan fails with an error that names
// it, instead of signing in with the environment's ARM_* variables.
func TestAccProvider_unknownSettingFailsThePlan(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "tenant" {
  input = "00000000-0000-0000-0000-000000000000"
}

provider "b2b" {
  tenant_id = terraform_data.tenant.output
}
` + invitationConfig(email, nil, nil, ""),
			ExpectError: regexp.MustCompile(`(?s)Provider setting not known until apply.*tenant_id depends on a value.*ARM_\*`),
		}},
	})
	if n := len(emu.UsersByEmail(email)); n != 0 {
		t.Fatalf("the refused plan invited %d users", n)
	}
}
