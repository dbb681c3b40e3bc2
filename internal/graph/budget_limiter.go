package graph

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Graph's identity and access budgets for one app in one tenant (package
// doc, "Errors, throttling and $batch"). The read budget depends on the
// tenant's size, which the provider does not count: it paces to the
// smallest, which holds in every tenant.
const (
	WritesPerWindow    = 3000
	WriteWindow        = 150 * time.Second
	ReadUnitsPerWindow = 3500
	ReadUnitWindow     = 10 * time.Second

	// budgetMargin covers the clocks: a spend is dated when its answer
	// arrives, after Graph counted it.
	budgetMargin = 100 * time.Millisecond
)

// budgetLimiter is a sliding window of what one app has spent of one of
// Graph's budgets in one tenant. Every resource of the process goes
// through it, so a bulk apply runs at the budget instead of finding it by
// its 429s, which would hold back the whole tenant for a Retry-After.
type budgetLimiter struct {
	what   string // the budget, for the log
	limit  int
	window time.Duration

	// gate lets one request at a time wait for room, in the order they
	// came: a $batch of 20 writes would otherwise wait for ever while
	// single writes took each unit as it came free.
	gate chan struct{}

	mu    sync.Mutex
	spent []*budgetSpend
	sum   int

	// Once the window has been full, spends are also spread evenly, at the
	// budget's own rate: paid is when the spends so far would have been
	// paid for at that rate (a virtual clock), and a spend waits while paid
	// is more than steadyAhead past now. Without it, room that frees as
	// the first burst's spends leave the window is spent in the same burst
	// again, window after window, and requests never wait long enough
	// together to share anything (group_binds.go); at the same rate over a
	// window, nothing is slower.
	steady bool
	paid   time.Time
}

// steadyAhead is how far ahead of its rate a budget may spend once steady:
// a second's worth, so that one $batch is never held back for its size.
const steadyAhead = time.Second

type budgetSpend struct {
	at   time.Time
	cost int
}

func newBudgetLimiter(what string, limit int, window time.Duration) *budgetLimiter {
	return &budgetLimiter{what: what, limit: limit, window: window + budgetMargin, gate: make(chan struct{}, 1)}
}

// writeBudgets and readBudgets give each app in each tenant its limiters,
// keyed by budgetKey.
var (
	writeBudgets = perTenant[budgetLimiter]{fresh: func() *budgetLimiter {
		return newBudgetLimiter(fmt.Sprintf("%d writes per %s for this app in the tenant", WritesPerWindow, WriteWindow), WritesPerWindow, WriteWindow)
	}}
	readBudgets = perTenant[budgetLimiter]{fresh: func() *budgetLimiter {
		return newBudgetLimiter(fmt.Sprintf("%d read resource units per %s for this app in the tenant", ReadUnitsPerWindow, ReadUnitWindow), ReadUnitsPerWindow, ReadUnitWindow)
	}}
)

func budgetKey(tenantID, clientID string) string { return tenantID + "/" + clientID }

// acquire waits until cost fits in the window and takes its place there;
// call the returned function when the answer has arrived. A wait is logged
// at info, once per request, with why.
func (l *budgetLimiter) acquire(ctx context.Context, cost int) (func(), error) {
	if l == nil || cost <= 0 {
		return func() {}, nil
	}
	cost = min(cost, l.limit)
	select {
	case l.gate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-l.gate }()
	logged := false
	for {
		slot, wait := l.tryAcquire(time.Now(), cost)
		if slot != nil {
			return func() { l.answered(slot, time.Now()) }, nil
		}
		if !logged {
			tflog.Info(ctx, "Waiting for Graph's budget", map[string]any{"budget": l.what, "cost": cost, "wait_ms": wait.Milliseconds()})
			logged = true
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (l *budgetLimiter) tryAcquire(now time.Time, cost int) (*budgetSpend, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.spent[:0]
	for _, sp := range l.spent {
		if now.Sub(sp.at) < l.window {
			kept = append(kept, sp)
		} else {
			l.sum -= sp.cost
		}
	}
	clear(l.spent[len(kept):])
	l.spent = kept
	if ahead := l.paid.Sub(now); l.steady && ahead > steadyAhead {
		return nil, ahead - steadyAhead
	}
	if l.sum+cost <= l.limit {
		sp := &budgetSpend{at: now, cost: cost}
		l.spent = append(l.spent, sp)
		l.sum += cost
		l.paid = later(l.paid, now).Add(time.Duration(cost) * l.window / time.Duration(l.limit))
		return sp, 0
	}
	l.steady = true
	// Answers arrive out of order: the room frees first where the
	// earliest dated spend leaves the window, and acquire looks again then.
	wait := l.window
	for _, sp := range l.spent {
		wait = min(wait, l.window-now.Sub(sp.at))
	}
	return nil, max(wait, time.Millisecond)
}

func (l *budgetLimiter) answered(sp *budgetSpend, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if at.After(sp.at) {
		sp.at = at
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
