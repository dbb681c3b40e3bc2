package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// The scale curve: for each N of -curve and each configuration shape of
// -shapes, the apply, plan (refresh) and destroy of N guests read from a
// CSV, as a partner's list arrives, beside the plan of N terraform_data,
// which is Terraform's own floor for N resources.

// shape is how the guests are laid out in the configuration.
type shape struct {
	// moduleSize is the number of guests per module instance; 0 puts them
	// all in one for_each block of the root module.
	moduleSize int
}

func (s shape) String() string {
	if s.moduleSize == 0 {
		return "for_each"
	}
	return fmt.Sprintf("modules of %d", s.moduleSize)
}

// parseShapes reads "for_each,modules:100".
func parseShapes(spec string) ([]shape, error) {
	var out []shape
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "for_each":
			out = append(out, shape{})
		case strings.HasPrefix(part, "modules:"):
			size, err := strconv.Atoi(strings.TrimPrefix(part, "modules:"))
			if err != nil || size < 1 {
				return nil, fmt.Errorf("shape %q: want modules:SIZE with SIZE ≥ 1", part)
			}
			out = append(out, shape{moduleSize: size})
		default:
			return nil, fmt.Errorf("unknown shape %q: want for_each or modules:SIZE", part)
		}
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
	shape    shape
	n        int
	rows     []row // apply, plan (refresh), destroy
	invites  float64
	floorRow row // the plan of n terraform_data
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
func guestResource(o options, emails string) string {
	full := guestsConfig(options{n: 1, groups: o.groups, roles: o.roles})
	body := full[strings.Index(full, "resource "):]
	body = strings.Replace(body, "  count                   = 1\n", "  for_each                = "+emails+"\n", 1)
	return strings.Replace(body, `"bench${count.index}@bench.example"`, "each.key", 1)
}

// writeShape lays out a working directory for n guests in the shape.
func writeShape(dir string, o options, s shape, n int) error {
	header := "terraform {\n  required_providers {\n    b2b = { source = \"b2b-guests/b2b\" }\n  }\n}\n\n"
	files := map[string]string{"guests.csv": guestsCSV(n)}
	emails := `[for g in csvdecode(file("${path.module}/guests.csv")) : g.email]`
	if s.moduleSize == 0 {
		files["main.tf"] = header + "provider \"b2b\" {}\n\n" + guestResource(o, "toset("+emails+")")
	} else {
		files["main.tf"] = header + "provider \"b2b\" {}\n\n" + fmt.Sprintf(`module "guests" {
  source   = "./guests"
  for_each = { for i, chunk in chunklist(%s, %d) : tostring(i) => chunk }
  emails   = toset(each.value)
}
`, emails, s.moduleSize)
		files[filepath.Join("guests", "main.tf")] = header + "variable \"emails\" {\n  type = set(string)\n}\n\n" + guestResource(o, "var.emails")
	}
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

// runCurve measures every shape at every N, one shape after the other,
// each N from a new working directory and a new tenant.
func runCurve(o options, work string, env []string, ns []int, shapes []shape) ([]curvePoint, error) {
	par := "-parallelism=" + strconv.Itoa(o.parallelism)
	floors := map[int]row{}
	var points []curvePoint
	for _, s := range shapes {
		for _, n := range ns {
			emu, err := graphemu.Start(graphemu.Options{Faults: graphemu.Faults{Latency: o.latency, InviteThrottle: o.throttle}})
			if err != nil {
				return nil, err
			}
			point, err := measurePoint(o, work, withEmulator(env, emu), emu, s, n, par)
			_ = emu.Close()
			if err != nil {
				return nil, err
			}
			if _, ok := floors[n]; !ok {
				floor, err := measureFloor(work, env, n, par)
				if err != nil {
					return nil, err
				}
				floors[n] = floor
			}
			point.floorRow = floors[n]
			points = append(points, point)
			fmt.Fprintf(os.Stderr, "bench: %s, N=%d done\n", s, n)
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

// measurePoint applies, plans and destroys n guests in the shape.
func measurePoint(o options, work string, env []string, emu *graphemu.Server, s shape, n int, par string) (curvePoint, error) {
	dir := filepath.Join(work, fmt.Sprintf("curve-%d-%d", s.moduleSize, n))
	if err := writeShape(dir, o, s, n); err != nil {
		return curvePoint{}, err
	}
	if s.moduleSize > 0 {
		// `terraform get` installs the local module; init would also look
		// the provider up in the registry, which dev_overrides make moot.
		if _, err := terraform(dir, env, "get"); err != nil {
			return curvePoint{}, err
		}
	}
	point := curvePoint{shape: s, n: n}
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
		before := loadAverage()
		start := time.Now()
		cpu, usage, err := terraformWatched(dir, env, ph.args...)
		wall := time.Since(start)
		if err != nil {
			return curvePoint{}, fmt.Errorf("%s, N=%d, %s: %w", s, n, ph.name, err)
		}
		point.rows = append(point.rows, row{phase: ph.name, wall: wall, stats: emu.Stats(), cpu: cpu, provider: usage, loadBefore: before, loadAfter: loadAverage()})
		if ph.name == "apply" {
			if at := inviteTimes(emu, start); len(at) > 1 {
				point.invites = float64(len(at)-1) / at[len(at)-1].Sub(at[0]).Seconds()
			}
		}
	}
	return point, nil
}

// measureFloor times the plan of n terraform_data, after their apply.
func measureFloor(work string, env []string, n int, par string) (row, error) {
	dir := filepath.Join(work, fmt.Sprintf("floor-%d", n))
	if err := writeConfig(dir, floorConfig(n)); err != nil {
		return row{}, err
	}
	if _, err := terraform(dir, env, "apply", "-auto-approve", "-input=false", par); err != nil {
		return row{}, err
	}
	before := loadAverage()
	start := time.Now()
	cpu, usage, err := terraformWatched(dir, env, "plan", "-input=false", par)
	if err != nil {
		return row{}, err
	}
	return row{phase: "terraform_data plan", wall: time.Since(start), cpu: cpu, provider: usage, loadBefore: before, loadAfter: loadAverage()}, nil
}

// printCurve writes the curve as a Markdown table.
func printCurve(w *os.File, o options, points []curvePoint) {
	fmt.Fprintf(w, "\nterraform-provider-b2b scale curve: guests × %d groups + %d app roles + 3 profile fields, latency %s, parallelism %d, invite throttle %v\n\n",
		o.groups, o.roles, o.latency, o.parallelism, o.throttle)
	fmt.Fprintln(w, "| shape | N | phase | wall s | Terraform CPU s | provider CPU s | provider / Terraform | provider CPU ms / guest | Terraform peak RSS MB | provider peak RSS MB | round trips / guest | invitations / s | load before→after |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, p := range points {
		for _, r := range append(append([]row(nil), p.rows...), p.floorRow) {
			own := r.cpu - r.provider.cpu
			invites := ""
			if r.phase == "apply" {
				invites = fmt.Sprintf("%.1f", p.invites)
			}
			ratio, perGuest, trips := "", "", ""
			if r.phase != "terraform_data plan" {
				ratio = fmt.Sprintf("%.2f", r.provider.cpu.Seconds()/own.Seconds())
				perGuest = fmt.Sprintf("%.2f", ms(r.provider.cpu)/float64(p.n))
				trips = fmt.Sprintf("%.3f", float64(r.stats.RoundTrips)/float64(p.n))
			}
			fmt.Fprintf(w, "| %s | %d | %s | %.1f | %.1f | %.1f | %s | %s | %.0f | %.0f | %s | %s | %.2f→%.2f |\n",
				p.shape, p.n, r.phase, r.wall.Seconds(), own.Seconds(), r.provider.cpu.Seconds(), ratio, perGuest,
				float64(r.provider.terraformPeakRSSKB)/1024, float64(r.provider.peakRSSKB)/1024, trips, invites, r.loadBefore, r.loadAfter)
		}
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
	points, err := runCurve(o, work, env, ns, shapes)
	if err != nil {
		return err
	}
	printCurve(os.Stdout, o, points)
	if o.plot != "" {
		if err := os.WriteFile(o.plot, []byte(plotCurve(points)), 0o644); err != nil {
			return err
		}
		fmt.Printf("\nplot: %s\n", o.plot)
	}
	return nil
}
