package provider

import "testing"

// TestAccGuideRehearseWithoutATenant runs the "Rehearse a pipeline without
// a tenant" guide's steps as written: it applies the example against the
// emulator, restarts the emulator on its state directory, and plans no
// change.
func TestAccGuideRehearseWithoutATenant(t *testing.T) {
	runGuide(t, "rehearse-without-a-tenant", "rehearsal")
}
