package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// validateRuns is how often each configuration is validated; the median is
// kept, since a single start of a process varies by ±20 ms on this machine.
const validateRuns = 7

// validation holds the median wall time of `terraform validate` for each
// configuration.
type validation struct {
	empty, providerOnly, oneGuest, allGuests time.Duration
}

// timeValidate times the provider's start. A configuration that holds only
// the provider block makes Terraform start the provider once and ask for
// its schema; one with a resource starts it a second time to validate the
// resource. Both are set beside a configuration with no provider at all.
func timeValidate(env []string, guests string) (validation, error) {
	work := filepath.Dir(guests)
	one := guestsConfig(options{n: 1, groups: 1, roles: 1})
	written := map[string]string{
		"validate-empty":    "terraform {}\n",
		"validate-provider": one[:strings.Index(one, "resource ")],
		"validate-one":      one,
	}
	for name, body := range written {
		if err := writeConfig(filepath.Join(work, name), body); err != nil {
			return validation{}, err
		}
	}
	dirs := []string{filepath.Join(work, "validate-empty"), filepath.Join(work, "validate-provider"), filepath.Join(work, "validate-one"), guests}
	var medians [4]time.Duration
	for i, dir := range dirs {
		// One run unmeasured, to have the files in the page cache.
		var times []time.Duration
		for range validateRuns + 1 {
			start := time.Now()
			if _, err := terraform(dir, env, "validate"); err != nil {
				return validation{}, err
			}
			times = append(times, time.Since(start))
		}
		times = times[1:]
		slices.Sort(times)
		medians[i] = times[len(times)/2]
	}
	return validation{empty: medians[0], providerOnly: medians[1], oneGuest: medians[2], allGuests: medians[3]}, nil
}

func (v validation) print(n int) {
	past := func(d time.Duration) float64 { return ms(d) - ms(v.empty) }
	fmt.Printf("provider start and schema: %.0f ms (terraform validate with only the b2b provider block, %.0f ms, past one with no provider, %.0f ms)\n",
		past(v.providerOnly), ms(v.providerOnly), ms(v.empty))
	fmt.Printf("terraform validate of one guest: %.0f ms past no provider (two provider starts); of all %d guests: %.0f ms\n",
		past(v.oneGuest), n, past(v.allGuests))
}
