package provider

import (
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// redeemAs opens a guest's redeem URL as the guest's browser would, with
// method, and returns the answer's status and the guest's state after it.
func redeemAs(t *testing.T, email, method string) (int, string) {
	t.Helper()
	users := emu.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users hold %s", len(users), email)
	}
	hc := emuHTTPClient(t)
	req, _ := http.NewRequest(method, users[0].RedeemURL, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	after, _ := emu.User(users[0].ID)
	return resp.StatusCode, after.ExternalUserState
}

// A partner's settings decide what a guest's redemption does: the consent
// step without automatic redemption, none with it, and a refusal when
// inbound collaboration blocks the partner's users.
func TestAccPartner_settingsDecideRedemption(t *testing.T) {
	requireEmulator(t)
	t.Cleanup(emu.PurgeDeletedPartners)
	prefix := fmt.Sprintf("redeem%d", os.Getpid())
	guests := func(partner string, names ...string) string {
		out := partner
		for _, n := range names {
			out += fmt.Sprintf("resource \"b2b_invitation\" %q {\n  email        = \"%s.%s@fabrikam.example\"\n  redirect_url = \"https://myapps.microsoft.com\"\n}\n", n, prefix, n)
		}
		return out
	}
	email := func(n string) string { return fmt.Sprintf("%s.%s@fabrikam.example", prefix, n) }
	automatic := partnerConfig(fabrikamTenantID, "  automatic_redemption = {\n    inbound  = true\n    outbound = false\n  }")
	blocked := partnerConfig(fabrikamTenantID, "  automatic_redemption = {\n    inbound  = true\n    outbound = false\n  }\n  b2b_collaboration_inbound = {\n    users_and_groups = {\n      access    = \"blocked\"\n      all_users = true\n    }\n  }")
	check := func(name, method string, wantStatus int, wantState string) statecheck.StateCheck {
		return emulatorCheck(func() error {
			if status, state := redeemAs(t, email(name), method); status != wantStatus || state != wantState {
				return fmt.Errorf("%s's redemption (%s): %d, %s; want %d, %s", name, method, status, state, wantStatus, wantState)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(s *terraform.State) error { return noPartner(fabrikamTenantID)(s) },
		Steps: []resource.TestStep{
			// No partner settings: the defaults ask for consent.
			{Config: guests("", "ana"), ConfigStateChecks: []statecheck.StateCheck{check("ana", "GET", 200, "PendingAcceptance")}},
			// Automatic redemption in (Fabrikam allows it out): no prompt.
			{Config: guests(automatic, "ana", "ben"), ConfigStateChecks: []statecheck.StateCheck{check("ben", "GET", 200, "Accepted")}},
			// Inbound collaboration blocked: even accepting is refused.
			{Config: guests(blocked, "ana", "ben", "cy"), ConfigStateChecks: []statecheck.StateCheck{check("cy", "POST", 403, "PendingAcceptance")}},
		},
	})
}
