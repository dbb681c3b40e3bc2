package graphemu

import (
	"net/http"
	"sort"
	"strings"
)

func groupJSON(g *group) map[string]any {
	return map[string]any{"@odata.type": "#microsoft.graph.group", "id": g.ID, "displayName": g.DisplayName,
		"securityEnabled": true, "mailEnabled": false, "groupTypes": []string{}}
}

func (s *Server) handleGetGroup(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	writeJSON(w, http.StatusOK, groupJSON(g))
}

// memberJSON is a user as a directory object collection lists it.
func memberJSON(u *user) map[string]any {
	return map[string]any{"@odata.type": "#microsoft.graph.user", "id": u.ID,
		"displayName": u.DisplayName, "userPrincipalName": u.UPN, "mail": nullIfEmpty(u.Mail)}
}

// handleListMembers serves GET /groups/{id}/members: users and groups,
// cast to one type with a last segment such as microsoft.graph.user, and
// their /$count.
func (s *Server) handleListMembers(w http.ResponseWriter, r *http.Request) {
	want, count, ok := collectionCast(w, r, membersCasts)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	ids := make([]string, 0, len(g.Members))
	for id := range g.Members {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	value := []map[string]any{}
	for _, id := range ids {
		if u := s.tenant.users[id]; u != nil {
			value = append(value, memberJSON(u))
		} else if sub := s.tenant.groups[id]; sub != nil {
			value = append(value, groupJSON(sub))
		}
	}
	s.serveDirectoryCollection(w, r, directoryCollection{objects: value, full: s.tenant.fullDirectoryObject}, want, count)
}

// collectionCast reads the {cast} segment of a collection, which may also
// be $count, and whether the path ends in /$count.
func collectionCast(w http.ResponseWriter, r *http.Request, allowed []string) (cast string, count, ok bool) {
	count = strings.HasSuffix(r.URL.Path, "/$count")
	if r.PathValue("cast") == "$count" {
		return "", true, true
	}
	cast, ok = castOf(w, r, allowed...)
	return cast, count, ok
}

func (s *Server) handleAddMember(w http.ResponseWriter, r *http.Request) {
	memberID, ok := refTarget(w, r)
	if !ok {
		return
	}
	if !allowed(r, permMembers...) {
		writeGraphError(w, r, errDenied())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	// Graph's groups hold groups too (nested groups, as the reference for
	// adding a member shows).
	if ge := s.addableMember(g, memberID, nil); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	g.Members[memberID] = true
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	mid := strings.ToLower(r.PathValue("mid"))
	if !g.Members[mid] {
		writeGraphError(w, r, errNotFound(mid))
		return
	}
	delete(g.Members, mid)
	w.WriteHeader(http.StatusNoContent)
}

// handleMemberOf lists the groups that hold the user: directly for
// memberOf, and through nested groups as well for transitiveMemberOf; cast
// to one type with a last segment such as microsoft.graph.group, and their
// /$count. The tenant has no directory roles or administrative units, so
// casts to those list nothing.
func (s *Server) handleMemberOf(w http.ResponseWriter, r *http.Request) {
	want, count, ok := collectionCast(w, r, memberOfCasts)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	holding := s.tenant.directGroupsOf(u.ID)
	if strings.Contains(r.URL.Path, "/transitiveMemberOf") {
		holding = s.tenant.transitiveGroupsOf(u.ID)
	}
	value := []map[string]any{}
	for _, g := range s.tenant.sortedGroups() {
		if holding[g.ID] {
			value = append(value, groupJSON(g))
		}
	}
	s.serveDirectoryCollection(w, r, directoryCollection{objects: value, full: s.tenant.fullDirectoryObject}, want, count)
}

// directGroupsOf are the ids of the groups an object is a member of.
func (t *tenant) directGroupsOf(id string) map[string]bool {
	out := map[string]bool{}
	for _, g := range t.groups {
		if g.Members[id] {
			out[g.ID] = true
		}
	}
	return out
}

// transitiveGroupsOf are the groups that hold an object directly or
// through groups they hold; a cycle ends where it began.
func (t *tenant) transitiveGroupsOf(id string) map[string]bool {
	out := map[string]bool{}
	next := []string{id}
	for len(next) > 0 {
		var more []string
		for _, member := range next {
			for gid := range t.directGroupsOf(member) {
				if !out[gid] {
					out[gid] = true
					more = append(more, gid)
				}
			}
		}
		next = more
	}
	return out
}

func (s *Server) handleCheckMemberGroups(w http.ResponseWriter, r *http.Request) {
	var body struct {
		GroupIDs []string `json:"groupIds"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if !allowed(r, permReadUsers...) {
		writeGraphError(w, r, errDenied())
		return
	}
	if len(body.GroupIDs) > 20 {
		writeGraphError(w, r, errBadRequest("The number of groupIds cannot exceed 20."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	// checkMemberGroups is transitive, as the reference says.
	holding := s.tenant.transitiveGroupsOf(u.ID)
	value := []string{}
	for _, id := range body.GroupIDs {
		if g := s.tenant.groups[strings.ToLower(id)]; g != nil && holding[g.ID] {
			value = append(value, g.ID)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (t *tenant) sortedGroups() []*group {
	out := make([]*group, 0, len(t.groups))
	for _, g := range t.groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// handleListGroups serves GET /groups, every group on one page.
func (s *Server) handleListGroups(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	value := []map[string]any{}
	for _, g := range s.tenant.sortedGroups() {
		value = append(value, groupJSON(g))
	}
	writeJSON(w, http.StatusOK, map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#groups", "value": value})
}

// handleDeleteMemberObject serves DELETE /groups/{id}/members/{mid} without
// /$ref. Graph's reference for removing a member cautions that this form,
// with User.ReadWrite.All, deletes the user from the tenant rather than
// from the group, and that without it the call is refused; the emulator
// does both, so that a client making that mistake finds out here.
func (s *Server) handleDeleteMemberObject(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.pathGroup(w, r); g == nil {
		return
	}
	id := r.PathValue("mid")
	if s.tenant.users[id] == nil {
		writeGraphError(w, r, errNotFound(id))
		return
	}
	s.tenant.deleteUser(id)
	w.WriteHeader(http.StatusNoContent)
}
