package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// The "Onboard a partner organization" guide, step by step, with its
// example as written: onboard, redeem (no consent prompt), see the state in
// the plan, then offboard by blocking inbound collaboration for every user
// of the partner, not only the group that onboarding let in.
func TestAccGuideOnboardPartner(t *testing.T) {
	run := newExampleRun(t, "onboard-partner")
	t.Cleanup(emu.PurgeDeletedPartners)
	emails := []string{"ana@fabrikam.example", "ben@fabrikam.example", "cy@fabrikam.example"}
	// Finn works at Fabrikam but is in none of its groups that the seed
	// lists, so a target naming the onboarded group does not match him.
	const outsider = "finn@fabrikam.example"
	for _, email := range append(emails, outsider) {
		for _, u := range emu.UsersByEmail(email) {
			emu.DeleteUser(u.ID)
		}
	}
	run.applyThenEmptyPlan()
	p, ok := emu.Partner(fabrikamTenantID)
	if !ok || p["inboundTrust"] == nil || p["automaticUserConsentSettings"] == nil {
		t.Fatalf("Fabrikam's partner configuration: %v", p)
	}
	for _, email := range emails {
		users := emu.UsersByEmail(email)
		if len(users) != 1 || len(users[0].Groups) != 1 || len(emu.Assignments(users[0].ID)) != 2 {
			t.Fatalf("%s after onboarding: %+v", email, users)
		}
	}
	// Ana's link is in the sensitive output that the guide opens.
	var links map[string]string
	if err := json.Unmarshal([]byte(run.must("output", "-json", "redeem_links")), &links); err != nil {
		t.Fatal(err)
	}
	if ana := emu.UsersByEmail(emails[0]); links[emails[0]] == "" || links[emails[0]] != ana[0].RedeemURL {
		t.Fatalf("redeem_links = %v, want Ana's link %s", links, ana[0].RedeemURL)
	}
	// Ana opens her link: with automatic redemption she is in at once.
	if status, state := redeemAs(t, emails[0], "GET"); status != 200 || state != "Accepted" {
		t.Fatalf("Ana's redemption: %d, %s", status, state)
	}
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	quoted := guideQuotes(t, "onboard-a-partner-organization.md")["2. Apply, and see who has accepted"]
	if quoted == "" || !regexp.MustCompile(flexibleSpaces(regexp.QuoteMeta(quoted))).MatchString(out) {
		t.Fatalf("the guide shows\n%s\nbut the apply printed:\n%s", quoted, out)
	}
	// Offboarding: inbound collaboration blocked, in place.
	out = run.must("apply", "-auto-approve", "-input=false", "-no-color", "-var", "collaboration=blocked")
	if !strings.Contains(out, "0 added, 1 changed, 0 destroyed") || !strings.Contains(out, "b2b_partner.this will be updated in-place") {
		t.Fatalf("offboarding did not change the partner in place alone:\n%s", out)
	}
	p, _ = emu.Partner(fabrikamTenantID)
	inbound, _ := p["b2bCollaborationInbound"].(map[string]any)
	if got := fmt.Sprint(inbound["usersAndGroups"]); got != "map[accessType:blocked targets:[map[target:AllUsers targetType:user]]]" {
		t.Fatalf("Fabrikam's inbound users and groups after offboarding: %s", got)
	}
	// Ben, who never redeemed, is now refused; Ana keeps her account.
	if status, state := redeemAs(t, emails[1], "POST"); status != 403 || state != "PendingAcceptance" {
		t.Fatalf("Ben's redemption after offboarding: %d, %s", status, state)
	}
	if u, _ := emu.User(emu.UsersByEmail(emails[0])[0].ID); u.ExternalUserState != "Accepted" || len(u.Groups) != 1 {
		t.Fatalf("Ana after offboarding: %+v", u)
	}
	// Someone from Fabrikam outside the onboarded group, invited after the
	// offboarding by another tool, is refused too: the partner is closed,
	// not only the group.
	emu.InviteGuest(outsider, "Finn Fabrikam")
	t.Cleanup(func() {
		for _, u := range emu.UsersByEmail(outsider) {
			emu.DeleteUser(u.ID)
		}
	})
	if status, state := redeemAs(t, outsider, "POST"); status != 403 || state != "PendingAcceptance" {
		t.Fatalf("Finn, outside the onboarded group, redeemed after offboarding: %d, %s", status, state)
	}
}
