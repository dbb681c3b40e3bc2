package provider

import (
	"regexp"
	"strings"
	"testing"
)

// The "Onboard a partner organization" guide, step by step, with its
// example as written: onboard, redeem (no consent prompt), see the state in
// the plan, then offboard by blocking inbound collaboration.
func TestAccGuideOnboardPartner(t *testing.T) {
	run := newExampleRun(t, "onboard-partner")
	t.Cleanup(emu.PurgeDeletedPartners)
	emails := []string{"ana@fabrikam.example", "ben@fabrikam.example", "cy@fabrikam.example"}
	for _, email := range emails {
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
	// Ben, who never redeemed, is now refused; Ana keeps her account.
	if status, state := redeemAs(t, emails[1], "POST"); status != 403 || state != "PendingAcceptance" {
		t.Fatalf("Ben's redemption after offboarding: %d, %s", status, state)
	}
	if u, _ := emu.User(emu.UsersByEmail(emails[0])[0].ID); u.ExternalUserState != "Accepted" || len(u.Groups) != 1 {
		t.Fatalf("Ana after offboarding: %+v", u)
	}
}
