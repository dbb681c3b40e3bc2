package graph

import (
	"net/http"
	"sync"
	"time"
)

// serverClock learns how far Graph's clock is ahead of ours from the Date
// header of its answers. Date is cut to the second and written before the
// answer travels, so each answer gives a lower bound of the offset; the
// largest bound seen is the tightest.
type serverClock struct {
	mu     sync.Mutex
	offset time.Duration
	seen   bool
}

func (sc *serverClock) observe(resp *http.Response, received time.Time) {
	if resp == nil {
		return
	}
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	bound := date.Sub(received)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if !sc.seen || bound > sc.offset {
		sc.offset, sc.seen = bound, true
	}
}

// notBefore turns a moment on our clock into the earliest second Graph's
// clock can have shown then. Without any Date seen, it trusts our clock.
func (sc *serverClock) notBefore(local time.Time) time.Time {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return local.Add(sc.offset).UTC().Truncate(time.Second)
}
