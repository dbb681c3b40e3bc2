package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// redeem opens a guest's redeem URL as the guest's browser would, and
// accepts the consent prompt that it shows unless automatic redemption
// skips it.
func redeem(t *testing.T, userID string) {
	t.Helper()
	u, ok := emu.User(userID)
	if !ok || u.RedeemURL == "" {
		t.Fatalf("user %s has no redeem URL", userID)
	}
	hc := emuHTTPClient(t)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, _ := http.NewRequest(method, u.RedeemURL, nil)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("redeem (%s) answered %d", method, resp.StatusCode)
		}
		if after, _ := emu.User(userID); after.ExternalUserState == "Accepted" {
			return
		}
	}
	t.Fatalf("user %s is not Accepted after the consent prompt", userID)
}

func guestLookupConfig(key, value string) string {
	return fmt.Sprintf(`
data "b2b_guest" "g" {
  %[1]s = %[2]q
}
`, key, value)
}

func TestAccGuestDataSource_beforeAndAfterRedemption(t *testing.T) {
	requireEmulator(t)
	email := testEmail(t)
	u := invitedGuest(t, email, groupEngineering)
	const ds = "data.b2b_guest.g"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: guestLookupConfig("email", email),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("user_id"), knownvalue.StringExact(u.ID)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("external_user_state"), knownvalue.StringExact("PendingAcceptance")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("accepted"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("creation_type"), knownvalue.StringExact("Invitation")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("user_type"), knownvalue.StringExact("Guest")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("group_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(groupEngineering)})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("identities"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
			},
			{
				PreConfig: func() { redeem(t, u.ID) },
				Config:    guestLookupConfig("email", email),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("external_user_state"), knownvalue.StringExact("Accepted")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("accepted"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("external_user_state_changed_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
			},
		},
	})
}

func TestAccGuestDataSource_lookupByEachKey(t *testing.T) {
	requireEmulator(t)
	u := invitedGuest(t, testEmail(t))
	const ds = "data.b2b_guest.g"
	for _, tc := range []struct{ key, value string }{
		{"user_id", u.ID},
		{"email", u.Mail},
		{"user_principal_name", u.UPN}, // holds #EXT#
	} {
		t.Run(tc.key, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: guestLookupConfig(tc.key, tc.value),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(ds, tfjsonpath.New("user_id"), knownvalue.StringExact(u.ID)),
						statecheck.ExpectKnownValue(ds, tfjsonpath.New("user_principal_name"), knownvalue.StringExact(u.UPN)),
					},
				}},
			})
		})
	}
}

func TestAccGuestDataSource_noMatchNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"email", "nobody.here@partner.example", `(?s)email.*nobody\.here@partner\.example`},
		{"user_id", "11111111-2222-4333-8444-555555555555", `(?s)user_id.*11111111-2222-4333-8444-555555555555`},
		{"user_principal_name", "nobody_partner.example#EXT#@contoso.onmicrosoft.com", `(?s)user_principal_name.*nobody_partner\.example#EXT#`},
	} {
		t.Run(tc.key, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: guestLookupConfig(tc.key, tc.value), ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

// invitedGuest creates a pending guest in the emulator, as if another
// pipeline had invited it, and puts it in groups.
func invitedGuest(t *testing.T, email string, groups ...string) graphemu.UserView {
	t.Helper()
	u := emu.InviteGuest(email, "")
	for _, g := range groups {
		emu.AddMember(g, u.ID)
	}
	u, _ = emu.User(u.ID)
	return u
}

// A guest's user principal name holds #EXT#, which must reach Graph as
// %23EXT%23 in every path, the sponsors' too; unescaped, the path would end
// at the '#'.
func TestAccGuestDataSource_byUserPrincipalNameWithSponsors(t *testing.T) {
	requireEmulator(t)
	u := invitedGuest(t, testEmail(t))
	emu.SetSponsors(u.ID, existingID)
	const ds = "data.b2b_guest.g"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: guestLookupConfig("user_principal_name", u.UPN),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("user_id"), knownvalue.StringExact(u.ID)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("sponsor_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(existingID)})),
			},
		}},
	})
}
