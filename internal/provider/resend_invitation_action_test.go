package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// actionEvent is one line of `terraform apply -json` about an action.
type actionEvent struct {
	At      time.Time
	Type    string
	Message string
}

// invokeAction runs `terraform apply -invoke=ADDR -json` and returns the
// action's events and the exit code.
func invokeAction(t *testing.T, run *exampleRun, addr string) ([]actionEvent, string, int) {
	t.Helper()
	out, code := run.terraform("apply", "-invoke="+addr, "-auto-approve", "-input=false", "-json")
	return actionEvents(out), out, code
}

func actionEvents(out string) []actionEvent {
	var events []actionEvent
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			At      time.Time `json:"@timestamp"`
			Message string    `json:"@message"`
			Type    string    `json:"type"`
			Hook    struct {
				Message string `json:"message"`
			} `json:"hook"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || !strings.HasPrefix(line.Type, "action") {
			continue
		}
		msg := line.Hook.Message
		if msg == "" {
			msg = line.Message
		}
		events = append(events, actionEvent{At: line.At, Type: line.Type, Message: msg})
	}
	return events
}

// progress is the action's progress lines, in order.
func progress(events []actionEvent) []string {
	var out []string
	for _, e := range events {
		if e.Type == "action_progress" {
			out = append(out, e.Message)
		}
	}
	return out
}

// invitationsTo returns what the emulator sent to email since index from.
func invitationsTo(e *graphemu.Server, email string, from int) []graphemu.SentInvitation {
	var out []graphemu.SentInvitation
	for _, inv := range e.Invitations()[from:] {
		if strings.EqualFold(inv.Email, email) {
			out = append(out, inv)
		}
	}
	return out
}

func resendActionConfig(emails []string, extra string) string {
	return fmt.Sprintf(`
action "b2b_resend_invitation" "reminder" {
  config {
    emails       = %s
    redirect_url = "https://portal.contoso.example"
    message = {
      body = "A reminder from the partner desk."
    }
    %s
  }
}
`, mustJSONString(emails), extra)
}

func mustJSONString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// actionRun is an empty working directory for an action test on the suite's
// emulator, and a pending guest that the test owns.
func actionRun(t *testing.T, name string) (*exampleRun, graphemu.UserView) {
	t.Helper()
	requireTerraform114(t)
	requireEmulator(t)
	run := newExampleRun(t)
	g := emu.InviteGuest(testEmail(t), name)
	t.Cleanup(func() { emu.DeleteUser(g.ID) })
	return run, g
}

// Invoked directly: a pending guest gets the message and redirect URL of
// the action's config; an accepted guest is skipped with a warning.
func TestAccResendInvitationAction_invoked(t *testing.T) {
	run, pending := actionRun(t, "Pending Guest")
	accepted := emu.InviteGuest("accepted."+testEmail(t), "Accepted Guest")
	emu.Redeem(accepted.ID)
	t.Cleanup(func() { emu.DeleteUser(accepted.ID) })
	writeFile(t, filepath.Join(run.dir, "main.tf"), resendActionConfig([]string{pending.Mail, accepted.Mail}, ""))

	from := len(emu.Invitations())
	events, out, code := invokeAction(t, run, "action.b2b_resend_invitation.reminder")
	if code != 0 {
		t.Fatalf("the action failed (exit %d):\n%s", code, out)
	}
	lines := strings.Join(progress(events), "\n")
	for _, want := range []string{pending.Mail + ": sent", accepted.Mail + ": skipped, the guest has already accepted", "2 guest(s): 1 done, 1 skipped, 0 failed"} {
		if !strings.Contains(lines, want) {
			t.Errorf("progress does not say %q:\n%s", want, lines)
		}
	}
	if !strings.Contains(out, "resend_when_accepted = true") {
		t.Errorf("the skipped guest's warning does not say what to do:\n%s", out)
	}
	sent := invitationsTo(emu, pending.Mail, from)
	if len(sent) != 1 || sent[0].RedirectURL != "https://portal.contoso.example" || sent[0].MessageBody != "A reminder from the partner desk." || !sent[0].SendMessage {
		t.Errorf("the pending guest got %+v", sent)
	}
	if got := invitationsTo(emu, accepted.Mail, from); len(got) != 0 {
		t.Errorf("the accepted guest was sent %d invitations", len(got))
	}

	// Told to, it sends to the accepted guest as well.
	writeFile(t, filepath.Join(run.dir, "main.tf"), resendActionConfig([]string{accepted.Mail}, "resend_when_accepted = true"))
	from = len(emu.Invitations())
	if _, out, code := invokeAction(t, run, "action.b2b_resend_invitation.reminder"); code != 0 || len(invitationsTo(emu, accepted.Mail, from)) != 1 {
		t.Errorf("with resend_when_accepted the accepted guest got %d invitations (exit %d):\n%s", len(invitationsTo(emu, accepted.Mail, from)), code, out)
	}
}

// Bad action config: every guest's outcome is reported, and each failure
// names the guest and what to do.
func TestAccResendInvitationAction_badConfig(t *testing.T) {
	run, pending := actionRun(t, "Pending Guest")
	unknown := "nobody." + testEmail(t)
	cases := []badActionCase{
		{"unknown guest beside a real one", resendActionConfig([]string{unknown, pending.Mail}, ""),
			[]string{unknown + ": failed, no user has this email", pending.Mail + ": sent", "2 guest(s): 1 done, 0 skipped, 1 failed"}},
		{"missing permission", appAs("1a000000-0000-4000-8000-000000000001", "emulator-secret-without-invite") + resendActionConfig([]string{pending.Mail}, ""),
			[]string{"Cannot resend the invitation to " + pending.Mail, "User.Invite.All"}},
		{"invalid email", resendActionConfig([]string{"not an email"}, ""), []string{"emails", "not an email"}},
		{"no guest", resendActionConfig(nil, ""), []string{"No guest named"}},
	}
	expectActionFails(t, run, "action.b2b_resend_invitation.reminder", cases)
}

// badActionCase is a configuration an action must refuse, and what its
// output must say.
type badActionCase struct {
	name, config string
	want         []string
}

// expectActionFails invokes the action with each configuration, and wants
// it to fail saying every one of the case's phrases.
func expectActionFails(t *testing.T, run *exampleRun, addr string, cases []badActionCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, filepath.Join(run.dir, "main.tf"), tc.config)
			out, code := run.terraform("apply", "-invoke="+addr, "-auto-approve", "-input=false", "-no-color")
			if code == 0 {
				t.Fatalf("the action succeeded:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the output does not say %q:\n%s", want, out)
				}
			}
		})
	}
}

// From a resource's lifecycle, as the action's example writes it: an update
// of the guest, while the user's condition holds, sends the invitation
// again with the action's redirect URL.
func TestAccResendInvitationAction_fromActionTrigger(t *testing.T) {
	requireTerraform114(t)
	requireEmulator(t)
	run := newExampleRun(t)
	const email = "sam@partner.example" // the example's own guest
	for _, u := range emu.UsersByEmail(email) {
		emu.DeleteUser(u.ID)
	}
	example := mustRead(t, "../../examples/actions/b2b_resend_invitation/action-trigger.tf")
	// The user's edit: a new display name, which the trigger reacts to.
	config := func(name string) string { return strings.ReplaceAll(example, "Sam Partner", name) }
	writeFile(t, filepath.Join(run.dir, "main.tf"), config("Sam Partner"))
	created := len(emu.Invitations())
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	t.Cleanup(func() {
		// As the action's page advises: Terraform 1.16.1 cannot destroy a
		// resource whose action_trigger condition refers to a variable, so
		// the trigger goes first.
		writeFile(t, filepath.Join(run.dir, "main.tf"), regexp.MustCompile(`(?s)\n  lifecycle \{.*?\n  \}\n`).ReplaceAllString(config("Sam Partner (Fabrikam)"), "\n"))
		run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	})
	if n := len(invitationsTo(emu, email, created)); n != 1 {
		t.Fatalf("create sent %d invitations, want 1", n)
	}

	from := len(emu.Invitations())
	writeFile(t, filepath.Join(run.dir, "main.tf"), config("Sam Partner (Fabrikam)"))
	out := run.must("apply", "-auto-approve", "-input=false", "-no-color")
	sent := invitationsTo(emu, email, from)
	if len(sent) != 1 || sent[0].RedirectURL != "https://portal.contoso.example" || !sent[0].SendMessage {
		t.Fatalf("the update's action_trigger sent %+v:\n%s", sent, out)
	}
	if !strings.Contains(out, email+": sent") {
		t.Errorf("the triggered action's progress is not shown:\n%s", out)
	}

	// The condition holds the action back.
	from = len(emu.Invitations())
	writeFile(t, filepath.Join(run.dir, "main.tf"), config("Sam"))
	run.must("apply", "-auto-approve", "-input=false", "-no-color", "-var", "remind_on_change=false")
	if sent := invitationsTo(emu, email, from); len(sent) != 0 {
		t.Errorf("with the condition false, the update sent %d invitations", len(sent))
	}
}

// A reminder to 200 pending guests goes out at Graph's invitation limit
// with no 429, and its progress lines arrive while it runs.
func TestAccResendInvitationAction_bulkReminder(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	const guests = 200
	e := ownEmulator(t, graphemu.Options{Faults: graphemu.Faults{InviteThrottle: true}})
	run := newExampleRun(t)
	run.against(e)
	emails := make([]string, guests)
	for i := range emails {
		emails[i] = fmt.Sprintf("pending%03d@partner.example", i)
		e.InviteGuest(emails[i], fmt.Sprintf("Pending %03d", i))
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), resendActionConfig(emails, ""))
	e.ResetStats()

	events, out, code := invokeAction(t, run, "action.b2b_resend_invitation.reminder")
	if code != 0 {
		t.Fatalf("the bulk reminder failed (exit %d):\n%s", code, out[max(0, len(out)-2000):])
	}
	st := e.Stats()
	if st.Invitations != guests || st.Throttled != 0 {
		t.Errorf("%d invitations and %d throttled answers, want %d and 0", st.Invitations, st.Throttled, guests)
	}
	var sentLines []actionEvent
	for _, ev := range events {
		if ev.Type == "action_progress" && strings.HasSuffix(ev.Message, ": sent") {
			sentLines = append(sentLines, ev)
		}
	}
	sent := e.Invitations()
	if len(sentLines) != guests || len(sent) < guests {
		t.Fatalf("%d progress lines say sent, and the emulator holds %d invitations", len(sentLines), len(sent))
	}
	// Streamed, not batched: Terraform printed the first guest's line
	// before Graph had received the last invitation.
	first, last := sentLines[0].At, sent[len(sent)-1].At
	if !first.Before(last) {
		t.Errorf("the first progress line (%s) came after the last invitation (%s)", first.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))
	}
	span := sent[len(sent)-1].At.Sub(sent[0].At)
	t.Logf("%d invitations, %d throttled; invitations from %s to %s (%.1f s, %.1f/s); progress lines from %s to %s",
		st.Invitations, st.Throttled, sent[0].At.Format("15:04:05.000"), sent[len(sent)-1].At.Format("15:04:05.000"), span.Seconds(),
		float64(guests-1)/span.Seconds(), first.Local().Format("15:04:05.000"), sentLines[len(sentLines)-1].At.Local().Format("15:04:05.000"))
}
