package provider

import (
	"strings"
	"sync"
)

// guestClaims is how one provider configuration knows, within one Terraform
// walk (a plan or an apply; each configures the provider afresh), which
// b2b_invitation holds each guest. Graph answers a second invitation of an
// email with the user the first one made, so two resources for one email,
// in any letter case, would both take the guest for theirs, and destroying
// either would delete it from under the other. Every resource claims its
// email while it is planned, before anything is written.
type guestClaims struct {
	mu      sync.Mutex
	byEmail map[string]string // lower-cased email -> spelling of the first claim
}

func newGuestClaims() *guestClaims { return &guestClaims{byEmail: map[string]string{}} }

// claim records email for one resource. When another resource has already
// claimed it, claim returns that resource's spelling and false.
func (c *guestClaims) claim(email string) (heldAs string, ok bool) {
	if c == nil {
		return "", true
	}
	key := strings.ToLower(email)
	c.mu.Lock()
	defer c.mu.Unlock()
	if other, taken := c.byEmail[key]; taken {
		return other, false
	}
	c.byEmail[key] = email
	return "", true
}
