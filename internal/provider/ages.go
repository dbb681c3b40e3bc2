package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Every age and every time counted back from now is read by parseSpan, so
// that one set of bounds holds for all of them: time.Duration overflows at
// about 292 years and wraps to a negative age, which would match every
// guest, so nothing past a century is taken.

// maxSpan is 100 years of 365.25 days.
const maxSpan = 36525 * 24 * time.Hour

// spanRule is the smallest span an attribute takes, and why.
type spanRule struct {
	min    time.Duration
	minIs  string // min in words, for the error
	reason string // why min is the least that makes sense
}

var (
	// ageRule is for how long a guest has been pending or idle. Graph fills
	// sign-in activity hours late, and ages are told in whole days.
	ageRule = spanRule{min: 24 * time.Hour, minIs: "1 day",
		reason: "ages are counted in whole days, and Graph records sign-ins hours late"}
	// agoRule is for a time given as a span back from now: Graph records
	// times to the second.
	agoRule = spanRule{min: time.Second, minIs: "1s",
		reason: "it counts back from now, and Graph records times to the second"}
)

// goDuration is the grammar of time.ParseDuration: a string that matches
// it and still fails to parse has overflowed. daysSpan is whole days.
var (
	goDuration = regexp.MustCompile(`^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$`)
	daysSpan   = regexp.MustCompile(`^(-?)([0-9]+)d$`)
)

// parseSpan reads a Go duration such as "720h", or whole days such as
// "30d", and refuses what is negative, shorter than the rule allows, or
// longer than 100 years, saying which.
func parseSpan(s string, rule spanRule) (time.Duration, error) {
	var d time.Duration
	var overflow bool
	if m := daysSpan.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[2], 10, 64)
		overflow = err != nil || n > int64(maxSpan/(24*time.Hour)) // only digits, so only too many of them
		if !overflow {
			d = time.Duration(n) * 24 * time.Hour
		}
		if m[1] == "-" {
			d = -d
		}
	} else if goDuration.MatchString(s) {
		var err error
		d, err = time.ParseDuration(s)
		overflow = err != nil
	} else if strings.HasSuffix(s, "d") {
		return 0, fmt.Errorf("%q is not a number of days such as 30d", s)
	} else {
		return 0, fmt.Errorf("%q is neither a duration such as 720h nor a number of days such as 30d", s)
	}
	switch {
	case d < 0, overflow && strings.HasPrefix(s, "-"):
		return 0, negativeSpan(s, rule)
	case overflow, d > maxSpan:
		return 0, fmt.Errorf("%q is more than 100 years", s)
	case d < rule.min:
		return 0, fmt.Errorf("%q must be at least %s: %s", s, rule.minIs, rule.reason)
	}
	return d, nil
}

// negativeSpan says why a negative span is refused: Go reads "-720h", but
// counted back from now it is a time to come, after which nobody was
// invited, and no guest is younger than it.
func negativeSpan(s string, rule spanRule) error {
	if rule == agoRule {
		return fmt.Errorf("%q is negative: it counts back from now, so a negative span is a time to come; give how long ago, such as %s", s, strings.TrimPrefix(s, "-"))
	}
	return fmt.Errorf("%q is negative: an age is how long ago, such as %s", s, strings.TrimPrefix(s, "-"))
}

// parseAge reads a guest's age: pending_longer_than, not_signed_in_for,
// expire_pending_after.
func parseAge(s string) (time.Duration, error) { return parseSpan(s, ageRule) }

func ageValidator() validator.String {
	return stringCheck{description: "age, a duration such as 720h or a number of days such as 30d, from 1 day to 100 years", check: func(s string) error {
		_, err := parseAge(s)
		return err
	}}
}

// parseTimeOrDuration reads an RFC 3339 time, or a span counted back from
// now; the empty string is no bound, the zero time.
func parseTimeOrDuration(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if looksLikeTime(s) {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as 2026-01-31T00:00:00Z", s)
	}
	if !goDuration.MatchString(s) && !daysSpan.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time such as 2026-01-31T00:00:00Z nor a duration back from now such as 720h or 30d", s)
	}
	d, err := parseSpan(s, agoRule)
	if err != nil {
		return time.Time{}, err
	}
	return now.Add(-d), nil
}

// looksLikeTime is a string that starts as a date does, such as
// 2026-01-31, so that its error speaks of RFC 3339 rather than durations.
var looksLikeTime = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}`).MatchString

func timeOrDurationValidator() validator.String {
	return stringCheck{description: "time, RFC 3339 or a duration back from now from 1s to 100 years", check: func(s string) error {
		_, err := parseTimeOrDuration(s, time.Now())
		return err
	}}
}
