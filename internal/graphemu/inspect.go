package graphemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// UserView is a read-only copy of a user, for tests.
type UserView struct {
	ID, DisplayName, Mail, UPN, UserType, CreationType, ExternalUserState string
	StateChangedAt, CreatedAt                                             time.Time
	RedeemURL                                                             string
	Groups                                                                []string
	// Profile holds the profile properties that are set, by Graph's name;
	// AccountEnabled is whether the user may sign in.
	Profile        map[string]string
	AccountEnabled bool
	Sponsors       []string
	// Extensions are the names of the user's open extensions.
	Extensions []string
}

// AssignmentView is a read-only copy of an app role assignment.
type AssignmentView struct {
	ID, PrincipalID, ResourceID, AppRoleID string
}

func (s *Server) view(u *user) UserView {
	v := UserView{ID: u.ID, DisplayName: u.DisplayName, Mail: u.Mail, UPN: u.UPN, UserType: u.UserType,
		CreationType: u.CreationType, ExternalUserState: u.ExternalUserState, StateChangedAt: u.StateChangedAt,
		CreatedAt: u.CreatedAt, Profile: maps.Clone(u.Profile), AccountEnabled: !u.AccountDisabled, Sponsors: slices.Clone(u.Sponsors)}
	for _, ext := range u.Extensions {
		v.Extensions = append(v.Extensions, ext.Name)
	}
	slices.Sort(v.Extensions)
	if u.redeemToken != "" {
		v.RedeemURL = s.baseURL + "/redeem/" + u.redeemToken
	}
	for _, g := range s.tenant.sortedGroups() {
		if g.Members[u.ID] {
			v.Groups = append(v.Groups, g.ID)
		}
	}
	return v
}

// User returns a user by id, ignoring replication lag.
func (s *Server) User(id string) (UserView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.tenant.findUser(id)
	if u == nil {
		return UserView{}, false
	}
	return s.view(u), true
}

// UsersByEmail returns every user whose mail, otherMails or UPN is the email.
// More than one means a duplicate guest.
func (s *Server) UsersByEmail(email string) []UserView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []UserView
	for _, u := range s.tenant.users {
		if strings.EqualFold(u.Mail, email) || containsFold(u.OtherMails, email) {
			out = append(out, s.view(u))
		}
	}
	return out
}

// UserCount is the number of users in the tenant.
func (s *Server) UserCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tenant.users)
}

// GroupMembers lists a group's member ids, sorted.
func (s *Server) GroupMembers(groupID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.tenant.groups[strings.ToLower(groupID)]
	if g == nil {
		return nil
	}
	out := make([]string, 0, len(g.Members))
	for id := range g.Members {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Assignments lists a user's app role assignments.
func (s *Server) Assignments(userID string) []AssignmentView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AssignmentView
	for _, a := range s.tenant.assignments {
		if strings.EqualFold(a.PrincipalID, userID) {
			out = append(out, AssignmentView{ID: a.ID, PrincipalID: a.PrincipalID, ResourceID: a.ResourceID, AppRoleID: a.AppRoleID})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ResourceID+out[i].AppRoleID < out[j].ResourceID+out[j].AppRoleID })
	return out
}

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

// Redeem marks a guest Accepted, as clicking the redeem URL does.
func (s *Server) Redeem(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.tenant.findUser(userID); u != nil {
		u.ExternalUserState, u.StateChangedAt, u.redeemToken = "Accepted", s.now(), ""
	}
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
}

// Invitations returns every accepted POST /invitations, oldest first.
func (s *Server) Invitations() []SentInvitation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentInvitation(nil), s.sent...)
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

// IssuedTokens returns every access token issued, for secret scans.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
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
