package graphemu

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Cross-tenant access partner configurations: one per partner tenant,
// keyed by its tenant id, under /policies/crossTenantAccessPolicy/partners.
// A configuration is kept as the JSON object Graph answers with; PATCH
// replaces each top-level property it names.

// partnerObjectProperties are the object-valued top-level properties of a
// configuration, null until set.
var partnerObjectProperties = []string{
	"inboundTrust", "b2bCollaborationInbound", "b2bCollaborationOutbound",
	"b2bDirectConnectInbound", "b2bDirectConnectOutbound", "automaticUserConsentSettings", "tenantRestrictions",
}

// deletedPartnerRetention is how long a deleted configuration stays in
// deleted items, where it still holds its tenant (a choice: Graph keeps
// deleted policy items for a time it does not state for these).
const deletedPartnerRetention = 30 * 24 * time.Hour

type partnerStore struct {
	live    map[string]map[string]any // by lower-cased tenant id
	deleted map[string]time.Time      // by lower-cased tenant id: when it was deleted
}

func (s *Server) partners() *partnerStore {
	if s.tenant.partners.live == nil {
		s.tenant.partners = partnerStore{live: map[string]map[string]any{}, deleted: map[string]time.Time{}}
	}
	return &s.tenant.partners
}

func (s *Server) partnerJSON(p map[string]any) map[string]any {
	out := partnerAnswer(p)
	out["@odata.context"] = s.baseURL + "/v1.0/$metadata#policies/crossTenantAccessPolicy/partners/$entity"
	return out
}

// partnerAnswer is a configuration as Graph sends it: automatic redemption
// that follows the defaults is an object of nulls, as the reference's
// examples show, where the other inherited settings are null.
func partnerAnswer(p map[string]any) map[string]any {
	out := maps.Clone(p)
	if out["automaticUserConsentSettings"] == nil {
		out["automaticUserConsentSettings"] = map[string]any{"inboundAllowed": nil, "outboundAllowed": nil}
	}
	return out
}

// automaticRedemptionInbound is whether this tenant lets guests of home
// skip the consent prompt: the partner configuration's inboundAllowed, or
// the default's where that is null.
func (s *Server) automaticRedemptionInbound(home *ExternalTenant) bool {
	if p := s.partners().live[strings.ToLower(home.TenantID)]; p != nil {
		if consent, _ := p["automaticUserConsentSettings"].(map[string]any); consent["inboundAllowed"] != nil {
			return consent["inboundAllowed"] == true
		}
	}
	consent, _ := s.crossTenantDefaults()["automaticUserConsentSettings"].(map[string]any)
	return consent["inboundAllowed"] == true
}

// handleListPartners serves GET …/partners.
func (s *Server) handleListPartners(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.partners().live))
	for id := range s.partners().live {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	value := []map[string]any{}
	if _, ge := selectPartner(map[string]any{}, r.URL.Query().Get("$select")); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	for _, id := range ids {
		p, ge := selectPartner(partnerAnswer(s.partners().live[id]), r.URL.Query().Get("$select"))
		if ge != nil {
			writeGraphError(w, r, ge)
			return
		}
		value = append(value, p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#policies/crossTenantAccessPolicy/partners", "value": value})
}

// handleCreatePartner serves POST …/partners. The tenant id must be a GUID
// of a tenant that exists (the seed's external tenants). A tenant that has
// a configuration, or one in deleted items, answers 409 Conflict (a choice:
// Graph documents neither answer).
func (s *Server) handleCreatePartner(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	var tenantID string
	if raw, ok := body["tenantId"]; !ok || json.Unmarshal(raw, &tenantID) != nil || !isGUID(tenantID) {
		writeGraphError(w, r, errBadRequest("tenantId is required and must be a GUID."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.ContainsFunc(s.tenant.external, func(t ExternalTenant) bool { return strings.EqualFold(t.TenantID, tenantID) }) {
		writeGraphError(w, r, errBadRequest("The tenant '"+tenantID+"' was not found."))
		return
	}
	p := map[string]any{"tenantId": tenantID, "isServiceProvider": false, "isInMultiTenantOrganization": false}
	for _, k := range partnerObjectProperties {
		p[k] = nil
	}
	if ge := applyPartnerPatch(s.tenant, partnerObject, p, body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	key := strings.ToLower(tenantID)
	store := s.partners()
	if _, ok := store.live[key]; ok {
		writeGraphError(w, r, &graphError{Status: http.StatusConflict, Code: "Conflict", Message: "A partner configuration already exists for tenant '" + tenantID + "'."})
		return
	}
	if at, ok := store.deleted[key]; ok && s.now().Sub(at) < deletedPartnerRetention {
		writeGraphError(w, r, &graphError{Status: http.StatusConflict, Code: "Conflict",
			Message: "A deleted partner configuration for tenant '" + tenantID + "' is in deleted items; restore it or delete it permanently first."})
		return
	}
	delete(store.deleted, key)
	store.live[key] = p
	writeJSON(w, http.StatusCreated, s.partnerJSON(p))
}

func (s *Server) pathPartner(w http.ResponseWriter, r *http.Request) (string, map[string]any) {
	id := strings.ToLower(r.PathValue("tenantId"))
	p := s.partners().live[id]
	if p == nil {
		writeGraphError(w, r, errNotFound(r.PathValue("tenantId")))
	}
	return id, p
}

// handleGetPartner serves GET …/partners/{tenantId}.
func (s *Server) handleGetPartner(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, p := s.pathPartner(w, r); p != nil {
		out, ge := selectPartner(s.partnerJSON(p), r.URL.Query().Get("$select"))
		if ge != nil {
			writeGraphError(w, r, ge)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// handlePatchPartner serves PATCH …/partners/{tenantId}: 204, each named
// property replaced whole, or nothing changed at all.
func (s *Server) handlePatchPartner(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, p := s.pathPartner(w, r)
	if p == nil {
		return
	}
	next := map[string]any{}
	for k, v := range p {
		next[k] = v
	}
	if ge := applyPartnerPatch(s.tenant, partnerObject, next, body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	for k, v := range next {
		p[k] = v
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleDeletePartner serves DELETE …/partners/{tenantId}; the
// configuration moves to deleted items.
func (s *Server) handleDeletePartner(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, p := s.pathPartner(w, r)
	if p == nil {
		return
	}
	delete(s.partners().live, id)
	s.partners().deleted[id] = s.now()
	w.WriteHeader(http.StatusNoContent)
}

// applyPartnerPatch checks and applies a body's properties to p, a
// partner configuration or the default (o says which). Graph refuses what
// the type's OData reader refuses (write_schema.go), an accessType other
// than allowed or blocked, a targetType that does not fit its list, and an
// outbound target that is no user or group of this tenant.
func applyPartnerPatch(t *tenant, o *objectType, p map[string]any, body map[string]json.RawMessage) *graphError {
	if ge := o.checkBody(body); ge != nil {
		return ge
	}
	for k, raw := range body {
		if k == "tenantId" || strings.HasPrefix(k, "@odata") {
			continue
		}
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return errBadRequest("Invalid JSON for property '" + k + "'.")
		}
		if strings.HasPrefix(k, "b2bCollaboration") || strings.HasPrefix(k, "b2bDirectConnect") {
			if ge := checkB2BSetting(t, k, v); ge != nil {
				return ge
			}
		}
		p[k] = v
	}
	return nil
}

// checkB2BSetting checks a crossTenantAccessPolicyB2BSetting.
func checkB2BSetting(t *tenant, property string, v any) *graphError {
	if v == nil {
		return nil
	}
	setting, ok := v.(map[string]any)
	if !ok {
		return errBadRequest("Invalid value for property '" + property + "'.")
	}
	for part, types := range map[string][]string{"usersAndGroups": {"user", "group"}, "applications": {"application"}} {
		raw, present := setting[part]
		if !present || raw == nil {
			continue
		}
		targets, _ := raw.(map[string]any)
		if access, _ := targets["accessType"].(string); access != "allowed" && access != "blocked" {
			return errBadRequest("Invalid accessType in '" + property + "." + part + "': must be allowed or blocked.")
		}
		list, _ := targets["targets"].([]any)
		for _, item := range list {
			target, _ := item.(map[string]any)
			id, _ := target["target"].(string)
			kind, _ := target["targetType"].(string)
			if !slices.Contains(types, kind) {
				return errBadRequest("Invalid targetType '" + kind + "' in '" + property + "." + part + "'.")
			}
			keyword := id == "AllUsers" || id == "AllApplications" || id == "Office365"
			if !keyword && !isGUID(id) {
				return errBadRequest("Invalid target '" + id + "' in '" + property + "." + part + "'.")
			}
			// Outbound user and group targets are this tenant's own.
			if strings.HasSuffix(property, "Outbound") && part == "usersAndGroups" && !keyword {
				key := strings.ToLower(id)
				if (kind == "group" && t.groups[key] == nil) || (kind == "user" && t.users[key] == nil) {
					return errBadRequest("The " + kind + " '" + id + "' in '" + property + ".usersAndGroups' does not exist in the tenant.")
				}
			}
		}
	}
	return nil
}
