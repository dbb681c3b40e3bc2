package graphemu

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest request body Graph routes accept; Graph answers
// larger ones with 413.
const maxBody = 4 << 20

func (s *Server) routes() http.Handler {
	g := http.NewServeMux()
	g.HandleFunc("POST /invitations", s.handleInvite)
	g.HandleFunc("GET /users", needs(permReadUsers, s.handleListUsers))
	g.HandleFunc("GET /users/{id}", needs(permReadUsers, s.handleGetUser))
	g.HandleFunc("PATCH /users/{id}", needs(permWriteUsers, s.handlePatchUser))
	g.HandleFunc("DELETE /users/{id}", needs(permWriteUsers, s.handleDeleteUser))
	g.HandleFunc("GET /users/{id}/memberOf", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("GET /users/{id}/memberOf/{cast}", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("GET /users/{id}/memberOf/{cast}/$count", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("GET /users/{id}/transitiveMemberOf", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("GET /users/{id}/transitiveMemberOf/{cast}", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("GET /users/{id}/transitiveMemberOf/{cast}/$count", needs(permReadUsers, s.handleMemberOf))
	g.HandleFunc("POST /users/{id}/checkMemberGroups", s.handleCheckMemberGroups)
	g.HandleFunc("POST /users/{id}/revokeSignInSessions", needs(permRevokeSessions, s.handleRevokeSignInSessions))
	g.HandleFunc("GET /users/{id}/sponsors", needs(permReadUsers, s.handleListSponsors))
	g.HandleFunc("POST /users/{id}/sponsors/$ref", needs(permWriteUsers, s.handleAddSponsor))
	g.HandleFunc("DELETE /users/{id}/sponsors/{sid}/$ref", needs(permWriteUsers, s.handleRemoveSponsor))
	g.HandleFunc("POST /users/{id}/extensions", needs(permWriteUsers, s.handleAddUserExtension))
	g.HandleFunc("GET /users/{id}/extensions/{name}", needs(permReadUsers, s.handleGetUserExtension))
	g.HandleFunc("DELETE /users/{id}/extensions/{name}", needs(permWriteUsers, s.handleDeleteUserExtension))
	g.HandleFunc("PATCH /users/{id}/extensions/{name}", needs(permWriteUsers, s.handlePatchUserExtension))
	g.HandleFunc("GET /users/{id}/appRoleAssignments", needs(permReadAssign, s.handleListUserAssignments))
	g.HandleFunc("GET /users/{id}/appRoleAssignments/{aid}", needs(permReadAssign, s.handleGetUserAssignment))
	g.HandleFunc("POST /users/{id}/appRoleAssignments", s.handleCreateUserAssignment)
	g.HandleFunc("DELETE /users/{id}/appRoleAssignments/{aid}", s.handleDeleteUserAssignment)
	g.HandleFunc("GET /groups", needs(permReadGroups, s.handleListGroups))
	g.HandleFunc("GET /groups/{id}", needs(permReadGroups, s.handleGetGroup))
	g.HandleFunc("PATCH /groups/{id}", s.handlePatchGroup)
	g.HandleFunc("GET /groups/{id}/members", needs(permReadGroups, s.handleListMembers))
	g.HandleFunc("GET /groups/{id}/members/{cast}", needs(permReadGroups, s.handleListMembers))
	g.HandleFunc("GET /groups/{id}/members/{cast}/$count", needs(permReadGroups, s.handleListMembers))
	g.HandleFunc("GET /directoryObjects/{id}", needs(permReadUsers, s.handleDirectoryObject))
	g.HandleFunc("GET /directoryObjects/{id}/{cast}", needs(permReadUsers, s.handleDirectoryObject))
	g.HandleFunc("POST /groups/{id}/members/$ref", s.handleAddMember)
	g.HandleFunc("DELETE /groups/{id}/members/{mid}/$ref", needs(permMembers, s.handleRemoveMember))
	g.HandleFunc("DELETE /groups/{id}/members/{mid}", needs(permWriteUsers, s.handleDeleteMemberObject))
	g.HandleFunc("GET /tenantRelationships/{function}", needs(permTenantInfo, s.handleTenantRelationships))
	g.HandleFunc("GET /policies/authorizationPolicy", needs([]string{"Policy.Read.All", "Policy.ReadWrite.Authorization"}, s.handleGetAuthorizationPolicy))
	g.HandleFunc("PATCH /policies/authorizationPolicy", needs(permWriteAuthz, s.handlePatchAuthorizationPolicy))
	g.HandleFunc("GET /policies/b2bManagementPolicies", needs(permReadB2BMgmt, s.handleListB2BManagementPolicies))
	g.HandleFunc("GET /policies/b2bManagementPolicies/{id}", needs(permReadB2BMgmt, s.handleGetB2BManagementPolicy))
	g.HandleFunc("PATCH /policies/b2bManagementPolicies/{id}", needs(permWriteB2BMgmt, s.handlePatchB2BManagementPolicy))
	g.HandleFunc("GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email", needs(permReadAuthMethods, s.handleGetEmailMethod))
	g.HandleFunc("PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email", needs(permWriteAuthMethods, s.handlePatchEmailMethod))
	g.HandleFunc("GET /policies/crossTenantAccessPolicy", needs(permReadPolicy, s.handleGetCrossTenantPolicy))
	g.HandleFunc("GET /policies/crossTenantAccessPolicy/default", needs(permReadPolicy, s.handleGetCrossTenantDefaults))
	g.HandleFunc("PATCH /policies/crossTenantAccessPolicy/default", needs(permWriteXTAP, s.handlePatchCrossTenantDefaults))
	g.HandleFunc("POST /policies/crossTenantAccessPolicy/default/resetToSystemDefault", needs(permWriteXTAP, s.handleResetCrossTenantDefaults))
	g.HandleFunc("GET /policies/crossTenantAccessPolicy/partners", needs(permReadPolicy, s.handleListPartners))
	g.HandleFunc("POST /policies/crossTenantAccessPolicy/partners", needs(permWriteXTAP, s.handleCreatePartner))
	g.HandleFunc("GET /policies/crossTenantAccessPolicy/partners/{tenantId}", needs(permReadPolicy, s.handleGetPartner))
	g.HandleFunc("PATCH /policies/crossTenantAccessPolicy/partners/{tenantId}", needs(permWriteXTAP, s.handlePatchPartner))
	g.HandleFunc("DELETE /policies/crossTenantAccessPolicy/partners/{tenantId}", needs(permWriteXTAP, s.handleDeletePartner))
	g.HandleFunc("GET /policies/deletedItems/crossTenantPartners", s.handleDeletedPartners)
	g.HandleFunc("DELETE /policies/deletedItems/crossTenantPartners/{tenantId}", s.handleDeletedPartners)
	g.HandleFunc("POST /policies/deletedItems/crossTenantPartners/{tenantId}/restore", s.handleDeletedPartners)
	g.HandleFunc("GET /servicePrincipals", needs(permReadSPs, s.handleListServicePrincipals))
	g.HandleFunc("GET /servicePrincipals/{id}", needs(permReadSPs, s.handleGetServicePrincipal))
	g.HandleFunc("GET /servicePrincipals/{id}/appRoleAssignedTo", needs(permReadSPs, s.handleListAssignedTo))
	g.HandleFunc("GET /servicePrincipals/{id}/appRoleAssignedTo/{aid}", needs(permReadSPs, s.handleGetAssignedTo))
	g.HandleFunc("POST /servicePrincipals/{id}/appRoleAssignedTo", s.handleCreateAssignedTo)
	g.HandleFunc("DELETE /servicePrincipals/{id}/appRoleAssignedTo/{aid}", s.handleDeleteAssignedTo)
	s.graphMux = g

	top := http.NewServeMux()
	top.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", s.handleOpenIDConfiguration)
	top.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.handleToken)
	top.HandleFunc("POST /{tenant}/oauth2/token", s.handleToken)
	top.HandleFunc("GET /metadata/endpoints", s.handleCloudMetadata)
	top.HandleFunc("GET /metadata/identity/oauth2/token", s.handleManagedIdentityToken)
	top.HandleFunc("GET /redeem/{token}", s.handleRedeem)
	top.HandleFunc("POST /redeem/{token}", s.handleRedeem)
	top.HandleFunc("GET /_emulator/stats", s.handleStats)
	top.HandleFunc("GET /_emulator/clock", s.handleClock)
	top.HandleFunc("POST /_emulator/clock", s.handleClock)
	top.HandleFunc("POST /_emulator/sign-ins", s.handleRecordSignIn)
	top.HandleFunc("GET /_emulator/permissions", s.handlePermissionsReport)
	top.HandleFunc("GET /_emulator/oidc/token", s.handleGitHubOIDCToken)
	top.HandleFunc("POST /_emulator/ado/oidctoken", s.handleAzurePipelinesOIDCToken)
	graph := http.HandlerFunc(s.serveGraph)
	v1, beta := http.StripPrefix("/v1.0", graph), http.StripPrefix("/beta", graph)
	// Graph paths are matched by prefix first, because "/{tenant}/v2.0/…"
	// on the token side would otherwise overlap "/v1.0/…".
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/v1.0/"):
			v1.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/beta/"):
			beta.ServeHTTP(w, r)
		default:
			top.ServeHTTP(w, r)
		}
	})
}

// needs answers 403 Authorization_RequestDenied to a caller whose token
// holds none of the permissions, before the handler runs.
func needs(permissions []string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !allowed(r, permissions...) {
			writeGraphError(w, r, errDenied())
			return
		}
		h(w, r)
	}
}

// serveGraph is the front door of every Graph HTTP request: latency, faults,
// authentication and body decoding happen here, once per round trip.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request) {
	s.stats.countRoundTrip(r.Header.Get("User-Agent"))
	w.Header().Set("request-id", newID())
	s.stampDate(w)
	if d := s.CurrentFaults().Latency; d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	reset, fault := s.randomFault()
	if reset {
		resetConnection(w)
		return
	}
	claims, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	r = r.WithContext(withClaims(r.Context(), claims))
	if fault != nil {
		s.stats.countThrottledRoundTripIf(fault.Status)
		writeGraphError(w, r, fault)
		return
	}
	body, ge := readBody(r)
	if ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	serve := func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/$batch" {
			if rule := s.ruleFault(r.Method, r.URL.Path); rule != nil {
				writeRuleFault(w, r, rule)
				return
			}
			s.handleBatch(w, r, body)
			return
		}
		s.serveOperation(w, r)
	}
	if h := s.takeHold(r.Method, r.URL.Path); h != nil {
		h.serveHeld(w, r, serve)
		return
	}
	serve(w, r)
}

// serveOperation runs one Graph operation, whether it came alone or inside a
// $batch, and counts it.
func (s *Server) serveOperation(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.graphMux.Handler(r)
	pattern = strings.TrimPrefix(strings.TrimPrefix(pattern, r.Method), " ")
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	r, needed := withNeeded(r)
	defer func() {
		s.stats.countOperation(r.Method, pattern, rec.status)
		if c, _ := r.Context().Value(claimsKey{}).(*accessClaims); c != nil && rec.status < 400 && needed.anyOf != nil {
			s.permissions.record(c.AppID, r.Method+" "+pattern, needed.anyOf)
			for part, anyOf := range needed.also {
				s.permissions.record(c.AppID, r.Method+" "+pattern+" "+part, anyOf)
			}
		}
	}()
	if c, _ := r.Context().Value(claimsKey{}).(*accessClaims); c != nil {
		units, ge, h := s.spendBudgets(c.AppID, r.Method, r.URL.Path, r.URL.Query())
		for k, v := range h {
			rec.Header()[k] = v
		}
		if ge != nil {
			writeGraphError(rec, r, ge)
			return
		}
		if units > 0 {
			rec.Header().Set("x-ms-resource-unit", strconv.Itoa(units))
		}
	}
	if rule := s.ruleFault(r.Method, r.URL.Path); rule != nil {
		writeRuleFault(rec, r, rule)
		return
	}
	if pattern == "" {
		writeGraphError(rec, r, &graphError{Status: 400, Code: "BadRequest", Message: "Resource not found for the segment '" + lastSegment(r.URL.Path) + "'."})
		return
	}
	s.graphMux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (sr *statusRecorder) WriteHeader(code int) {
	sr.status = code
	sr.ResponseWriter.WriteHeader(code)
}

// readBody reads a request body, gunzipping it: kiota's compression handler
// gzips every body it sends (internal/graph's package doc, "SDK pitfalls").
func readBody(r *http.Request) ([]byte, *graphError) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errBadRequest("The request body could not be read.")
	}
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, errBadRequest("The request body is not valid gzip.")
		}
		raw, err = io.ReadAll(io.LimitReader(zr, maxBody+1))
		if err != nil {
			return nil, errBadRequest("The request body is not valid gzip.")
		}
		r.Header.Del("Content-Encoding")
	}
	if len(raw) > maxBody {
		return nil, &graphError{Status: http.StatusRequestEntityTooLarge, Code: "Request_EntityTooLarge", Message: "The request is too large. The maximum request size is 4 MB."}
	}
	return raw, nil
}

func lastSegment(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

func (st *stats) countThrottledRoundTripIf(status int) {
	if status == http.StatusTooManyRequests {
		st.countThrottledRoundTrip()
	}
}

// pathUser is the user the request's {id} names, or nil once it has answered
// Graph's 404 for a user that does not exist or is still replicating. The
// caller holds s.mu, as for pathGroup and pathServicePrincipal.
func (s *Server) pathUser(w http.ResponseWriter, r *http.Request) *user {
	u := s.tenant.findUser(r.PathValue("id"))
	if !s.visible(u) {
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
		return nil
	}
	return u
}

func (s *Server) pathGroup(w http.ResponseWriter, r *http.Request) *group {
	g := s.tenant.groups[strings.ToLower(r.PathValue("id"))]
	if g == nil {
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
	}
	return g
}

func (s *Server) pathServicePrincipal(w http.ResponseWriter, r *http.Request) *ServicePrincipal {
	sp := s.tenant.sps[strings.ToLower(r.PathValue("id"))]
	if sp == nil {
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
	}
	return sp
}
