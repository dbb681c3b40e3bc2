package graphemu

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
)

// The B2B management policy (beta only) holds the domain allow or deny list
// for invitations in its definition, a JSON string. Graph's beta reference
// (https://learn.microsoft.com/graph/api/resources/b2bmanagementpolicy?view=graph-rest-beta)
// lists it, gets it by id and updates it with PATCH, which answers 200 and
// the updated policy.

// b2bManagementPolicyID is the one policy's id, a GUID as Graph's policy
// ids are (the value is a choice).
const b2bManagementPolicyID = "5c2b1a7e-8d3f-4e6a-9b0c-1f2e3d4c5b6a"

// b2bPolicyProperties are the policy's own properties beside the lists.
type b2bPolicyProperties struct {
	DisplayName string
	Description string
	// NotDefault is isOrganizationDefault's negation, so that the zero
	// value is the active policy a tenant has.
	NotDefault bool
	// Other holds the definition's B2BManagementPolicy members other than
	// the domain lists (PreviewPolicy, AutoRedeemPolicy, …), as written.
	Other map[string]json.RawMessage
}

// b2bManagementPolicyObject is the update page's request body.
var b2bManagementPolicyObject = &objectType{name: "microsoft.graph.b2bManagementPolicy", properties: map[string]valueType{
	"definition": listOf(stringType), "description": stringType, "displayName": stringType,
	"isOrganizationDefault": boolType, "deletedDateTime": dateTimeType,
}}

type domainLists struct {
	AllowedDomains []string `json:"AllowedDomains,omitempty"`
	BlockedDomains []string `json:"BlockedDomains,omitempty"`
}

func (s *Server) b2bManagementPolicyJSON() map[string]any {
	c := s.tenant.collaboration
	policy := maps.Clone(c.B2BPolicy.Other)
	if policy == nil {
		policy = map[string]json.RawMessage{}
	}
	lists, _ := json.Marshal(domainLists{AllowedDomains: c.AllowedDomains, BlockedDomains: c.BlockedDomains})
	policy["InvitationsAllowedAndBlockedDomainsPolicy"] = lists
	def, _ := json.Marshal(map[string]any{"B2BManagementPolicy": policy})
	name, description := c.B2BPolicy.DisplayName, c.B2BPolicy.Description
	if name == "" {
		name = "B2BManagementPolicy"
	}
	if description == "" {
		description = "B2BManagementPolicy"
	}
	return map[string]any{"@odata.type": "#microsoft.graph.b2bManagementPolicy", "id": b2bManagementPolicyID,
		"deletedDateTime": nil, "displayName": name, "description": description,
		"isOrganizationDefault": !c.B2BPolicy.NotDefault, "definition": []string{string(def)}}
}

// betaOnly answers a beta route asked for under /v1.0 as Graph does.
func betaOnly(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasPrefix(r.RequestURI, "/beta/") {
		return true
	}
	writeGraphError(w, r, errUnknownSegment("b2bManagementPolicies"))
	return false
}

// handleListB2BManagementPolicies serves GET /beta/policies/b2bManagementPolicies.
func (s *Server) handleListB2BManagementPolicies(w http.ResponseWriter, r *http.Request) {
	if !betaOnly(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"@odata.context": s.baseURL + "/beta/$metadata#policies/b2bManagementPolicies", "value": []any{s.b2bManagementPolicyJSON()}})
}

// handleGetB2BManagementPolicy serves GET /beta/policies/b2bManagementPolicies/{id}.
func (s *Server) handleGetB2BManagementPolicy(w http.ResponseWriter, r *http.Request) {
	if !betaOnly(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.EqualFold(r.PathValue("id"), b2bManagementPolicyID) {
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
		return
	}
	body := s.b2bManagementPolicyJSON()
	body["@odata.context"] = s.baseURL + "/beta/$metadata#policies/b2bManagementPolicies/$entity"
	writeJSON(w, http.StatusOK, body)
}

// handlePatchB2BManagementPolicy serves PATCH
// /beta/policies/b2bManagementPolicies/{id}: the body is read as the
// update page describes it; a new definition's domain policy holds an allow
// list or a deny list, not both. 200 with the updated policy.
func (s *Server) handlePatchB2BManagementPolicy(w http.ResponseWriter, r *http.Request) {
	if !betaOnly(w, r) {
		return
	}
	var body map[string]json.RawMessage
	if !decodeBody(w, r, &body) {
		return
	}
	if ge := b2bManagementPolicyObject.checkBody(body); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.EqualFold(r.PathValue("id"), b2bManagementPolicyID) {
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
		return
	}
	next := s.tenant.collaboration
	for k, raw := range body {
		switch k {
		case "definition":
			if ge := next.setDefinition(raw); ge != nil {
				writeGraphError(w, r, ge)
				return
			}
		case "displayName":
			_ = json.Unmarshal(raw, &next.B2BPolicy.DisplayName)
		case "description":
			_ = json.Unmarshal(raw, &next.B2BPolicy.Description)
		case "isOrganizationDefault":
			var on *bool
			_ = json.Unmarshal(raw, &on)
			next.B2BPolicy.NotDefault = on != nil && !*on
		}
	}
	s.tenant.collaboration = next
	writeJSON(w, http.StatusOK, s.b2bManagementPolicyJSON())
}

// setDefinition reads a definition: one JSON string whose
// B2BManagementPolicy holds the domain lists and, kept as written, its
// other policies.
func (p *collaborationPolicy) setDefinition(raw json.RawMessage) *graphError {
	var definition []string
	var d struct {
		B2BManagementPolicy map[string]json.RawMessage `json:"B2BManagementPolicy"`
	}
	if json.Unmarshal(raw, &definition) != nil || len(definition) != 1 || json.Unmarshal([]byte(definition[0]), &d) != nil || d.B2BManagementPolicy == nil {
		return errBadRequest("Invalid definition: one JSON string of a B2BManagementPolicy is required.")
	}
	var lists domainLists
	if l, ok := d.B2BManagementPolicy["InvitationsAllowedAndBlockedDomainsPolicy"]; ok && json.Unmarshal(l, &lists) != nil {
		return errBadRequest("Invalid definition: InvitationsAllowedAndBlockedDomainsPolicy is not a domain policy.")
	}
	if lists.AllowedDomains != nil && lists.BlockedDomains != nil {
		return errBadRequest("Invalid definition: AllowedDomains and BlockedDomains cannot both be set.")
	}
	delete(d.B2BManagementPolicy, "InvitationsAllowedAndBlockedDomainsPolicy")
	p.B2BPolicy.Other = d.B2BManagementPolicy
	p.AllowedDomains, p.BlockedDomains = lists.AllowedDomains, lists.BlockedDomains
	if lists.AllowedDomains == nil && lists.BlockedDomains == nil {
		p.BlockedDomains = []string{}
	}
	return nil
}
