package graphemu

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// redeemAs clicks a new guest's redeem URL with method and tells the
// status, the page, and the user afterwards.
func redeemAs(t *testing.T, s *Server, c *rawClient, email, method string) (int, string, UserView) {
	t.Helper()
	u := s.InviteGuest(email, "")
	req, _ := http.NewRequest(method, u.RedeemURL, nil)
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	after, _ := s.User(u.ID)
	return resp.StatusCode, string(page), after
}

func TestRedemptionFollowsTheOrderAndItsFallback(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	const (
		defaults = "/policies/crossTenantAccessPolicy/default"
		email    = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email"
	)
	order := func(primary []any, fallback string) {
		t.Helper()
		status, body := c.do("PATCH", defaults, map[string]any{"invitationRedemptionIdentityProviderConfiguration": map[string]any{
			"primaryIdentityProviderPrecedenceOrder": primary, "fallbackIdentityProvider": fallback}})
		expect(t, "the redemption order", status, 204, body)
	}
	for _, tc := range []struct {
		name, email       string
		primary           []any
		fallback, otp     string
		status            int
		issuer, pageNames string
	}{
		// The system default: Entra ID for a partner's people; for others
		// a Microsoft account they have, else a passcode.
		{"entra", "a@tailspin.example", nil, "", "", 200, "ExternalAzureAD", "Tailspin Toys account"},
		{"an address with a Microsoft account", "a@outlook.example", nil, "", "", 200, "MicrosoftAccount", "your Microsoft account"},
		{"an address without", "a@mailbox.example", nil, "", "", 200, "mail", "one-time passcode sent to a@mailbox.example"},
		{"passcodes off", "b@mailbox.example", nil, "", "disabled", 200, "MicrosoftAccount", "a new Microsoft account"},
		// Entra ID left out of the order: the partner's people fall back.
		{"entra left out, passcodes", "b@tailspin.example", []any{"socialIdentityProviders"}, "emailOneTimePasscode", "enabled", 200, "mail", "one-time passcode"},
		{"entra left out, Microsoft accounts", "c@tailspin.example", []any{"externalFederation"}, "microsoftAccount", "", 200, "MicrosoftAccount", "your Microsoft account"},
		{"consumer, passcodes", "b@outlook.example", []any{"azureActiveDirectory"}, "emailOneTimePasscode", "", 200, "mail", "one-time passcode"},
		// A passcode fallback while guests may not use passcodes serves no one.
		{"no provider", "d@tailspin.example", []any{"externalFederation"}, "emailOneTimePasscode", "disabled", 403, "", "None of the ways"},
	} {
		if tc.primary != nil {
			order(tc.primary, tc.fallback)
		}
		if tc.otp != "" {
			status, body := c.do("PATCH", email, map[string]any{"allowExternalIdToUseEmailOtp": tc.otp})
			expect(t, tc.name+": passcodes", status, 204, body)
		}
		status, page, after := redeemAs(t, s, c, tc.email, "GET")
		if status != tc.status || !strings.Contains(page, tc.pageNames) {
			t.Fatalf("%s: GET answered %d %q", tc.name, status, page)
		}
		status, _, after = redeemAs(t, s, c, strings.Replace(tc.email, "@", ".post@", 1), "POST")
		if status != tc.status || after.RedeemedWith != tc.issuer {
			t.Fatalf("%s: POST answered %d, identity %q, want %d %q", tc.name, status, after.RedeemedWith, tc.status, tc.issuer)
		}
		if want := map[bool]string{true: "Accepted", false: "PendingAcceptance"}[tc.status == 200]; after.ExternalUserState != want {
			t.Fatalf("%s: state %s", tc.name, after.ExternalUserState)
		}
	}
}

// The identity shows in Graph's answer beside the one the invitation
// gave, and a redemption reset removes it.
func TestRedemptionIdentityShowsInGraphUntilAReset(t *testing.T) {
	t.Parallel()
	s := startEmulator(t, Options{})
	app := seedApp()
	c := newRawClient(t, s, app.ClientID, app.Secrets[0])
	_, _, u := redeemAs(t, s, c, "ida@outlook.example", "POST")
	issuers := func() []string {
		_, body := c.do("GET", "/users/"+u.ID+"?$select=identities", nil)
		var out []string
		ids, _ := body["identities"].([]any)
		for _, i := range ids {
			m, _ := i.(map[string]any)
			out = append(out, fmt.Sprint(m["signInType"], ":", m["issuer"]))
		}
		return out
	}
	if got := strings.Join(issuers(), ","); got != "userPrincipalName:"+DefaultSeed().Domain+",federated:MicrosoftAccount" {
		t.Fatalf("identities after redemption: %s", got)
	}
	status, body := c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "ida@outlook.example", "inviteRedirectUrl": "https://x.example",
		"resetRedemption": true, "invitedUser": map[string]any{"id": u.ID}})
	expect(t, "reset", status, 201, body)
	if got := strings.Join(issuers(), ","); got != "userPrincipalName:"+DefaultSeed().Domain {
		t.Fatalf("identities after a reset: %s", got)
	}
}
