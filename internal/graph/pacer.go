package graph

import (
	"context"
	"sync"
	"time"
)

// pacer holds every request to a tenant back while Graph has asked us to
// wait. Graph's limits are per tenant, so one 429 means that every
// concurrent resource will be throttled too: pausing them all runs a bulk
// apply near the limit instead of hammering it. It learns what the
// budgetLimiters cannot know: what other apps and pipelines spend of the
// tenant's budgets. Invitations, which have a limit of their own, go
// through inviteLimiter instead.
type pacer struct {
	mu    sync.Mutex
	until time.Time
}

// pacers gives each tenant its shared pacer.
var pacers = perTenant[pacer]{fresh: func() *pacer { return &pacer{} }}

func (p *pacer) throttled(wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := time.Now().Add(wait); until.After(p.until) {
		p.until = until
	}
}

func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	d := time.Until(p.until)
	p.mu.Unlock()
	return sleep(ctx, d)
}
