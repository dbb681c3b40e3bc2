package graphemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
)

// A seed can also stage the tenant's settings as they stand before any
// pipeline runs: who may invite, the invitation domain list, whether guests
// may redeem with a one-time passcode, the default cross-tenant settings and
// the partner configurations. Each setting is written in Graph's own words,
// the body of the write Graph takes for it, and at start the emulator sends
// that body to its own route: the same reader (write_schema.go) and the same
// checks as a PATCH, so a seed cannot hold what Graph would refuse, and a
// typo fails at start with Graph's message and the seed field's name.
// Settings are applied after the seed's people, since outbound targets name
// its users and groups, and only when the tenant comes from the seed: a
// restored tenant keeps the settings it had.

// SeedSettings are a seed's tenant settings; every field is optional, and
// one left out keeps what a new tenant has.
type SeedSettings struct {
	// AuthorizationPolicy is a PATCH body of /policies/authorizationPolicy,
	// such as {"allowInvitesFrom": "adminsAndGuestInviters"}. It applies
	// after invitations_disabled.
	AuthorizationPolicy map[string]json.RawMessage `json:"authorization_policy,omitempty"`
	// InvitationDomains is the B2B management policy's domain list.
	InvitationDomains *SeedInvitationDomains `json:"invitation_domains,omitempty"`
	// EmailMethod is a PATCH body of the email authentication method, such
	// as {"allowExternalIdToUseEmailOtp": "disabled"}.
	EmailMethod map[string]json.RawMessage `json:"email_method,omitempty"`
	// CrossTenantDefaults is a PATCH body of
	// /policies/crossTenantAccessPolicy/default.
	CrossTenantDefaults map[string]json.RawMessage `json:"cross_tenant_defaults,omitempty"`
	// Partners are POST bodies of /policies/crossTenantAccessPolicy/partners,
	// each with the tenantId of one of the seed's external tenants.
	Partners []map[string]json.RawMessage `json:"partners,omitempty"`
}

// SeedInvitationDomains is an allow list or a deny list of the domains
// guests may be invited from, not both; an empty allow list allows none.
type SeedInvitationDomains struct {
	Allowed []string `json:"allowed,omitempty"`
	Blocked []string `json:"blocked,omitempty"`
}

// body is the B2B management policy's PATCH body that holds the list.
func (d SeedInvitationDomains) body() (map[string]json.RawMessage, error) {
	lists := map[string][]string{}
	if d.Allowed != nil {
		lists["AllowedDomains"] = d.Allowed
	}
	if d.Blocked != nil {
		lists["BlockedDomains"] = d.Blocked
	}
	policy, err := json.Marshal(map[string]any{"B2BManagementPolicy": map[string]any{"InvitationsAllowedAndBlockedDomainsPolicy": lists}})
	if err != nil {
		return nil, err
	}
	definition, err := json.Marshal([]string{string(policy)})
	return map[string]json.RawMessage{"definition": definition}, err
}

// seedWrite is one setting of a seed as the request that stages it.
type seedWrite struct {
	field   string // as the seed names it
	method  string
	uri     string
	body    map[string]json.RawMessage
	handler func(http.ResponseWriter, *http.Request)
	values  map[string]string // path values the route would set
}

// seedWrites are a seed's settings in the order they are applied.
func (s *Server) seedWrites(seed SeedSettings) ([]seedWrite, error) {
	var out []seedWrite
	if seed.AuthorizationPolicy != nil {
		out = append(out, seedWrite{field: "authorization_policy", method: http.MethodPatch, uri: "/v1.0/policies/authorizationPolicy",
			body: seed.AuthorizationPolicy, handler: s.handlePatchAuthorizationPolicy})
	}
	if seed.InvitationDomains != nil {
		body, err := seed.InvitationDomains.body()
		if err != nil {
			return nil, fmt.Errorf("invitation_domains: %w", err)
		}
		out = append(out, seedWrite{field: "invitation_domains", method: http.MethodPatch, uri: "/beta/policies/b2bManagementPolicies/" + b2bManagementPolicyID,
			body: body, handler: s.handlePatchB2BManagementPolicy, values: map[string]string{"id": b2bManagementPolicyID}})
	}
	if seed.EmailMethod != nil {
		out = append(out, seedWrite{field: "email_method", method: http.MethodPatch, uri: "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email",
			body: seed.EmailMethod, handler: s.handlePatchEmailMethod})
	}
	if seed.CrossTenantDefaults != nil {
		out = append(out, seedWrite{field: "cross_tenant_defaults", method: http.MethodPatch, uri: "/v1.0/policies/crossTenantAccessPolicy/default",
			body: seed.CrossTenantDefaults, handler: s.handlePatchCrossTenantDefaults})
	}
	for i, p := range seed.Partners {
		out = append(out, seedWrite{field: fmt.Sprintf("partners[%d]", i), method: http.MethodPost, uri: "/v1.0/policies/crossTenantAccessPolicy/partners",
			body: p, handler: s.handleCreatePartner})
	}
	return out, nil
}

// applySeedSettings stages the seed's settings through the routes that
// write them, before the emulator serves anyone.
func (s *Server) applySeedSettings(seed SeedSettings) error {
	writes, err := s.seedWrites(seed)
	if err != nil {
		return err
	}
	for _, sw := range writes {
		body, err := json.Marshal(sw.body)
		if err != nil {
			return fmt.Errorf("%s: %w", sw.field, err)
		}
		r := httptest.NewRequest(sw.method, sw.uri, bytes.NewReader(body))
		for k, v := range sw.values {
			r.SetPathValue(k, v)
		}
		w := httptest.NewRecorder()
		sw.handler(w, r)
		if w.Code >= 300 {
			var answer struct {
				Error struct{ Message string } `json:"error"`
			}
			_ = json.Unmarshal(w.Body.Bytes(), &answer)
			return fmt.Errorf("%s: Graph would refuse it with %d: %s", sw.field, w.Code, answer.Error.Message)
		}
	}
	return nil
}
