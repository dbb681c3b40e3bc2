package graphemu

import (
	"strings"
)

// maxExpanded is how many objects an expanded directory relationship holds.
// Graph's known issues put it at 20 (later 100) with no nextLink; the
// emulator takes the smaller number so that clients must handle the cut.
const maxExpanded = 20

// expandUser applies $expand to a user read. Only memberOf is served, with
// an optional nested $select of id; Graph allows one expanded relationship
// on a directory object, so a list of them is a 400 as well.
func (s *Server) expandUser(body map[string]any, u *user, expand string) *graphError {
	expand = strings.TrimSpace(expand)
	if expand == "" {
		return nil
	}
	name, nested, _ := strings.Cut(expand, "(")
	if strings.Contains(name, ",") || !strings.EqualFold(strings.TrimSpace(name), "memberOf") {
		return errBadRequest("Parsing OData Select and Expand failed: only memberOf can be expanded on a user, one relationship at a time.")
	}
	idsOnly := false
	if nested != "" {
		inner := strings.TrimSuffix(nested, ")")
		if !strings.EqualFold(strings.ReplaceAll(inner, " ", ""), "$select=id") {
			return errBadRequest("Parsing OData Select and Expand failed: the nested options of memberOf must be $select=id.")
		}
		idsOnly = true
	}
	value := []map[string]any{}
	for _, g := range s.tenant.sortedGroups() {
		if len(value) == maxExpanded {
			break
		}
		if !g.Members[u.ID] {
			continue
		}
		if idsOnly {
			value = append(value, map[string]any{"@odata.type": "#microsoft.graph.group", "id": g.ID})
		} else {
			value = append(value, groupJSON(g))
		}
	}
	body["memberOf"] = value
	return nil
}
