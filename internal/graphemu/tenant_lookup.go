package graphemu

import (
	"net/http"
	"regexp"
	"strings"
)

// The tenant lookup functions of /tenantRelationships find another
// organization's tenant by one of its domains or by its id, among the
// seed's external tenants.

// The parameter is an OData string literal, whose quotes are doubled.
var tenantFunction = regexp.MustCompile(`^(findTenantInformationByDomainName|findTenantInformationByTenantId)\((domainName|tenantId)='((?:[^']|'')*)'\)$`)

// handleTenantRelationships serves GET /tenantRelationships/{function}, the
// two lookup functions with their one parameter in OData function syntax.
// A domain that no tenant holds, and an id that no tenant has, answer 404
// Request_ResourceNotFound (a choice: Graph documents no error for them);
// an id that is not a GUID answers 400 as any malformed key does.
func (s *Server) handleTenantRelationships(w http.ResponseWriter, r *http.Request) {
	fn := r.PathValue("function")
	m := tenantFunction.FindStringSubmatch(fn)
	if m == nil || (m[1] == "findTenantInformationByDomainName") != (m[2] == "domainName") {
		writeGraphError(w, r, errUnknownSegment(fn))
		return
	}
	value := strings.ReplaceAll(m[3], "''", "'")
	byDomain := m[2] == "domainName"
	if !byDomain && !isGUID(value) {
		writeGraphError(w, r, errBadRequest("Invalid tenantId '"+value+"': it must be a GUID."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The caller's own tenant is a tenant like any other to these
	// functions: Graph answers its information.
	own := ExternalTenant{TenantID: s.tenant.ID, DisplayName: ownTenantDisplayName(s.tenant.Domain),
		DefaultDomain: s.tenant.Domain, Domains: []string{s.tenant.Domain}}
	for _, t := range append([]ExternalTenant{own}, s.tenant.external...) {
		if (byDomain && containsFold(t.Domains, value)) || (!byDomain && strings.EqualFold(t.TenantID, value)) {
			writeJSON(w, http.StatusOK, map[string]any{
				"@odata.context":      s.baseURL + "/v1.0/$metadata#microsoft.graph.tenantInformation",
				"tenantId":            t.TenantID,
				"federationBrandName": nil,
				"displayName":         t.DisplayName,
				"defaultDomainName":   t.DefaultDomain,
			})
			return
		}
	}
	writeGraphError(w, r, &graphError{Status: http.StatusNotFound, Code: "Request_ResourceNotFound", Message: "No tenant was found for '" + value + "'."})
}

// ownTenantDisplayName is the organization's name as the seed does not
// give one: the first label of its domain (a choice, in doc.go).
func ownTenantDisplayName(domain string) string {
	name, _, _ := strings.Cut(domain, ".")
	return name
}
