package provider

import (
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// guestClaims is how one provider configuration knows, within one Terraform
// walk (a plan or an apply; each configures the provider afresh), which
// b2b_invitation holds each guest. Graph answers a second invitation of an
// email with the user the first one made, so two resources for one email,
// in any letter case, would both take the guest for theirs, and destroying
// either would delete it from under the other. Every resource claims its
// email while it is planned, before anything is written.
//
// Terraform plans a resource it replaces twice: once from its state, and
// once more as a create with no state. Nothing in a request names the
// resource, so the second plan is told apart from a new resource by its
// configuration: a create whose configuration is the very one an existing
// resource was just planned with is that resource's replacement. A second
// resource with exactly the same configuration cannot be told apart, and
// is let through; its invitation then adopts the user, so its destroy
// keeps it.
type guestClaims struct {
	mu      sync.Mutex
	byEmail map[string]*guestClaim // by lower-cased email
}

type guestClaim struct {
	spelling string
	config   tftypes.Value
	existing bool // planned from state, so possibly about to be replaced
	replaced bool // its replacement has been planned
}

func newGuestClaims() *guestClaims { return &guestClaims{byEmail: map[string]*guestClaim{}} }

// claim records email for one resource, planned with config, from state
// or as a create. When another resource has already claimed it, claim
// returns that resource's spelling and false.
func (c *guestClaims) claim(email string, config tftypes.Value, existing bool) (heldAs string, ok bool) {
	if c == nil {
		return "", true
	}
	key := strings.ToLower(email)
	c.mu.Lock()
	defer c.mu.Unlock()
	prior, taken := c.byEmail[key]
	if !taken {
		c.byEmail[key] = &guestClaim{spelling: email, config: config, existing: existing}
		return "", true
	}
	if prior.existing && !existing && !prior.replaced && prior.config.Equal(config) {
		prior.replaced = true
		return "", true
	}
	return prior.spelling, false
}
