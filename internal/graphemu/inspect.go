package graphemu

import (
	"encoding/json"
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
	// RedeemedWith is the issuer of the identity the guest redeemed with
	// (ExternalAzureAD, MicrosoftAccount, mail); empty before redemption.
	RedeemedWith string
	Groups       []string
	// Profile holds the profile properties that are set, by Graph's name;
	// AccountEnabled is whether the user may sign in.
	Profile        map[string]string
	AccountEnabled bool
	Sponsors       []string
	// Extensions are the names of the user's open extensions.
	Extensions []string
	// LastSignIn and LastSuccessfulSignIn are the user's sign-in activity
	// (zero: never); SessionsRevokedAt is when revokeSignInSessions last ran.
	LastSignIn, LastSuccessfulSignIn, SessionsRevokedAt time.Time
}

// AssignmentView is a read-only copy of an app role assignment.
type AssignmentView struct {
	ID, PrincipalID, ResourceID, AppRoleID string
}

func (s *Server) view(u *user) UserView {
	v := UserView{ID: u.ID, DisplayName: u.DisplayName, Mail: u.Mail, UPN: u.UPN, UserType: u.UserType,
		CreationType: u.CreationType, ExternalUserState: u.ExternalUserState, StateChangedAt: u.StateChangedAt,
		CreatedAt: u.CreatedAt, Profile: maps.Clone(u.Profile), AccountEnabled: !u.AccountDisabled, Sponsors: slices.Clone(u.Sponsors),
		LastSignIn: u.SignIns.Last, LastSuccessfulSignIn: u.SignIns.LastSuccessful, SessionsRevokedAt: u.SessionsValidFrom}
	for _, id := range u.Identities {
		if id.SignInType == "federated" {
			v.RedeemedWith = id.Issuer
		}
	}
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

// GuestCount is how many of the tenant's users are guests.
func (s *Server) GuestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, u := range s.tenant.users {
		if u.UserType == "Guest" {
			n++
		}
	}
	return n
}

// Guests lists the tenant's users of type Guest, in no set order.
func (s *Server) Guests() []UserView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []UserView
	for _, u := range s.tenant.users {
		if u.UserType == "Guest" {
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

// Invitations returns every accepted POST /invitations, oldest first.
func (s *Server) Invitations() []SentInvitation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentInvitation(nil), s.sent...)
}

// IssuedTokens returns every access token issued, for secret scans.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// Partner returns a cross-tenant partner configuration as Graph answers it,
// decoded, and whether there is one.
func (s *Server) Partner(tenantID string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.partners().live[strings.ToLower(tenantID)]
	if !ok {
		return nil, false
	}
	data, _ := json.Marshal(p)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	return out, true
}
