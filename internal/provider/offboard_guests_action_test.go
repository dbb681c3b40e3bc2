package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// offboardTenant is an emulator of its own with three guests that no
// resource manages, each in a group and holding an app role, and a user of
// the tenant itself.
func offboardTenant(t *testing.T) (*graphemu.Server, map[string]graphemu.UserView) {
	t.Helper()
	e := ownEmulator(t, graphemu.Options{})
	users := map[string]graphemu.UserView{}
	for _, name := range []string{"ann", "ben", "cat"} {
		u := e.InviteGuest(name+"@leaving.example", name)
		e.Redeem(u.ID)
		e.AddMember(groupEngineering, u.ID)
		if err := e.AssignAppRole(u.ID, portalSP, portalReader); err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	users["staff"] = e.AddUser(graphemu.SeedUser{DisplayName: "Staff", Mail: "staff@contoso.example", UserType: "Member"})
	return e, users
}

func offboardConfig(userIDs, emails []string, steps ...string) string {
	if steps == nil {
		steps = []string{}
	}
	return fmt.Sprintf(`
action "b2b_offboard_guests" "leavers" {
  config {
    user_ids = %s
    emails   = %s
    steps    = %s
  }
}
`, mustJSONString(userIDs), mustJSONString(emails), mustJSONString(steps))
}

// Each step, checked in the tenant: chosen steps run in their fixed order,
// deletion only when asked, users of the tenant itself are skipped, and
// every guest's outcome is reported.
func TestAccOffboardGuestsAction_steps(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), offboardConfig([]string{u["ann"].ID}, []string{"BEN@leaving.example", "staff@contoso.example"},
		"revoke_sessions", "remove_access", "block_sign_in"))
	events, out, code := invokeAction(t, run, "action.b2b_offboard_guests.leavers")
	if code != 0 {
		t.Fatalf("the action failed (exit %d):\n%s", code, out)
	}
	lines := strings.Join(progress(events), "\n")
	for _, want := range []string{
		u["ann"].ID + ": sign-in blocked, sessions revoked, removed from 1 group(s) and 1 app role(s)",
		"BEN@leaving.example: sign-in blocked, sessions revoked, removed from 1 group(s) and 1 app role(s)",
		"staff@contoso.example: skipped, this user belongs to the tenant and was never invited",
		"3 guest(s): 2 done, 1 skipped, 0 failed",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("progress does not say %q:\n%s", want, lines)
		}
	}
	for _, name := range []string{"ann", "ben"} {
		v, ok := e.User(u[name].ID)
		if !ok || v.AccountEnabled || v.SessionsRevokedAt.IsZero() || len(v.Groups) != 0 || len(e.Assignments(v.ID)) != 0 {
			t.Errorf("%s after offboarding: exists %v, enabled %v, sessions revoked at %v, groups %v, app roles %v",
				name, ok, v.AccountEnabled, v.SessionsRevokedAt, v.Groups, e.Assignments(v.ID))
		}
	}
	for _, name := range []string{"cat", "staff"} {
		if v, _ := e.User(u[name].ID); !v.AccountEnabled || !v.SessionsRevokedAt.IsZero() {
			t.Errorf("%s, not named or not a guest, was touched: %+v", name, v)
		}
	}
	if v, _ := e.User(u["cat"].ID); len(v.Groups) != 1 {
		t.Errorf("cat lost its group: %v", v.Groups)
	}

	// Deletion, only when listed; all four steps for cat cost the seven
	// round trips the page states.
	writeFile(t, filepath.Join(run.dir, "main.tf"), offboardConfig([]string{u["ben"].ID}, nil, "delete"))
	if _, out, code := invokeAction(t, run, "action.b2b_offboard_guests.leavers"); code != 0 || !strings.Contains(out, u["ben"].ID+": deleted") {
		t.Fatalf("delete (exit %d):\n%s", code, out)
	}
	if _, ok := e.User(u["ben"].ID); ok {
		t.Error("ben was not deleted")
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), offboardConfig([]string{u["cat"].ID}, nil, "delete", "remove_access", "revoke_sessions", "block_sign_in"))
	e.ResetStats()
	if _, out, code := invokeAction(t, run, "action.b2b_offboard_guests.leavers"); code != 0 {
		t.Fatalf("all four steps (exit %d):\n%s", code, out)
	}
	// Seven for the four steps, and three to check the guest first: its
	// lookup and its management mark during plan, and the mark again
	// before the run writes.
	if trips := e.Stats().RoundTrips; trips != 10 {
		t.Errorf("offboarding one guest in four steps took %d Graph round trips, want 10: %v", trips, e.Stats().ByRoute)
	}
	if _, ok := e.User(u["cat"].ID); ok {
		t.Error("cat was not deleted")
	}
	if _, ok := e.User(u["ann"].ID); !ok {
		t.Error("ann, offboarded without delete, is gone")
	}
}

// Bad input: at plan time on the attribute where it can be known, and at
// invoke naming the guest, the step and the missing permission.
func TestAccOffboardGuestsAction_badInput(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	const clientID, secret = "7b000000-0000-4000-8000-000000000001", "read-only"
	e.AddApp(clientID, secret, "User.Read.All")
	run := newExampleRun(t)
	run.against(e)
	expectActionFails(t, run, "action.b2b_offboard_guests.leavers", []badActionCase{
		{"no steps", offboardConfig([]string{u["ann"].ID}, nil), []string{"steps", "at least 1"}},
		{"unknown step", offboardConfig([]string{u["ann"].ID}, nil, "disable"), []string{"steps", "disable"}},
		{"no guest", offboardConfig(nil, nil, "block_sign_in"), []string{"No guest named"}},
		{"missing permission", appAs(clientID, secret) + offboardConfig([]string{u["ann"].ID}, nil, "block_sign_in", "delete"),
			[]string{"Cannot offboard " + u["ann"].ID, "at block_sign_in", "User.ReadWrite.All"}},
		{"missing permission to revoke sessions", appAs(clientID, secret) + offboardConfig([]string{u["ann"].ID}, nil, "revoke_sessions"),
			[]string{"Cannot offboard " + u["ann"].ID, "at revoke_sessions", "User.RevokeSessions.All"}},
		{"unknown guest", offboardConfig([]string{"deadbeef-0000-4000-8000-0000000000dd"}, nil, "block_sign_in"),
			[]string{"no user has this object id"}},
	})
	if v, _ := e.User(u["ann"].ID); !v.AccountEnabled {
		t.Error("a failed step left the guest blocked")
	}
}

// A guest that a b2b_invitation of the configuration manages is refused
// during plan, and nothing is touched; leaving it out offboards the rest.
func TestAccOffboardGuestsAction_refusesManagedGuests(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, u := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	resource := `
resource "b2b_invitation" "kept" {
  email        = "kept@partner.example"
  redirect_url = "https://myapps.microsoft.com"
}
locals {
  managed_ids = toset([b2b_invitation.kept.id])
}
`
	writeFile(t, filepath.Join(run.dir, "main.tf"), resource)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	kept := e.UsersByEmail("kept@partner.example")[0]

	writeFile(t, filepath.Join(run.dir, "main.tf"), resource+`
action "b2b_offboard_guests" "leavers" {
  config {
    user_ids = [b2b_invitation.kept.id, "`+u["cat"].ID+`"]
    steps    = ["block_sign_in", "delete"]
  }
}
`)
	out, code := run.terraform("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "A b2b_invitation manages guest "+kept.ID) || !strings.Contains(flat, `email = "kept@partner.example"`) {
		t.Fatalf("naming a managed guest should fail the plan, naming the resource (exit %d):\n%s", code, out)
	}
	for _, id := range []string{kept.ID, u["cat"].ID} {
		if v, ok := e.User(id); !ok || !v.AccountEnabled {
			t.Fatalf("a refused plan touched %s: %+v", id, v)
		}
	}

	writeFile(t, filepath.Join(run.dir, "main.tf"), resource+`
action "b2b_offboard_guests" "leavers" {
  config {
    user_ids = [for id in [b2b_invitation.kept.id, "`+u["cat"].ID+`"] : id if !contains(local.managed_ids, id)]
    steps    = ["block_sign_in"]
  }
}
`)
	run.must("apply", "-invoke=action.b2b_offboard_guests.leavers", "-auto-approve", "-input=false", "-no-color")
	if v, _ := e.User(kept.ID); !v.AccountEnabled {
		t.Error("the managed guest was blocked")
	}
	if v, _ := e.User(u["cat"].ID); v.AccountEnabled {
		t.Error("the unmanaged guest was not blocked")
	}
	if out := run.must("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Errorf("the managed guest's resource plans a change:\n%s", out)
	}
}

// On Terraform 1.16.1, destroying a b2b_invitation that keeps its user
// offboards the user through an after_destroy trigger, as the action's
// example writes it.
func TestAccOffboardGuestsAction_afterDestroy(t *testing.T) {
	t.Parallel()
	requireTerraform116(t)
	e, _ := offboardTenant(t)
	run := newExampleRun(t, "actions/b2b_offboard_guests")
	run.against(e)
	run.only("actions_b2b_offboard_guests_after-destroy.tf")
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	guest := e.UsersByEmail("contractor@partner.example")[0]
	e.Redeem(guest.ID)
	out := run.must("destroy", "-auto-approve", "-input=false", "-no-color")
	v, ok := e.User(guest.ID)
	if !ok || v.AccountEnabled || v.SessionsRevokedAt.IsZero() {
		t.Fatalf("after destroy the user should stay, blocked and signed out: exists %v, %+v\n%s", ok, v, out)
	}
	if !strings.Contains(out, guest.ID+": sign-in blocked, sessions revoked") {
		t.Errorf("the destroy does not show the action's progress:\n%s", out)
	}
}

// The action's example: guests of partner.example without a sign-in for 90
// days lose their access, and are not deleted; an active guest is left as
// it is.
func TestAccOffboardGuestsAction_example(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e := ownEmulator(t, graphemu.Options{})
	idle := e.InviteGuest("idle@partner.example", "Idle")
	active := e.InviteGuest("active@partner.example", "Active")
	e.Redeem(idle.ID)
	e.Redeem(active.ID)
	e.AddMember(groupEngineering, idle.ID)
	e.AdvanceClock(100 * day)
	e.RecordSignIn(active.ID, graphemu.SignIn{At: e.Now().Add(-day)})
	run := newExampleRun(t, "actions/b2b_offboard_guests")
	run.against(e)
	run.only("actions_b2b_offboard_guests_action.tf")
	run.must("apply", "-invoke=action.b2b_offboard_guests.inactive", "-auto-approve", "-input=false", "-no-color")
	if v, ok := e.User(idle.ID); !ok || v.AccountEnabled || v.SessionsRevokedAt.IsZero() || len(v.Groups) != 0 {
		t.Errorf("the idle guest: exists %v, %+v", ok, v)
	}
	if v, _ := e.User(active.ID); !v.AccountEnabled || !v.SessionsRevokedAt.IsZero() {
		t.Errorf("the active guest was touched: %+v", v)
	}
}

// A guest whose b2b_invitation the same apply creates has no id while
// Terraform plans, so the plan cannot refuse it; the action skips it at
// invoke, with a warning, since the create has told the provider by then.
// (A guest whose id the plan knows is refused during plan, as
// TestAccOffboardGuestsAction_refusesManagedGuests shows.)
func TestAccOffboardGuestsAction_skipsGuestCreatedInTheSameApply(t *testing.T) {
	t.Parallel()
	requireTerraform116(t)
	e, _ := offboardTenant(t)
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), `
resource "b2b_invitation" "partner" {
  email        = "partner@partner.example"
  redirect_url = "https://myapps.microsoft.com"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.b2b_offboard_guests.partner]
    }
  }
}

action "b2b_offboard_guests" "partner" {
  config {
    user_ids = [caller.id]
    steps    = ["block_sign_in", "delete"]
  }
}
`)
	out := strings.Join(strings.Fields(run.must("apply", "-auto-approve", "-input=false", "-no-color")), " ")
	guest := e.UsersByEmail("partner@partner.example")
	if len(guest) != 1 {
		t.Fatalf("%d users for the managed guest's email, want 1:\n%s", len(guest), out)
	}
	if !strings.Contains(out, guest[0].ID+`: skipped, the b2b_invitation with email = "partner@partner.example" manages this guest`) ||
		!strings.Contains(out, "1 guest(s): 0 done, 1 skipped, 0 failed") {
		t.Errorf("the apply should say that the managed guest was skipped:\n%s", out)
	}
	if !guest[0].AccountEnabled {
		t.Error("the managed guest was blocked")
	}
	if plan := run.must("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(plan, "No changes") {
		t.Errorf("the next plan is not empty:\n%s", plan)
	}
}
