package graphemu

import (
	"net/http"
	"slices"
	"strings"
)

// sponsorJSON renders a sponsor as the directory object it is.
func (t *tenant) sponsorJSON(id string) map[string]any {
	if o := t.directoryObjectJSON(id); o != nil {
		return o
	}
	return map[string]any{"@odata.type": "#microsoft.graph.directoryObject", "id": id}
}

// handleListSponsors serves GET /users/{id}/sponsors.
func (s *Server) handleListSponsors(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	value := []map[string]any{}
	for _, id := range u.Sponsors {
		value = append(value, s.tenant.sponsorJSON(id))
	}
	writeJSON(w, http.StatusOK, map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#directoryObjects", "value": value})
}

// handleAddSponsor serves POST /users/{id}/sponsors/$ref. A sponsor is a
// user or a group of the tenant; adding one twice answers as adding a
// member twice does.
func (s *Server) handleAddSponsor(w http.ResponseWriter, r *http.Request) {
	sponsorID, ok := refTarget(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	if s.tenant.users[sponsorID] == nil && s.tenant.groups[sponsorID] == nil {
		writeGraphError(w, r, errNotFound(sponsorID))
		return
	}
	if slices.ContainsFunc(u.Sponsors, func(id string) bool { return strings.EqualFold(id, sponsorID) }) {
		writeGraphError(w, r, errReferenceExists("sponsors"))
		return
	}
	u.Sponsors = append(u.Sponsors, sponsorID)
	w.WriteHeader(http.StatusNoContent)
}

// handleRemoveSponsor serves DELETE /users/{id}/sponsors/{sid}/$ref.
func (s *Server) handleRemoveSponsor(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	sid := r.PathValue("sid")
	i := slices.IndexFunc(u.Sponsors, func(id string) bool { return strings.EqualFold(id, sid) })
	if i < 0 {
		writeGraphError(w, r, errNotFound(sid))
		return
	}
	u.Sponsors = slices.Delete(u.Sponsors, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}
