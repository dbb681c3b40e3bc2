package graphemu

import (
	"net/http"
	"strconv"
	"sync"
)

// Stats counts what the emulator served. Round trips are HTTP requests to
// Graph; operations count each $batch sub-request on its own, as Graph's
// throttling does.
type Stats struct {
	RoundTrips  int `json:"round_trips"`
	Operations  int `json:"operations"`
	Throttled   int `json:"throttled"`
	Tokens      int `json:"tokens"`
	Invitations int `json:"invitations"`
	// ReadUnits and Writes are what the identity and access requests cost
	// by Graph's table (budgets.go), throttled or not; BudgetRefusals
	// counts the 429s of each budget.
	ReadUnits      int            `json:"read_units"`
	Writes         int            `json:"writes"`
	BudgetRefusals map[string]int `json:"budget_refusals"`
	ByRoute        map[string]int `json:"by_route"`
	UserAgents     map[string]int `json:"user_agents"`
}

type stats struct {
	mu sync.Mutex
	s  Stats
}

func newStats() *stats {
	return &stats{s: Stats{ByRoute: map[string]int{}, UserAgents: map[string]int{}, BudgetRefusals: map[string]int{}}}
}

func (st *stats) countRoundTrip(userAgent string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.RoundTrips++
	st.s.UserAgents[userAgent]++
}

// countOperation records one Graph operation under "METHOD pattern status".
func (st *stats) countOperation(method, pattern string, status int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.Operations++
	if status == http.StatusTooManyRequests {
		st.s.Throttled++
	}
	if method == http.MethodPost && pattern == "/invitations" && status == http.StatusCreated {
		st.s.Invitations++
	}
	st.s.ByRoute[method+" "+pattern+" "+strconv.Itoa(status)]++
}

func (st *stats) countThrottledRoundTrip() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.Throttled++
}

func (st *stats) countSpend(units, writes int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.ReadUnits += units
	st.s.Writes += writes
}

func (st *stats) countBudgetRefusal(kind string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.BudgetRefusals[kind]++
}

func (st *stats) countToken() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.Tokens++
}

func (st *stats) snapshot() Stats {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := st.s
	out.ByRoute = make(map[string]int, len(st.s.ByRoute))
	for k, v := range st.s.ByRoute {
		out.ByRoute[k] = v
	}
	out.BudgetRefusals = make(map[string]int, len(st.s.BudgetRefusals))
	for k, v := range st.s.BudgetRefusals {
		out.BudgetRefusals[k] = v
	}
	out.UserAgents = make(map[string]int, len(st.s.UserAgents))
	for k, v := range st.s.UserAgents {
		out.UserAgents[k] = v
	}
	return out
}

// Stats returns the counters since start or the last ResetStats.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.stats.s = Stats{ByRoute: map[string]int{}, UserAgents: map[string]int{}, BudgetRefusals: map[string]int{}}
}

// Count returns the count for one "METHOD pattern status" key, such as
// "POST /invitations 201".
func (st Stats) Count(key string) int { return st.ByRoute[key] }

// handleStats serves the counters, with the faults injected so far.
func (s *Server) handleStats(w http.ResponseWriter, _ *http.Request) {
	st := s.Stats()
	writeJSON(w, http.StatusOK, map[string]any{
		"round_trips": st.RoundTrips, "operations": st.Operations, "throttled": st.Throttled,
		"tokens": st.Tokens, "invitations": st.Invitations, "by_route": st.ByRoute,
		"read_units": st.ReadUnits, "writes": st.Writes, "budget_refusals": st.BudgetRefusals,
		"faults_injected": s.FaultsInjected(),
	})
}
