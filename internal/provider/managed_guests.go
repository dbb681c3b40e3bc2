package provider

import (
	"strings"
	"sync"
)

// managedGuests is what one Terraform walk has seen of the guests that
// b2b_invitation resources hold: each is noted by object id and by email
// when it is planned, refreshed, created or updated. An action asks it
// before it changes what such a resource owns, because the resource's next
// plan would undo the change.
//
// It knows only what this walk has touched. An action that refers to the
// resource (b2b_invitation.x.id) is always planned after it, and so always
// sees it; an action that names the guest by a literal email may be planned
// before the resource, or, with -invoke, without it.
type managedGuests struct {
	mu    sync.Mutex
	byKey map[string]string // lower-cased object id or email -> the resource's email
	// released holds the guests whose b2b_invitation this walk destroys:
	// the destroy takes their management mark away, so an action that runs
	// after it may treat them as unmanaged.
	released map[string]bool
}

func newManagedGuests() *managedGuests {
	return &managedGuests{byKey: map[string]string{}, released: map[string]bool{}}
}

// note records a guest that a b2b_invitation holds; either key may be
// empty while it is unknown.
func (m *managedGuests) note(userID, email string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, key := range []string{userID, email} {
		if key != "" {
			m.byKey[strings.ToLower(key)] = email
			delete(m.released, strings.ToLower(key))
		}
	}
}

// forget drops a guest whose b2b_invitation this walk plans to destroy:
// from then on, only actions that run after the destroy can reach it.
func (m *managedGuests) forget(userID, email string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, key := range []string{userID, email} {
		delete(m.byKey, strings.ToLower(key))
		if key != "" {
			m.released[strings.ToLower(key)] = true
		}
	}
}

// heldAt returns the email of the b2b_invitation that holds the guest
// known by any of keys (an object id or an email).
func (m *managedGuests) heldAt(keys ...string) (string, bool) {
	if m == nil {
		return "", false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, key := range keys {
		if email, ok := m.byKey[strings.ToLower(key)]; ok && key != "" {
			return email, true
		}
	}
	return "", false
}

// isReleased reports whether this walk destroys the b2b_invitation of the
// guest with this object id.
func (m *managedGuests) isReleased(userID string) bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.released[strings.ToLower(userID)]
}
