package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const defaultsAddr = "b2b_cross_tenant_defaults.this"

func defaultsConfig(body string) string {
	return "resource \"b2b_cross_tenant_defaults\" \"this\" {\n" + body + "\n}\n"
}

// defaultsHold checks the emulator's defaults through Graph, as another
// client reads them.
func defaultsHold(t *testing.T, check func(graph.CrossTenantDefaults) error) statecheck.StateCheck {
	return emulatorCheck(func() error {
		d, err := emuClient(t).GetCrossTenantDefaults(context.Background())
		if err != nil {
			return err
		}
		return check(d)
	})
}

// Create takes the defaults over, every argument changes in place, drift
// shows, import works, and destroy resets to the system default.
func TestAccCrossTenantDefaults_lifecycle(t *testing.T) {
	requireEmulator(t)
	first := `  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }
  automatic_redemption = {
    inbound  = false
    outbound = false
  }`
	second := `  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = true
    hybrid_joined_device_accepted = true
  }
  b2b_collaboration_inbound = {
    users_and_groups = {
      access    = "blocked"
      all_users = true
    }
    applications = {
      access           = "blocked"
      all_applications = true
    }
  }
  b2b_collaboration_outbound = {
    users_and_groups = {
      access    = "allowed"
      group_ids = ["` + groupSales + `"]
    }
    applications = {
      access           = "allowed"
      all_applications = true
    }
  }
  automatic_redemption = {
    inbound  = true
    outbound = true
  }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			d, err := emuClient(t).GetCrossTenantDefaults(context.Background())
			if err != nil || !d.ServiceDefault {
				return fmt.Errorf("destroy left the defaults changed: %+v, %v", d, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: defaultsConfig(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(defaultsAddr, tfjsonpath.New("service_default"), knownvalue.Bool(false)),
					// What the configuration leaves out is read in whole.
					statecheck.ExpectKnownValue(defaultsAddr, tfjsonpath.New("b2b_collaboration_inbound").AtMapKey("users_and_groups").AtMapKey("all_users"), knownvalue.Bool(true)),
					defaultsHold(t, func(d graph.CrossTenantDefaults) error {
						if d.InboundTrust == nil || !d.InboundTrust.MFAAccepted {
							return fmt.Errorf("inboundTrust %+v", d.InboundTrust)
						}
						return nil
					}),
				},
			},
			{
				Config:           defaultsConfig(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(defaultsAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{defaultsHold(t, func(d graph.CrossTenantDefaults) error {
					if d.CollaborationInbound.UsersAndGroups.AccessType != "blocked" || d.AutomaticRedemption.OutboundAllowed == nil || !*d.AutomaticRedemption.OutboundAllowed ||
						d.CollaborationOutbound.UsersAndGroups.Targets[0].Target != groupSales || !d.InboundTrust.HybridJoinedDeviceAccepted {
						return fmt.Errorf("defaults after the change: %+v", d)
					}
					return nil
				})},
			},
			{
				PreConfig: func() {
					// Drift: another admin turns automatic redemption off.
					off := false
					if err := emuClient(t).UpdateCrossTenantDefaults(context.Background(), graph.PartnerConfig{AutomaticRedemption: &graph.InboundOutbound{InboundAllowed: &off, OutboundAllowed: &off}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             defaultsConfig(second),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: defaultsConfig(second)},
			{ResourceName: defaultsAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "default"},
			{ResourceName: defaultsAddr, ImportState: true, ImportStateId: "tenant", ExpectError: regexp.MustCompile("import it with the id `default`")},
		},
	})
}
