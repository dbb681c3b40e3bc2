package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Actions are validated while the values they refer to are still unknown,
// such as the object id of a guest that this very apply creates. A guest
// created with an after_create trigger is resent to twice in the same
// apply: once named by id, once by email, both by reference.
func TestAccActionReferences_guestCreatedInTheSameApply(t *testing.T) {
	requireTerraform114(t)
	requireEmulator(t)
	run := newExampleRun(t)
	email := testEmail(t)
	writeFile(t, filepath.Join(run.dir, "main.tf"), fmt.Sprintf(`
resource "b2b_invitation" "pat" {
  email        = %q
  redirect_url = "https://portal.contoso.example"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.b2b_resend_invitation.by_id, action.b2b_resend_invitation.by_email]
    }
  }
}

action "b2b_resend_invitation" "by_id" {
  config {
    user_ids     = [b2b_invitation.pat.id]
    redirect_url = b2b_invitation.pat.redirect_url
  }
}

action "b2b_resend_invitation" "by_email" {
  config {
    emails       = [b2b_invitation.pat.email]
    redirect_url = b2b_invitation.pat.redirect_url
  }
}
`, email))
	run.must("validate", "-no-color")
	from := len(emu.Invitations())
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	users := emu.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users hold %s:\n%s", len(users), email, out)
	}
	// The create's invitation, then one resend by id and one by email.
	if sent := invitationsTo(emu, email, from); len(sent) != 3 {
		t.Fatalf("the apply sent %d invitation(s), want 3:\n%s", len(sent), out)
	}
}

// The reset examples, as written: one names a guest of b2b_invitation by
// reference, the other a guest made outside Terraform, through a data
// source. Both validate and plan before the managed guest exists and after,
// and both run.
func TestAccActionReferences_resetExamples(t *testing.T) {
	requireTerraform114(t)
	run := newExampleRun(t, "provider", "resources/b2b_invitation", "actions/b2b_reset_redemption")
	run.only("provider_provider.tf", "resources_b2b_invitation_resource.tf",
		"actions_b2b_reset_redemption_action.tf", "actions_b2b_reset_redemption_new-email.tf")
	const pat, lee, leeNew = "pat@partner.example", "lee@tailspin.example", "lee@fabrikam-new.example"
	for _, email := range []string{pat, lee, leeNew} {
		for _, u := range emu.UsersByEmail(email) {
			emu.DeleteUser(u.ID)
		}
	}
	unmanaged := emu.InviteGuest(lee, "Lee Tailspin")
	t.Cleanup(func() { emu.DeleteUser(unmanaged.ID) })

	run.must("validate", "-no-color")
	run.must("plan", "-input=false", "-no-color")
	run.applyThenEmptyPlan()
	run.must("validate", "-no-color")

	managed := emu.UsersByEmail(pat)
	if len(managed) != 1 {
		t.Fatalf("%d users hold %s", len(managed), pat)
	}
	emu.Redeem(managed[0].ID)
	emu.Redeem(unmanaged.ID)
	from := len(emu.Invitations())
	if _, out, code := invokeAction(t, run, "action.b2b_reset_redemption.again"); code != 0 {
		t.Fatalf("the reset of the managed guest failed (exit %d):\n%s", code, out)
	}
	if _, out, code := invokeAction(t, run, "action.b2b_reset_redemption.new_account"); code != 0 {
		t.Fatalf("the reset at a new email failed (exit %d):\n%s", code, out)
	}
	sent := emu.Invitations()[from:]
	if len(sent) != 2 || !sent[0].ResetRedemption || sent[0].UserID != managed[0].ID || sent[0].Email != pat ||
		!sent[1].ResetRedemption || sent[1].UserID != unmanaged.ID || sent[1].Email != leeNew {
		t.Fatalf("the two resets sent %+v", sent)
	}
	if u, _ := emu.User(unmanaged.ID); u.Mail != leeNew || u.ExternalUserState != "PendingAcceptance" {
		t.Errorf("after the reset at a new email the guest is %+v", u)
	}
	// The managed guest's email was not touched, so its resource has
	// nothing to undo.
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the resets is not empty (exit %d):\n%s", code, out)
	}
}

// new_email for a guest that a b2b_invitation of the configuration holds is
// refused: by plan when the guest exists, and before anything is written
// when the guest is created in the same apply. The guest's email stays.
func TestAccActionReferences_newEmailForAManagedGuest(t *testing.T) {
	requireTerraform114(t)
	requireEmulator(t)
	run := newExampleRun(t)
	email := testEmail(t)
	config := func(trigger string) string {
		return fmt.Sprintf(`
resource "b2b_invitation" "pat" {
  email        = %[1]q
  redirect_url = "https://myapps.microsoft.com"
  %[2]s
}

action "b2b_reset_redemption" "move" {
  config {
    user_ids  = [b2b_invitation.pat.id]
    new_email = "moved.%[1]s"
  }
}
`, email, trigger)
	}
	want := []string{"A b2b_invitation in this configuration manages the guest", "Change that resource's email instead"}
	expectSays := func(out string) {
		t.Helper()
		flat := strings.Join(strings.Fields(out), " ")
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("the output does not say %q:\n%s", w, out)
			}
		}
	}

	// Created in the same apply: the id is known only when the action runs.
	writeFile(t, filepath.Join(run.dir, "main.tf"), config(`lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.b2b_reset_redemption.move]
    }
  }`))
	from := len(emu.Invitations())
	out, code := run.terraform("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	if code == 0 {
		t.Fatalf("the apply moved a managed guest:\n%s", out)
	}
	expectSays(out)
	users := emu.UsersByEmail(email)
	if len(users) != 1 || users[0].Mail != email || len(emu.Invitations())-from != 1 {
		t.Fatalf("after the refused action: users %+v, %d invitation(s)", users, len(emu.Invitations())-from)
	}

	// Existing: -invoke fails during plan.
	writeFile(t, filepath.Join(run.dir, "main.tf"), config(""))
	from = len(emu.Invitations())
	out, code = run.terraform("plan", "-invoke=action.b2b_reset_redemption.move", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("the plan accepted new_email for a managed guest:\n%s", out)
	}
	expectSays(out)
	if _, out, code := invokeAction(t, run, "action.b2b_reset_redemption.move"); code == 0 {
		t.Fatalf("the action moved a managed guest:\n%s", out)
	}
	if u, _ := emu.User(users[0].ID); u.Mail != email || len(emu.Invitations()) != from {
		t.Errorf("after the refused action the guest is %+v, with %d invitation(s) sent", u, len(emu.Invitations())-from)
	}
}
