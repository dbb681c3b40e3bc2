package provider

import (
	"fmt"
	"path/filepath"
	"testing"
)

// A guest the provider has just created reads back as it was written: the
// first refresh after the create finds no change, so a plan shows no
// "Objects have changed outside of Terraform" for it.
func TestAccInvitation_firstRefreshMatchesTheCreate(t *testing.T) {
	t.Parallel()
	requireEmulator(t)
	run := newExampleRun(t)
	writeFile(t, filepath.Join(run.dir, "main.tf"), fmt.Sprintf(`
resource "b2b_invitation" "guest" {
  email        = %q
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [%q]
}
`, testEmail(t), groupFinance))
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if out, code := run.terraform("plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the first refresh after the create changed the guest (exit %d):\n%s", code, out)
	}
}
