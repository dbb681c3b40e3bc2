package provider

import (
	"path/filepath"
	"testing"
)

// TestAccGuideStepsLargeTenants runs the "Large tenants" guide's shell
// steps as written, from its example's seed: the twelve guests spread
// over module instances, and a row taken out and another added touch those
// two guests alone. The tenant the emulator saved then holds the new guest
// and not the removed one.
func TestAccGuideStepsLargeTenants(t *testing.T) {
	// The root module calls large-tenants/guests/main.tf from the copy.
	work := runGuide(t, "large-tenants", "large-tenants")
	users := savedUsers(t, filepath.Join(work, "emu"))
	if _, ok := users["guest03@partner.example"]; ok {
		t.Error("guest03 left the CSV but is still in the tenant")
	}
	if _, ok := users["guest99@partner.example"]; !ok {
		t.Error("guest99, added to the CSV, was not invited")
	}
	if _, ok := users["guest12@partner.example"]; !ok {
		t.Error("guest12, the CSV's last row, was never invited")
	}
}
