package provider

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The groups every guest of the "Large tenants" example joins.
var largeTenantsGroups = []string{"a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0005-4000-8000-00000000e005"}

// TestAccGuideLargeTenants applies the guide's example at a small N and
// shows what the layout promises: every guest in its groups, guests spread
// over the buckets, and a row added or removed anywhere in the CSV touching
// that guest alone, with no guest moved, replaced or invited twice.
func TestAccGuideLargeTenants(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{})
	seeded := e.GuestCount()
	// The root module, its CSV, and the module of a bucket,
	// large-tenants/guests/main.tf.
	run := newExampleRun(t, "large-tenants")
	run.against(e)
	run.must("get")
	csv := mustRead(t, filepath.Join("..", "..", "examples", "large-tenants", "guests.csv"))
	rows := strings.Split(strings.TrimSpace(csv), "\n")[1:]
	run.applyThenEmptyPlan()

	if got := e.GuestCount() - seeded; got != len(rows) {
		t.Fatalf("the tenant holds %d guests, want the CSV's %d", got, len(rows))
	}
	ids := map[string]string{}
	for _, r := range rows {
		email := strings.Split(r, ",")[0]
		users := e.UsersByEmail(email)
		if len(users) != 1 {
			t.Fatalf("%s: %d users, want 1", email, len(users))
		}
		for _, g := range largeTenantsGroups {
			if !slices.Contains(users[0].Groups, g) {
				t.Errorf("%s is not in group %s: %v", email, g, users[0].Groups)
			}
		}
		ids[email] = users[0].ID
	}
	state := run.must("state", "list")
	buckets := map[string]bool{}
	for _, m := range regexp.MustCompile(`module\.guests\["(\d+)"\]\.b2b_invitation\.guest\[`).FindAllStringSubmatch(state, -1) {
		buckets[m[1]] = true
	}
	if strings.Count(state, "b2b_invitation.guest[") != len(rows) || len(buckets) < 2 {
		t.Fatalf("want %d guests over several buckets, state holds:\n%s", len(rows), state)
	}

	// Take the third row out and put a new one in the middle.
	gone := strings.Split(rows[2], ",")[0]
	edited := append([]string{"email,display_name"}, rows[:2]...)
	edited = append(edited, rows[3:6]...)
	edited = append(edited, "guest99@partner.example,Guest 99")
	edited = append(edited, rows[6:]...)
	writeFile(t, filepath.Join(run.dir, "guests.csv"), strings.Join(edited, "\n")+"\n")
	invited := len(e.Invitations())
	plan := run.must("plan", "-input=false", "-no-color")
	if !strings.Contains(plan, "Plan: 1 to add, 0 to change, 1 to destroy.") {
		t.Fatalf("a row in and a row out should touch those two guests alone:\n%s", plan)
	}
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if sent := e.Invitations()[invited:]; len(sent) != 1 || sent[0].Email != "guest99@partner.example" {
		t.Fatalf("invitations sent by the edit: %+v, want guest99's alone", sent)
	}
	if _, ok := e.User(ids[gone]); ok {
		t.Errorf("%s left the CSV but is still in the tenant", gone)
	}
	for email, id := range ids {
		if email == gone {
			continue
		}
		if u, ok := e.User(id); !ok || !slices.Contains(u.Groups, largeTenantsGroups[0]) {
			t.Errorf("%s (%s) should be untouched: %+v, %v", email, id, u, ok)
		}
	}
	if out, code := run.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the edit is not empty (exit %d):\n%s", code, out)
	}
	if got, want := e.GuestCount()-seeded, len(rows); got != want {
		t.Errorf("the tenant holds %d guests, want %d", got, want)
	}

	// A CSV with its header alone, as a new partner's starts, counts 0
	// guests rather than failing on sum() of nothing.
	writeFile(t, filepath.Join(run.dir, "guests.csv"), "email,display_name\n")
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	if got := strings.TrimSpace(run.stdout("output", "-raw", "guests")); got != "0" {
		t.Errorf("output guests = %q with no rows, want 0", got)
	}
	if got := e.GuestCount() - seeded; got != 0 {
		t.Errorf("the tenant holds %d of the example's guests after every row left the CSV, want 0", got)
	}
}
