package graph

import (
	"context"
	"encoding/json"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// RedemptionOrder is how guests redeem invitations (package doc, "How
// guests redeem"): the primary identity providers in the order they are
// tried, and the one for guests none of them serves.
type RedemptionOrder struct {
	Primary  []string `json:"primaryIdentityProviderPrecedenceOrder"`
	Fallback string   `json:"fallbackIdentityProvider"`
}

// The identity providers of the redemption order, as Graph names them
// (b2bIdentityProvidersType).
var (
	PrimaryIdentityProviders  = []string{"azureActiveDirectory", "externalFederation", "socialIdentityProviders"}
	FallbackIdentityProviders = []string{"defaultConfiguredIdp", "emailOneTimePasscode", "microsoftAccount"}
)

// UpdateRedemptionOrder sets the redemption order of the default
// cross-tenant settings, both halves at once.
func (c *Client) UpdateRedemptionOrder(ctx context.Context, o RedemptionOrder) error {
	body, err := json.Marshal(map[string]any{"invitationRedemptionIdentityProviderConfiguration": o})
	if err != nil {
		return err
	}
	if err := c.adapter.SendNoContent(ctx, c.rawRequest(abstractions.PATCH, defaultsPath, nil, body), odataErrors); err != nil {
		return wrap(err, "updating the redemption order of the default cross-tenant access settings", PermWriteCrossTenant)
	}
	return nil
}

// The values allowExternalIdToUseEmailOtp takes.
var EmailOTPStates = []string{"default", "enabled", "disabled"}

const emailMethodPath = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email"

type emailMethod struct {
	ODataType string `json:"@odata.type,omitempty"`
	GuestsOTP string `json:"allowExternalIdToUseEmailOtp"`
}

// GetGuestEmailOTP reads whether guests may redeem with a one-time
// passcode sent by mail: default, enabled or disabled.
func (c *Client) GetGuestEmailOTP(ctx context.Context) (string, error) {
	var m emailMethod
	if err := c.getJSON(ctx, c.rawRequest(abstractions.GET, emailMethodPath, nil, nil), &m); err != nil {
		return "", wrap(err, "reading the email one-time passcode method", PermReadAuthMethod)
	}
	return m.GuestsOTP, nil
}

// SetGuestEmailOTP sets allowExternalIdToUseEmailOtp, with the type the
// update page's example names.
func (c *Client) SetGuestEmailOTP(ctx context.Context, state string) error {
	body, err := json.Marshal(emailMethod{ODataType: "#microsoft.graph.emailAuthenticationMethodConfiguration", GuestsOTP: state})
	if err != nil {
		return err
	}
	if err := c.adapter.SendNoContent(ctx, c.rawRequest(abstractions.PATCH, emailMethodPath, nil, body), odataErrors); err != nil {
		return wrap(err, "updating the email one-time passcode method", PermWriteAuthMethod)
	}
	return nil
}

// The issuers of a redeemed guest's federated identity (package doc, "How
// guests redeem").
const (
	IssuerEntra            = "ExternalAzureAD"
	IssuerMicrosoftAccount = "MicrosoftAccount"
	IssuerEmailOTP         = "mail"
	IssuerGoogle           = "google.com"
	IssuerFacebook         = "facebook.com"
)

// RedemptionIssuer is the issuer of the identity a guest redeemed with,
// or "" for a guest with none: one not yet redeemed, or a member of the
// tenant, whose identities name only the tenant's own domain.
func (g Guest) RedemptionIssuer() string {
	for _, id := range g.Identities {
		if strings.EqualFold(id.SignInType, "federated") && id.Issuer != "" {
			return id.Issuer
		}
	}
	return ""
}
