package graphemu

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// The tenant's external collaboration settings: the authorization policy
// (v1.0, a singleton) holds who may invite, what guests may see and
// whether email-verified users may join; the B2B management policy (beta
// only) holds the domain allow or deny list for invitations.

// Graph's guest user role ids, by what guests may see.
var guestUserRoles = []string{
	"a0b1b346-4d3e-4e8b-98f8-753987be4970", // same as members
	"10dae51f-b6af-4016-8d66-8c2a99b929b3", // limited (the default)
	"2af84b1e-32c8-42b7-82bc-daa82404023b", // restricted
}

var allowInvitesFromValues = []string{"none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"}

type collaborationPolicy struct {
	AllowInvitesFrom          string
	GuestUserRoleID           string
	EmailVerifiedUsersCanJoin bool
	// Exactly one of the lists applies; an empty allow list with
	// domainsAllowList false means any domain may be invited.
	AllowedDomains []string
	BlockedDomains []string
	// B2BPolicy is what the B2B management policy holds beside the lists
	// (b2b_management_policy.go).
	B2BPolicy b2bPolicyProperties
}

func defaultCollaborationPolicy(invitationsOff bool) collaborationPolicy {
	p := collaborationPolicy{AllowInvitesFrom: "everyone", GuestUserRoleID: guestUserRoles[1], EmailVerifiedUsersCanJoin: true, BlockedDomains: []string{}}
	if invitationsOff {
		p.AllowInvitesFrom = "none"
	}
	return p
}

// domainRefused reports whether the domain lists refuse an email; a B2B
// management policy that is not the organization default applies none.
func (p collaborationPolicy) domainRefused(email string) bool {
	if p.B2BPolicy.NotDefault {
		return false
	}
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	if p.AllowedDomains != nil {
		return !containsFold(p.AllowedDomains, domain)
	}
	return containsFold(p.BlockedDomains, domain)
}

func (s *Server) handleGetAuthorizationPolicy(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.tenant.collaboration
	out := s.tenant.authorizationPolicyExtras()
	maps.Copy(out, map[string]any{
		"@odata.context":   s.baseURL + "/v1.0/$metadata#policies/authorizationPolicy/$entity",
		"id":               "authorizationPolicy",
		"displayName":      "Authorization Policy",
		"description":      "Used to manage authorization related settings across the company.",
		"allowInvitesFrom": p.AllowInvitesFrom,
		"guestUserRoleId":  p.GuestUserRoleID,
		"allowEmailVerifiedUsersToJoinOrganization": p.EmailVerifiedUsersCanJoin,
	})
	writeJSON(w, http.StatusOK, out)
}

// handlePatchAuthorizationPolicy serves PATCH /policies/authorizationPolicy:
// the body is checked as Graph's reader checks it (write_schema.go), then
// the three properties the emulator acts on are checked further; the others
// are kept as written. All or nothing; 204.
func (s *Server) handlePatchAuthorizationPolicy(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	if ge := authorizationPolicyObject.checkBody(body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next, extras := s.tenant.collaboration, maps.Clone(s.tenant.authorizationExtras)
	for k, raw := range body {
		var ok bool
		switch k {
		case "allowInvitesFrom":
			ok = json.Unmarshal(raw, &next.AllowInvitesFrom) == nil && slices.Contains(allowInvitesFromValues, next.AllowInvitesFrom)
		case "guestUserRoleId":
			ok = json.Unmarshal(raw, &next.GuestUserRoleID) == nil && containsFold(guestUserRoles, next.GuestUserRoleID)
		case "allowEmailVerifiedUsersToJoinOrganization":
			ok = json.Unmarshal(raw, &next.EmailVerifiedUsersCanJoin) == nil
		default:
			extras, ok = keepAuthorizationExtra(extras, k, raw), true
		}
		if !ok {
			writeGraphError(w, r, errBadRequest("Invalid value for property '"+k+"'."))
			return
		}
	}
	s.tenant.collaboration, s.tenant.authorizationExtras = next, extras
	w.WriteHeader(http.StatusNoContent)
}
