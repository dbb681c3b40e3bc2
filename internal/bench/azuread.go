package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// azureadBin, when set (-azuread), is a hashicorp/azuread provider binary
// (scripts/build-azuread.sh) to measure instead of ours, doing the same work
// for each guest that our bench does, so that the two can be compared in
// Graph's budget units.
var azureadBin string

// The groups and app roles of guestsConfig, in the same order, so that
// -groups and -roles pick the same ones for both providers.
var (
	azureadGroups = []string{"a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0002-4000-8000-00000000e002", "a1b2c3d4-0003-4000-8000-00000000e003",
		"a1b2c3d4-0004-4000-8000-00000000e004", "a1b2c3d4-0005-4000-8000-00000000e005"}
	azureadRoles = [][2]string{ // resource (service principal), app role
		{"5e000000-0001-4000-8000-0000000005a1", "7a000000-0001-4000-8000-000000000001"},
		{"5e000000-0002-4000-8000-0000000005a2", "00000000-0000-0000-0000-000000000000"},
		{"5e000000-0001-4000-8000-0000000005a1", "7a000000-0002-4000-8000-000000000002"},
		{"5e000000-0001-4000-8000-0000000005a1", "7a000000-0003-4000-8000-000000000003"},
	}
)

// azureadConfig is guestsConfig's work in azuread's resources: an
// invitation that sends no message, one azuread_group_member per group and
// one azuread_app_role_assignment per role. azuread_user cannot manage an
// invited guest, so the three profile fields ours sets have no counterpart.
func azureadConfig(o options) string {
	var gs, rs []string
	for _, g := range azureadGroups[:min(o.groups, len(azureadGroups))] {
		gs = append(gs, strconv.Quote(g))
	}
	for _, r := range azureadRoles[:min(o.roles, len(azureadRoles))] {
		rs = append(rs, fmt.Sprintf("{ resource = %q, role = %q }", r[0], r[1]))
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    azuread = { source = "hashicorp/azuread" }
  }
}

provider "azuread" {}

locals {
  n      = %d
  groups = [%s]
  roles  = [%s]
}

resource "azuread_invitation" "guest" {
  count              = local.n
  user_email_address = "bench${count.index}@bench.example"
  redirect_url       = "https://myapps.microsoft.com"
}

resource "azuread_group_member" "guest" {
  count            = local.n * length(local.groups)
  group_object_id  = local.groups[count.index %% length(local.groups)]
  member_object_id = azuread_invitation.guest[floor(count.index / length(local.groups))].user_id
}

resource "azuread_app_role_assignment" "guest" {
  count               = local.n * length(local.roles)
  resource_object_id  = local.roles[count.index %% length(local.roles)].resource
  app_role_id         = local.roles[count.index %% length(local.roles)].role
  principal_object_id = azuread_invitation.guest[floor(count.index / length(local.roles))].user_id
}
`, o.n, strings.Join(gs, ", "), strings.Join(rs, ", "))
}

// benchAzuread applies, plans (refresh) and destroys azureadConfig against
// the emulator, and prints what each phase cost in Graph's budget units
// per guest, with the requests behind them.
func benchAzuread(o options) error {
	bin, err := filepath.Abs(azureadBin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("-azuread: %w", err)
	}
	work, err := os.MkdirTemp("", "b2b-bench-azuread-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	// dev_overrides looks for terraform-provider-azuread in a directory;
	// the binary asked for may be named otherwise.
	dir := filepath.Join(work, "bin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Symlink(bin, filepath.Join(dir, "terraform-provider-azuread")); err != nil {
		return err
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hashicorp/azuread\" = %q\n  }\n  direct {}\n}\n", dir)), 0o644); err != nil {
		return err
	}
	emu, err := startEmulator(o)
	if err != nil {
		return err
	}
	defer emu.Close()
	u, err := url.Parse(emu.URL())
	if err != nil {
		return err
	}
	// azuread reads the cloud's endpoints from https://<metadata host>/metadata/endpoints,
	// which the emulator serves naming itself as the login endpoint and Graph.
	env := withEmulator(append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "ARM_METADATA_HOSTNAME="+u.Host), emu)

	guests := filepath.Join(work, "guests")
	if err := writeConfig(guests, azureadConfig(o)); err != nil {
		return err
	}
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	var rows []row
	measure := func(phase string, args ...string) error {
		emu.ResetStats()
		usersBefore := emu.UserCount()
		start := time.Now()
		cpu, provider, err := terraformWatched(guests, env, args...)
		wall := time.Since(start)
		rows = append(rows, row{phase: phase, wall: wall, stats: emu.Stats(), cpu: cpu, provider: provider,
			users: max(usersBefore, emu.UserCount())})
		if err != nil {
			printAzureadRows(o, rows)
			return fmt.Errorf("%s: %w", phase, err)
		}
		return nil
	}
	if err := measure("apply", "apply", "-auto-approve", "-input=false", par); err != nil {
		return err
	}
	if got := benchGuests(emu); got != o.n {
		return fmt.Errorf("apply: the tenant holds %d of the %d guests", got, o.n)
	}
	if err := measure("plan (refresh)", "plan", "-input=false", "-detailed-exitcode", par); err != nil {
		return fmt.Errorf("%w (exit 2 means the plan after apply was not empty)", err)
	}
	if err := measure("destroy", "destroy", "-auto-approve", "-input=false", par); err != nil {
		return err
	}
	if got := benchGuests(emu); got != 0 {
		return fmt.Errorf("destroy: the tenant still holds %d of the %d guests", got, o.n)
	}

	printAzureadRows(o, rows)
	return nil
}

// printAzureadRows prints what the phases measured so far cost.
func printAzureadRows(o options, rows []row) {
	fmt.Printf("\nhashicorp/azuread bench (its version is in the user agent below): N=%d guests × %d groups + %d app roles (no profile fields: azuread_user cannot manage an invited guest), latency %s, parallelism %d, invite throttle %v, budgets %v\n\n",
		o.n, o.groups, o.roles, o.latency, o.parallelism, o.throttle, o.budgets)
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tN\twall s\tround trips\toperations\trt/guest\tops/guest\t429s\ttokens\tterraform CPU s\tprovider CPU s\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%d\t%d\t%.3f\t%.2f\t%d\t%d\t%.2f\t%.2f\t\n", r.phase, o.n, r.wall.Seconds(), r.stats.RoundTrips, r.stats.Operations,
			float64(r.stats.RoundTrips)/float64(o.n), float64(r.stats.Operations)/float64(o.n), r.stats.Throttled, r.stats.Tokens,
			(r.cpu - r.provider.cpu).Seconds(), r.provider.cpu.Seconds())
	}
	_ = tw.Flush()
	printBudgets(os.Stdout, rows, o.n)
	printAzureadRoutes(rows)
}

// printAzureadRoutes lists each phase's requests by route and status, per
// guest, which shows where azuread's units go.
func printAzureadRoutes(rows []row) {
	for _, r := range rows {
		fmt.Printf("\n%s: requests by route\n", r.phase)
		keys := make([]string, 0, len(r.stats.ByRoute))
		for k := range r.stats.ByRoute {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf("  %6d  %s\n", r.stats.ByRoute[k], k)
		}
		for ua, n := range r.stats.UserAgents {
			fmt.Printf("  user agent (%d): %s\n", n, ua)
		}
	}
}
