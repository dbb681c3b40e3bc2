package graphemu

import (
	"net"
	"net/http"
	"strings"
	"time"
)

// Faults are the knobs that make the emulator behave like a busy tenant.
type Faults struct {
	// Latency is added to every Graph HTTP request.
	Latency time.Duration
	// InviteThrottle enforces Graph's 150 invitations per 5 s per tenant.
	InviteThrottle bool
	// AppWriteBudget, TenantWriteBudget and ReadBudget enforce Graph's
	// identity and access budgets (budgets.go): 3,000 writes per 150 s for
	// one app, 18,000 per 5 minutes for the tenant, and resource units per
	// 10 s for one app by TenantSize. Each answers 429 with Retry-After
	// when spent. GraphBudgets turns all four throttles on.
	AppWriteBudget    bool
	TenantWriteBudget bool
	ReadBudget        bool
	// TenantSize is "S", "M" or "L"; empty counts the tenant's users, as
	// Graph does.
	TenantSize string
	// AppWriteLimit, TenantWriteLimit and ReadUnitLimit replace Graph's
	// numbers, for tests that spend a budget quickly; zero keeps Graph's.
	AppWriteLimit    Limit
	TenantWriteLimit Limit
	ReadUnitLimit    Limit
	// ThrottleRate is the share of Graph requests answered with 429.
	ThrottleRate float64
	// RetryAfter is the Retry-After sent with random 429s; zero sends none,
	// so that clients fall back to their own backoff.
	RetryAfter time.Duration
	// UnavailableRate and GatewayTimeoutRate give random 503s and 504s.
	UnavailableRate    float64
	GatewayTimeoutRate float64
	// ResetRate is the share of Graph requests whose TCP connection is reset
	// before any answer.
	ResetRate float64
	// ReplicationLag hides a newly invited user from reads, group adds and
	// app role assignments for this long.
	ReplicationLag time.Duration
	// Rules refuse chosen operations.
	Rules []FaultRule
}

// FaultRule answers matching Graph operations (including $batch
// sub-requests) with a fixed error.
type FaultRule struct {
	Method       string // empty matches any
	PathContains string // matched against the version-less path
	Status       int
	Code         string
	Message      string
	// RawBody, when set, is sent as is with Content-Type text/html, for a
	// Graph answer that is not JSON.
	RawBody string
	// Times limits how often the rule fires; zero means always.
	Times int
}

// GraphBudgets is f with every budget that Graph documents enforced at
// Graph's numbers: invitations, writes and read units.
func (f Faults) GraphBudgets() Faults {
	f.InviteThrottle, f.AppWriteBudget, f.TenantWriteBudget, f.ReadBudget = true, true, true, true
	return f
}

// SetFaults replaces the fault knobs of a running emulator.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.faultCounts = map[string]int{}
}

// CurrentFaults returns the knobs in force.
func (s *Server) CurrentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// FaultsInjected returns how many faults of each kind were injected since
// the knobs were last set.
func (s *Server) FaultsInjected() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.faultCounts {
		out[k] = v
	}
	return out
}

// randomFault picks a transport-level fault for one Graph HTTP request:
// "reset", a *graphError, or nothing.
func (s *Server) randomFault() (reset bool, ge *graphError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	roll := func(rate float64) bool { return rate > 0 && s.rng.Float64() < rate }
	switch {
	case roll(f.ResetRate):
		s.faultCounts["reset"]++
		return true, nil
	case roll(f.ThrottleRate):
		s.faultCounts["429"]++
		return false, errThrottled(f.RetryAfter)
	case roll(f.UnavailableRate):
		s.faultCounts["503"]++
		return false, &graphError{Status: 503, Code: "serviceNotAvailable", Message: "The service is temporarily unavailable. Please retry later."}
	case roll(f.GatewayTimeoutRate):
		s.faultCounts["504"]++
		return false, &graphError{Status: 504, Code: "UnknownError", Message: "Gateway timeout."}
	}
	return false, nil
}

// ruleFault returns the first rule matching an operation, and uses it up.
func (s *Server) ruleFault(method, path string) *FaultRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults.Rules {
		rule := &s.faults.Rules[i]
		if rule.Method != "" && !strings.EqualFold(rule.Method, method) {
			continue
		}
		if !strings.Contains(path, rule.PathContains) {
			continue
		}
		key := "rule:" + rule.Method + " " + rule.PathContains
		if rule.Times > 0 && s.faultCounts[key] >= rule.Times {
			continue
		}
		s.faultCounts[key]++
		r := *rule
		return &r
	}
	return nil
}

func writeRuleFault(w http.ResponseWriter, r *http.Request, rule *FaultRule) {
	if rule.RawBody != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(rule.Status)
		_, _ = w.Write([]byte(rule.RawBody))
		return
	}
	writeGraphError(w, r, &graphError{Status: rule.Status, Code: rule.Code, Message: rule.Message})
}

// resetConnection closes the client's TCP connection with RST, as a load
// balancer dropping a connection would.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if nc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		if tcp, ok := nc.NetConn().(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
	}
	_ = conn.Close()
}

// inviteThrottle applies Graph's invitation manager limit: 150 requests per
// 5 s per tenant. It answers how long to wait, or zero.
func (s *Server) inviteThrottle() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.faults.InviteThrottle {
		return 0
	}
	const limit, window = 150, 5 * time.Second
	now := s.now()
	cut := 0
	for cut < len(s.invites) && now.Sub(s.invites[cut]) >= window {
		cut++
	}
	s.invites = s.invites[cut:]
	if len(s.invites) >= limit {
		s.faultCounts["invite-throttle"]++
		return window - now.Sub(s.invites[0])
	}
	s.invites = append(s.invites, now)
	return 0
}
