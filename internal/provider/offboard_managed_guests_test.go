package provider

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A guest that a b2b_invitation holds is never offboarded, however the
// action names it: by its literal object id, by its email in capitals, or
// through a data source, in a run (-invoke) that never reads the resource.
// The management mark on the user is what tells; before it, the same guest
// planned cleanly, was deleted, and the next plan invited it again as a new
// user.
func TestAccOffboardGuestsAction_managedGuestKeptHoweverNamed(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	kept := `
resource "b2b_invitation" "kept" {
  email        = "kept@partner.example"
  redirect_url = "https://myapps.microsoft.com"
  group_ids    = [` + fmt.Sprintf("%q", groupFinance) + `]
}
`
	writeFile(t, filepath.Join(run.dir, "main.tf"), kept)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	guest := e.UsersByEmail("kept@partner.example")[0]

	for name, names := range map[string]string{
		"literal id":         fmt.Sprintf("user_ids = [%q]", guest.ID),
		"email in capitals":  `emails = ["KEPT@PARTNER.EXAMPLE"]`,
		"a data source":      `user_ids = [for g in data.b2b_guests.all.guests : g.user_id if g.email == "kept@partner.example"]`,
		"id beside an other": fmt.Sprintf("user_ids = [%q, %q]", strings.ToUpper(guest.ID), u["cat"].ID),
	} {
		t.Run(name, func(t *testing.T) {
			writeFile(t, filepath.Join(run.dir, "main.tf"), kept+`
data "b2b_guests" "all" {
  email_domain = "partner.example"
}

action "b2b_offboard_guests" "leavers" {
  config {
    `+names+`
    steps = ["block_sign_in", "revoke_sessions", "remove_access", "delete"]
  }
}
`)
			out, code := run.terraform("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
			flat := strings.Join(strings.Fields(out), " ")
			if code == 0 || !strings.Contains(flat, "A b2b_invitation manages guest") || !strings.Contains(flat, guest.ID) {
				t.Fatalf("naming a managed guest should fail the plan (exit %d):\n%s", code, out)
			}
			v, ok := e.User(guest.ID)
			if !ok || !v.AccountEnabled {
				t.Fatalf("the managed guest was touched: %+v (exists %v)", v, ok)
			}
			if !slices.Contains(v.Groups, groupFinance) {
				t.Fatalf("the managed guest lost its group: %v", v.Groups)
			}
			if c, _ := e.User(u["cat"].ID); !c.AccountEnabled {
				t.Fatal("a refused run offboarded another guest")
			}
		})
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), kept)
	out := run.must("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if !strings.Contains(out, "No changes") {
		t.Fatalf("the managed guest's resource plans a change:\n%s", out)
	}
	if users := e.UsersByEmail("kept@partner.example"); len(users) != 1 || users[0].ID != guest.ID {
		t.Fatalf("the managed guest changed: %+v", users)
	}
}

// The plan lists the guests a run will offboard; a run that names more
// guests than max_guests, or every guest of the tenant, is refused before
// anything is written.
func TestAccOffboardGuestsAction_blastRadius(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	ids := []string{u["ann"].ID, u["ben"].ID, u["cat"].ID}
	write := func(extra string, ids ...string) {
		writeFile(t, filepath.Join(run.dir, "main.tf"), fmt.Sprintf(`
action "b2b_offboard_guests" "leavers" {
  config {
    user_ids = %s
    steps    = ["block_sign_in"]
    %s
  }
}
`, mustJSONString(ids), extra))
	}
	untouched := func() {
		t.Helper()
		for _, id := range ids {
			if v, _ := e.User(id); !v.AccountEnabled {
				t.Fatalf("a refused run blocked %s", id)
			}
		}
	}

	write("max_guests = 2", ids...)
	out, code := run.terraform("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "would offboard 3 guests, more than max_guests (2)") || !strings.Contains(flat, "set max_guests to at least 3") {
		t.Fatalf("three guests over a limit of two should fail the plan (exit %d):\n%s", code, out)
	}
	untouched()

	all := append([]string(nil), ids...)
	for _, g := range e.Guests() {
		if !strings.HasSuffix(g.Mail, "@leaving.example") {
			all = append(all, g.ID)
		}
	}
	write("max_guests = 1000", all...)
	out, code = run.terraform("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
	flat = strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "would offboard every guest of the tenant") {
		t.Fatalf("naming every guest should fail the plan (exit %d):\n%s", code, out)
	}
	untouched()

	write("", ids[:2]...)
	out = strings.Join(strings.Fields(run.must("plan", "-invoke=action.b2b_offboard_guests.leavers", "-input=false", "-no-color")), " ")
	if !strings.Contains(out, "b2b_offboard_guests will offboard 2 guest(s)") || !strings.Contains(out, "Steps: block_sign_in.") ||
		!strings.Contains(out, ids[0]) || !strings.Contains(out, ids[1]) || strings.Contains(out, ids[2]) {
		t.Fatalf("the plan should list the two guests and the step:\n%s", out)
	}
	untouched()
}

// A guest named twice, by object id and by email, is offboarded once.
func TestAccOffboardGuestsAction_guestNamedTwiceOffboardedOnce(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), offboardConfig([]string{u["ann"].ID}, []string{"ANN@leaving.example"}, "block_sign_in", "delete"))
	_, out, code := invokeAction(t, run, "action.b2b_offboard_guests.leavers")
	if code != 0 || !strings.Contains(out, "is offboarded once") || !strings.Contains(out, "2 guest(s): 1 done, 1 skipped, 0 failed") {
		t.Fatalf("the guest named twice (exit %d):\n%s", code, out)
	}
	if _, ok := e.User(u["ann"].ID); ok {
		t.Error("ann was not deleted")
	}
}
