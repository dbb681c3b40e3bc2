package graphemu

import (
	"net/http"
	"strconv"
	"strings"
)

// A user's memberOf and transitiveMemberOf, and a group's members, are
// collections of directory objects. Graph serves them cast to one type by
// a path segment, and takes $filter, $select and $count=true on them, and
// a /$count segment. $count and the filters Graph serves only as advanced
// queries need ConsistencyLevel: eventual; filters it serves by default do
// not (https://learn.microsoft.com/graph/aad-advanced-queries).

var errCountUnsupported = &graphError{Status: http.StatusBadRequest, Code: "Request_BadRequest", Message: "$count is not currently supported."}

// directoryCollection is one listing, before its query options apply.
type directoryCollection struct {
	objects []map[string]any
	// full renders one object with every property, for $filter and $select.
	full func(id string) map[string]any
}

// serveDirectoryCollection answers a listing, cast by the {cast} segment
// and shaped by the query options, or its /$count.
func (s *Server) serveDirectoryCollection(w http.ResponseWriter, r *http.Request, c directoryCollection, castTo string, count bool) {
	q := r.URL.Query()
	eventual := strings.EqualFold(r.Header.Get("ConsistencyLevel"), "eventual")
	if count && !eventual {
		writeGraphError(w, r, errCountUnsupported)
		return
	}
	// Without the header, Graph ignores $count=true rather than refuse it
	// (aad-advanced-queries, "Error handling for advanced queries").
	counted := q.Get("$count") == "true" && eventual
	objects := ofType(c.objects, castTo)
	if f := q.Get("$filter"); f != "" {
		expr, err := ParseFilter(f)
		if err != nil {
			writeGraphError(w, r, errBadRequest("Invalid filter clause: "+err.Error()))
			return
		}
		// A filter Graph serves by default (eq and in on id, displayName,
		// …) needs no header: Graph's own example of memberOf with $filter
		// sends none, and clients such as azuread read one membership with
		// $filter=id eq '…' alone. Operators served only as advanced
		// queries (ne, not, endsWith) need ConsistencyLevel and $count.
		advanced := counted || count && eventual
		if expr.NeedsAdvancedQuery() && !advanced {
			writeGraphError(w, r, errUnsupportedQuery)
			return
		}
		kept := []map[string]any{}
		for _, o := range objects {
			id, _ := o["id"].(string)
			if expr.Match(c.full(id)) {
				kept = append(kept, o)
			}
		}
		objects = kept
	}
	if count {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(strconv.Itoa(len(objects))))
		return
	}
	// Graph pages these collections as it pages users: 100 by default,
	// $top up to 999, the rest behind @odata.nextLink.
	pageSize, ge := usersPageSize(q.Get("$top"), s.opts.PageSize, false)
	if ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	total := len(objects)
	skip, _ := strconv.Atoi(q.Get("$skiptoken"))
	end := min(max(skip, 0)+pageSize, total)
	page := objects[min(max(skip, 0), total):end]
	if sel := q.Get("$select"); sel != "" {
		selected, ge := selectDirectoryObjects(page, c.full, sel)
		if ge != nil {
			writeGraphError(w, r, ge)
			return
		}
		page = selected
	}
	body := map[string]any{"value": page}
	if counted {
		body["@odata.count"] = total
	}
	if end < total {
		version := "/v1.0"
		if strings.HasPrefix(r.RequestURI, "/beta/") {
			version = "/beta"
		}
		next := *r.URL
		nq := next.Query()
		nq.Set("$skiptoken", strconv.Itoa(end))
		next.RawQuery = nq.Encode()
		body["@odata.nextLink"] = s.baseURL + version + next.Path + "?" + next.RawQuery
	}
	writeJSON(w, http.StatusOK, body)
}

// selectableDirectoryProperties are the properties $select may name on a
// directory object collection: those of the users and groups it holds.
var selectableDirectoryProperties = func() map[string]bool {
	out := map[string]bool{}
	for k := range (&user{}).fields() {
		out[k] = true
	}
	for k := range groupJSON(&group{}) {
		out[k] = true
	}
	return out
}()

// selectDirectoryObjects keeps the named properties of each object, and
// its @odata.type; a property an object's type lacks is left out, one no
// type has is Graph's 400.
func selectDirectoryObjects(objects []map[string]any, full func(string) map[string]any, sel string) ([]map[string]any, *graphError) {
	names := strings.Split(sel, ",")
	for _, n := range names {
		n = strings.TrimSpace(n)
		if !selectableDirectoryProperties[n] && !isRelationship(n) {
			return nil, errBadRequest("Could not find a property named '" + n + "' on type 'microsoft.graph.directoryObject'.")
		}
	}
	out := make([]map[string]any, 0, len(objects))
	for _, o := range objects {
		id, _ := o["id"].(string)
		all := full(id)
		picked := map[string]any{"@odata.type": o["@odata.type"]}
		for _, n := range names {
			if v, ok := all[strings.TrimSpace(n)]; ok {
				picked[strings.TrimSpace(n)] = v
			}
		}
		out = append(out, picked)
	}
	return out, nil
}

func isRelationship(name string) bool {
	for _, r := range userRelationships {
		if r == name {
			return true
		}
	}
	return false
}

// fullDirectoryObject is a user with every property, or a group, for
// $filter and $select; the caller holds s.mu.
func (t *tenant) fullDirectoryObject(id string) map[string]any {
	if u := t.users[strings.ToLower(id)]; u != nil {
		f := u.fields()
		f["@odata.type"] = "#microsoft.graph.user"
		return f
	}
	if g := t.groups[strings.ToLower(id)]; g != nil {
		return groupJSON(g)
	}
	return map[string]any{}
}
