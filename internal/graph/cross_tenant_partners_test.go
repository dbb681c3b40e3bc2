package graph

import "testing"

const woodgroveTenant = "7e000000-0005-4000-8000-0000000fab05"

// Create, read, change one setting while the others stay, delete, and what
// a create meets while the deleted one is in deleted items.
func TestPartnerConfigurationLifecycle(t *testing.T) {
	c := newTestClient(t)
	yes := true
	created, err := c.CreatePartner(t.Context(), PartnerConfig{TenantID: woodgroveTenant,
		InboundTrust:         &InboundTrust{MFAAccepted: true},
		CollaborationInbound: &B2BSetting{UsersAndGroups: &AccessTargets{AccessType: "allowed", Targets: []AccessTarget{{Target: "AllUsers", TargetType: "user"}}}},
	})
	if err != nil || created.TenantID != woodgroveTenant || created.InboundTrust == nil || !created.InboundTrust.MFAAccepted {
		t.Fatalf("create: %+v, %v", created, err)
	}
	if err := c.UpdatePartner(t.Context(), PartnerConfig{TenantID: woodgroveTenant, AutomaticRedemption: &InboundOutbound{InboundAllowed: &yes}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPartner(t.Context(), woodgroveTenant)
	if err != nil || got.AutomaticRedemption == nil || got.AutomaticRedemption.InboundAllowed == nil || !*got.AutomaticRedemption.InboundAllowed ||
		got.AutomaticRedemption.OutboundAllowed != nil || got.InboundTrust == nil || !got.InboundTrust.MFAAccepted ||
		got.CollaborationOutbound != nil || got.CollaborationInbound.UsersAndGroups.Targets[0].Target != "AllUsers" {
		t.Fatalf("after the update: %+v, %v", got, err)
	}
	if _, err := c.CreatePartner(t.Context(), PartnerConfig{TenantID: woodgroveTenant}); !IsKind(err, KindAlreadyExists) {
		t.Fatalf("a second create: %v, want AlreadyExists", err)
	}
	if err := c.DeletePartner(t.Context(), woodgroveTenant); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPartner(t.Context(), woodgroveTenant); !IsNotFound(err) {
		t.Fatalf("read after delete: %v, want NotFound", err)
	}
	if _, err := c.CreatePartner(t.Context(), PartnerConfig{TenantID: woodgroveTenant}); !IsKind(err, KindAlreadyExists) {
		t.Fatalf("a create while the deleted one is in deleted items: %v, want AlreadyExists", err)
	}
	emu.PurgeDeletedPartner(woodgroveTenant)
}
