package graph

import (
	"context"
	"slices"
	"testing"
)

func TestRedemptionOrderChangeAndReset(t *testing.T) {
	c := newTestClient(t)
	t.Cleanup(func() { _ = c.ResetCrossTenantDefaults(context.Background()) }) // t.Context is over by then
	before, err := c.GetCrossTenantDefaults(t.Context())
	if err != nil || before.Redemption == nil || before.Redemption.Fallback != "defaultConfiguredIdp" || len(before.Redemption.Primary) != 3 {
		t.Fatalf("the system default: %+v, %v", before.Redemption, err)
	}
	want := RedemptionOrder{Primary: []string{"azureActiveDirectory"}, Fallback: "emailOneTimePasscode"}
	if err := c.UpdateRedemptionOrder(t.Context(), want); err != nil {
		t.Fatal(err)
	}
	changed, err := c.GetCrossTenantDefaults(t.Context())
	if err != nil || changed.ServiceDefault || changed.Redemption == nil || !slices.Equal(changed.Redemption.Primary, want.Primary) || changed.Redemption.Fallback != want.Fallback {
		t.Fatalf("after a change: %+v, %v", changed.Redemption, err)
	}
	// Graph's reader refuses a value its enum lacks.
	if err := c.UpdateRedemptionOrder(t.Context(), RedemptionOrder{Primary: []string{"google"}, Fallback: "microsoftAccount"}); !IsKind(err, KindBadRequest) {
		t.Fatalf("an unknown provider: %v", err)
	}
	if err := c.ResetCrossTenantDefaults(t.Context()); err != nil {
		t.Fatal(err)
	}
	if after, err := c.GetCrossTenantDefaults(t.Context()); err != nil || after.Redemption.Fallback != "defaultConfiguredIdp" {
		t.Fatalf("after the reset: %+v, %v", after.Redemption, err)
	}
}

func TestGuestEmailOTPChange(t *testing.T) {
	c := newTestClient(t)
	t.Cleanup(func() { _ = c.SetGuestEmailOTP(context.Background(), "default") })
	if got, err := c.GetGuestEmailOTP(t.Context()); err != nil || got != "default" {
		t.Fatalf("before: %q, %v", got, err)
	}
	for _, state := range []string{"disabled", "enabled"} {
		if err := c.SetGuestEmailOTP(t.Context(), state); err != nil {
			t.Fatal(err)
		}
		if got, err := c.GetGuestEmailOTP(t.Context()); err != nil || got != state {
			t.Fatalf("after setting %s: %q, %v", state, got, err)
		}
	}
	if err := c.SetGuestEmailOTP(t.Context(), "sometimes"); !IsKind(err, KindBadRequest) {
		t.Fatalf("a state Graph does not know: %v", err)
	}
}

func TestRedemptionIssuer(t *testing.T) {
	for _, tc := range []struct {
		ids  []Identity
		want string
	}{
		{nil, ""},
		{[]Identity{{SignInType: "userPrincipalName", Issuer: "contoso.onmicrosoft.com"}}, ""},
		{[]Identity{{SignInType: "userPrincipalName", Issuer: "contoso.onmicrosoft.com"}, {SignInType: "federated", Issuer: "mail"}}, "mail"},
		{[]Identity{{SignInType: "federated", Issuer: "ExternalAzureAD"}}, "ExternalAzureAD"},
	} {
		if got := (Guest{Identities: tc.ids}).RedemptionIssuer(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.ids, got, tc.want)
		}
	}
}
