package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseAge(t *testing.T) {
	cases := map[string]struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		"hours":                       {"720h", 720 * time.Hour, ""},
		"days":                        {"30d", 30 * day, ""},
		"a mix of units":              {"24h30m", 24*time.Hour + 30*time.Minute, ""},
		"one day":                     {"1d", day, ""},
		"100 years":                   {"36525d", maxSpan, ""},
		"100 years in hours":          {"876600h", maxSpan, ""},
		"a day more than 100 years":   {"36526d", 0, "more than 100 years"},
		"past time.Duration in days":  {"106752d", 0, "more than 100 years"},
		"past int64 in days":          {"99999999999999999999d", 0, "more than 100 years"},
		"past time.Duration in hours": {"2562048h", 0, "more than 100 years"},
		"zero days":                   {"0d", 0, "must be at least 1 day"},
		"zero":                        {"0", 0, "must be at least 1 day"},
		"an hour":                     {"1h", 0, "must be at least 1 day"},
		"negative days":               {"-5d", 0, "is negative"},
		"negative hours":              {"-720h", 0, "is negative"},
		"negative past overflow":      {"-2562048h", 0, "is negative"},
		"words":                       {"ninety days", 0, "neither a duration such as 720h nor a number of days such as 30d"},
		"fractional days":             {"1.5d", 0, "not a number of days such as 30d"},
		"plus days":                   {"+5d", 0, "not a number of days such as 30d"},
		"empty":                       {"", 0, "neither"},
	}
	for name, c := range cases {
		got, err := parseAge(c.in)
		switch {
		case c.wantErr == "" && (err != nil || got != c.want):
			t.Errorf("%s: parseAge(%q) = %v, %v; want %v", name, c.in, got, err, c.want)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: parseAge(%q) = %v, %v; want an error saying %q", name, c.in, got, err, c.wantErr)
		}
	}
}

// FuzzParseSpan: whatever the input, the parser does not panic, what it
// takes lies within the rule's bounds, and what it takes reads back the
// same when written as Go and, for whole days, as days.
func FuzzParseSpan(f *testing.F) {
	for _, s := range []string{"720h", "30d", "1d", "0d", "-5d", "106752d", "36525d", "36526d", "-720h", "2562048h",
		"9223372036854775807ns", "9223372036854775808ns", "1.5h", ".5h", "0", "-0", "+1h", "1h-1m", "d", "-d", "", "1e3h", "٣d", "1µs", "24h0m0.000000001s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, rule := range []spanRule{ageRule, agoRule} {
			d, err := parseSpan(s, rule)
			if err != nil {
				if d != 0 {
					t.Fatalf("parseSpan(%q) returned %v with its error %v", s, d, err)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
					t.Fatalf("the error of parseSpan(%q) does not quote it: %v", s, err)
				}
				continue
			}
			if d <= 0 || d < rule.min || d > maxSpan {
				t.Fatalf("parseSpan(%q) took %v, outside [%v, %v]", s, d, rule.min, maxSpan)
			}
			if back, err := parseSpan(d.String(), rule); err != nil || back != d {
				t.Fatalf("parseSpan(%q) = %v, but %q reads back as %v, %v", s, d, d.String(), back, err)
			}
			if d%day == 0 {
				days := fmt.Sprintf("%dd", d/day)
				if back, err := parseSpan(days, rule); err != nil || back != d {
					t.Fatalf("parseSpan(%q) = %v, but %q reads back as %v, %v", s, d, days, back, err)
				}
			}
		}
	})
}
