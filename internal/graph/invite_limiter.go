package graph

import (
	"context"
	"sync"
	"time"
)

// Graph's invitation manager takes 150 invitations per 5 s per tenant, for
// all apps together (package doc, "Invitations"). The limiter admits invitations at that
// rate from the first one.
const (
	// InvitesPerWindow in InviteWindow is Graph's documented limit.
	InvitesPerWindow = 150
	InviteWindow     = 5 * time.Second

	inviteLimit    = InvitesPerWindow
	inviteWindow   = InviteWindow + 100*time.Millisecond // a margin for clocks
	inviteMinLimit = 10
	inviteRecovery = 15 // invitations given back per quiet second
)

// inviteLimiter is a sliding window of invitations per tenant. An
// invitation's place in the window is dated when its answer arrives, which
// is after Graph counted it: however long the request took on the way, the
// window never ends on our side before it ends on Graph's.
//
// It learns from 429s: another tool that invites into the same tenant shares
// Graph's budget, so a 429 lowers the limit below what the window held, and
// each second without one gives some of it back. A 429 that had nothing to
// do with the rate (Graph has bad moments) so costs only a few seconds.
type inviteLimiter struct {
	mu        sync.Mutex
	limit     int
	sent      []*time.Time
	holdUntil time.Time
	lastCut   time.Time
}

// inviteLimiters gives each tenant its shared limiter.
var inviteLimiters = perTenant[inviteLimiter]{fresh: func() *inviteLimiter { return &inviteLimiter{limit: inviteLimit} }}

// acquire waits until an invitation may be sent and takes a place for it in
// the window; call the returned function when its answer has arrived.
func (l *inviteLimiter) acquire(ctx context.Context) (func(), error) {
	for {
		slot, wait := l.tryAcquire(time.Now())
		if slot != nil {
			return func() { l.answered(slot, time.Now()) }, nil
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (l *inviteLimiter) tryAcquire(now time.Time) (*time.Time, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.sent[:0]
	oldest := now
	for _, at := range l.sent {
		if now.Sub(*at) < inviteWindow {
			kept = append(kept, at)
			if at.Before(oldest) {
				oldest = *at
			}
		}
	}
	clear(l.sent[len(kept):])
	l.sent = kept
	if now.Before(l.holdUntil) {
		return nil, l.holdUntil.Sub(now)
	}
	if l.limit < inviteLimit && now.Sub(l.lastCut) >= time.Second {
		l.limit = min(inviteLimit, l.limit+inviteRecovery)
		l.lastCut = now
	}
	if len(l.sent) < l.limit {
		slot := now
		l.sent = append(l.sent, &slot)
		return &slot, 0
	}
	return nil, max(inviteWindow-now.Sub(oldest), time.Millisecond)
}

func (l *inviteLimiter) answered(slot *time.Time, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if at.After(*slot) {
		*slot = at
	}
}

// throttled records a 429 on an invitation: nothing more goes out before
// Retry-After, and the limit drops below what the window held.
func (l *inviteLimiter) throttled(now time.Time, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := now.Add(wait); until.After(l.holdUntil) {
		l.holdUntil = until
	}
	l.limit = max(inviteMinLimit, min(l.limit, len(l.sent))*9/10)
	l.lastCut = now
}
