package graphemu

import (
	"net/http"
	"slices"
	"strings"
)

// Graph serves a directory object collection cast to one type by a last
// path segment naming it, such as GET /users/{id}/memberOf/microsoft.graph.group,
// and Microsoft's SDKs build such paths. The collections here hold users
// and groups only; a cast to another type, or a segment that is no cast, is
// answered as Graph answers a segment it does not know.

// odataTypes are the casts served, by segment. Graph takes the type's full
// name and the namespace alias "graph."; msgraph-sdk-go's request builders
// send the alias (memberOf/graph.group).
//
// Graph's memberOf and transitiveMemberOf also hold directory roles and
// administrative units, and a group's members also devices, contacts and
// service principals; msgraph-sdk-go has a cast for each. The emulator's
// tenant has none of those objects, so those casts answer an empty
// collection rather than 400.
var odataTypes = map[string]string{
	"microsoft.graph.user":               "#microsoft.graph.user",
	"microsoft.graph.group":              "#microsoft.graph.group",
	"microsoft.graph.directoryRole":      "#microsoft.graph.directoryRole",
	"microsoft.graph.administrativeUnit": "#microsoft.graph.administrativeUnit",
	"microsoft.graph.servicePrincipal":   "#microsoft.graph.servicePrincipal",
	"microsoft.graph.device":             "#microsoft.graph.device",
	"microsoft.graph.orgContact":         "#microsoft.graph.orgContact",
	"microsoft.graph.application":        "#microsoft.graph.application",
	"graph.user":                         "#microsoft.graph.user",
	"graph.group":                        "#microsoft.graph.group",
	"graph.directoryRole":                "#microsoft.graph.directoryRole",
	"graph.administrativeUnit":           "#microsoft.graph.administrativeUnit",
	"graph.servicePrincipal":             "#microsoft.graph.servicePrincipal",
	"graph.device":                       "#microsoft.graph.device",
	"graph.orgContact":                   "#microsoft.graph.orgContact",
	"graph.application":                  "#microsoft.graph.application",
}

// castsOf are the casts each collection takes, as msgraph-sdk-go's request
// builders offer them.
var (
	memberOfCasts = []string{"user", "group", "directoryRole", "administrativeUnit"}
	membersCasts  = []string{"user", "group", "servicePrincipal", "device", "orgContact", "application"}
)

// castOf reads the {cast} segment: the @odata.type to keep, or "" when the
// path has none. It answers the request itself and returns false when the
// segment is not a cast Graph would take here.
func castOf(w http.ResponseWriter, r *http.Request, allowed ...string) (string, bool) {
	segment := r.PathValue("cast")
	if segment == "" {
		return "", true
	}
	if t, ok := odataTypes[segment]; ok && (allowed == nil || slices.Contains(allowed, strings.TrimPrefix(t, "#microsoft.graph."))) {
		return t, true
	}
	writeGraphError(w, r, errUnknownSegment(segment))
	return "", false
}

func errUnknownSegment(segment string) *graphError {
	return &graphError{Status: http.StatusBadRequest, Code: "BadRequest", Message: "Resource not found for the segment '" + segment + "'."}
}

// ofType keeps the objects of one @odata.type, or all with an empty one.
func ofType(objects []map[string]any, odataType string) []map[string]any {
	if odataType == "" {
		return objects
	}
	out := []map[string]any{}
	for _, o := range objects {
		if t, _ := o["@odata.type"].(string); strings.EqualFold(t, odataType) {
			out = append(out, o)
		}
	}
	return out
}

// directoryObjectJSON is a user or group of the tenant, or nil.
func (t *tenant) directoryObjectJSON(id string) map[string]any {
	id = strings.ToLower(id)
	if g := t.groups[id]; g != nil {
		return groupJSON(g)
	}
	if u := t.users[id]; u != nil {
		return memberJSON(u)
	}
	return nil
}

// handleDirectoryObject serves GET /directoryObjects/{id}, and with a cast
// segment, GET /directoryObjects/{id}/microsoft.graph.user: an object of
// another type answers 404, as a cast that does not fit does.
func (s *Server) handleDirectoryObject(w http.ResponseWriter, r *http.Request) {
	want, ok := castOf(w, r, "user", "group")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	o := s.tenant.directoryObjectJSON(id)
	if u := s.tenant.users[strings.ToLower(id)]; u != nil && !s.visible(u) {
		o = nil
	}
	if o == nil || len(ofType([]map[string]any{o}, want)) == 0 {
		writeGraphError(w, r, errNotFound(id))
		return
	}
	writeJSON(w, http.StatusOK, o)
}
