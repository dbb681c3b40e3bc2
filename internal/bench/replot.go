package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Long curves are often measured in several runs, one shape at a time;
// -replot draws one chart from the tables those runs printed.

// readCurveTables reads the Markdown tables that the curve printed back
// into points: shape, N, phase and wall time are what the plot needs.
func readCurveTables(paths []string) ([]curvePoint, error) {
	var points []curvePoint
	index := map[string]int{}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		// Tables printed before the budget floor had a column lack it, so
		// the header says where it is.
		floorCol := -1
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
			if len(cells) < 4 {
				continue
			}
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			if i := slices.Index(cells, floorColumn); i >= 0 {
				floorCol = i
			}
			n, errN := strconv.Atoi(cells[1])
			wall, errW := strconv.ParseFloat(cells[3], 64)
			if errN != nil || errW != nil {
				continue // the header, its rule, or other text
			}
			s, err := shapeNamed(cells[0])
			if err != nil {
				_ = f.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			key := fmt.Sprintf("%s/%d", cells[0], n)
			i, ok := index[key]
			if !ok {
				i = len(points)
				index[key] = i
				points = append(points, curvePoint{shape: s, n: n})
			}
			r := row{phase: cells[2], wall: time.Duration(wall * float64(time.Second))}
			if floorCol >= 0 && floorCol < len(cells) {
				if secs, err := strconv.ParseFloat(cells[floorCol], 64); err == nil {
					if points[i].budgetFloors == nil {
						points[i].budgetFloors = map[string]time.Duration{}
					}
					points[i].budgetFloors[r.phase] = time.Duration(secs * float64(time.Second))
				}
			}
			if isFloor(r) {
				points[i].floor = append(points[i].floor, r)
			} else {
				points[i].rows = append(points[i].rows, r)
			}
		}
		err = sc.Err()
		_ = f.Close()
		if err != nil {
			return nil, err
		}
	}
	if len(points) == 0 {
		return nil, fmt.Errorf("no rows of a scale curve in %s", strings.Join(paths, ", "))
	}
	return points, nil
}

// shapeNamed reads a shape back from its name in the table.
func shapeNamed(name string) (shape, error) {
	if name == "for_each" {
		return shape{}, nil
	}
	if size, ok := strings.CutPrefix(name, "modules of ~"); ok {
		if n, err := strconv.Atoi(size); err == nil && n > 0 {
			return shape{moduleSize: n}, nil
		}
	}
	return shape{}, fmt.Errorf("unknown shape %q", name)
}

// replot writes the chart of the tables named by -replot to -plot.
func replot(o options) error {
	if o.plot == "" {
		return fmt.Errorf("-replot needs -plot FILE.svg")
	}
	points, err := readCurveTables(strings.Split(o.replot, ","))
	if err != nil {
		return err
	}
	return os.WriteFile(o.plot, []byte(plotCurve(points)), 0o644)
}
