package graphemu

import (
	"html"
	"net/http"
	"strings"
)

// What a guest's click on the redeem URL does. Microsoft documents the
// redemption experience, not an API for it; the emulator serves it so:
//
//   - The guest's home tenant is the external tenant that holds the domain
//     of the guest's email, if any.
//   - When B2B collaboration inbound from that tenant is blocked for all
//     users (the partner's setting, else the tenant's defaults), the
//     redemption is refused with 403 and the guest stays PendingAcceptance.
//     A target that names a group of the partner matches the members the
//     seed gives it; one that names a user of the partner matches no one.
//   - The guest signs in with the first provider of the redemption order
//     (redemption_order.go) that serves it, else with the fallback; when
//     neither does, the redemption is refused with 403 and the guest stays
//     PendingAcceptance.
//   - When automatic redemption holds (this tenant allows it inbound for the
//     home tenant, by its partner setting or else the defaults, and the home
//     tenant allows it outbound, as the seed says) and the guest signs in
//     with its home tenant's Entra ID, GET accepts at once.
//   - Otherwise GET answers the consent page, which names the way the guest
//     signs in, and the guest stays PendingAcceptance until the page's POST
//     (the guest's Accept) arrives. Acceptance adds to the user's identities
//     the one it used.

// homeTenant is the external tenant of an email's domain, or nil.
func (t *tenant) homeTenant(email string) *ExternalTenant {
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	for i := range t.external {
		if containsFold(t.external[i].Domains, domain) {
			return &t.external[i]
		}
	}
	return nil
}

// crossTenantSetting is a setting of the partner configuration of a tenant,
// else of the defaults.
func (s *Server) crossTenantSetting(home *ExternalTenant, property string) map[string]any {
	if home != nil {
		if p := s.partners().live[strings.ToLower(home.TenantID)]; p != nil {
			if v, ok := p[property].(map[string]any); ok {
				return v
			}
		}
	}
	v, _ := s.crossTenantDefaults()[property].(map[string]any)
	return v
}

// inboundBlocked reports whether B2B collaboration inbound from home
// blocks a guest: the setting's targets match the guest when they name all
// users, or one of home's groups (as the seed lists them) that holds the
// guest's email; an allowed list that does not match blocks, and so does a
// blocked list that matches.
func (s *Server) inboundBlocked(home *ExternalTenant, email string) bool {
	if home == nil {
		return false
	}
	users, _ := s.crossTenantSetting(home, "b2bCollaborationInbound")["usersAndGroups"].(map[string]any)
	if users == nil {
		return false
	}
	matches := false
	targets, _ := users["targets"].([]any)
	for _, t := range targets {
		target, _ := t.(map[string]any)
		id, _ := target["target"].(string)
		if id == "AllUsers" {
			matches = true
		}
		for _, g := range home.Groups {
			if strings.EqualFold(g.ID, id) && containsFold(g.Members, email) {
				matches = true
			}
		}
	}
	return (users["accessType"] == "blocked") == matches
}

// automaticRedemption reports whether a guest of home skips the consent
// step.
func (s *Server) automaticRedemption(home *ExternalTenant) bool {
	if home == nil || !home.AutomaticRedemptionOutbound {
		return false
	}
	return s.automaticRedemptionInbound(home)
}

func (s *Server) handleRedeem(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	s.mu.Lock()
	defer s.mu.Unlock()
	var u *user
	for _, candidate := range s.tenant.users {
		if candidate.redeemToken != "" && candidate.redeemToken == token {
			u = candidate
		}
	}
	if u == nil {
		http.Error(w, "This invitation link is no longer valid.", http.StatusNotFound)
		return
	}
	home := s.tenant.homeTenant(u.Mail)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if s.inboundBlocked(home, u.Mail) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html><body>Your organization's access to this organization is blocked by its cross-tenant access settings. Contact the person who invited you.</body></html>"))
		return
	}
	method, served := s.redemptionMethod(home, u.Mail)
	switch {
	case !served:
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html><body>None of the ways this organization lets guests sign in is open to " + html.EscapeString(u.Mail) +
			". Contact the person who invited you.</body></html>"))
		return
	case r.Method == http.MethodGet && (method.issuer != issuerEntra || !s.automaticRedemption(home)):
		_, _ = w.Write([]byte("<html><body><h1>Review permissions</h1><p>You will sign in with " + html.EscapeString(method.description) + ".</p>" +
			"<p>This organization will be able to see your name, email address and photo.</p>" +
			"<form method=\"post\"><button type=\"submit\">Accept</button></form></body></html>"))
		return
	}
	s.accept(u, method)
	_, _ = w.Write([]byte("<html><body>Invitation accepted. You can close this page.</body></html>"))
}
