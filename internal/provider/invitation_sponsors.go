package provider

import (
	"strings"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// setDiff returns what want adds to have and what it drops, ignoring case.
func setDiff(want, have []string) (add, remove []string) {
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

// spelledAs is actual, with each id that the configuration also names in
// the configuration's spelling, so that letter case never shows as a diff.
// Unlike keepConfiguredSpelling it keeps ids the configuration lacks: for
// sponsors, those are drift to show.
func spelledAs(configured, actual []string) []string {
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

// mergeSponsors is the sponsors after a batch: the state's, with what was
// added and without what was removed.
func mergeSponsors(state []string, res graph.MembershipResult) []string {
	removed := lowerSet(res.RemovedSponsors)
	var out []string
	for _, id := range state {
		if !removed[strings.ToLower(id)] {
			out = append(out, id)
		}
	}
	return append(out, res.AddedSponsors...)
}
