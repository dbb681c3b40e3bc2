package provider

import (
	"strings"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// guestFilter is what the provider filters itself among the guests Graph
// lists: Graph filters the email domain (endsWith) and the creation time
// only as advanced queries.
type guestFilter struct {
	domain string    // lower case, without the @; empty for any
	from   time.Time // created at or after; zero for no bound
	until  time.Time // created before; zero for no bound
}

func newGuestFilter(domain string, from, until time.Time) guestFilter {
	return guestFilter{domain: strings.ToLower(domain), from: from, until: until}
}

func (f guestFilter) matches(g graph.Guest) bool {
	if f.domain != "" && !strings.HasSuffix(strings.ToLower(g.Mail), "@"+f.domain) {
		return false
	}
	if f.from.IsZero() && f.until.IsZero() {
		return true
	}
	if g.CreatedAt == nil {
		return false
	}
	return (f.from.IsZero() || !g.CreatedAt.Before(f.from)) && (f.until.IsZero() || g.CreatedAt.Before(f.until))
}
