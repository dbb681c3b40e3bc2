package main

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// plotCurve draws wall time against N as an SVG line chart: one line per
// phase and shape, Terraform's floor in each shape, the apply and plan of
// as many terraform_data, and Graph's floor for each phase, the least wall
// time its budgets allow for what the phase sent. Phases have a color
// each, shapes a dash pattern each; Graph's floors are thin, faint and
// dashed apart from every shape.
func plotCurve(points []curvePoint) string {
	const width, height, left, right, top, bottom = 900.0, 520.0, 70.0, 250.0, 30.0, 50.0
	type series struct {
		name   string
		color  string
		dash   string
		values map[int]float64
	}
	colors := map[string]string{"apply": "#1f77b4", "plan (refresh)": "#2ca02c", "destroy": "#d62728", "terraform_data apply": "#9467bd", "terraform_data plan": "#7f7f7f"}
	dashes := []string{"", "8 4", "2 3", "12 3 2 3"}
	var all []*series
	byName := map[string]*series{}
	shapeIndex := map[string]int{}
	add := func(name, color, dash string, n int, v float64) {
		s := byName[name]
		if s == nil {
			s = &series{name: name, color: color, dash: dash, values: map[int]float64{}}
			byName[name] = s
			all = append(all, s)
		}
		s.values[n] = v
	}
	maxN, maxY := 0, 0.0
	for _, p := range points {
		key := p.shape.String()
		if _, ok := shapeIndex[key]; !ok {
			shapeIndex[key] = len(shapeIndex)
		}
		dash := dashes[shapeIndex[key]%len(dashes)]
		for _, r := range append(append([]row(nil), p.rows...), p.floor...) {
			add(r.phase+", "+key, colors[r.phase], dash, p.n, r.wall.Seconds())
			maxY = math.Max(maxY, r.wall.Seconds())
		}
		maxN = max(maxN, p.n)
	}
	// One floor line per phase, not per shape: every shape sends Graph the
	// same work, so where shapes differ the least floor is drawn, which
	// every shape's line stays above.
	for _, p := range points {
		for _, r := range p.rows {
			f, ok := p.budgetFloors[r.phase]
			if !ok {
				continue
			}
			name := budgetFloorSeries + r.phase
			if s := byName[name]; s != nil {
				if v, seen := s.values[p.n]; seen && v <= f.Seconds() {
					continue
				}
			}
			add(name, colors[r.phase], budgetFloorDash, p.n, f.Seconds())
			maxY = math.Max(maxY, f.Seconds())
		}
	}
	if maxN == 0 {
		return ""
	}
	maxY = niceCeiling(maxY)
	x := func(n int) float64 { return left + (width-left-right)*float64(n)/float64(maxN) }
	y := func(v float64) float64 { return height - bottom - (height-top-bottom)*v/maxY }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", left, y(0), width-right, y(0))
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", left, y(0), left, y(maxY))
	for i := 0; i <= 5; i++ {
		v := maxY * float64(i) / 5
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e0e0e0"/>`+"\n", left, y(v), width-right, y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%g</text>`+"\n", left-6, y(v)+4, v)
	}
	var ns []int
	for _, s := range all {
		for n := range s.values {
			if !slices.Contains(ns, n) {
				ns = append(ns, n)
			}
		}
	}
	sort.Ints(ns)
	for _, n := range ns {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", x(n), y(0)+18, n)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">guests (N)</text>`+"\n", (left+width-right)/2, height-8)
	fmt.Fprintf(&b, `<text x="16" y="%.1f" text-anchor="middle" transform="rotate(-90 16 %.1f)">wall time (s)</text>`+"\n", (top+height-bottom)/2, (top+height-bottom)/2)
	for i, s := range all {
		var pts []string
		keys := make([]int, 0, len(s.values))
		for n := range s.values {
			keys = append(keys, n)
		}
		sort.Ints(keys)
		for _, n := range keys {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(n), y(s.values[n])))
		}
		style := ` stroke-width="2"`
		if strings.HasPrefix(s.name, budgetFloorSeries) {
			style = ` stroke-width="1.5" stroke-opacity="0.6"`
		}
		if s.dash != "" {
			style += fmt.Sprintf(` stroke-dasharray="%s"`, s.dash)
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s"%s points="%s"/>`+"\n", s.color, style, strings.Join(pts, " "))
		ly := top + 10 + float64(i)*18
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"%s/>`+"\n", width-right+12, ly, width-right+40, ly, s.color, style)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", width-right+46, ly+4, s.name)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// budgetFloorSeries begins the name of each phase's Graph floor line, and
// budgetFloorDash is its dash pattern, which no shape has.
const (
	budgetFloorSeries = "Graph's floor, "
	budgetFloorDash   = "3 5"
)

// niceCeiling rounds v up to 1, 2 or 5 times a power of ten.
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
