package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// markedElsewhere is a guest that a b2b_invitation of another state holds:
// it carries that resource's management mark, written days ago.
func markedElsewhere(t *testing.T, name string) (id, email string) {
	t.Helper()
	email = testEmail(t)
	g := emu.InviteGuest(email, name)
	emu.SetCreatedAt(g.ID, time.Now().Add(-72*time.Hour))
	if out := emuClient(t).ApplyMemberships(t.Context(), g.ID, graph.MembershipChanges{MarkInvitedAfter: time.Now().Add(-72 * time.Hour)}); !out.Marked {
		t.Fatalf("marking: %+v", out)
	}
	t.Cleanup(func() { emu.DeleteUser(g.ID) })
	return g.ID, email
}

func extensionsOf(t *testing.T, id string) int {
	t.Helper()
	u, ok := emu.User(id)
	if !ok {
		t.Fatalf("user %s is gone", id)
	}
	return len(u.Extensions)
}

// An import of a guest that another state holds, then an update and a
// destroy that keeps the user: the other resource's mark stays throughout,
// so the guest never stops counting as managed.
func TestAccGuestOwnership_importedGuestKeepsAnotherStatesMark(t *testing.T) {
	id, email := markedElsewhere(t, "Held Elsewhere")
	run := newExampleRun(t)
	cfg := func(groups string) string {
		return fmt.Sprintf(`
import {
  to = b2b_invitation.guest
  id = %q
}

resource "b2b_invitation" "guest" {
  email        = %q
  redirect_url = "https://myapps.microsoft.com"
  display_name = "Held Elsewhere"
  group_ids    = [%s]
}
`, id, email, groups)
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), cfg(""))
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	writeFile(t, filepath.Join(run.dir, "main.tf"), cfg(fmt.Sprintf("%q", groupFinance)))
	out = strings.Join(strings.Fields(out+run.must("apply", "-auto-approve", "-input=false", "-no-color")), " ")
	if !strings.Contains(out, "is already managed") {
		t.Errorf("the first update should say another resource manages the guest:\n%s", out)
	}
	if n := extensionsOf(t, id); n != 1 {
		t.Fatalf("after the update the guest has %d extensions, want the other state's mark", n)
	}
	run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	if n := extensionsOf(t, id); n != 1 {
		t.Fatalf("the destroy took away the other state's mark: %d extensions", n)
	}
}

// new_email of b2b_reset_redemption, in a run that reads no resource
// (-invoke), refuses a guest that carries the management mark: its
// resource's next plan would move it back.
func TestAccResetRedemptionAction_newEmailRefusesAMarkedGuest(t *testing.T) {
	requireTerraform114(t)
	id, email := markedElsewhere(t, "Managed Elsewhere")
	run := newExampleRun(t)
	writeFile(t, filepath.Join(run.dir, "main.tf"), resetActionConfig(fmt.Sprintf("user_ids = [%q]", id), `new_email = "moved@partner.example"`))
	_, out, code := invokeAction(t, run, "action.b2b_reset_redemption.again")
	if code == 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "a b2b_invitation manages the guest") {
		t.Fatalf("a marked guest's new_email should be refused (exit %d):\n%s", code, out)
	}
	if u, _ := emu.User(id); !strings.EqualFold(u.Mail, email) {
		t.Fatalf("the refused reset moved the mail to %s", u.Mail)
	}
}
