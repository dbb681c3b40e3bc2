package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func resetActionConfig(targets, extra string) string {
	return fmt.Sprintf(`
action "b2b_reset_redemption" "again" {
  config {
    %s
    redirect_url = "https://portal.contoso.example"
    message = {
      body = "Please sign in again with your new work account."
    }
    %s
  }
}
`, targets, extra)
}

// Invoked directly: the guest keeps its object id and groups, must redeem
// again, and is invited at the new email with the action's message.
func TestAccResetRedemptionAction_invoked(t *testing.T) {
	run, g := actionRun(t, "Moving Guest")
	emu.Redeem(g.ID)
	emu.AddMember(groupFinance, g.ID)
	newEmail := "new." + g.Mail
	writeFile(t, filepath.Join(run.dir, "main.tf"), resetActionConfig(fmt.Sprintf("user_ids = [%q]", g.ID), fmt.Sprintf("new_email = %q", newEmail)))

	from := len(emu.Invitations())
	events, out, code := invokeAction(t, run, "action.b2b_reset_redemption.again")
	if code != 0 {
		t.Fatalf("the reset failed (exit %d):\n%s", code, out)
	}
	if lines := strings.Join(progress(events), "\n"); !strings.Contains(lines, g.ID+": redemption reset, invited at "+newEmail) {
		t.Errorf("progress:\n%s", lines)
	}
	sent := emu.Invitations()[from:]
	if len(sent) != 1 || !sent[0].ResetRedemption || sent[0].UserID != g.ID || sent[0].Email != newEmail ||
		sent[0].MessageBody != "Please sign in again with your new work account." || sent[0].RedirectURL != "https://portal.contoso.example" {
		t.Fatalf("the emulator received %+v", sent)
	}
	u, ok := emu.User(g.ID)
	if !ok || u.ExternalUserState != "PendingAcceptance" || len(u.Groups) != 1 || u.Mail != newEmail {
		t.Errorf("after the reset the guest is %+v", u)
	}
}

func TestAccResetRedemptionAction_badConfig(t *testing.T) {
	run, g := actionRun(t, "Guest")
	cases := []badActionCase{
		{"new email for two guests", resetActionConfig(fmt.Sprintf("emails = [%q, \"other@partner.example\"]", g.Mail), `new_email = "x@partner.example"`),
			[]string{"new_email needs exactly one guest"}},
		{"unknown object id", resetActionConfig(`user_ids = ["deadbeef-0000-4000-8000-0000000000ee"]`, ""),
			[]string{"deadbeef-0000-4000-8000-0000000000ee: failed, no user has this object id; check user_ids"}},
		{"missing permission", appAs("1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite") + resetActionConfig(fmt.Sprintf("emails = [%q]", g.Mail), ""),
			[]string{"Cannot reset the redemption of " + g.Mail, "User.ReadWrite.All"}},
	}
	expectActionFails(t, run, "action.b2b_reset_redemption.again", cases)
}

// From a resource's lifecycle: changing the guest's display name under a
// condition resets its redemption, and the guest keeps its object id.
func TestAccResetRedemptionAction_fromActionTrigger(t *testing.T) {
	requireTerraform114(t)
	requireEmulator(t)
	run := newExampleRun(t)
	email := testEmail(t)
	config := func(name string) string {
		return fmt.Sprintf(`
resource "b2b_invitation" "pat" {
  email        = %[1]q
  display_name = %[2]q
  redirect_url = "https://myapps.microsoft.com"

  lifecycle {
    action_trigger {
      events    = [after_update]
      condition = %[2]q != "Pat"
      actions   = [action.b2b_reset_redemption.after_change]
    }
  }
}

action "b2b_reset_redemption" "after_change" {
  config {
    emails = [%[1]q]
  }
}
`, email, name)
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), config("Pat"))
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() { run.must("destroy", "-auto-approve", "-input=false", "-no-color") })
	users := emu.UsersByEmail(email)
	if len(users) != 1 {
		t.Fatalf("%d users hold %s", len(users), email)
	}
	emu.Redeem(users[0].ID)

	from := len(emu.Invitations())
	writeFile(t, filepath.Join(run.dir, "main.tf"), config("Pat (new account)"))
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	sent := emu.Invitations()[from:]
	if len(sent) != 1 || !sent[0].ResetRedemption || sent[0].UserID != users[0].ID {
		t.Fatalf("the update's action_trigger sent %+v:\n%s", sent, out)
	}
	if u, _ := emu.User(users[0].ID); u.ExternalUserState != "PendingAcceptance" {
		t.Errorf("after the reset the guest is %s", u.ExternalUserState)
	}
}

// A new_email at a domain the collaboration restrictions refuse: Graph
// refuses the reset, and the guest keeps the mail it redeemed with.
func TestAccResetRedemptionAction_refusedDomainKeepsTheMail(t *testing.T) {
	run, g := actionRun(t, "Staying Guest")
	emu.Redeem(g.ID)
	restoreCollaborationSettings(t)
	if err := emuClient(t).UpdateInvitationDomains(t.Context(), nil, []string{"rival.example"}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), resetActionConfig(fmt.Sprintf("user_ids = [%q]", g.ID), `new_email = "pat@rival.example"`))
	from := len(emu.Invitations())
	_, out, code := invokeAction(t, run, "action.b2b_reset_redemption.again")
	if code == 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "The guest keeps "+g.Mail) {
		t.Fatalf("a refused reset should fail and say the guest keeps its mail (exit %d):\n%s", code, out)
	}
	if sent := emu.Invitations()[from:]; len(sent) != 0 {
		t.Fatalf("the emulator recorded %+v", sent)
	}
	if u, _ := emu.User(g.ID); u.Mail != g.Mail || u.ExternalUserState != "Accepted" {
		t.Fatalf("after the refused reset the guest is %+v", u)
	}
}
