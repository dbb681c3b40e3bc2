package provider

import (
	"slices"
	"strings"
	"testing"
)

func TestIDsStillHeld(t *testing.T) {
	cases := map[string]struct{ state, actual, want []string }{
		"keeps the state's spelling":        {[]string{strings.ToUpper(gA)}, []string{gA}, []string{strings.ToUpper(gA)}},
		"drops what Graph no longer has":    {[]string{gA, gB}, []string{gA}, []string{gA}},
		"takes in nothing made elsewhere":   {[]string{gA}, []string{gA, gC}, []string{gA}},
		"nothing recorded, nothing to keep": {nil, []string{gA}, nil},
	}
	for name, c := range cases {
		if got := idsStillHeld(c.state, c.actual); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestIDsDiff(t *testing.T) {
	add, remove := idsDiff([]string{strings.ToUpper(gA), gB}, []string{gA, gC})
	if !slices.Equal(add, []string{gB}) || !slices.Equal(remove, []string{gC}) {
		t.Errorf("add %v, remove %v; want [%s] and [%s], with the letter case of A ignored", add, remove, gB, gC)
	}
}

func TestIDsMerge(t *testing.T) {
	cases := map[string]struct{ prior, added, removed, want []string }{
		"adds and removes":                     {[]string{gA, gB}, []string{gC}, []string{gB}, []string{gA, gC}},
		"a failed removal keeps its standing":  {[]string{gA, gB}, nil, nil, []string{gA, gB}},
		"an id added twice is held once":       {[]string{gA}, []string{strings.ToUpper(gA), gB}, nil, []string{gA, gB}},
		"a removal in another case still goes": {[]string{gA}, nil, []string{strings.ToUpper(gA)}, nil},
	}
	for name, c := range cases {
		if got := idsMerge(c.prior, c.added, c.removed); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestIDsSpelledAs(t *testing.T) {
	got := idsSpelledAs([]string{strings.ToUpper(gA)}, []string{gA, gC})
	if want := []string{strings.ToUpper(gA), gC}; !slices.Equal(got, want) {
		t.Errorf("%v, want %v: the configured spelling, and the extra id kept as drift", got, want)
	}
}
