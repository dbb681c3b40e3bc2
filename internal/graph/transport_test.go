package graph

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		in    string
		want  time.Duration
		given bool
	}{
		"absent":             {"", 0, false},
		"whole seconds":      {"3", 3 * time.Second, true},
		"Graph's fractions":  {"2.128", 2128 * time.Millisecond, true},
		"negative":           {"-1", 0, false},
		"not a number":       {"soon", 0, false},
		"a date in the past": {"Mon, 02 Jan 2006 15:04:05 GMT", 0, true},
	}
	for name, c := range cases {
		got, given := retryAfter(c.in)
		if given != c.given || (c.given && (got < c.want-time.Millisecond || got > c.want+time.Millisecond)) {
			t.Errorf("%s: %v, %v; want %v, %v", name, got, given, c.want, c.given)
		}
	}
	if got, given := retryAfter(time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat)); !given || got < 8*time.Second || got > 10*time.Second {
		t.Errorf("a date 10 s ahead: %v, %v", got, given)
	}
}
