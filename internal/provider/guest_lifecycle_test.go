package provider

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

const lifecycleDomain = "lifecycle.example"

const day = 24 * time.Hour

// lifecycleTenant is an emulator of its own whose clock has moved 100 days
// while its guests aged, each by a known amount on that clock:
//
//	stale-pending  invited 100 days ago, never accepted
//	fresh-pending  invited 40 days ago, never accepted, so never signed in
//	idle           accepted 100 days ago, not signed in since
//	active         accepted 100 days ago, signed in 40 days ago
//	blocked        accepted 100 days ago, blocked; its sign-in 20 days ago failed
func lifecycleTenant(t *testing.T) (*graphemu.Server, map[string]graphemu.UserView) {
	t.Helper()
	e := ownEmulator(t, graphemu.Options{})
	g := map[string]graphemu.UserView{}
	invite := func(name string) { g[name] = e.InviteGuest(name+"@"+lifecycleDomain, name) }
	for _, name := range []string{"stale-pending", "idle", "active", "blocked"} {
		invite(name)
	}
	for _, name := range []string{"idle", "active", "blocked"} {
		e.Redeem(g[name].ID)
	}
	e.AdvanceClock(60 * day)
	invite("fresh-pending")
	e.RecordSignIn(g["active"].ID, graphemu.SignIn{At: e.Now()})
	e.AdvanceClock(20 * day)
	if err := e.PatchUser(g["blocked"].ID, map[string]any{"accountEnabled": false}); err != nil {
		t.Fatal(err)
	}
	e.RecordSignIn(g["blocked"].ID, graphemu.SignIn{At: e.Now()})
	e.AdvanceClock(20 * day)
	for name := range g {
		g[name], _ = e.User(g[name].ID)
	}
	return e, g
}

// outputs applies the configuration and returns its outputs.
func outputs(t *testing.T, run *exampleRun, cfg string) map[string]any {
	t.Helper()
	writeFile(t, filepath.Join(run.dir, "main.tf"), cfg)
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	var outs map[string]struct{ Value any }
	if err := json.Unmarshal([]byte(run.stdout("output", "-json")), &outs); err != nil {
		t.Fatal(err)
	}
	values := map[string]any{}
	for k, v := range outs {
		values[k] = v.Value
	}
	return values
}

func names(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, strings.TrimSuffix(s, "@"+lifecycleDomain))
	}
	return out
}

// Each filter alone and combined, over guests of known ages on a tenant
// whose clock has moved 100 days.
func TestAccGuestLifecycle_filtersOnAMovedClock(t *testing.T) {
	t.Parallel()
	e, g := lifecycleTenant(t)
	run := newExampleRun(t)
	run.against(e)
	out := outputs(t, run, fmt.Sprintf(`
data "b2b_guests" "pending_30d" {
  email_domain        = %[1]q
  pending_longer_than = "30d"
}
data "b2b_guests" "pending_60d" {
  email_domain        = %[1]q
  pending_longer_than = "1440h"
}
data "b2b_guests" "idle_90d" {
  email_domain      = %[1]q
  not_signed_in_for = "90d"
}
data "b2b_guests" "accepted_idle_50d" {
  email_domain      = %[1]q
  state             = "Accepted"
  not_signed_in_for = "50d"
}
data "b2b_guests" "pending_and_idle" {
  email_domain        = %[1]q
  pending_longer_than = "60d"
  not_signed_in_for   = "90d"
}
data "b2b_guest" "active" {
  user_id                  = %[2]q
  include_sign_in_activity = true
}
data "b2b_guest" "stale" {
  email = "stale-pending@%[1]s"
}
output "pending_30d" { value = data.b2b_guests.pending_30d.guests[*].email }
output "pending_60d" { value = data.b2b_guests.pending_60d.guests[*].email }
output "idle_90d" { value = data.b2b_guests.idle_90d.guests[*].email }
output "accepted_idle_50d" { value = data.b2b_guests.accepted_idle_50d.guests[*].email }
output "pending_and_idle" { value = data.b2b_guests.pending_and_idle.guests[*].email }
output "pending_days" { value = { for x in data.b2b_guests.idle_90d.guests : x.email => x.pending_days } }
output "blocked_last_tries" {
  value = [for x in data.b2b_guests.idle_90d.guests : [x.last_sign_in_at, x.last_successful_sign_in_at] if x.email == "blocked@%[1]s"][0]
}
output "active_last_success" { value = data.b2b_guest.active.last_successful_sign_in_at }
output "stale_pending_days" { value = data.b2b_guest.stale.pending_days }
output "stale_sign_in_unread" { value = data.b2b_guest.stale.last_sign_in_at == null }
`, lifecycleDomain, g["active"].ID))

	// fresh-pending never signed in, but its account is 40 days old: it
	// has not been inactive for 90 days.
	for name, want := range map[string][]string{
		"pending_30d":       {"fresh-pending", "stale-pending"},
		"pending_60d":       {"stale-pending"},
		"idle_90d":          {"blocked", "idle", "stale-pending"},
		"accepted_idle_50d": {"blocked", "idle"},
		"pending_and_idle":  {"stale-pending"},
	} {
		if got := names(out[name]); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", name, got, want)
		}
	}
	days, _ := out["pending_days"].(map[string]any)
	if days["stale-pending@"+lifecycleDomain] != float64(100) || days["idle@"+lifecycleDomain] != nil {
		t.Errorf("pending_days: %v, want 100 for the pending guest and null for the accepted", days)
	}
	tries, _ := out["blocked_last_tries"].([]any)
	if len(tries) != 2 || tries[0] != g["blocked"].LastSignIn.UTC().Format(time.RFC3339) || tries[1] != g["blocked"].LastSuccessfulSignIn.UTC().Format(time.RFC3339) {
		t.Errorf("the blocked guest's failed attempt should move last_sign_in_at only: %v", tries)
	}
	if out["active_last_success"] != g["active"].LastSuccessfulSignIn.UTC().Format(time.RFC3339) {
		t.Errorf("b2b_guest's last_successful_sign_in_at is %v, want %v", out["active_last_success"], g["active"].LastSuccessfulSignIn)
	}
	if out["stale_pending_days"] != float64(100) || out["stale_sign_in_unread"] != true {
		t.Errorf("b2b_guest without include_sign_in_activity: pending_days %v, sign-in unread %v", out["stale_pending_days"], out["stale_sign_in_unread"])
	}

	// pending_longer_than beside state = "Accepted" can match nothing, and
	// says so during plan, on the attribute.
	writeFile(t, filepath.Join(run.dir, "main.tf"), `
data "b2b_guests" "x" {
  state               = "Accepted"
  pending_longer_than = "30d"
}
`)
	plan, code := run.terraform("plan", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(plan, "Accepted guests are not pending") || !strings.Contains(plan, "pending_longer_than") {
		t.Errorf("pending_longer_than with state = \"Accepted\" should fail the plan on the attribute (exit %d):\n%s", code, plan)
	}
	writeFile(t, filepath.Join(run.dir, "main.tf"), `
data "b2b_guests" "x" {
  not_signed_in_for = "ninety days"
}
`)
	if plan, code = run.terraform("plan", "-input=false", "-no-color"); code == 0 || !strings.Contains(plan, "number of days such as 30d") {
		t.Errorf("a malformed age should fail the plan (exit %d):\n%s", code, plan)
	}
}

// The list resource takes the same filters, and each result's name tells
// the guest's pending age and last sign-in.
func TestAccGuestLifecycle_listResource(t *testing.T) {
	t.Parallel()
	requireTerraform114(t)
	e, g := lifecycleTenant(t)
	run := newExampleRun(t, "provider")
	run.against(e)
	run.only("provider_provider.tf")
	writeFile(t, filepath.Join(run.dir, "stale.tfquery.hcl"), fmt.Sprintf(`
list "b2b_invitation" "pending_60d" {
  provider = b2b
  config {
    email_domain        = %[1]q
    pending_longer_than = "60d"
  }
}
list "b2b_invitation" "idle_90d" {
  provider = b2b
  config {
    email_domain      = %[1]q
    not_signed_in_for = "90d"
  }
}
list "b2b_invitation" "all" {
  provider = b2b
  config {
    email_domain             = %[1]q
    include_sign_in_activity = true
  }
}
`, lifecycleDomain))
	_, found := queryTotals(t, run)
	sort := func(s []string) []string { slices.Sort(s); return s }
	want := map[string][]string{
		"list.b2b_invitation.pending_60d": {"stale-pending <stale-pending@lifecycle.example>, pending 100 days"},
		"list.b2b_invitation.idle_90d": {
			"blocked <blocked@lifecycle.example>, last signed in " + g["blocked"].LastSuccessfulSignIn.UTC().Format(time.DateOnly),
			"idle <idle@lifecycle.example>, last signed in " + g["idle"].LastSuccessfulSignIn.UTC().Format(time.DateOnly),
			"stale-pending <stale-pending@lifecycle.example>, pending 100 days, never signed in",
		},
	}
	for addr, w := range want {
		if got := sort(found[addr]); !slices.Equal(got, sort(w)) {
			t.Errorf("%s found:\n  %s\nwant:\n  %s", addr, strings.Join(got, "\n  "), strings.Join(w, "\n  "))
		}
	}
	if n := len(found["list.b2b_invitation.all"]); n != 5 {
		t.Errorf("the unfiltered list found %d guests, want 5: %v", n, found["list.b2b_invitation.all"])
	}

	// An age past time.Duration's range used to wrap to a negative one and
	// list every pending guest as "pending 0 days"; it now fails the query
	// on the attribute, before Graph is asked.
	writeFile(t, filepath.Join(run.dir, "stale.tfquery.hcl"), `
list "b2b_invitation" "overflow" {
  provider = b2b
  config {
    pending_longer_than = "106752d"
  }
}
`)
	e.ResetStats()
	out, code := run.terraform("query", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "pending_longer_than") || !strings.Contains(flat, `"106752d" is more than 100 years`) || strings.Contains(flat, "pending 0 days") {
		t.Errorf("pending_longer_than = \"106752d\" should fail the query on the attribute (exit %d):\n%s", code, out)
	}
	if n := e.Stats().ByRoute["GET /users 200"]; n != 0 {
		t.Errorf("the refused query listed users %d times", n)
	}
}

// Without AuditLog.Read.All, or without the license, only what reads sign-in
// activity fails, saying which is missing; the rest still works.
func TestAccGuestLifecycle_missingPermissionAndLicense(t *testing.T) {
	t.Parallel()
	e, _ := lifecycleTenant(t)
	const clientID, secret = "7a000000-0000-4000-8000-000000000001", "reader-secret"
	e.AddApp(clientID, secret, "User.Read.All")
	run := newExampleRun(t)
	run.against(e)
	fails := func(t *testing.T, cfg string, want ...string) string {
		t.Helper()
		writeFile(t, filepath.Join(run.dir, "main.tf"), cfg)
		out, code := run.terraform("plan", "-input=false", "-no-color")
		flat := strings.Join(strings.Fields(out), " ")
		if code == 0 {
			t.Fatalf("the plan succeeded:\n%s", out)
		}
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("the error does not say %q:\n%s", w, out)
			}
		}
		return flat
	}
	idle := fmt.Sprintf("data \"b2b_guests\" \"idle\" {\n  email_domain = %q\n  not_signed_in_for = \"90d\"\n}\n", lifecycleDomain)
	pending := fmt.Sprintf("data \"b2b_guests\" \"pending\" {\n  email_domain = %q\n  pending_longer_than = \"30d\"\n}\noutput \"n\" { value = length(data.b2b_guests.pending.guests) }\n", lifecycleDomain)

	t.Run("permission", func(t *testing.T) {
		fails(t, appAs(clientID, secret)+idle, "Sign-in activity needs the permission AuditLog.Read.All",
			"Everything else in this provider works without it", "The app needs the Microsoft Graph application permission AuditLog.Read.All")
		out := outputs(t, run, appAs(clientID, secret)+pending)
		if out["n"] != float64(2) {
			t.Errorf("without AuditLog.Read.All, pending_longer_than still lists %v guests, want 2", out["n"])
		}
	})
	t.Run("license", func(t *testing.T) {
		e.SetPremiumLicense(false)
		t.Cleanup(func() { e.SetPremiumLicense(true) })
		out := fails(t, idle, "Sign-in activity needs a Microsoft Entra ID P1 or P2 license",
			"Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Everything else in this provider works without it")
		// The app holds AuditLog.Read.All: naming it would send the admin
		// after a permission that changes nothing.
		if strings.Contains(out, "application permission") {
			t.Errorf("the license error names a permission the app has:\n%s", out)
		}
		fails(t, fmt.Sprintf("data \"b2b_guest\" \"g\" {\n  email = \"idle@%s\"\n  include_sign_in_activity = true\n}\n", lifecycleDomain),
			"Sign-in activity needs a Microsoft Entra ID P1 or P2 license")
		if out := outputs(t, run, pending); out["n"] != float64(2) {
			t.Errorf("without the license, pending_longer_than still lists %v guests, want 2", out["n"])
		}
	})
}

// 5,000 guests with sign-in activity and not_signed_in_for take as many
// pages as Graph's page of 120 allows, and no more.
func TestAccGuestLifecycle_fiveThousandGuestsInGraphsPages(t *testing.T) {
	t.Parallel()
	e := ownEmulator(t, graphemu.Options{PageSize: 999})
	const n = 5000
	// The seed's guests never signed in; of the new ones, every 500th. All
	// are 100 days old, old enough to have been idle for 90.
	wantIdle := e.GuestCount() + n/500
	ids := make([]string, n)
	for i := range n {
		ids[i] = e.InviteGuest(fmt.Sprintf("guest%04d@scale.example", i), "Guest").ID
	}
	e.AdvanceClock(100 * day)
	for i, id := range ids {
		if i%500 != 0 {
			e.RecordSignIn(id, graphemu.SignIn{At: e.Now().Add(-10 * day)})
		}
	}
	run := newExampleRun(t)
	run.against(e)
	writeFile(t, filepath.Join(run.dir, "main.tf"), "data \"b2b_guests\" \"idle\" {\n  not_signed_in_for = \"90d\"\n}\noutput \"idle\" { value = length(data.b2b_guests.idle.guests) }\n")
	e.ResetStats()
	run.must("apply", "-auto-approve", "-input=false", "-no-color")
	pages := e.Stats().ByRoute["GET /users 200"]
	if want := (e.GuestCount() + graph.SignInPageSize - 1) / graph.SignInPageSize; pages != want {
		t.Errorf("listing %d guests with sign-in activity took %d pages of users; Graph's page of %d allows %d", e.GuestCount(), pages, graph.SignInPageSize, want)
	}
	var outs map[string]struct{ Value float64 }
	_ = json.Unmarshal([]byte(run.stdout("output", "-json")), &outs)
	if got := outs["idle"].Value; got != float64(wantIdle) {
		t.Errorf("%v idle guests listed, want the %d that never signed in", got, wantIdle)
	}
}
