package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The scale curve: for each N of -curve and each configuration shape of
// -shapes, the apply, plan (refresh) and destroy of N guests read from a
// CSV, as a partner's list arrives, beside the apply and plan of N
// terraform_data laid out in the same shape, which is what Terraform itself
// costs for that many resource instances in that layout.

// shape is how the guests are laid out in the configuration.
type shape struct {
	// moduleSize is the number of guests per module instance; 0 puts them
	// all in one for_each block of the root module.
	moduleSize int
	// upTo, when above 0, is the largest N the shape is measured at.
	upTo int
}

func (s shape) String() string {
	if s.moduleSize == 0 {
		return "for_each"
	}
	return fmt.Sprintf("modules of ~%d", s.moduleSize)
}

// parseShapes reads "for_each:max=2000,modules:100": ":max=N" stops a
// shape's curve at N.
func parseShapes(spec string) ([]shape, error) {
	var out []shape
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		var s shape
		if name, limit, ok := strings.Cut(part, ":max="); ok {
			n, err := strconv.Atoi(limit)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("shape %q: want SHAPE:max=N with N ≥ 1", part)
			}
			s.upTo, part = n, name
		}
		switch {
		case part == "for_each":
		case strings.HasPrefix(part, "modules:"):
			size, err := strconv.Atoi(strings.TrimPrefix(part, "modules:"))
			if err != nil || size < 1 {
				return nil, fmt.Errorf("shape %q: want modules:SIZE with SIZE ≥ 1", part)
			}
			s.moduleSize = size
		default:
			return nil, fmt.Errorf("unknown shape %q: want for_each or modules:SIZE, either optionally followed by :max=N", part)
		}
		out = append(out, s)
	}
	return out, nil
}

// parseCurve reads "200,1000,2000,5000".
func parseCurve(spec string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("curve point %q: want a positive number of guests", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// curvePoint is what one shape cost at one N.
type curvePoint struct {
	shape   shape
	n       int
	rows    []row // apply, plan (refresh), destroy
	invites float64
	floor   []row // the apply and plan of n terraform_data in the shape
	// budgetFloors is, by phase, the least wall time Graph's budgets
	// allow for what the phase sent (budgetFloor); a table printed before
	// it had the column gives none.
	budgetFloors map[string]time.Duration
}

// guestsCSV is the partner's list: one email per guest.
func guestsCSV(n int) string {
	var b strings.Builder
	b.WriteString("email\n")
	for i := range n {
		fmt.Fprintf(&b, "bench%d@bench.example\n", i)
	}
	return b.String()
}

// guestResource is the b2b_invitation of every shape, for_each over emails.
func guestResource(o options) func(forEach string) string {
	return func(forEach string) string {
		full := guestsConfig(options{n: 1, groups: o.groups, roles: o.roles})
		body := full[strings.Index(full, "resource "):]
		body = strings.Replace(body, "  count                   = 1\n", "  for_each                = "+forEach+"\n", 1)
		return strings.Replace(body, `"bench${count.index}@bench.example"`, "each.key", 1)
	}
}

// floorResource is a terraform_data per guest: Terraform's own cost.
func floorResource(forEach string) string {
	return fmt.Sprintf("resource \"terraform_data\" \"guest\" {\n  for_each = %s\n  input    = each.key\n}\n", forEach)
}

// writeShape lays out a working directory for n guests in the shape, each
// guest the resource that resource writes for a for_each expression. The
// list is decoded once, in a local, as the bulk-invite example does. One
// for_each block iterates a map keyed by email: Terraform evaluates a
// resource's for_each again for each instance, and a set of strings costs
// it far more than a map does (the large-tenants guide has the figures).
// Module instances
// take the guests by a hash of each email, as the large-tenants example
// does, so that each holds about moduleSize of them.
func writeShape(dir string, s shape, n int, resource func(forEach string) string) error {
	header := "terraform {\n  required_providers {\n    b2b = { source = \"b2b-guests/b2b\" }\n  }\n}\n\n"
	files := map[string]string{"guests.csv": guestsCSV(n)}
	if s.moduleSize == 0 {
		guests := "locals {\n  guests = { for g in csvdecode(file(\"${path.module}/guests.csv\")) : g.email => g }\n}\n\n"
		files["main.tf"] = header + "provider \"b2b\" {}\n\n" + guests + resource("local.guests")
	} else {
		emails := "locals {\n  emails = [for g in csvdecode(file(\"${path.module}/guests.csv\")) : g.email]\n}\n\n"
		buckets := (n + s.moduleSize - 1) / s.moduleSize
		files["main.tf"] = header + "provider \"b2b\" {}\n\n" + emails + fmt.Sprintf(`module "guests" {
  source   = "./guests"
  for_each = { for e in local.emails : tostring(parseint(substr(sha1(lower(e)), 0, 8), 16) %% %d) => e... }
  emails   = toset(each.value)
}
`, buckets)
		files[filepath.Join("guests", "main.tf")] = header + "variable \"emails\" {\n  type = set(string)\n}\n\n" + resource("var.emails")
	}
	return writeFiles(dir, files)
}

// runCurve measures every shape at every N up to its limit, one shape after
// the other, each N from new working directories and a new tenant, and
// prints each row as soon as its phase ends: a long curve shows its
// progress, and a run stopped during a destroy of 5000 guests, which takes
// the better part of an hour, keeps the apply and plan it measured.
func runCurve(o options, w io.Writer, work string, env []string, ns []int, shapes []shape) ([]curvePoint, error) {
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	printCurveHeader(w, o)
	var points []curvePoint
	for _, s := range shapes {
		for _, n := range ns {
			if s.upTo > 0 && n > s.upTo {
				continue
			}
			emu, err := startEmulator(o)
			if err != nil {
				return nil, err
			}
			point, err := measurePoint(o, w, work, withEmulator(env, emu), emu, s, n, par)
			_ = emu.Close()
			if err != nil {
				return nil, err
			}
			if point.floor, err = measureFloor(o, w, work, env, s, n, par); err != nil {
				return nil, err
			}
			points = append(points, point)
		}
	}
	return points, nil
}

func withEmulator(env []string, emu *graphemu.Server) []string {
	out := append([]string(nil), env...)
	for k, v := range emu.Env() {
		out = append(out, k+"="+v)
	}
	return out
}

// measurePoint applies, plans and destroys n guests in the shape, and
// writes each phase's row to w once it ends.
func measurePoint(o options, w io.Writer, work string, env []string, emu *graphemu.Server, s shape, n int, par string) (curvePoint, error) {
	dir := filepath.Join(work, fmt.Sprintf("curve-%d-%d", s.moduleSize, n))
	if err := writeShape(dir, s, n, guestResource(o)); err != nil {
		return curvePoint{}, err
	}
	if err := prepareDir(o, dir, env, s.moduleSize > 0); err != nil {
		return curvePoint{}, err
	}
	point := curvePoint{shape: s, n: n, budgetFloors: map[string]time.Duration{}}
	phases := []struct {
		name string
		args []string
	}{
		{"apply", []string{"apply", "-auto-approve", "-input=false", par}},
		{"plan (refresh)", []string{"plan", "-input=false", par}},
		{"destroy", []string{"destroy", "-auto-approve", "-input=false", par}},
	}
	for _, ph := range phases {
		emu.ResetStats()
		usersBefore := emu.UserCount()
		start := time.Now()
		r, err := timePhase(ph.name, dir, env, ph.args...)
		if err != nil {
			return curvePoint{}, fmt.Errorf("%s, N=%d: %w", s, n, err)
		}
		r.stats, r.users = emu.Stats(), max(usersBefore, emu.UserCount())
		point.budgetFloors[ph.name], _ = budgetFloor(r.stats, r.users)
		point.rows = append(point.rows, r)
		if ph.name == "apply" {
			if at := inviteTimes(emu, start); len(at) > 1 {
				point.invites = float64(len(at)-1) / at[len(at)-1].Sub(at[0]).Seconds()
			}
		}
		printRows(w, s.String(), point, []row{r})
	}
	return point, nil
}

// measureFloor times the apply and then the plan of n terraform_data laid
// out in the shape, and writes their rows to w.
func measureFloor(o options, w io.Writer, work string, env []string, s shape, n int, par string) ([]row, error) {
	dir := filepath.Join(work, fmt.Sprintf("floor-%d-%d", s.moduleSize, n))
	if err := writeShape(dir, s, n, floorResource); err != nil {
		return nil, err
	}
	if err := prepareDir(o, dir, env, s.moduleSize > 0); err != nil {
		return nil, err
	}
	apply, err := timePhase("terraform_data apply", dir, env, "apply", "-auto-approve", "-input=false", par)
	if err != nil {
		return nil, err
	}
	plan, err := timePhase("terraform_data plan", dir, env, "plan", "-input=false", par)
	if err != nil {
		return nil, err
	}
	floor := []row{apply, plan}
	printRows(w, s.String(), curvePoint{shape: s, n: n}, floor)
	return floor, nil
}

// timePhase runs one terraform command and measures it.
func timePhase(phase, dir string, env []string, args ...string) (row, error) {
	before := loadAverage()
	start := time.Now()
	cpu, usage, err := terraformWatched(dir, env, args...)
	if err != nil {
		return row{}, fmt.Errorf("%s: %w", phase, err)
	}
	return row{phase: phase, wall: time.Since(start), cpu: cpu, provider: usage, loadBefore: before, loadAfter: loadAverage()}, nil
}

// floorColumn heads the column of Graph's budget floor in the table.
const floorColumn = "budget floor s"

func isFloor(r row) bool { return strings.HasPrefix(r.phase, "terraform_data") }

func printCurveHeader(w io.Writer, o options) {
	fmt.Fprintf(w, "\nterraform-provider-b2b scale curve: guests × %d groups + %d app roles + 3 profile fields, latency %s, parallelism %d, invite throttle %v\nstate backend: %s\n\n",
		o.groups, o.roles, o.latency, o.parallelism, o.throttle, backendName(o))
	fmt.Fprintln(w, "| shape | N | phase | wall s | "+floorColumn+" | wall / floor | Terraform CPU s | provider CPU s | provider / Terraform | provider CPU ms / guest | Terraform peak RSS MB | provider peak RSS MB | round trips / guest | invitations / s | load before→after |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
}

// printRows writes rows of the Markdown table for n guests laid out as
// label.
func printRows(w io.Writer, label string, p curvePoint, rows []row) {
	for _, r := range rows {
		own := r.cpu - r.provider.cpu
		invites := ""
		if r.phase == "apply" {
			invites = fmt.Sprintf("%.1f", p.invites)
		}
		ratio, perGuest, trips, providerRSS, floor, overFloor := "", "", "", "", "", ""
		if f, ok := p.budgetFloors[r.phase]; ok {
			floor, overFloor = fmt.Sprintf("%.1f", f.Seconds()), "—"
			if f > 0 {
				overFloor = fmt.Sprintf("%.2f", r.wall.Seconds()/f.Seconds())
			}
		}
		if !isFloor(r) {
			ratio = fmt.Sprintf("%.2f", r.provider.cpu.Seconds()/own.Seconds())
			perGuest = fmt.Sprintf("%.2f", ms(r.provider.cpu)/float64(p.n))
			trips = fmt.Sprintf("%.3f", float64(r.stats.RoundTrips)/float64(p.n))
			providerRSS = fmt.Sprintf("%.0f", float64(r.provider.peakRSSKB)/1024)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %.1f | %s | %s | %.1f | %.1f | %s | %s | %.0f | %s | %s | %s | %.2f→%.2f |\n",
			label, p.n, r.phase, r.wall.Seconds(), floor, overFloor, own.Seconds(), r.provider.cpu.Seconds(), ratio, perGuest,
			float64(r.provider.terraformPeakRSSKB)/1024, providerRSS, trips, invites, r.loadBefore, r.loadAfter)
	}
}

// curve runs -curve over -shapes, prints the table and writes the plot.
func curve(o options, work string, env []string) error {
	ns, err := parseCurve(o.curve)
	if err != nil {
		return err
	}
	shapes, err := parseShapes(o.shapes)
	if err != nil {
		return err
	}
	points, err := runCurve(o, os.Stdout, work, env, ns, shapes)
	if err != nil {
		return err
	}
	if o.plot != "" {
		if err := os.WriteFile(o.plot, []byte(plotCurve(points)), 0o644); err != nil {
			return err
		}
		fmt.Printf("\nplot: %s\n", o.plot)
	}
	return nil
}
