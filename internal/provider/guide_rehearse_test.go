package provider

import "testing"

// TestAccGuideStepsRehearseWithoutATenant runs the "Rehearse a pipeline without
// a tenant" guide's steps as written: it applies the example against the
// emulator, restarts the emulator on its state directory, and plans no
// change.
func TestAccGuideStepsRehearseWithoutATenant(t *testing.T) {
	runGuide(t, "rehearse-without-a-tenant", "rehearsal")
}
