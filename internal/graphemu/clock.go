package graphemu

import (
	"net/http"
	"time"
)

// The emulator keeps its own clock, which a test may move forward so that
// weeks pass in a second: invitations age, sign-ins grow stale, tokens
// issued before the move expire. Everything the tenant writes or compares
// (creation and state-change times, sign-in activity, token lifetimes,
// replication lag) reads this clock, and so does the Date header of every
// Graph answer, which is how a client learns what time it is in the
// tenant.

// clockNow is the real time plus how far the clock has been moved.
func (s *Server) clockNow() time.Time {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	return time.Now().Add(s.clockAhead)
}

// AdvanceClock moves the tenant's clock forward by d. It never goes back,
// as a tenant's clock does not.
func (s *Server) AdvanceClock(d time.Duration) {
	if d <= 0 {
		return
	}
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	s.clockAhead += d
}

// clockOffset is how far the clock has been moved, which a state
// directory keeps across a restart.
func (s *Server) clockOffset() time.Duration {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	return s.clockAhead
}

// Now is the tenant's current time.
func (s *Server) Now() time.Time { return s.now() }

// stampDate writes the Date header from the tenant's clock; net/http would
// otherwise write the real time.
func (s *Server) stampDate(w http.ResponseWriter) {
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
}
