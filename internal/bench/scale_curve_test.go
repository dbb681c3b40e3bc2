package main

import (
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseShapesAndCurve(t *testing.T) {
	shapes, err := parseShapes("for_each:max=2000, modules:250")
	if err != nil || len(shapes) != 2 || shapes[0].String() != "for_each" || shapes[0].upTo != 2000 || shapes[1].String() != "modules of ~250" || shapes[1].upTo != 0 {
		t.Fatalf("parseShapes = %v, %v", shapes, err)
	}
	for _, bad := range []string{"modules:0", "modules:x", "count", "for_each:max=", "modules:100:max=0"} {
		if _, err := parseShapes(bad); err == nil {
			t.Errorf("parseShapes(%q) accepted", bad)
		}
	}
	ns, err := parseCurve("200, 1000,5000")
	if err != nil || len(ns) != 3 || ns[2] != 5000 {
		t.Fatalf("parseCurve = %v, %v", ns, err)
	}
	if _, err := parseCurve("200,,1000"); err == nil {
		t.Error("an empty curve point was accepted")
	}
}

func TestWriteShapeLaysOutTheGuests(t *testing.T) {
	o := options{groups: 2, roles: 1}
	flat, mods, floor := t.TempDir(), t.TempDir(), t.TempDir()
	if err := writeShape(flat, shape{}, 3, guestResource(o)); err != nil {
		t.Fatal(err)
	}
	if err := writeShape(mods, shape{moduleSize: 2}, 3, guestResource(o)); err != nil {
		t.Fatal(err)
	}
	if err := writeShape(floor, shape{moduleSize: 2}, 3, floorResource); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(flat, "guests.csv"))
	if got := strings.Count(string(csv), "@bench.example"); got != 3 {
		t.Errorf("the CSV lists %d guests, want 3", got)
	}
	root, _ := os.ReadFile(filepath.Join(flat, "main.tf"))
	for _, want := range []string{"guests = { for g in csvdecode(", ": g.email => g }", "for_each                = local.guests", "email                   = each.key"} {
		if !strings.Contains(string(root), want) {
			t.Errorf("the for_each shape lacks %q:\n%s", want, root)
		}
	}
	if strings.Contains(string(root), "count") {
		t.Errorf("the for_each shape still counts:\n%s", root)
	}
	modRoot, _ := os.ReadFile(filepath.Join(mods, "main.tf"))
	module, _ := os.ReadFile(filepath.Join(mods, "guests", "main.tf"))
	if !strings.Contains(string(modRoot), "tostring(parseint(substr(sha1(lower(e)), 0, 8), 16) % 2) => e... }") || !strings.Contains(string(module), "for_each                = var.emails") {
		t.Errorf("the module shape:\n%s\n---\n%s", modRoot, module)
	}
	floorModule, _ := os.ReadFile(filepath.Join(floor, "guests", "main.tf"))
	if !strings.Contains(string(floorModule), "resource \"terraform_data\" \"guest\" {\n  for_each = var.emails\n") || strings.Contains(string(floorModule), "b2b_invitation") {
		t.Errorf("the floor's module:\n%s", floorModule)
	}
}

func TestPlotCurveDrawsALinePerPhaseAndShape(t *testing.T) {
	point := func(s shape, n int, secs float64) curvePoint {
		d := time.Duration(secs * float64(time.Second))
		return curvePoint{shape: s, n: n, rows: []row{{phase: "apply", wall: d}, {phase: "plan (refresh)", wall: d / 2}, {phase: "destroy", wall: d}},
			floor: []row{{phase: "terraform_data apply", wall: d / 5}, {phase: "terraform_data plan", wall: d / 10}}}
	}
	svg := plotCurve([]curvePoint{point(shape{}, 200, 10), point(shape{}, 1000, 70), point(shape{moduleSize: 100}, 200, 9), point(shape{moduleSize: 100}, 1000, 40)})
	doc := parseSVG(t, svg)
	// Three phases and two floor phases for each of two shapes; the points
	// give no budget floor, so none is drawn.
	if len(doc.Lines) != 10 {
		t.Fatalf("%d lines, want 10", len(doc.Lines))
	}
	for _, l := range doc.Lines {
		if n := len(strings.Fields(l.Points)); n != 2 {
			t.Errorf("a line has %d points, want one per N: %q", n, l.Points)
		}
	}
	for _, want := range []string{"apply, for_each", "destroy, modules of ~100", "terraform_data plan, modules of ~100", "terraform_data apply, for_each", ">1000<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart does not show %q", want)
		}
	}
	if strings.Contains(svg, budgetFloorSeries) {
		t.Error("the chart draws a budget floor that no point gave")
	}
}

type svgDoc struct {
	Lines []struct {
		Points string `xml:"points,attr"`
		Stroke string `xml:"stroke,attr"`
		Dash   string `xml:"stroke-dasharray,attr"`
	} `xml:"polyline"`
	Texts []string `xml:"text"`
}

func parseSVG(t *testing.T, svg string) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	return doc
}

// The floor of Graph's budgets is drawn once per phase, dashed as no shape
// is, at the least floor the shapes measured at each N, and named in the
// legend.
func TestPlotCurveDrawsGraphsBudgetFloorPerPhase(t *testing.T) {
	point := func(s shape, n int, wall, applyFloor float64) curvePoint {
		d := time.Duration(wall * float64(time.Second))
		return curvePoint{shape: s, n: n, rows: []row{{phase: "apply", wall: d}, {phase: "plan (refresh)", wall: d / 4}, {phase: "destroy", wall: d}},
			budgetFloors: map[string]time.Duration{"apply": time.Duration(applyFloor * float64(time.Second)), "plan (refresh)": 0, "destroy": 150 * time.Second}}
	}
	// Wall times reach 400 s, so the y axis runs to 500 s, 400 px tall.
	svg := plotCurve([]curvePoint{point(shape{}, 1000, 320, 300), point(shape{}, 5000, 400, 1500/5), point(shape{moduleSize: 100}, 1000, 310, 150)})
	doc := parseSVG(t, svg)
	floors := map[string]string{}
	for _, l := range doc.Lines {
		if l.Dash == budgetFloorDash {
			floors[l.Stroke] = l.Points
		}
	}
	// apply, plan (refresh) and destroy.
	if len(floors) != 3 {
		t.Fatalf("%d floor lines, want one per phase: %v", len(floors), floors)
	}
	y := func(secs float64) string { return fmt.Sprintf("%.1f", 520.0-50-(520.0-30-50)*secs/500) }
	x := func(n int) string { return fmt.Sprintf("%.1f", 70+(900.0-70-250)*float64(n)/5000) }
	// At 1000 the modules shape's floor, 150 s, is the least.
	want := map[string]string{
		"#1f77b4": x(1000) + "," + y(150) + " " + x(5000) + "," + y(300),
		"#2ca02c": x(1000) + "," + y(0) + " " + x(5000) + "," + y(0),
		"#d62728": x(1000) + "," + y(150) + " " + x(5000) + "," + y(150),
	}
	for color, pts := range want {
		if floors[color] != pts {
			t.Errorf("the floor line in %s: %q, want %q", color, floors[color], pts)
		}
	}
	for _, phase := range []string{"apply", "plan (refresh)", "destroy"} {
		if !slices.Contains(doc.Texts, budgetFloorSeries+phase) {
			t.Errorf("the legend lacks %q", budgetFloorSeries+phase)
		}
	}
}

func TestReplotReadsBackWhatTheCurvePrinted(t *testing.T) {
	point := func(s shape, n int, secs float64) curvePoint {
		d := time.Duration(secs * float64(time.Second))
		return curvePoint{shape: s, n: n, rows: []row{{phase: "apply", wall: d}, {phase: "plan (refresh)", wall: d / 2}, {phase: "destroy", wall: d}},
			floor: []row{{phase: "terraform_data apply", wall: d / 5}, {phase: "terraform_data plan", wall: d / 10}}}
	}
	dir := t.TempDir()
	var paths []string
	big := point(shape{moduleSize: 25}, 1000, 90)
	big.budgetFloors = map[string]time.Duration{"apply": 75 * time.Second, "plan (refresh)": 0, "destroy": 2500 * time.Millisecond}
	for i, pts := range [][]curvePoint{{point(shape{moduleSize: 25}, 200, 10), big}, {point(shape{}, 200, 12)}} {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("run%d.md", i)))
		if err != nil {
			t.Fatal(err)
		}
		printCurveHeader(f, options{})
		// One row at a time, in the order the curve measures them.
		for _, p := range pts {
			for _, r := range append(append([]row(nil), p.rows...), p.floor...) {
				printRows(f, p.shape.String(), p, []row{r})
			}
		}
		_ = f.Close()
		paths = append(paths, f.Name())
	}
	got, err := readCurveTables(paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1].n != 1000 || got[1].shape.moduleSize != 25 || got[2].shape.moduleSize != 0 {
		t.Fatalf("read back %+v", got)
	}
	if len(got[1].rows) != 3 || got[1].rows[0].wall != 90*time.Second || len(got[1].floor) != 2 {
		t.Errorf("the point at 1000: %+v", got[1])
	}
	if !maps.Equal(got[1].budgetFloors, big.budgetFloors) || len(got[0].budgetFloors) != 0 {
		t.Errorf("budget floors read back: %v at 1000, %v at 200; want %v and none", got[1].budgetFloors, got[0].budgetFloors, big.budgetFloors)
	}
	// A table printed before the budget floor had a column.
	old := filepath.Join(dir, "old.md")
	if err := os.WriteFile(old, []byte("| shape | N | phase | wall s | Terraform CPU s | provider CPU s |\n|---|---|---|---|---|---|\n| for_each | 200 | apply | 12.5 | 3.0 | 4.0 |\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := readCurveTables([]string{old}); err != nil || len(got) != 1 || got[0].rows[0].wall != 12500*time.Millisecond || got[0].budgetFloors != nil {
		t.Errorf("the older table read back as %+v, %v", got, err)
	}
	if _, err := readCurveTables([]string{filepath.Join(dir, "run0.md"), filepath.Join("testdata", "missing.md")}); err == nil {
		t.Error("a missing table was accepted")
	}
}
