package graph

import (
	"context"
	"sync"
	"time"
)

// Graph's invitation manager takes 150 invitations per 5 s per tenant, for
// all apps together (graph-facts §6). The limiter admits invitations at that
// rate from the first one, over a window a little longer than Graph's so
// that network jitter cannot make an admitted invitation arrive early.
const (
	inviteLimit     = 150
	inviteWindow    = 5*time.Second + 150*time.Millisecond
	inviteMinLimit  = 10
	inviteRecovery  = 15 // invitations given back per quiet second
	invitationsPath = "/invitations"
)

// inviteLimiter is a sliding window of invitations per tenant. It learns
// from 429s: another tool that invites into the same tenant shares Graph's
// budget, so a 429 lowers the limit below what the window held, and each
// second without one gives some of it back. A 429 that had nothing to do
// with the rate (Graph has bad moments) so costs only a few seconds.
type inviteLimiter struct {
	mu        sync.Mutex
	limit     int
	sent      []time.Time
	holdUntil time.Time
	lastCut   time.Time
}

var (
	inviteLimitersMu sync.Mutex
	inviteLimiters   = map[string]*inviteLimiter{}
)

func inviteLimiterFor(tenantID string) *inviteLimiter {
	inviteLimitersMu.Lock()
	defer inviteLimitersMu.Unlock()
	l := inviteLimiters[tenantID]
	if l == nil {
		l = &inviteLimiter{limit: inviteLimit}
		inviteLimiters[tenantID] = l
	}
	return l
}

// acquire waits until an invitation may be sent, and counts it as sent.
func (l *inviteLimiter) acquire(ctx context.Context) error {
	for {
		wait := l.tryAcquire(time.Now())
		if wait <= 0 {
			return nil
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func (l *inviteLimiter) tryAcquire(now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := 0
	for cut < len(l.sent) && now.Sub(l.sent[cut]) >= inviteWindow {
		cut++
	}
	l.sent = l.sent[cut:]
	if now.Before(l.holdUntil) {
		return l.holdUntil.Sub(now)
	}
	if l.limit < inviteLimit && now.Sub(l.lastCut) >= time.Second {
		l.limit = min(inviteLimit, l.limit+inviteRecovery)
		l.lastCut = now
	}
	if len(l.sent) < l.limit {
		l.sent = append(l.sent, now)
		return 0
	}
	return inviteWindow - now.Sub(l.sent[0])
}

// throttled records a 429 on an invitation: nothing more goes out before
// Retry-After, and the limit drops to what the window held.
func (l *inviteLimiter) throttled(wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if until := now.Add(wait); until.After(l.holdUntil) {
		l.holdUntil = until
	}
	l.limit = max(inviteMinLimit, min(l.limit, len(l.sent))*9/10)
	l.lastCut = now
}
