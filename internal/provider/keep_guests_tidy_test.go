package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The guests of the "Keep guests tidy" guide, with fixed ids so that the
// guide can quote what Terraform prints.
var tidyGuests = map[string]graphemu.SeedUser{
	"ana": {ID: "a0000000-0000-4000-8000-0000000000a1", DisplayName: "Ana", Mail: "ana@partner.example", UserType: "Guest", ExternalUserState: "PendingAcceptance"},
	"bo":  {ID: "b0000000-0000-4000-8000-0000000000b2", DisplayName: "Bo", Mail: "bo@partner.example", UserType: "Guest", ExternalUserState: "PendingAcceptance"},
	"cy":  {ID: "c0000000-0000-4000-8000-0000000000c3", DisplayName: "Cy", Mail: "cy@partner.example", UserType: "Guest", ExternalUserState: "PendingAcceptance"},
	"dee": {ID: "d0000000-0000-4000-8000-0000000000d4", DisplayName: "Dee", Mail: "dee@partner.example", UserType: "Guest", ExternalUserState: "PendingAcceptance"},
}

// tidyStep runs one step of the guide and checks that what it printed holds
// the quotes of the sections, with times and spacing free; a quoted line
// "..." stands for lines the guide leaves out.
func tidyStep(t *testing.T, run *exampleRun, sections []string, args ...string) string {
	t.Helper()
	out := run.must(args...)
	if os.Getenv("TIDY_PRINT") != "" {
		t.Logf("## %s\n%s", sections, out)
	}
	quotes := guideQuotes(t, "keep-guests-tidy.md")
	for _, section := range sections {
		quoted := quotes[section]
		if quoted == "" {
			t.Fatalf("the guide has no quote under %q", section)
		}
		var parts []string
		for _, part := range strings.Split(quoted, "\n...\n") {
			parts = append(parts, flexibleSpaces(regexp.QuoteMeta(part)))
		}
		pattern := strings.Join(parts, `[\s\S]*?`)
		pattern = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`).ReplaceAllString(pattern, `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
		if !regexp.MustCompile(pattern).MatchString(out) {
			t.Errorf("section %q of the guide shows\n%s\nbut Terraform printed:\n%s", section, quoted, out)
		}
	}
	return out
}

// TestAccGuideKeepGuestsTidy applies the guide's example step by step on a
// tenant whose clock moves as the guide's days pass, and checks the tenant
// after each step.
func TestAccGuideKeepGuestsTidy(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e := ownEmulator(t, graphemu.Options{})
	for _, g := range tidyGuests {
		e.AddUser(g)
	}
	ana, bo, cy, dee := tidyGuests["ana"].ID, tidyGuests["bo"].ID, tidyGuests["cy"].ID, tidyGuests["dee"].ID
	e.Redeem(cy)
	e.Redeem(dee)
	e.AddMember(groupEngineering, cy)
	if err := e.AssignAppRole(cy, portalSP, portalReader); err != nil {
		t.Fatal(err)
	}
	run := newExampleRun(t, "keep-guests-tidy")
	run.against(e)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")

	e.AdvanceClock(31 * day)
	tidyStep(t, run, []string{"2. A month later: who is still pending", "3. The guest this configuration manages"}, "plan", "-input=false", "-no-color")

	from := len(e.Invitations())
	tidyStep(t, run, []string{"4. Remind the others"}, "apply", "-invoke=action.b2b_resend_invitation.pending", "-auto-approve", "-input=false", "-no-color")
	if sent := e.Invitations()[from:]; len(sent) != 1 || sent[0].Email != "bo@partner.example" {
		t.Fatalf("the reminder went to %+v, want Bo alone (Ana is managed)", sent)
	}

	e.AdvanceClock(50 * day)
	e.RecordSignIn(dee, graphemu.SignIn{At: e.Now()})
	e.AdvanceClock(10 * day)
	tidyStep(t, run, []string{"5. Three months later: block the inactive"}, "apply", "-invoke=action.b2b_offboard_guests.inactive", "-auto-approve", "-input=false", "-no-color")
	if v, _ := e.User(cy); v.AccountEnabled || v.SessionsRevokedAt.IsZero() || len(v.Groups) != 0 || len(e.Assignments(cy)) != 0 {
		t.Fatalf("Cy after offboarding: %+v", v)
	}
	if v, _ := e.User(dee); !v.AccountEnabled {
		t.Fatal("Dee, who signed in 10 days ago, was blocked")
	}

	tidyStep(t, run, []string{"6. Withdraw the invitations nobody accepted"}, "apply", "-invoke=action.b2b_offboard_guests.pending", "-auto-approve", "-input=false", "-no-color")
	if _, ok := e.User(bo); ok {
		t.Fatal("Bo, pending for 91 days, was not deleted")
	}
	if v, ok := e.User(ana); !ok || !v.AccountEnabled {
		t.Fatalf("Ana, whom the configuration manages, was touched: %v %+v", ok, v)
	}

	// Nobody is left to remind: the action has no guest, and says so.
	if out := run.must("apply", "-invoke=action.b2b_resend_invitation.pending", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "0 guest(s): 0 done, 0 skipped, 0 failed") {
		t.Fatalf("an action with an empty list should do nothing, and say so:\n%s", out)
	}

	out := tidyStep(t, run, []string{"7. What is left"}, "apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the last apply changed a resource:\n%s", out)
	}
	if v, ok := e.User(ana); !ok || !v.AccountEnabled {
		t.Fatalf("Ana was touched: %v %+v", ok, v)
	}
}

// withoutInactiveReview is the guide's configuration with the pieces that
// its section "Without the license" says to delete, each found by the
// words the guide names it with.
func withoutInactiveReview(t *testing.T, config string) string {
	t.Helper()
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "guides", "keep-guests-tidy.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(config, "\n")
	for _, piece := range []string{`data "b2b_guests" "inactive"`, `action "b2b_offboard_guests" "inactive"`, `output "inactive_since"`, `inactive_ids`} {
		named := strings.TrimPrefix(piece, "output ")
		if !strings.Contains(string(guide), "`"+named+"`") {
			t.Fatalf("the guide's section \"Without the license\" does not name %s", named)
		}
		var kept []string
		for i := 0; i < len(lines); i++ {
			switch {
			case strings.HasPrefix(lines[i], piece+" {"):
				for i < len(lines) && lines[i] != "}" {
					i++
				}
			case piece == "inactive_ids" && strings.HasPrefix(strings.TrimSpace(lines[i]), "inactive_ids "):
			default:
				kept = append(kept, lines[i])
			}
		}
		if len(kept) == len(lines) {
			t.Fatalf("the configuration has no %s", piece)
		}
		lines = kept
	}
	return strings.Join(lines, "\n")
}

// On a tenant without the license the guide's configuration cannot plan,
// and the error names the license, not a permission the app holds; with
// the pieces the guide says to delete gone, the pending review runs.
func TestAccGuideKeepGuestsTidy_withoutLicense(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e := ownEmulator(t, graphemu.Options{})
	e.SetPremiumLicense(false)
	for _, name := range []string{"ana", "bo"} {
		e.AddUser(tidyGuests[name])
	}
	run := newExampleRun(t, "keep-guests-tidy")
	run.against(e)
	out, code := run.terraform("plan", "-input=false", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "Sign-in activity needs a Microsoft Entra ID P1 or P2 license") || strings.Contains(flat, "application permission") {
		t.Fatalf("the guide's configuration should fail to plan on the license alone (exit %d):\n%s", code, out)
	}

	file := filepath.Join(run.dir, "keep-guests-tidy_main.tf")
	config, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, withoutInactiveReview(t, string(config)))
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	e.AdvanceClock(31 * day)
	from := len(e.Invitations())
	run.must("apply", "-invoke=action.b2b_resend_invitation.pending", "-auto-approve", "-input=false", "-no-color")
	if sent := e.Invitations()[from:]; len(sent) != 1 || sent[0].Email != "bo@partner.example" {
		t.Fatalf("without the license, the reminder went to %+v, want Bo alone", sent)
	}
}
