// Command bench measures the provider against the Graph emulator: terraform
// apply, plan (refresh) and destroy of N guests, each with groups and app
// roles, counted in Graph round trips and operations, timed on the wall and
// in CPU, split between Terraform and the provider. It also times a plan of
// N terraform_data resources, Terraform's own floor, and the provider's start.
//
//	go run ./internal/bench -n 200 -latency 50ms
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

type options struct {
	n           int
	latency     time.Duration
	parallelism int
	groups      int
	roles       int
	throttle    bool
	budgets     bool
	skipDestroy bool
	// unthrottled fails the run when Graph's budgets answered the apply
	// with a 429: the provider's pacing should have kept it under them.
	unthrottled bool
	cpuProfile  string
	curve       string
	shapes      string
	plot        string
	firstImport string
	replot      string
	backend     string
	// states keeps each working directory's state when backend is http.
	states *stateServer
}

// terraformBin is the Terraform CLI the bench runs: -terraform, or the one
// on PATH.
var terraformBin = "terraform"

type row struct {
	phase      string
	wall       time.Duration
	stats      graphemu.Stats
	cpu        time.Duration // terraform's and its providers', all told
	provider   providerUsage
	users      int     // the most users the tenant held during the phase, which sizes its read budget
	loadBefore float64 // the machine's 1-minute load average around the run
	loadAfter  float64
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 200, "number of guests")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency the emulator adds to each Graph request")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.IntVar(&o.groups, "groups", 3, "groups per guest")
	flag.IntVar(&o.roles, "roles", 2, "app roles per guest")
	flag.BoolVar(&o.throttle, "throttle", true, "enforce Graph's 150 invitations per 5 s")
	flag.BoolVar(&o.budgets, "budgets", true, "enforce Graph's identity and access budgets: writes per app and per tenant, read units per app")
	flag.BoolVar(&o.skipDestroy, "skip-destroy", false, "leave the guests (for a plan-only measurement)")
	flag.StringVar(&o.curve, "curve", "", "measure a scale curve at these N instead, such as 200,1000,2000,5000; the table is printed in Markdown")
	flag.StringVar(&o.shapes, "shapes", "for_each", "with -curve, the configuration shapes: for_each (one block) and modules:SIZE (module instances of SIZE guests), comma-separated; SHAPE:max=N measures that shape only up to N guests")
	flag.StringVar(&o.plot, "plot", "", "with -curve, write an SVG chart of wall time against N to this file")
	flag.StringVar(&o.firstImport, "first-import", "", "measure instead the first import of existing guests through terraform query, at these N, such as 1000,10000 (Terraform 1.14 or later, see -terraform)")
	flag.StringVar(&o.replot, "replot", "", "with -plot, draw the chart from the Markdown tables of earlier -curve runs, comma-separated files, instead of measuring")
	flag.StringVar(&o.backend, "backend", "http", "where Terraform keeps the state: http (a remote backend, served in process, as pipelines have) or local (a file)")
	flag.StringVar(&terraformBin, "terraform", "terraform", "the Terraform CLI to run")
	flag.StringVar(&azureadBin, "azuread", "", "measure instead hashicorp/azuread, this binary of it (scripts/build-azuread.sh), doing the same work per guest")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "directory for a CPU profile of each provider process of the plan (go tool pprof DIR/*.pprof)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.replot != "" {
		return replot(o)
	}
	if azureadBin != "" {
		return benchAzuread(o)
	}
	switch o.backend {
	case "local":
	case "http":
		states, err := startStateServer()
		if err != nil {
			return err
		}
		defer states.Close()
		o.states = states
	default:
		return fmt.Errorf("-backend %q: want http or local", o.backend)
	}
	work, err := os.MkdirTemp("", "b2b-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "bin")
	if out, err := exec.Command("go", "build", "-ldflags", "-s -w", "-o", filepath.Join(bin, "terraform-provider-b2b"), ".").CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"b2b-guests/b2b\" = %q\n  }\n  direct {}\n}\n", bin)), 0o644); err != nil {
		return err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1")
	if o.curve != "" {
		return curve(o, work, env)
	}
	if o.firstImport != "" {
		return firstImports(o, work, env)
	}
	emu, err := startEmulator(o)
	if err != nil {
		return err
	}
	defer emu.Close()
	env = withEmulator(env, emu)

	guests := filepath.Join(work, "guests")
	floor := filepath.Join(work, "floor")
	for dir, body := range map[string]string{guests: guestsConfig(o), floor: floorConfig(o.n)} {
		if err := writeConfig(dir, body); err != nil {
			return err
		}
		if err := prepareDir(o, dir, env, false); err != nil {
			return err
		}
	}
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	var rows []row
	measure := func(phase, dir string, env []string, args ...string) error {
		emu.ResetStats()
		usersBefore := emu.UserCount()
		loadBefore := loadAverage()
		start := time.Now()
		cpu, provider, err := terraformWatched(dir, env, args...)
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("%s: %w", phase, err)
		}
		rows = append(rows, row{phase: phase, wall: wall, stats: emu.Stats(), cpu: cpu, provider: provider,
			users: max(usersBefore, emu.UserCount()), loadBefore: loadBefore, loadAfter: loadAverage()})
		return nil
	}
	applyStart := time.Now()
	if err := measure("apply", guests, env, "apply", "-auto-approve", "-input=false", par); err != nil {
		return err
	}
	invites := inviteTimes(emu, applyStart)
	if applied := rows[0].stats; o.unthrottled && applied.Throttled > 0 {
		return fmt.Errorf("apply: Graph's budgets answered %d requests with 429 (%v)", applied.Throttled, applied.BudgetRefusals)
	}
	// An apply that Terraform reports done must have left every guest in
	// the tenant, however long the budgets held it back.
	if got := benchGuests(emu); got != o.n {
		return fmt.Errorf("apply: the tenant holds %d of the %d guests", got, o.n)
	}
	planEnv := env
	if o.cpuProfile != "" {
		if err := os.MkdirAll(o.cpuProfile, 0o755); err != nil {
			return err
		}
		abs, err := filepath.Abs(o.cpuProfile)
		if err != nil {
			return err
		}
		planEnv = append(append([]string(nil), env...), "B2B_CPUPROFILE_DIR="+abs)
	}
	if err := measure("plan (refresh)", guests, planEnv, "plan", "-input=false", "-detailed-exitcode=false", par); err != nil {
		return err
	}
	if !o.skipDestroy {
		if err := measure("destroy", guests, env, "destroy", "-auto-approve", "-input=false", par); err != nil {
			return err
		}
	}
	if _, err := terraform(floor, env, "apply", "-auto-approve", "-input=false", par); err != nil {
		return err
	}
	start := time.Now()
	floorCPU, err := terraform(floor, env, "plan", "-input=false", par)
	if err != nil {
		return err
	}
	floorPlan := time.Since(start)
	validation, err := timeValidate(env, guests)
	if err != nil {
		return err
	}

	fmt.Printf("\nterraform-provider-b2b bench: N=%d guests × %d groups + %d app roles + 3 profile fields, latency %s, parallelism %d, invite throttle %v, budgets %v\nstate backend: %s\n\n",
		o.n, o.groups, o.roles, o.latency, o.parallelism, o.throttle, o.budgets, backendName(o))
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tN\twall s\tround trips\toperations\trt/guest\tops/guest\t429s\tterraform CPU s\tprovider CPU s\tprovider peak RSS MB\tload before→after\t")
	busy := false
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%d\t%d\t%.3f\t%.2f\t%d\t%.2f\t%.2f\t%.1f\t%.2f→%.2f\t\n", r.phase, o.n, r.wall.Seconds(), r.stats.RoundTrips, r.stats.Operations,
			float64(r.stats.RoundTrips)/float64(o.n), float64(r.stats.Operations)/float64(o.n), r.stats.Throttled,
			(r.cpu - r.provider.cpu).Seconds(), r.provider.cpu.Seconds(), float64(r.provider.peakRSSKB)/1024, r.loadBefore, r.loadAfter)
		busy = busy || r.loadBefore > busyLoad
	}
	_ = tw.Flush()
	printBudgets(os.Stdout, rows, o.n)
	if busy {
		fmt.Printf("\nWARNING: the machine was busy before a phase began (1-minute load above %.1f on %d cores): other processes shared the CPU, so times and CPU figures are noisy; run the bench again on a quiet machine before reporting them\n",
			busyLoad, runtime.NumCPU())
	}
	refresh := rows[1]
	fmt.Printf("\nplan of %d terraform_data: %.2fs wall, %.2fs of terraform CPU; b2b plan / terraform_data plan = %.2f×\n",
		o.n, floorPlan.Seconds(), floorCPU.Seconds(), refresh.wall.Seconds()/floorPlan.Seconds())
	// Terraform's own CPU spread over every core is the least wall time
	// the plan could take with a provider that cost nothing.
	own := refresh.cpu - refresh.provider.cpu
	bound := own / time.Duration(runtime.NumCPU())
	fmt.Printf("terraform's own CPU in the b2b plan: %.2fs, %.1f× its CPU in the terraform_data plan; on %d cores that alone takes ≥ %.2fs, %.1f× the terraform_data plan\n",
		own.Seconds(), own.Seconds()/floorCPU.Seconds(), runtime.NumCPU(), bound.Seconds(), bound.Seconds()/floorPlan.Seconds())
	fmt.Printf("apply: %.1f guests per second of wall time\n", float64(o.n)/rows[0].wall.Seconds())
	printInviteRates(invites)
	validation.print(o.n)
	return nil
}

// benchGuests counts the guests the bench's configuration made.
func benchGuests(emu *graphemu.Server) int {
	n := 0
	for _, g := range emu.Guests() {
		if strings.HasSuffix(g.Mail, "@bench.example") {
			n++
		}
	}
	return n
}

// inviteTimes lists when the emulator received the invitations made since
// start, in order.
func inviteTimes(emu *graphemu.Server, start time.Time) []time.Time {
	var out []time.Time
	for _, inv := range emu.Invitations() {
		if !inv.At.Before(start) {
			out = append(out, inv.At)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// printInviteRates gives the invitation rate from the first invitation to
// the last, beside the fastest Graph allows: 150 per sliding 5 s, so n
// invitations span at least 5 s for every full 150 after the first batch.
func printInviteRates(at []time.Time) {
	if len(at) < 2 {
		return
	}
	span := at[len(at)-1].Sub(at[0])
	floor := 5 * time.Second * time.Duration((len(at)-1)/150)
	fmt.Printf("invitations: %d in %.2fs from the first to the last: %.1f per second", len(at), span.Seconds(), float64(len(at)-1)/span.Seconds())
	if floor > 0 {
		fmt.Printf(" (Graph's 150 per 5 s allows at most %.1f for this many)", float64(len(at)-1)/floor.Seconds())
	}
	fmt.Println()
}

// writeConfig makes dir a Terraform working directory with body as main.tf.
func writeConfig(dir, body string) error {
	return writeFiles(dir, map[string]string{"main.tf": body})
}

// writeFiles writes each file, by its path under dir, making directories
// as needed.
func writeFiles(dir string, files map[string]string) error {
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// busyLoad is the 1-minute load average above which a phase did not have
// the machine to itself: the bench alone leaves it near zero between phases.
const busyLoad = 0.5

// terraform runs one command and gives the CPU time it used. That time
// includes the providers, as the kernel adds the CPU of each child that
// terraform waited for to terraform's own.
func terraform(dir string, env []string, args ...string) (time.Duration, error) {
	cpu, _, err := terraformWatched(dir, env, args...)
	return cpu, err
}

// terraformWatched is terraform, and also gives the usage of the providers
// that this terraform process started.
func terraformWatched(dir string, env []string, args ...string) (time.Duration, providerUsage, error) {
	cmd := exec.Command(terraformBin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return 0, providerUsage{}, err
	}
	usage := watchProviders(cmd.Process.Pid)
	err := cmd.Wait()
	provider := usage()
	if err != nil {
		return 0, provider, fmt.Errorf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), provider, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func guestsConfig(o options) string {
	groups := []string{"a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0002-4000-8000-00000000e002", "a1b2c3d4-0003-4000-8000-00000000e003",
		"a1b2c3d4-0004-4000-8000-00000000e004", "a1b2c3d4-0005-4000-8000-00000000e005"}
	roles := []string{
		`{ resource_id = "5e000000-0001-4000-8000-0000000005a1", app_role_id = "7a000000-0001-4000-8000-000000000001" }`,
		`{ resource_id = "5e000000-0002-4000-8000-0000000005a2", app_role_id = "00000000-0000-0000-0000-000000000000" }`,
		`{ resource_id = "5e000000-0001-4000-8000-0000000005a1", app_role_id = "7a000000-0002-4000-8000-000000000002" }`,
		`{ resource_id = "5e000000-0001-4000-8000-0000000005a1", app_role_id = "7a000000-0003-4000-8000-000000000003" }`,
	}
	var gs []string
	for _, g := range groups[:min(o.groups, len(groups))] {
		gs = append(gs, strconv.Quote(g))
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    b2b = { source = "b2b-guests/b2b" }
  }
}

provider "b2b" {}

resource "b2b_invitation" "guest" {
  count                   = %d
  email                   = "bench${count.index}@bench.example"
  redirect_url            = "https://myapps.microsoft.com"
  send_invitation_message = false
  group_ids               = [%s]
  app_role_assignments    = [%s]
  job_title               = "Partner"
  company_name            = "Fabrikam"
  usage_location          = "GB"
}
`, o.n, strings.Join(gs, ", "), strings.Join(roles[:min(o.roles, len(roles))], ", "))
}

func floorConfig(n int) string {
	return fmt.Sprintf("resource \"terraform_data\" \"floor\" {\n  count = %d\n  input = \"guest${count.index}\"\n}\n", n)
}

// startEmulator starts the emulator every measurement runs against, with
// the latency, invitation throttle and budgets asked for. Graph answers a list of
// users asked for with $top=999 in pages of up to 999; the emulator's
// default page of 100 makes tests page, but would count a listing's round
// trips ten times over here.
func startEmulator(o options) (*graphemu.Server, error) {
	return graphemu.Start(graphemu.Options{
		PageSize: graphListPageSize,
		Faults: graphemu.Faults{Latency: o.latency, InviteThrottle: o.throttle,
			AppWriteBudget: o.budgets, TenantWriteBudget: o.budgets, ReadBudget: o.budgets},
	})
}

// graphListPageSize is Graph's largest page of users.
const graphListPageSize = 999
