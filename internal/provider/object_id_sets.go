package provider

import "strings"

// Object ids (of groups, sponsors) are compared without regard to letter
// case, as Graph compares them, and kept in the configuration's spelling,
// so that case never shows as a diff. Every set operation on them is here.

func lowerSet(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[strings.ToLower(id)] = true
	}
	return out
}

// idsDiff returns what want adds to have and what it drops.
func idsDiff(want, have []string) (add, remove []string) {
	inWant, inHave := lowerSet(want), lowerSet(have)
	for _, id := range want {
		if !inHave[strings.ToLower(id)] {
			add = append(add, id)
		}
	}
	for _, id := range have {
		if !inWant[strings.ToLower(id)] {
			remove = append(remove, id)
		}
	}
	return add, remove
}

// idsMerge is prior after a change: without removed, with added, each id
// once. An id whose change failed is in neither list, so it keeps its prior
// standing and the next plan retries it.
func idsMerge(prior, added, removed []string) []string {
	gone := lowerSet(removed)
	seen := map[string]bool{}
	var out []string
	for _, list := range [][]string{prior, added} {
		for _, id := range list {
			key := strings.ToLower(id)
			if !gone[key] && !seen[key] {
				seen[key] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// idsStillHeld is recorded, less what actual no longer holds, in the
// recorded spelling. What actual holds beyond it is not taken in: a group
// membership made elsewhere is not this resource's.
func idsStillHeld(recorded, actual []string) []string {
	held := lowerSet(actual)
	var out []string
	for _, id := range recorded {
		if held[strings.ToLower(id)] {
			out = append(out, id)
		}
	}
	return out
}

// idsSpelledAs is actual, each id that configured also names in configured's
// spelling. Unlike idsStillHeld it keeps what configured lacks: the whole
// set of sponsors is the resource's, so an extra one is drift to show.
func idsSpelledAs(configured, actual []string) []string {
	byLower := map[string]string{}
	for _, id := range configured {
		byLower[strings.ToLower(id)] = id
	}
	out := make([]string, 0, len(actual))
	for _, id := range actual {
		if c, ok := byLower[strings.ToLower(id)]; ok {
			id = c
		}
		out = append(out, id)
	}
	return out
}
