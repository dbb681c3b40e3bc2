package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const fabrikamTenantID = "7e000000-0001-4000-8000-0000000fab01"

// By any of its domains, in any letter case, and by id: the same tenant.
func TestAccTenantDataSource_byDomainAndByID(t *testing.T) {
	requireEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "b2b_tenant" "by_domain" {
  domain_name = "Fabrikam-New.example"
}
data "b2b_tenant" "by_id" {
  tenant_id = data.b2b_tenant.by_domain.tenant_id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.b2b_tenant.by_domain", tfjsonpath.New("tenant_id"), knownvalue.StringExact(fabrikamTenantID)),
				statecheck.ExpectKnownValue("data.b2b_tenant.by_domain", tfjsonpath.New("default_domain_name"), knownvalue.StringExact("fabrikam.example")),
				statecheck.ExpectKnownValue("data.b2b_tenant.by_domain", tfjsonpath.New("display_name"), knownvalue.StringExact("Fabrikam, Inc.")),
				statecheck.ExpectKnownValue("data.b2b_tenant.by_domain", tfjsonpath.New("federation_brand_name"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.b2b_tenant.by_id", tfjsonpath.New("default_domain_name"), knownvalue.StringExact("fabrikam.example")),
			},
		}},
	})
}

// Bad input: caught at plan time where it can be, and named on its
// attribute where only Graph can tell.
func TestAccTenantDataSource_badInput(t *testing.T) {
	requireEmulator(t)
	for name, tc := range map[string]struct{ config, want string }{
		"a tenant id that is not a GUID": {`tenant_id = "fabrikam"`, `"fabrikam" is not a tenant id`},
		"an email instead of a domain":   {`domain_name = "pat@fabrikam.example"`, `is not a domain name`},
		"both keys":                      {"domain_name = \"fabrikam.example\"\n  tenant_id = \"" + fabrikamTenantID + "\"", `Exactly one of these attributes must be configured: [domain_name,tenant_id]`},
		"an unknown domain":              {`domain_name = "gmail.example"`, `No Microsoft Entra tenant has the domain "gmail.example"`},
		"an unknown tenant id":           {`tenant_id = "7e000000-0009-4000-8000-0000000fab09"`, `No Microsoft Entra tenant has the id`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "data \"b2b_tenant\" \"x\" {\n  " + tc.config + "\n}\n",
					ExpectError: regexp.MustCompile(flexibleSpaces(regexp.QuoteMeta(tc.want))),
				}},
			})
		})
	}
}
