package graphemu

import (
	"maps"
	"slices"
	"strings"
)

// maxExpanded is how many objects an expanded directory relationship holds.
// Graph's known issues put it at 20 (later 100) with no nextLink; the
// emulator takes the smaller number so that clients must handle the cut.
const maxExpanded = 20

// expandUser applies $expand to a user read. memberOf and sponsors are
// served, with an optional nested $select of id, and extensions (the
// user's open extensions, as the extensibility overview reads them); Graph
// allows one expanded relationship on a directory object, so a list of
// them is a 400 as well.
func (s *Server) expandUser(body map[string]any, u *user, expand string) *graphError {
	expand = strings.TrimSpace(expand)
	if expand == "" {
		return nil
	}
	name, nested, _ := strings.Cut(expand, "(")
	name = strings.TrimSpace(name)
	if strings.Contains(name, ",") || (!strings.EqualFold(name, "memberOf") && !strings.EqualFold(name, "sponsors") && !strings.EqualFold(name, "extensions")) {
		return errBadRequest("Parsing OData Select and Expand failed: only memberOf, sponsors or extensions can be expanded on a user, one relationship at a time.")
	}
	if strings.EqualFold(name, "extensions") {
		if nested != "" {
			return errBadRequest("Parsing OData Select and Expand failed: extensions take no nested options here.")
		}
		exts := []map[string]any{}
		for _, key := range slices.Sorted(maps.Keys(u.Extensions)) {
			exts = append(exts, extensionJSON(u.Extensions[key].Name, u.Extensions[key].Data))
		}
		body["extensions"] = exts
		return nil
	}
	idsOnly := false
	if nested != "" {
		inner := strings.TrimSuffix(nested, ")")
		if !strings.EqualFold(strings.ReplaceAll(inner, " ", ""), "$select=id") {
			return errBadRequest("Parsing OData Select and Expand failed: the nested options of " + name + " must be $select=id.")
		}
		idsOnly = true
	}
	value := []map[string]any{}
	if strings.EqualFold(name, "sponsors") {
		for _, id := range u.Sponsors {
			if len(value) == maxExpanded {
				break
			}
			obj := s.tenant.sponsorJSON(id)
			if idsOnly {
				obj = map[string]any{"@odata.type": obj["@odata.type"], "id": obj["id"]}
			}
			value = append(value, obj)
		}
		body["sponsors"] = value
		return nil
	}
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
