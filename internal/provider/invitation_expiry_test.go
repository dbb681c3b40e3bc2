package provider

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// A guest still pending after expire_pending_after is reported on every
// plan, by name and age, and never deleted.
func TestAccInvitationExpirePendingAfter_warnsAndKeeps(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{})
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), `
resource "b2b_invitation" "slow" {
  email                = "slow@expiry.example"
  redirect_url         = "https://myapps.microsoft.com"
  expire_pending_after = "30d"
}
resource "b2b_invitation" "quick" {
  email                = "quick@expiry.example"
  redirect_url         = "https://myapps.microsoft.com"
  expire_pending_after = "30d"
}
`)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	plan := func() string {
		t.Helper()
		out := run.must("plan", "-input=false", "-no-color", "-detailed-exitcode")
		return strings.Join(strings.Fields(out), " ")
	}
	if out := plan(); strings.Contains(out, "still pending") {
		t.Fatalf("a guest invited today was reported:\n%s", out)
	}

	quick := e.UsersByEmail("quick@expiry.example")[0]
	e.AdvanceClock(10 * day)
	e.Redeem(quick.ID)
	e.AdvanceClock(35 * day)
	slow := e.UsersByEmail("slow@expiry.example")[0]
	for range 2 {
		out := plan()
		if !strings.Contains(out, "Guest slow@expiry.example still pending after 45 days") ||
			!strings.Contains(out, "user "+slow.ID) || !strings.Contains(out, `expire_pending_after = "30d"`) ||
			!strings.Contains(out, "Nothing is deleted on its own") || !strings.Contains(out, "No changes") {
			t.Fatalf("the plan should warn of the slow guest, with its age and what to do, and change nothing:\n%s", out)
		}
		if strings.Contains(out, "quick@expiry.example still pending") {
			t.Fatalf("a guest who accepted was reported:\n%s", out)
		}
	}
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if v, ok := e.User(slow.ID); !ok || v.ExternalUserState != "PendingAcceptance" {
		t.Fatalf("the expired guest was touched: %+v", v)
	}
	if n := len(e.Invitations()); n != 2 {
		t.Fatalf("%d invitations sent, want the 2 of the first apply", n)
	}

	writeFile(t, filepath.Join(run.dir, "bad.tf"), `
resource "b2b_invitation" "bad" {
  email                = "bad@expiry.example"
  redirect_url         = "https://myapps.microsoft.com"
  expire_pending_after = "a month"
}
`)
	out, code := run.terraform("plan", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(out, "expire_pending_after") || !strings.Contains(out, "number of days such as 30d") {
		t.Fatalf("a malformed expire_pending_after should fail the plan on the attribute (exit %d):\n%s", code, out)
	}
}
