package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseShapesAndCurve(t *testing.T) {
	shapes, err := parseShapes("for_each, modules:250")
	if err != nil || len(shapes) != 2 || shapes[0].String() != "for_each" || shapes[1].String() != "modules of 250" {
		t.Fatalf("parseShapes = %v, %v", shapes, err)
	}
	for _, bad := range []string{"modules:0", "modules:x", "count"} {
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
	flat, mods := t.TempDir(), t.TempDir()
	if err := writeShape(flat, o, shape{}, 3); err != nil {
		t.Fatal(err)
	}
	if err := writeShape(mods, o, shape{moduleSize: 2}, 3); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(flat, "guests.csv"))
	if got := strings.Count(string(csv), "@bench.example"); got != 3 {
		t.Errorf("the CSV lists %d guests, want 3", got)
	}
	root, _ := os.ReadFile(filepath.Join(flat, "main.tf"))
	for _, want := range []string{"for_each                = toset([for g in csvdecode(", "email                   = each.key"} {
		if !strings.Contains(string(root), want) {
			t.Errorf("the for_each shape lacks %q:\n%s", want, root)
		}
	}
	if strings.Contains(string(root), "count") {
		t.Errorf("the for_each shape still counts:\n%s", root)
	}
	modRoot, _ := os.ReadFile(filepath.Join(mods, "main.tf"))
	module, _ := os.ReadFile(filepath.Join(mods, "guests", "main.tf"))
	if !strings.Contains(string(modRoot), ", 2) : tostring(i) => chunk }") || !strings.Contains(string(module), "for_each                = var.emails") {
		t.Errorf("the module shape:\n%s\n---\n%s", modRoot, module)
	}
}

func TestPlotCurveDrawsALinePerPhaseAndShape(t *testing.T) {
	point := func(s shape, n int, secs float64) curvePoint {
		d := time.Duration(secs * float64(time.Second))
		return curvePoint{shape: s, n: n, rows: []row{{phase: "apply", wall: d}, {phase: "plan (refresh)", wall: d / 2}, {phase: "destroy", wall: d}},
			floorRow: row{phase: "terraform_data plan", wall: d / 10}}
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
	// Three phases for each of two shapes, and the floor.
	if len(doc.Lines) != 7 {
		t.Fatalf("%d lines, want 7", len(doc.Lines))
	}
	for _, l := range doc.Lines {
		if n := len(strings.Fields(l.Points)); n != 2 {
			t.Errorf("a line has %d points, want one per N: %q", n, l.Points)
		}
	}
	for _, want := range []string{"apply, for_each", "destroy, modules of 100", "terraform_data plan (floor)", ">1000<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart does not show %q", want)
		}
	}
}
