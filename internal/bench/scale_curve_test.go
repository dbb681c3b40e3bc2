package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
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
	var doc struct {
		Lines []struct {
			Points string `xml:"points,attr"`
		} `xml:"polyline"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	// Three phases and two floor phases for each of two shapes.
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
}

func TestReplotReadsBackWhatTheCurvePrinted(t *testing.T) {
	point := func(s shape, n int, secs float64) curvePoint {
		d := time.Duration(secs * float64(time.Second))
		return curvePoint{shape: s, n: n, rows: []row{{phase: "apply", wall: d}, {phase: "plan (refresh)", wall: d / 2}, {phase: "destroy", wall: d}},
			floor: []row{{phase: "terraform_data apply", wall: d / 5}, {phase: "terraform_data plan", wall: d / 10}}}
	}
	dir := t.TempDir()
	var paths []string
	for i, pts := range [][]curvePoint{{point(shape{moduleSize: 25}, 200, 10), point(shape{moduleSize: 25}, 1000, 90)}, {point(shape{}, 200, 12)}} {
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
	if _, err := readCurveTables([]string{filepath.Join(dir, "run0.md"), filepath.Join("testdata", "missing.md")}); err == nil {
		t.Error("a missing table was accepted")
	}
}
