package graph

import (
	"context"
	"testing"
)

func TestCrossTenantDefaultsChangeAndReset(t *testing.T) {
	c := newTestClient(t)
	t.Cleanup(func() { _ = c.ResetCrossTenantDefaults(context.Background()) }) // t.Context is over by then
	before, err := c.GetCrossTenantDefaults(t.Context())
	if err != nil || !before.ServiceDefault || before.AutomaticRedemption == nil || before.AutomaticRedemption.InboundAllowed == nil || *before.AutomaticRedemption.InboundAllowed {
		t.Fatalf("the system default: %+v, %v", before, err)
	}
	if err := c.UpdateCrossTenantDefaults(t.Context(), PartnerConfig{InboundTrust: &InboundTrust{MFAAccepted: true}}); err != nil {
		t.Fatal(err)
	}
	changed, err := c.GetCrossTenantDefaults(t.Context())
	if err != nil || changed.ServiceDefault || !changed.InboundTrust.MFAAccepted || changed.CollaborationInbound == nil {
		t.Fatalf("after a change: %+v, %v", changed, err)
	}
	if err := c.ResetCrossTenantDefaults(t.Context()); err != nil {
		t.Fatal(err)
	}
	if after, err := c.GetCrossTenantDefaults(t.Context()); err != nil || !after.ServiceDefault || after.InboundTrust.MFAAccepted {
		t.Fatalf("after the reset: %+v, %v", after, err)
	}
}
