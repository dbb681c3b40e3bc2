package graphemu

import (
	"encoding/json"
	"net/http"
)

// The tenant's default cross-tenant access settings, a singleton at
// /policies/crossTenantAccessPolicy/default. Until changed they are the
// system default: B2B collaboration allowed both ways for all users and
// applications, no claim of another tenant trusted, automatic redemption
// off; isServiceDefault says whether they were ever changed.

func systemDefaultCrossTenantSettings() map[string]any {
	allowAll := func() map[string]any {
		return map[string]any{
			"usersAndGroups": map[string]any{"accessType": "allowed", "targets": []any{map[string]any{"target": "AllUsers", "targetType": "user"}}},
			"applications":   map[string]any{"accessType": "allowed", "targets": []any{map[string]any{"target": "AllApplications", "targetType": "application"}}},
		}
	}
	return map[string]any{
		"isServiceDefault":             true,
		"inboundTrust":                 map[string]any{"isMfaAccepted": false, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": false},
		"b2bCollaborationInbound":      allowAll(),
		"b2bCollaborationOutbound":     allowAll(),
		"b2bDirectConnectInbound":      map[string]any{"usersAndGroups": map[string]any{"accessType": "blocked", "targets": []any{map[string]any{"target": "AllUsers", "targetType": "user"}}}},
		"b2bDirectConnectOutbound":     map[string]any{"usersAndGroups": map[string]any{"accessType": "blocked", "targets": []any{map[string]any{"target": "AllUsers", "targetType": "user"}}}},
		"automaticUserConsentSettings": map[string]any{"inboundAllowed": false, "outboundAllowed": false},
		"tenantRestrictions":           nil,
		// The reference's example of the system default.
		"invitationRedemptionIdentityProviderConfiguration": map[string]any{
			"primaryIdentityProviderPrecedenceOrder": []any{"externalFederation", "azureActiveDirectory", "socialIdentityProviders"},
			"fallbackIdentityProvider":               "defaultConfiguredIdp",
		},
	}
}

func (s *Server) crossTenantDefaults() map[string]any {
	if s.tenant.defaults == nil {
		s.tenant.defaults = systemDefaultCrossTenantSettings()
	}
	return s.tenant.defaults
}

// handleGetCrossTenantDefaults serves GET …/default.
func (s *Server) handleGetCrossTenantDefaults(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#policies/crossTenantAccessPolicy/default/$entity"}
	for k, v := range s.crossTenantDefaults() {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

// handlePatchCrossTenantDefaults serves PATCH …/default: each named setting
// replaced whole, checked as on a partner, all or nothing; 204.
func (s *Server) handlePatchCrossTenantDefaults(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := map[string]any{}
	for k, v := range s.crossTenantDefaults() {
		next[k] = v
	}
	if ge := applyPartnerPatch(s.tenant, crossTenantDefaultObject, next, body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	next["isServiceDefault"] = false
	s.tenant.defaults = next
	w.WriteHeader(http.StatusNoContent)
}

// handleResetCrossTenantDefaults serves POST …/default/resetToSystemDefault.
func (s *Server) handleResetCrossTenantDefaults(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant.defaults = systemDefaultCrossTenantSettings()
	w.WriteHeader(http.StatusNoContent)
}

// handleGetCrossTenantPolicy serves GET /policies/crossTenantAccessPolicy,
// the policy that holds the default and the partners: its name and the
// other Microsoft clouds it allows, none in an emulated tenant. Its v1.0
// type (a policyBase) has no definition, so none is sent.
func (s *Server) handleGetCrossTenantPolicy(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context":        s.baseURL + "/v1.0/$metadata#policies/crossTenantAccessPolicy/$entity",
		"id":                    "crossTenantAccessPolicy",
		"displayName":           "CrossTenantAccessPolicy",
		"allowedCloudEndpoints": []string{},
	})
}
