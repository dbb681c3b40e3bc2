package graph

import "sync"

// perTenant holds one T per tenant for the life of the process: Graph's
// limits are per tenant, so provider aliases (and clients) for one tenant
// share what they learn about them.
type perTenant[T any] struct {
	mu    sync.Mutex
	items map[string]*T
	fresh func() *T
}

func (p *perTenant[T]) get(tenantID string) *T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.items == nil {
		p.items = map[string]*T{}
	}
	item := p.items[tenantID]
	if item == nil {
		item = p.fresh()
		p.items[tenantID] = item
	}
	return item
}
