package provider

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// redeemWithPage opens a guest's redeem URL, then accepts, as the guest's
// browser would, and tells what the consent page said and what the
// acceptance answered.
func redeemWithPage(t *testing.T, email string) (page string, status int) {
	t.Helper()
	users := emu.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users hold %s", len(users), email)
	}
	hc := emuHTTPClient(t)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, _ := http.NewRequest(method, users[0].RedeemURL, nil)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if method == http.MethodGet {
			page = string(body)
		}
		status = resp.StatusCode
	}
	return page, status
}

// expectRedemption redeems a guest and checks what the consent page named,
// how the acceptance ended, and what the emulator holds afterwards.
func expectRedemption(t *testing.T, email, pageSays string, status int, issuer string) {
	t.Helper()
	page, got := redeemWithPage(t, email)
	if !strings.Contains(page, pageSays) || got != status {
		t.Fatalf("%s: the consent page said %q and the acceptance answered %d; want %q and %d", email, page, got, pageSays, status)
	}
	u, _ := emu.User(emu.UsersByEmail(email)[0].ID)
	if want := map[bool]string{true: "Accepted", false: "PendingAcceptance"}[status == http.StatusOK]; u.ExternalUserState != want || u.RedeemedWith != issuer {
		t.Fatalf("%s after redemption: %s with %q; want %s with %q", email, u.ExternalUserState, u.RedeemedWith, want, issuer)
	}
}

func guestLookup(name, email string) string {
	return fmt.Sprintf("data \"b2b_guest\" %q {\n  email = %q\n}\n", name, email)
}

func redeemedWithIs(name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.b2b_guest."+name, tfjsonpath.New("redeemed_with"), want)
}

// A guest from an Entra tenant and one from a consumer domain redeem under
// two redemption orders, b2b_guest and b2b_guests show what each used, and
// a guest that no allowed provider serves is refused.
func TestAccGuest_redeemedWithFollowsTheRedemptionOrder(t *testing.T) {
	requireEmulator(t)
	restoreCollaborationSettings(t)
	tag := fmt.Sprintf("rw%d", os.Getpid())
	entraA, consumerA := tag+".entra.a@tailspin.example", tag+".consumer.a@outlook.example"
	entraB, consumerB := tag+".entra.b@tailspin.example", tag+".consumer.b@outlook.example"
	refused := tag + ".refused@tailspin.example"
	// Order A, the system default's providers: Entra ID first; the
	// fallback gives the consumer guest the Microsoft account it has.
	orderA := redemptionConfig("defaultConfiguredIdp", "azureActiveDirectory", "externalFederation", "socialIdentityProviders")
	// Order B: no Entra ID; everyone else gets a one-time passcode.
	orderB := redemptionConfig("emailOneTimePasscode", "externalFederation")
	firstGuests := guestBlock("entra_a", entraA) + guestBlock("consumer_a", consumerA)
	secondGuests := guestBlock("entra_b", entraB) + guestBlock("consumer_b", consumerB)
	guestsOnMicrosoftAccounts := fmt.Sprintf("data \"b2b_guests\" \"on_microsoft_accounts\" {\n  emails        = [%q, %q, %q, %q]\n  redeemed_with = \"microsoft_account\"\n}\n", entraA, consumerA, entraB, consumerB)
	passcodesOff := collaborationConfig(`  guest_email_one_time_passcode = "disabled"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: orderA + firstGuests, ConfigStateChecks: []statecheck.StateCheck{redemptionHolds(t, "defaultConfiguredIdp", "azureActiveDirectory", "externalFederation", "socialIdentityProviders")}},
			{
				PreConfig: func() {
					expectRedemption(t, entraA, "Tailspin Toys account (Microsoft Entra ID)", http.StatusOK, "ExternalAzureAD")
					expectRedemption(t, consumerA, "your Microsoft account", http.StatusOK, "MicrosoftAccount")
				},
				Config: orderA + firstGuests + guestLookup("entra_a", entraA) + guestLookup("consumer_a", consumerA),
				ConfigStateChecks: []statecheck.StateCheck{
					redeemedWithIs("entra_a", knownvalue.StringExact("entra_id")),
					redeemedWithIs("consumer_a", knownvalue.StringExact("microsoft_account")),
				},
			},
			{Config: orderB + firstGuests + secondGuests, ConfigStateChecks: []statecheck.StateCheck{redemptionHolds(t, "emailOneTimePasscode", "externalFederation")}},
			{
				PreConfig: func() {
					expectRedemption(t, entraB, "one-time passcode sent to "+entraB, http.StatusOK, "mail")
					expectRedemption(t, consumerB, "one-time passcode sent to "+consumerB, http.StatusOK, "mail")
				},
				Config: orderB + firstGuests + secondGuests + guestLookup("entra_a", entraA) + guestLookup("consumer_a", consumerA) +
					guestLookup("entra_b", entraB) + guestLookup("consumer_b", consumerB) + guestsOnMicrosoftAccounts,
				ConfigStateChecks: []statecheck.StateCheck{
					// Who redeemed under order A keeps what it used.
					redeemedWithIs("entra_a", knownvalue.StringExact("entra_id")),
					redeemedWithIs("consumer_a", knownvalue.StringExact("microsoft_account")),
					redeemedWithIs("entra_b", knownvalue.StringExact("email_one_time_passcode")),
					redeemedWithIs("consumer_b", knownvalue.StringExact("email_one_time_passcode")),
					statecheck.ExpectKnownValue("data.b2b_guests.on_microsoft_accounts", tfjsonpath.New("guests"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(consumerA), "redeemed_with": knownvalue.StringExact("microsoft_account")}),
					})),
				},
			},
			// Passcodes off for guests, with a passcode as the only way in
			// for a guest from outside Entra ID: no provider serves it.
			{Config: orderB + passcodesOff + guestBlock("refused", refused), ConfigStateChecks: []statecheck.StateCheck{guestOTPHolds(t, "disabled")}},
			{
				PreConfig: func() {
					expectRedemption(t, refused, "None of the ways this organization lets guests sign in", http.StatusForbidden, "")
				},
				Config: orderB + passcodesOff + guestBlock("refused", refused) + guestLookup("refused", refused),
				ConfigStateChecks: []statecheck.StateCheck{
					redeemedWithIs("refused", knownvalue.Null()),
					statecheck.ExpectKnownValue("data.b2b_guest.refused", tfjsonpath.New("external_user_state"), knownvalue.StringExact("PendingAcceptance")),
				},
			},
		},
	})
}

// The list resource keeps the users that redeemed with the identity that
// redeemed_with names, in a tenant of its own.
func TestAccInvitationList_redeemedWith(t *testing.T) {
	requireTerraform114(t)
	e := ownEmulator(t, graphemu.Options{})
	for _, email := range []string{"ana@tailspin.example", "bo@tailspin.example", "cy@outlook.example", "di@outlook.example", "ed@mailbox.example"} {
		e.Redeem(e.InviteGuest(email, strings.Split(email, "@")[0]).ID)
	}
	e.InviteGuest("fay@outlook.example", "fay") // pending: redeemed with nothing yet
	run := newExampleRun(t, "provider", "list-resources/b2b_invitation")
	run.against(e)
	run.only("provider_provider.tf")
	block := func(name, with string) string {
		return fmt.Sprintf("list \"b2b_invitation\" %q {\n  provider = b2b\n  config {\n    redeemed_with = %q\n  }\n}\n", name, with)
	}
	writeFile(t, filepath.Join(run.dir, "redeemed.tfquery.hcl"), block("on_microsoft_accounts", "microsoft_account")+
		block("entra", "entra_id")+block("passcodes", "email_one_time_passcode")+block("google", "google"))
	_, names := queryTotals(t, run)
	want := map[string][]string{
		"list.b2b_invitation.on_microsoft_accounts": {"cy <cy@outlook.example>", "di <di@outlook.example>"},
		"list.b2b_invitation.entra":                 {"ana <ana@tailspin.example>", "bo <bo@tailspin.example>"},
		"list.b2b_invitation.passcodes":             {"ed <ed@mailbox.example>"},
		"list.b2b_invitation.google":                nil,
	}
	for addr, w := range want {
		got := names[addr]
		slices.Sort(got)
		if !slices.Equal(got, w) {
			t.Errorf("%s found %q, want %q", addr, got, w)
		}
	}
}

// Each issuer Graph documents for a redeemed guest has its name; the
// identity of the tenant's own domain, which every guest holds from its
// invitation, is none.
func TestRedeemedWithNamesEachIssuer(t *testing.T) {
	for issuer, want := range map[string]string{
		"ExternalAzureAD": "entra_id", "MicrosoftAccount": "microsoft_account", "mail": "email_one_time_passcode",
		"google.com": "google", "facebook.com": "facebook",
		// The objectIdentity reference's form for another Entra organization.
		"contoso.com": "entra_id",
		// A SAML/WS-Fed identity provider's issuer URI.
		"https://sts.partner.example/adfs/services/trust": "federation",
		"": "",
	} {
		g := graph.Guest{Identities: []graph.Identity{{SignInType: "userPrincipalName", Issuer: "contoso.onmicrosoft.com"}}}
		if issuer != "" {
			g.Identities = append(g.Identities, graph.Identity{SignInType: "federated", Issuer: issuer})
		}
		if got := redeemedWith(g); got != want {
			t.Errorf("issuer %q: redeemed_with %q, want %q", issuer, got, want)
		}
	}
}
