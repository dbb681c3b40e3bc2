package provider

import (
	"crypto/sha256"
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
// A destroy is planned too (the framework asks Terraform for destroy
// plans), and it is recorded as a release of the guest; so is the old
// address of a resource whose email changes. A release and a create of the
// same guest in one plan is a refactor without a moved block: a renamed
// for_each key, a shifted count index, a renamed resource, or a block moved
// into a module. Terraform would run the two side by side; the create is
// answered with the existing user, and the destroy then deletes it, or
// removes the memberships the create has just added. A destroy that would
// delete the user also conflicts with a resource that holds the user from
// state (an import, a move). Whichever of the two is planned second fails
// the plan.
//
// Terraform plans a resource it replaces twice: once from its state, and
// once more as a create with no state. Nothing in a request names the
// resource, so the second plan is told apart from a new resource by its
// configuration: a create whose configuration is the very one an existing
// resource was just planned with is that resource's replacement. A second
// resource with exactly the same configuration cannot be told apart, and
// is let through; its invitation then adopts the user, so its destroy
// keeps it. A replacement's destroy half is never planned on its own, so
// it releases nothing.
type guestClaims struct {
	mu       sync.Mutex
	byEmail  map[string]*guestClaim   // by lower-cased email
	byUserID map[string][]*guestClaim // the same claims, by lower-cased object id where known
	released map[string]*guestRelease // by lower-cased email and by lower-cased object id
}

type guestClaim struct {
	spelling string
	userID   string            // the object id, when planned from state
	config   [sha256.Size]byte // configDigest of what it was planned with
	existing bool              // planned from state, so possibly about to be replaced
	replaced bool              // its replacement has been planned
}

// guestRelease is a b2b_invitation that this plan destroys, or whose
// email it changes.
type guestRelease struct {
	email   string
	userID  string
	deletes bool // the destroy deletes the user
	moves   bool // not a destroy: the resource moves its user to a new email
}

// conflicts reports whether a release and a claim of one guest cannot
// share a plan.
func conflicts(rel *guestRelease, held *guestClaim) bool {
	return !held.existing || rel.deletes
}

func newGuestClaims() *guestClaims {
	return &guestClaims{byEmail: map[string]*guestClaim{}, byUserID: map[string][]*guestClaim{}, released: map[string]*guestRelease{}}
}

// claim records email for one resource, planned with config, from state
// (with the user's object id) or as a create. When another resource has
// already claimed the guest, claim returns that claim as heldBy; when a
// destroy in this plan has released it, it returns that release.
func (c *guestClaims) claim(email, userID string, config tftypes.Value, existing bool) (heldBy *guestClaim, releasedBy *guestRelease) {
	if c == nil {
		return nil, nil
	}
	key := strings.ToLower(email)
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel := c.releaseOf(key, userID); rel != nil && conflicts(rel, &guestClaim{existing: existing}) {
		return nil, rel
	}
	prior, taken := c.byEmail[key]
	if !taken {
		held := &guestClaim{spelling: email, userID: userID, config: configDigest(config), existing: existing}
		c.byEmail[key] = held
		if userID != "" {
			c.byUserID[strings.ToLower(userID)] = append(c.byUserID[strings.ToLower(userID)], held)
		}
		return nil, nil
	}
	if prior.existing && !existing && !prior.replaced && prior.config == configDigest(config) {
		prior.replaced = true
		return nil, nil
	}
	return prior, nil
}

// release records rel: the destroy of the resource that holds the user
// rel.userID for rel.email, or a resource moving away from rel.email (with
// no user id, since the user goes with it). When another resource of this
// plan has already claimed that guest in a way that conflicts, release
// returns its claim.
func (c *guestClaims) release(rel guestRelease) (heldBy *guestClaim) {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel.email != "" {
		c.released[strings.ToLower(rel.email)] = &rel
	}
	if rel.userID != "" {
		c.released[strings.ToLower(rel.userID)] = &rel
	}
	if held := c.byEmail[strings.ToLower(rel.email)]; held != nil && conflicts(&rel, held) {
		return held
	}
	// Looked up by id, not by a scan of every claim: a destroy of all of
	// 5,000 guests would otherwise compare each with all the others.
	for _, held := range c.byUserID[strings.ToLower(rel.userID)] {
		if rel.userID != "" && conflicts(&rel, held) {
			return held
		}
	}
	return nil
}

func (c *guestClaims) releaseOf(emailKey, userID string) *guestRelease {
	if rel := c.released[emailKey]; rel != nil {
		return rel
	}
	if userID != "" {
		return c.released[strings.ToLower(userID)]
	}
	return nil
}
