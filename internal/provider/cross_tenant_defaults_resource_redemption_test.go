package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// redemptionConfig is b2b_cross_tenant_defaults with a redemption order.
func redemptionConfig(fallback string, order ...string) string {
	quoted := make([]string, len(order))
	for i, o := range order {
		quoted[i] = fmt.Sprintf("%q", o)
	}
	return defaultsConfig(fmt.Sprintf("  redemption = {\n    order    = [%s]\n    fallback = %q\n  }", strings.Join(quoted, ", "), fallback))
}

// redemptionHolds checks the order the emulator holds, as another client
// reads it.
func redemptionHolds(t *testing.T, fallback string, order ...string) statecheck.StateCheck {
	return defaultsHold(t, func(d graph.CrossTenantDefaults) error {
		if d.Redemption == nil || d.Redemption.Fallback != fallback || !slices.Equal(d.Redemption.Primary, order) {
			return fmt.Errorf("the emulator holds the redemption order %+v, want %v then %s", d.Redemption, order, fallback)
		}
		return nil
	})
}

func redemptionState(fallback string, order ...string) []statecheck.StateCheck {
	values := make([]knownvalue.Check, len(order))
	for i, o := range order {
		values[i] = knownvalue.StringExact(o)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(defaultsAddr, tfjsonpath.New("redemption").AtMapKey("order"), knownvalue.ListExact(values)),
		statecheck.ExpectKnownValue(defaultsAddr, tfjsonpath.New("redemption").AtMapKey("fallback"), knownvalue.StringExact(fallback)),
	}
}

// The redemption order is set, changed in place, read back after another
// admin's change, imported, and put back to the system default by destroy.
func TestAccCrossTenantDefaults_redemptionOrder(t *testing.T) {
	requireEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			d, err := emuClient(t).GetCrossTenantDefaults(context.Background())
			if err != nil || !d.ServiceDefault || d.Redemption == nil || d.Redemption.Fallback != "defaultConfiguredIdp" ||
				!slices.Equal(d.Redemption.Primary, []string{"externalFederation", "azureActiveDirectory", "socialIdentityProviders"}) {
				return fmt.Errorf("destroy left the redemption order changed: %+v, %v", d.Redemption, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: redemptionConfig("emailOneTimePasscode", "azureActiveDirectory", "externalFederation"),
				ConfigStateChecks: append(redemptionState("emailOneTimePasscode", "azureActiveDirectory", "externalFederation"),
					redemptionHolds(t, "emailOneTimePasscode", "azureActiveDirectory", "externalFederation"),
					statecheck.ExpectKnownValue(defaultsAddr, tfjsonpath.New("service_default"), knownvalue.Bool(false))),
			},
			{
				Config:            redemptionConfig("microsoftAccount", "socialIdentityProviders", "azureActiveDirectory"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(defaultsAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: append(redemptionState("microsoftAccount", "socialIdentityProviders", "azureActiveDirectory"), redemptionHolds(t, "microsoftAccount", "socialIdentityProviders", "azureActiveDirectory")),
			},
			{
				PreConfig: func() {
					// Drift: another admin changes the order and the fallback.
					if err := emuClient(t).UpdateRedemptionOrder(context.Background(), graph.RedemptionOrder{Primary: []string{"azureActiveDirectory"}, Fallback: "defaultConfiguredIdp"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             redemptionConfig("microsoftAccount", "socialIdentityProviders", "azureActiveDirectory"),
				ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(defaultsAddr, plancheck.ResourceActionUpdate)}},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:            redemptionConfig("microsoftAccount", "socialIdentityProviders", "azureActiveDirectory"),
				ConfigStateChecks: []statecheck.StateCheck{redemptionHolds(t, "microsoftAccount", "socialIdentityProviders", "azureActiveDirectory")},
			},
			{ResourceName: defaultsAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "default"},
			// Left out, the order is not managed: the plan is empty, and
			// state shows what the tenant holds.
			{
				Config:            defaultsConfig(""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: redemptionState("microsoftAccount", "socialIdentityProviders", "azureActiveDirectory"),
			},
		},
	})
}
