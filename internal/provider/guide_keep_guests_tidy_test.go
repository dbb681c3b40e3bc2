package provider

import (
	"path/filepath"
	"testing"
)

// TestAccGuideStepsKeepGuestsTidy runs the "Keep guests tidy" guide's shell
// steps as written, from its example's seed: the months pass with
// graphemu clock, Dee signs in with graphemu sign-in, and each plan and
// action prints what the guide quotes. The tenant the emulator saved then
// holds what the guide says is left.
func TestAccGuideStepsKeepGuestsTidy(t *testing.T) {
	requireTerraform114(t)
	work := runGuide(t, "keep-guests-tidy", "keep-guests-tidy")
	users := savedUsers(t, filepath.Join(work, "emu"))
	if ana, ok := users["ana@partner.example"]; !ok || ana.AccountDisabled {
		t.Errorf("Ana, whom the configuration manages, was touched: %v %+v", ok, ana)
	}
	if _, ok := users["bo@partner.example"]; ok {
		t.Error("Bo, pending for 92 days, was not deleted")
	}
	if cy := users["cy@partner.example"]; !cy.AccountDisabled {
		t.Error("Cy, inactive for 92 days, can still sign in")
	}
	if dee := users["dee@partner.example"]; dee.ID == "" || dee.AccountDisabled {
		t.Errorf("Dee, who signed in ten days ago, was offboarded: %+v", dee)
	}
}
