package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

var okStatus = regexp.MustCompile(` 2\d\d$`)

// partnerWrites counts the writes to partner configurations that the
// emulator carried out (answered 2xx), and tenantLookups its tenant
// lookups, whatever their answer.
func partnerWrites() int {
	n := 0
	for route, c := range emu.Stats().ByRoute {
		if strings.Contains(route, "/policies/crossTenantAccessPolicy/partners") && !strings.HasPrefix(route, "GET ") && okStatus.MatchString(route) {
			n += c
		}
	}
	return n
}

func tenantLookups() int {
	n := 0
	for route, c := range emu.Stats().ByRoute {
		if strings.HasPrefix(route, "GET /tenantRelationships/") {
			n += c
		}
	}
	return n
}

// A b2b_partner for the tenant the provider signs in to, or for an id that
// no tenant has, fails the plan on tenant_id, saying which, and writes
// nothing; it used to plan "1 to add" and fail the apply with "The tenant
// ... was not found". A plan of a partner already in state looks nothing up.
func TestAccPartner_tenantIDOfNoPartnerFailsThePlan(t *testing.T) {
	requireEmulator(t)
	t.Cleanup(emu.PurgeDeletedPartners)
	const noTenant = "7e000000-0009-4000-8000-0000000fab09"
	own := emu.TenantID()
	writesBefore := partnerWrites()
	var lookupsBefore int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(s *terraform.State) error { return noPartner(fabrikamTenantID)(s) },
		Steps: []resource.TestStep{
			{
				Config:      partnerConfig(own, ""),
				ExpectError: regexp.MustCompile(`(?s)A partner must be another organization.*tenant_id = "` + own + `".*is the tenant that the provider\s+signs\s+in\s+to`),
			},
			{
				Config:      partnerConfig(strings.ToUpper(own), ""),
				ExpectError: regexp.MustCompile(`A partner must be another organization`),
			},
			{
				Config:      partnerConfig(noTenant, ""),
				ExpectError: regexp.MustCompile(`(?s)No tenant has this id.*tenant_id = "` + noTenant + `".*No Microsoft Entra tenant has the id\s+` + noTenant),
			},
			{
				Config: partnerConfig(fabrikamTenantID, ""),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if _, ok := emu.Partner(fabrikamTenantID); !ok {
						return fmt.Errorf("no partner configuration for Fabrikam")
					}
					return nil
				})},
			},
			{
				PreConfig: func() { lookupsBefore = tenantLookups() },
				Config:    partnerConfig(fabrikamTenantID, ""),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if n := tenantLookups() - lookupsBefore; n != 0 {
						return fmt.Errorf("plans of a partner in state looked up %d tenants", n)
					}
					return nil
				})},
			},
			// A new tenant_id replaces the configuration, and is checked.
			{
				Config:      partnerConfig(own, ""),
				ExpectError: regexp.MustCompile(`A partner must be another organization`),
			},
		},
	})
	for _, id := range []string{own, noTenant} {
		if p, ok := emu.Partner(id); ok {
			t.Errorf("a partner configuration for %s: %v", id, p)
		}
	}
	// The one create of Fabrikam and its destroy; nothing for the refused ids.
	if n := partnerWrites() - writesBefore; n != 2 {
		t.Errorf("%d writes to partner configurations, want 2 (Fabrikam's create and delete)", n)
	}
}

// An app without CrossTenantInformation.ReadBasic.All, which b2b_partner
// alone does not need, plans a partner without the lookup: an id of no
// tenant then fails at apply, with Graph's answer, as before the check.
func TestAccPartner_tenantIDUncheckedWithoutTheLookupPermission(t *testing.T) {
	requireEmulator(t)
	const noTenant = "7e000000-0009-4000-8000-0000000fab09"
	clientID, secret := "1c000000-0000-4000-8000-0000000000b7", "secret-of-"+t.Name()
	emu.AddApp(clientID, secret, "Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess")
	writesBefore := partnerWrites()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      appAs(clientID, secret) + partnerConfig(noTenant, ""),
				ExpectError: regexp.MustCompile(`(?s)Cannot create the partner configuration of tenant ` + noTenant + `.*was\s+not\s+found`),
			},
		},
	})
	if _, ok := emu.Partner(noTenant); ok {
		t.Errorf("a partner configuration for %s", noTenant)
	}
	if n := partnerWrites() - writesBefore; n != 0 {
		t.Errorf("%d partner configurations written", n)
	}
}
