package graphemu

import (
	"encoding/base64"
	"net/http"
	"sort"
	"strings"
	"time"
)

// defaultAccessRoleID is the app role id that grants plain access to an app
// that declares no roles (internal/graph's package doc, "Group members and app role assignments").
const defaultAccessRoleID = "00000000-0000-0000-0000-000000000000"

func (s *Server) assignmentJSON(a *assignment) map[string]any {
	t := s.tenant
	principal, resource := "", ""
	if u := t.users[a.PrincipalID]; u != nil {
		principal = u.DisplayName
	}
	if sp := t.sps[a.ResourceID]; sp != nil {
		resource = sp.DisplayName
	}
	return map[string]any{"id": a.ID, "deletedDateTime": nil, "appRoleId": a.AppRoleID,
		"createdDateTime": a.CreatedAt.UTC().Format(time.RFC3339Nano), "principalDisplayName": principal,
		"principalId": a.PrincipalID, "principalType": "User", "resourceDisplayName": resource, "resourceId": a.ResourceID}
}

func spJSON(sp *ServicePrincipal) map[string]any {
	roles := []map[string]any{}
	for _, r := range sp.AppRoles {
		roles = append(roles, map[string]any{"id": r.ID, "value": r.Value, "displayName": r.DisplayName,
			"allowedMemberTypes": []string{"User"}, "isEnabled": true, "description": r.DisplayName, "origin": "Application"})
	}
	return map[string]any{"id": sp.ID, "appId": sp.AppID, "displayName": sp.DisplayName, "appRoles": roles,
		"servicePrincipalType": "Application", "accountEnabled": true}
}

// assign creates an assignment after Graph's checks, in Graph's order.
func (s *Server) assign(principalID, resourceID, appRoleID string) (*assignment, *graphError) {
	t := s.tenant
	u := t.users[strings.ToLower(principalID)]
	if u == nil {
		return nil, errNotFound(principalID)
	}
	if !s.visible(u) {
		return nil, errBadRequest("Not a valid reference update.")
	}
	sp := t.sps[strings.ToLower(resourceID)]
	if sp == nil {
		return nil, errBadRequest("Specified resourceId was not found: '" + resourceID + "'.")
	}
	known := strings.EqualFold(appRoleID, defaultAccessRoleID)
	for _, role := range sp.AppRoles {
		known = known || strings.EqualFold(role.ID, appRoleID)
	}
	if !known {
		return nil, errBadRequest("Permission being assigned was not found on application '" + sp.ID + "'")
	}
	for _, a := range t.assignments {
		if a.PrincipalID == u.ID && a.ResourceID == sp.ID && strings.EqualFold(a.AppRoleID, appRoleID) {
			return nil, errBadRequest("Permission being assigned already exists on the object")
		}
	}
	// Graph's assignment ids are opaque base64url strings, not GUIDs.
	a := &assignment{ID: base64.RawURLEncoding.EncodeToString([]byte(newID()))[:43], PrincipalID: u.ID,
		ResourceID: sp.ID, AppRoleID: strings.ToLower(appRoleID), CreatedAt: s.now()}
	t.assignments[a.ID] = a
	return a, nil
}

func (s *Server) createAssignment(w http.ResponseWriter, r *http.Request, pathPrincipal, pathResource string) {
	var body struct {
		PrincipalID string `json:"principalId"`
		ResourceID  string `json:"resourceId"`
		AppRoleID   string `json:"appRoleId"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if !allowed(r, permAssignments...) {
		writeGraphError(w, r, errDenied())
		return
	}
	if (pathPrincipal != "" && !strings.EqualFold(pathPrincipal, body.PrincipalID)) ||
		(pathResource != "" && !strings.EqualFold(pathResource, body.ResourceID)) {
		writeGraphError(w, r, errBadRequest("The principalId or resourceId in the body does not match the path."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ge := s.assign(body.PrincipalID, body.ResourceID, body.AppRoleID)
	if ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	writeJSON(w, http.StatusCreated, s.assignmentJSON(a))
}

func (s *Server) handleCreateUserAssignment(w http.ResponseWriter, r *http.Request) {
	s.createAssignment(w, r, r.PathValue("id"), "")
}

func (s *Server) handleCreateAssignedTo(w http.ResponseWriter, r *http.Request) {
	s.createAssignment(w, r, "", r.PathValue("id"))
}

func (s *Server) listAssignments(w http.ResponseWriter, keep func(*assignment) bool) {
	value := []map[string]any{}
	var list []*assignment
	for _, a := range s.tenant.assignments {
		if keep(a) {
			list = append(list, a)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	for _, a := range list {
		value = append(value, s.assignmentJSON(a))
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Server) handleListUserAssignments(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	s.listAssignments(w, func(a *assignment) bool { return a.PrincipalID == u.ID })
}

func (s *Server) handleListAssignedTo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.pathServicePrincipal(w, r)
	if sp == nil {
		return
	}
	s.listAssignments(w, func(a *assignment) bool { return a.ResourceID == sp.ID })
}

func principalOf(a *assignment) string { return a.PrincipalID }
func resourceOf(a *assignment) string  { return a.ResourceID }

// pathAssignment finds the assignment {aid} of the path, seen from the side
// {id} names (the user's or the app's), or writes Graph's 404. The caller
// holds s.mu.
func (s *Server) pathAssignment(w http.ResponseWriter, r *http.Request, sideOf func(*assignment) string) *assignment {
	a := s.tenant.assignments[r.PathValue("aid")]
	if a == nil || !strings.EqualFold(sideOf(a), r.PathValue("id")) {
		writeGraphError(w, r, errNotFound(r.PathValue("aid")))
		return nil
	}
	return a
}

func (s *Server) deleteAssignment(w http.ResponseWriter, r *http.Request, sideOf func(*assignment) string) {
	if !allowed(r, permAssignments...) {
		writeGraphError(w, r, errDenied())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.pathAssignment(w, r, sideOf); a != nil {
		delete(s.tenant.assignments, a.ID)
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) handleDeleteUserAssignment(w http.ResponseWriter, r *http.Request) {
	s.deleteAssignment(w, r, principalOf)
}

func (s *Server) handleDeleteAssignedTo(w http.ResponseWriter, r *http.Request) {
	s.deleteAssignment(w, r, resourceOf)
}

func (s *Server) handleGetServicePrincipal(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.pathServicePrincipal(w, r)
	if sp == nil {
		return
	}
	writeJSON(w, http.StatusOK, spJSON(sp))
}

// handleListServicePrincipals supports the one filter the provider needs:
// appId eq '<client id>'.
func (s *Server) handleListServicePrincipals(w http.ResponseWriter, r *http.Request) {
	match := func(map[string]any) bool { return true }
	if f := r.URL.Query().Get("$filter"); f != "" {
		expr, err := ParseFilter(f)
		if err != nil {
			writeGraphError(w, r, errBadRequest("Invalid filter clause: "+err.Error()))
			return
		}
		match = expr.Match
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id := range s.tenant.sps {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	value := []map[string]any{}
	for _, id := range ids {
		if body := spJSON(s.tenant.sps[id]); match(body) {
			value = append(value, body)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

// getAssignment serves one assignment by id, from either side of it.
func (s *Server) getAssignment(w http.ResponseWriter, r *http.Request, sideOf func(*assignment) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.pathAssignment(w, r, sideOf); a != nil {
		body := s.assignmentJSON(a)
		body["@odata.context"] = s.baseURL + "/v1.0/$metadata#appRoleAssignments/$entity"
		writeJSON(w, http.StatusOK, body)
	}
}

func (s *Server) handleGetUserAssignment(w http.ResponseWriter, r *http.Request) {
	s.getAssignment(w, r, principalOf)
}

func (s *Server) handleGetAssignedTo(w http.ResponseWriter, r *http.Request) {
	s.getAssignment(w, r, resourceOf)
}
