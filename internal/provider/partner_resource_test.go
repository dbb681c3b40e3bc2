package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

const (
	partnerAddr     = "b2b_partner.fabrikam"
	partnerGroupA   = "f0000000-0000-4000-8000-0000000000a1" // groups of the partner's tenant
	partnerGroupB   = "f0000000-0000-4000-8000-0000000000b2"
	northwindTenant = "7e000000-0004-4000-8000-0000000fab04"
)

func partnerConfig(tenant, body string) string {
	return fmt.Sprintf("resource \"b2b_partner\" \"fabrikam\" {\n  tenant_id = %q\n%s\n}\n", tenant, body)
}

// northwindHolds checks the suite emulator's configuration of the one
// partner the serial tests on it configure, as Graph's JSON.
func northwindHolds(want map[string]string) emulatorCheck {
	return partnerHoldsOn(emu, northwindTenant, want)
}

// partnerHoldsOn is partnerHolds in the tenant of the emulator e.
func partnerHoldsOn(e *graphemu.Server, tenant string, want map[string]string) emulatorCheck {
	return func() error {
		p, ok := e.Partner(tenant)
		if !ok {
			return fmt.Errorf("the emulator holds no partner configuration for %s", tenant)
		}
		for prop, js := range want {
			got, _ := json.Marshal(p[prop])
			var wantValue, gotValue any
			_ = json.Unmarshal([]byte(js), &wantValue)
			_ = json.Unmarshal(got, &gotValue)
			if fmt.Sprint(wantValue) != fmt.Sprint(gotValue) {
				return fmt.Errorf("%s is %s, want %s", prop, got, js)
			}
		}
		return nil
	}
}

func noPartner(tenant string) func(*terraform.State) error { return noPartnerOn(emu, tenant) }

// noPartnerOn is noPartner in the tenant of the emulator e.
func noPartnerOn(e *graphemu.Server, tenant string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if _, ok := e.Partner(tenant); ok {
			return fmt.Errorf("a partner configuration for %s is still there", tenant)
		}
		e.PurgeDeletedPartner(tenant)
		return nil
	}
}

// Create, change every argument in place, drift made outside Terraform,
// import, and destroy, with what the emulator holds after each step.
func TestAccPartner_lifecycle(t *testing.T) {
	requireEmulator(t)
	// An emulator of its own: partner configurations are tenant-wide.
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	first := `  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }
  b2b_collaboration_inbound = {
    users_and_groups = {
      access    = "allowed"
      group_ids = ["` + partnerGroupA + `"]
    }
    applications = {
      access          = "allowed"
      application_ids = ["ae000000-0001-4000-8000-0000000000a1", "ae000000-0002-4000-8000-0000000000a2"]
    }
  }
  b2b_collaboration_outbound = {
    users_and_groups = {
      access    = "allowed"
      all_users = true
    }
  }
  automatic_redemption = {
    inbound  = true
    outbound = false
  }`
	second := `  inbound_trust = {
    mfa_accepted                  = false
    compliant_device_accepted     = true
    hybrid_joined_device_accepted = true
  }
  b2b_collaboration_inbound = {
    users_and_groups = {
      access    = "blocked"
      group_ids = ["` + partnerGroupB + `"]
    }
    applications = {
      access           = "allowed"
      all_applications = true
    }
  }
  b2b_collaboration_outbound = {
    users_and_groups = {
      access    = "allowed"
      group_ids = ["` + groupSales + `"]
    }
    applications = {
      access    = "blocked"
      application_ids = ["Office365"]
    }
  }
  automatic_redemption = {
    inbound  = false
    outbound = true
  }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPartnerOn(e, fabrikamTenantID),
		Steps: []resource.TestStep{
			{
				Config: provider + partnerConfig(fabrikamTenantID, first),
				ConfigStateChecks: []statecheck.StateCheck{partnerHoldsOn(e, fabrikamTenantID, map[string]string{
					"inboundTrust": `{"isMfaAccepted":true,"isCompliantDeviceAccepted":false,"isHybridAzureADJoinedDeviceAccepted":false}`,
					"b2bCollaborationInbound": `{"usersAndGroups":{"accessType":"allowed","targets":[{"target":"` + partnerGroupA + `","targetType":"group"}]},` +
						`"applications":{"accessType":"allowed","targets":[{"target":"ae000000-0001-4000-8000-0000000000a1","targetType":"application"},{"target":"ae000000-0002-4000-8000-0000000000a2","targetType":"application"}]}}`,
					"b2bCollaborationOutbound":     `{"usersAndGroups":{"accessType":"allowed","targets":[{"target":"AllUsers","targetType":"user"}]}}`,
					"automaticUserConsentSettings": `{"inboundAllowed":true,"outboundAllowed":false}`,
				})},
			},
			{
				Config:           provider + partnerConfig(fabrikamTenantID, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(partnerAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{partnerHoldsOn(e, fabrikamTenantID, map[string]string{
					"inboundTrust":                 `{"isMfaAccepted":false,"isCompliantDeviceAccepted":true,"isHybridAzureADJoinedDeviceAccepted":true}`,
					"b2bCollaborationInbound":      `{"usersAndGroups":{"accessType":"blocked","targets":[{"target":"` + partnerGroupB + `","targetType":"group"}]},"applications":{"accessType":"allowed","targets":[{"target":"AllApplications","targetType":"application"}]}}`,
					"b2bCollaborationOutbound":     `{"usersAndGroups":{"accessType":"allowed","targets":[{"target":"` + groupSales + `","targetType":"group"}]},"applications":{"accessType":"blocked","targets":[{"target":"Office365","targetType":"application"}]}}`,
					"automaticUserConsentSettings": `{"inboundAllowed":false,"outboundAllowed":true}`,
				})},
			},
			{
				// Drift: another admin turns automatic redemption off.
				PreConfig: func() {
					if err := e.PatchPartner(fabrikamTenantID, map[string]any{"automaticUserConsentSettings": map[string]any{"inboundAllowed": true, "outboundAllowed": true}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             provider + partnerConfig(fabrikamTenantID, second),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:            provider + partnerConfig(fabrikamTenantID, second),
				ConfigStateChecks: []statecheck.StateCheck{partnerHoldsOn(e, fabrikamTenantID, map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":false,"outboundAllowed":true}`})},
			},
			{ResourceName: partnerAddr, ImportState: true, ImportStateVerify: true, ImportStateId: fabrikamTenantID},
		},
	})
}

// A setting the configuration leaves out is not managed: set elsewhere, it
// shows in state and plans no change.
func TestAccPartner_settingsLeftOutAreNotManaged(t *testing.T) {
	requireEmulator(t)
	// An emulator of its own: partner configurations are tenant-wide.
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	config := partnerConfig(northwindTenant, `  automatic_redemption = {
    inbound  = true
    outbound = true
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPartnerOn(e, northwindTenant),
		Steps: []resource.TestStep{
			{Config: provider + config},
			{
				PreConfig: func() {
					if err := e.PatchPartner(northwindTenant, map[string]any{"inboundTrust": map[string]any{"isMfaAccepted": true, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": false}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:            provider + config,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{partnerHoldsOn(e, northwindTenant, map[string]string{"inboundTrust": `{"isMfaAccepted":true,"isCompliantDeviceAccepted":false,"isHybridAzureADJoinedDeviceAccepted":false}`})},
			},
		},
	})
}

// A configuration made elsewhere is refused with the import that adopts
// it; a deleted one in deleted items is refused with what an administrator
// can do, and once purged the same apply works.
func TestAccPartner_existingAndDeletedConfigurations(t *testing.T) {
	requireEmulator(t)
	// An emulator of its own: partner configurations are tenant-wide.
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	config := partnerConfig(northwindTenant, `  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = true
    hybrid_joined_device_accepted = false
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPartnerOn(e, northwindTenant),
		Steps: []resource.TestStep{
			{Config: provider + config},
			{Config: provider + "# the configuration is deleted, and sits in deleted items\n"},
			{Config: provider + config, ExpectError: regexp.MustCompile(flexibleSpaces(`deleted partner configuration is in deleted items`))},
			{PreConfig: func() { e.PurgeDeletedPartner(northwindTenant) }, Config: provider + config},
		},
	})
}

// Bad input: at plan time where it can be known, on the attribute; at apply
// with Graph's answer and what to do otherwise.
func TestAccPartner_badInput(t *testing.T) {
	requireEmulator(t)
	t.Parallel()
	// An emulator of its own: partner configurations are tenant-wide.
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	const woodgrove = "7e000000-0005-4000-8000-0000000fab05"
	twice := partnerConfig(woodgrove, "") + `resource "b2b_partner" "again" {
  tenant_id = "` + woodgrove + `"
}
`
	cases := map[string]struct {
		config string
		pre    func()
		want   string
	}{
		"a tenant id that is not a GUID": {config: provider + partnerConfig("fabrikam.example", ""), want: `"fabrikam.example" is not a tenant id`},
		"a tenant that does not exist":   {config: provider + partnerConfig("7e000000-0009-4000-8000-0000000fab09", ""), want: `No Microsoft Entra tenant has the id 7e000000-0009-4000-8000-0000000fab09`},
		"an outbound group that does not exist": {config: provider + partnerConfig(woodgrove, `  b2b_collaboration_outbound = {
    users_and_groups = {
      access    = "allowed"
      group_ids = ["deadbeef-0000-4000-8000-0000000000aa"]
    }
  }`), want: `The group 'deadbeef-0000-4000-8000-0000000000aa' in 'b2bCollaborationOutbound.usersAndGroups' does not exist`},
		"a partner configured twice": {config: provider + twice, want: `Tenant ` + woodgrove + ` is configured twice`},
		"all_users = false":          {config: provider + partnerConfig(woodgrove, "  b2b_collaboration_inbound = {\n    users_and_groups = {\n      access    = \"allowed\"\n      all_users = false\n    }\n  }"), want: `Set all_users to true, or leave it out`},
		"nothing to allow":           {config: provider + partnerConfig(woodgrove, "  b2b_collaboration_inbound = {\n    applications = {\n      access = \"blocked\"\n    }\n  }"), want: `Nothing to allow or block`},
		"an access that is neither":  {config: provider + partnerConfig(woodgrove, "  b2b_collaboration_inbound = {\n    applications = {\n      access           = \"maybe\"\n      all_applications = true\n    }\n  }"), want: `value must be one of`},
		"a configuration made elsewhere": {config: provider + partnerConfig(woodgrove, ""), pre: func() {
			c := emuClientOn(t, e)
			if _, err := c.CreatePartner(t.Context(), graphPartner(woodgrove)); err != nil {
				t.Fatal(err)
			}
		}, want: `terraform import b2b_partner.NAME ` + woodgrove},
		"a missing permission": {config: ownProviderAs(e, "1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite") + partnerConfig(woodgrove, ""),
			want: `needs the Microsoft Graph application permission Policy.ReadWrite.CrossTenantAccess`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Cleanup(func() {
				if _, ok := e.Partner(woodgrove); ok {
					// t.Context is over by the time cleanups run.
					if err := emuClientOn(t, e).DeletePartner(context.Background(), woodgrove); err != nil {
						t.Error(err)
					}
				}
				e.PurgeDeletedPartner(woodgrove)
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{PreConfig: tc.pre, Config: tc.config, ExpectError: regexp.MustCompile(flexibleSpaces(regexp.QuoteMeta(tc.want)))}},
			})
		})
	}
}

func graphPartner(tenant string) graph.PartnerConfig { return graph.PartnerConfig{TenantID: tenant} }

// A new tenant id replaces the configuration: the old tenant's goes, the
// new one's comes, and the plan is not refused as a tenant configured twice.
func TestAccPartner_newTenantReplaces(t *testing.T) {
	requireEmulator(t)
	// An emulator of its own: partner configurations are tenant-wide.
	e := ownEmulator(t, graphemu.Options{})
	provider := ownProvider(e)
	const woodgrove = "7e000000-0005-4000-8000-0000000fab05"
	body := "  automatic_redemption = {\n    inbound  = true\n    outbound = false\n  }"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := noPartnerOn(e, northwindTenant)(s); err != nil {
				return err
			}
			return noPartnerOn(e, woodgrove)(s)
		},
		Steps: []resource.TestStep{
			{Config: provider + partnerConfig(northwindTenant, body)},
			{
				Config:           provider + partnerConfig(woodgrove, body),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(partnerAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{partnerHoldsOn(e, woodgrove, map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":true,"outboundAllowed":false}`}),
					emulatorCheck(func() error {
						if _, ok := e.Partner(northwindTenant); ok {
							return fmt.Errorf("the old tenant's configuration is still there")
						}
						return nil
					})},
			},
		},
	})
}
