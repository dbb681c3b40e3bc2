package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// redemptionIs checks automatic_redemption's two directions in state;
// nil stands for null, "follow the default".
func redemptionIs(inbound, outbound *bool) []statecheck.StateCheck {
	value := func(b *bool) knownvalue.Check {
		if b == nil {
			return knownvalue.Null()
		}
		return knownvalue.Bool(*b)
	}
	at := tfjsonpath.New("automatic_redemption")
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(partnerAddr, at.AtMapKey("inbound"), value(inbound)),
		statecheck.ExpectKnownValue(partnerAddr, at.AtMapKey("outbound"), value(outbound)),
	}
}

// On Graph a partner's automatic redemption that follows the default is
// {"inboundAllowed": null, "outboundAllowed": null}, and false is a
// different setting: "no, whatever the default says". A partner that
// inherits, one that says no and one that says yes each round-trip, and
// going back to the default sends nulls.
func TestAccPartner_automaticRedemptionInheritsUnlessSet(t *testing.T) {
	requireEmulator(t)
	yes, no := true, false
	inherits := `  automatic_redemption = {
    inbound  = null
    outbound = null
  }`
	saysNo := "  automatic_redemption = {\n    inbound  = false\n    outbound = false\n  }"
	saysYes := "  automatic_redemption = {\n    inbound  = true\n    outbound = true\n  }"
	mixed := "  automatic_redemption = {\n    inbound = false\n  }"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPartner(northwindTenant),
		Steps: []resource.TestStep{
			{
				// Left out: Graph's nulls show in state as nulls, not false.
				Config: partnerConfig(northwindTenant, ""),
				ConfigStateChecks: append(redemptionIs(nil, nil),
					northwindHolds(map[string]string{"automaticUserConsentSettings": `null`})),
			},
			{
				Config:            partnerConfig(northwindTenant, saysNo),
				ConfigStateChecks: append(redemptionIs(&no, &no), northwindHolds(map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":false,"outboundAllowed":false}`})),
			},
			{
				Config:            partnerConfig(northwindTenant, saysYes),
				ConfigStateChecks: append(redemptionIs(&yes, &yes), northwindHolds(map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":true,"outboundAllowed":true}`})),
			},
			{
				Config:            partnerConfig(northwindTenant, mixed),
				ConfigStateChecks: append(redemptionIs(&no, nil), northwindHolds(map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":false,"outboundAllowed":null}`})),
			},
			{
				Config:            partnerConfig(northwindTenant, inherits),
				ConfigStateChecks: append(redemptionIs(nil, nil), northwindHolds(map[string]string{"automaticUserConsentSettings": `{"inboundAllowed":null,"outboundAllowed":null}`})),
			},
			{ResourceName: partnerAddr, ImportState: true, ImportStateVerify: true, ImportStateId: northwindTenant},
		},
	})
}
