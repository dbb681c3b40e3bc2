package provider

import (
	"path/filepath"
	"testing"
)

// TestAccGuideStepsOnboardPartner runs the "Onboard a partner organization"
// guide's shell steps as written, from its example's seed: Ana opens her
// link from the redeem_links output and is in at once; once the partner is
// offboarded, Ben's link is refused. The tenant the emulator saved holds
// Ana accepted and Ben still pending.
func TestAccGuideStepsOnboardPartner(t *testing.T) {
	work := runGuide(t, "onboard-a-partner-organization", "onboard-partner")
	users := savedUsers(t, filepath.Join(work, "emu"))
	if ana := users["ana@fabrikam.example"]; ana.ExternalUserState != "Accepted" {
		t.Errorf("Ana after her redemption: %+v", ana)
	}
	if ben := users["ben@fabrikam.example"]; ben.ExternalUserState != "PendingAcceptance" {
		t.Errorf("Ben, refused, is %+v", ben)
	}
}
