package graphemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"
)

// The test hooks below change the tenant the way its admins, its guests and
// other tools do, behind the back of the client under test. inspect.go reads
// it.

// AddUser creates a user outside of any invitation, as an admin would in
// the portal. It is visible at once.
func (s *Server) AddUser(su SeedUser) UserView {
	s.mu.Lock()
	defer s.mu.Unlock()
	if su.ID == "" {
		su.ID = newID()
	}
	t := newTenant(Seed{TenantID: s.tenant.ID, Domain: s.tenant.Domain, Users: []SeedUser{su}}, s.now())
	u := t.users[su.ID]
	s.tenant.users[u.ID] = u
	return s.view(u)
}

// DeleteUser removes a user as a portal admin would.
func (s *Server) DeleteUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant.deleteUser(strings.ToLower(id))
}

// RemoveMember takes a user out of a group behind Terraform's back.
func (s *Server) RemoveMember(groupID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.tenant.groups[strings.ToLower(groupID)]; g != nil {
		delete(g.Members, strings.ToLower(userID))
	}
}

// Redeem marks a guest Accepted with the identity the redemption order
// gives it, as clicking the redeem URL and accepting does; a guest that no
// allowed provider serves stays as it is.
func (s *Server) Redeem(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.tenant.findUser(userID)
	if u == nil {
		return
	}
	method, served := s.redemptionMethod(s.tenant.homeTenant(u.Mail), u.Mail)
	if !served {
		return
	}
	s.accept(u, method)
}

// AddAppCertificate registers a PEM certificate on an app registration.
func (s *Server) AddAppCertificate(clientID, certPEM string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.tenant.apps[strings.ToLower(clientID)]; a != nil {
		a.Certificates = append(a.Certificates, certPEM)
	}
}

// SetInvitationsDisabled switches B2B invitations off or on for the tenant.
func (s *Server) SetInvitationsDisabled(off bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant.InvitationsOff = off
	s.tenant.collaboration.AllowInvitesFrom = "everyone"
	if off {
		s.tenant.collaboration.AllowInvitesFrom = "none"
	}
}

// AddMember puts a user in a group behind Terraform's back.
func (s *Server) AddMember(groupID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.tenant.groups[strings.ToLower(groupID)]; g != nil {
		g.Members[strings.ToLower(userID)] = true
	}
}

// AssignAppRole grants a user an app role behind Terraform's back.
func (s *Server) AssignAppRole(userID, resourceID, appRoleID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ge := s.assign(userID, resourceID, appRoleID)
	if ge != nil {
		return ge
	}
	return nil
}

// InviteGuest creates a pending guest as an invitation from another tool
// would, visible at once.
func (s *Server) InviteGuest(email, displayName string) UserView {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	return s.view(s.tenant.addGuest(email, displayName, "Guest", now, now))
}

// SetCreatedAt backdates a user, for filters on invitation time.
func (s *Server) SetCreatedAt(userID string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.tenant.findUser(userID); u != nil {
		u.CreatedAt = at
	}
}

// SetTokenLifetime changes the lifetime of the access tokens issued from
// now on.
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.TokenLifetime = d
}

// AddGroup creates a security group and returns its id.
func (s *Server) AddGroup(displayName string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &group{ID: newID(), DisplayName: displayName, Members: map[string]bool{}}
	s.tenant.groups[strings.ToLower(g.ID)] = g
	return g.ID
}

// AddApp registers an app registration with a client secret and the
// application permissions consented for it, as an admin would.
func (s *Server) AddApp(clientID, secret string, permissions ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant.apps[strings.ToLower(clientID)] = &App{ClientID: clientID, DisplayName: "app " + clientID, ObjectID: newID(),
		Secrets: []string{secret}, Permissions: append([]string(nil), permissions...)}
}

// PatchUser changes a user as a PATCH /users/{id} from another tool would,
// with Graph's checks, so that tests can make drift.
func (s *Server) PatchUser(id string, props map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.tenant.users[strings.ToLower(id)]
	if u == nil {
		return fmt.Errorf("no user %s", id)
	}
	next := *u
	next.Profile = maps.Clone(u.Profile)
	for k, v := range props {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if ge := next.patch(k, raw); ge != nil {
			return errors.New(ge.Message)
		}
	}
	*u = next
	return nil
}

// SetSponsors replaces a user's sponsors, as another tool would.
func (s *Server) SetSponsors(id string, sponsorIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.tenant.users[strings.ToLower(id)]; u != nil {
		u.Sponsors = nil
		for _, sp := range sponsorIDs {
			u.Sponsors = append(u.Sponsors, strings.ToLower(sp))
		}
	}
}

// PatchPartner changes a partner configuration as another tool would, with
// Graph's checks.
func (s *Server) PatchPartner(tenantID string, props map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.partners().live[strings.ToLower(tenantID)]
	if p == nil {
		return fmt.Errorf("no partner configuration for %s", tenantID)
	}
	body := map[string]json.RawMessage{}
	for k, v := range props {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		body[k] = raw
	}
	if ge := applyPartnerPatch(s.tenant, partnerObject, p, body); ge != nil {
		return errors.New(ge.Message)
	}
	return nil
}

// PurgeDeletedPartner empties deleted items of a tenant's partner
// configuration, as an administrator's permanent delete does.
func (s *Server) PurgeDeletedPartner(tenantID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.partners().deleted, strings.ToLower(tenantID))
}

// PurgeDeletedPartners empties deleted items of every partner
// configuration, so that tests that delete one may create it again.
func (s *Server) PurgeDeletedPartners() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.partners().deleted)
}
