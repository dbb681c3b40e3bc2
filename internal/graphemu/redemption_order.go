package graphemu

import (
	"slices"
	"strings"
)

// Which identity a guest redeems with. The defaults'
// invitationRedemptionIdentityProviderConfiguration lists the primary
// providers in the order to try, and names a fallback for a guest that
// none of them serves. Microsoft documents what each provider is, not how
// Entra decides that one serves a guest; the emulator decides so:
//
//   - azureActiveDirectory serves a guest whose email domain belongs to an
//     external tenant of the seed.
//   - externalFederation (SAML/WS-Fed) and socialIdentityProviders (Google,
//     Facebook) serve no one: the emulated tenant federates with no
//     identity provider.
//   - The fallback microsoftAccount always serves, with the account the
//     address has or one made at redemption; emailOneTimePasscode serves
//     while allowExternalIdToUseEmailOtp is not disabled, and no one
//     otherwise; defaultConfiguredIdp is, as the reference says, the
//     Microsoft account the address has (at a consumer domain of the seed
//     with microsoft_accounts), else a one-time passcode if guests may use
//     one, else a new Microsoft account.
//
// The identity a redemption adds is {signInType: federated, issuer,
// issuerAssignedId: the guest's email}, with the issuer Entra's user
// properties page names: ExternalAzureAD, MicrosoftAccount or mail. A
// redemption reset removes it.

// The issuers of a redeemed guest's identity.
const (
	issuerEntra            = "ExternalAzureAD"
	issuerMicrosoftAccount = "MicrosoftAccount"
	issuerEmailOTP         = "mail"
)

type redemptionMethod struct {
	issuer      string
	description string // what the consent page names
}

// redemptionMethod is how a guest with email, homed in home (or nil), would
// redeem now; false when no allowed provider serves it.
func (s *Server) redemptionMethod(home *ExternalTenant, email string) (redemptionMethod, bool) {
	cfg, _ := s.crossTenantDefaults()["invitationRedemptionIdentityProviderConfiguration"].(map[string]any)
	order, _ := cfg["primaryIdentityProviderPrecedenceOrder"].([]any)
	for _, p := range order {
		if p == "azureActiveDirectory" && home != nil {
			return redemptionMethod{issuerEntra, "your " + home.DisplayName + " account (Microsoft Entra ID)"}, true
		}
	}
	msa := redemptionMethod{issuerMicrosoftAccount, "your Microsoft account"}
	otp := redemptionMethod{issuerEmailOTP, "a one-time passcode sent to " + email}
	otpAllowed := s.tenant.emailMethod.guestsMayUseOTP()
	switch cfg["fallbackIdentityProvider"] {
	case "microsoftAccount":
		return msa, true
	case "emailOneTimePasscode":
		return otp, otpAllowed
	}
	switch {
	case s.tenant.hasMicrosoftAccount(email):
		return msa, true
	case otpAllowed:
		return otp, true
	}
	return redemptionMethod{issuerMicrosoftAccount, "a new Microsoft account for " + email}, true
}

// hasMicrosoftAccount reports whether an address holds a Microsoft account
// before it redeems: the seed's consumer domains say so.
func (t *tenant) hasMicrosoftAccount(email string) bool {
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	return slices.ContainsFunc(t.consumer, func(c ConsumerDomain) bool { return c.MicrosoftAccounts && strings.EqualFold(c.Domain, domain) })
}

// withoutFederated is a user's identities without those a redemption
// added.
func withoutFederated(ids []identity) []identity {
	return slices.DeleteFunc(slices.Clone(ids), func(i identity) bool { return i.SignInType == "federated" })
}

// accept completes a guest's redemption with method.
func (s *Server) accept(u *user, method redemptionMethod) {
	u.ExternalUserState, u.StateChangedAt, u.redeemToken = "Accepted", s.now(), ""
	u.Identities = append(withoutFederated(u.Identities), identity{SignInType: "federated", Issuer: method.issuer, IssuerAssignedID: u.Mail})
	u.SignIns.record(SignIn{At: u.StateChangedAt})
}
