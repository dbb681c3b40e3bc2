package graphemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// maxMembersPerPatch is how many members one PATCH /groups/{id} may add
// through members@odata.bind: Graph's reference for adding members gives 20.
const maxMembersPerPatch = 20

// groupPropertyPermissions are the group properties the emulator writes, and
// the permissions Graph's group update asks for each: a group's own
// properties need Group.ReadWrite.All, its members GroupMember.ReadWrite.All.
var groupPropertyPermissions = map[string][]string{
	"displayName":        {"Group.ReadWrite.All", "Directory.ReadWrite.All"},
	"members@odata.bind": permMembers,
}

// groupPropertiesNotWritten are the other properties Graph's group update
// takes. A client that sends one gets 501 rather than the 400 of a property
// Graph does not know, so that the gap is the emulator's, not the client's.
var groupPropertiesNotWritten = map[string]bool{
	"allowExternalSenders": true, "assignedLabels": true, "autoSubscribeNewMembers": true, "classification": true,
	"description": true, "groupTypes": true, "hideFromAddressLists": true, "hideFromOutlookClients": true,
	"isSubscribedByMail": true, "mailEnabled": true, "mailNickname": true, "membershipRule": true,
	"membershipRuleProcessingState": true, "owners@odata.bind": true, "preferredDataLocation": true,
	"preferredLanguage": true, "securityEnabled": true, "theme": true, "uniqueName": true, "visibility": true,
}

// handlePatchGroup serves PATCH /groups/{id}: the display name, and members
// added by members@odata.bind, up to 20 in one request. Graph applies the
// request whole or not at all, so every reference is checked before any is
// added: one that is already a member, missing or still replicating fails
// the request and adds none.
func (s *Server) handlePatchGroup(w http.ResponseWriter, r *http.Request) {
	var patch map[string]json.RawMessage
	if !decodeBody(w, r, &patch) {
		return
	}
	for name, raw := range patch {
		if name == "@odata.type" {
			// The SDKs name the body's type; only a group's is a group.
			var typ string
			if json.Unmarshal(raw, &typ) != nil || typ != "#microsoft.graph.group" {
				writeGraphError(w, r, errBadRequest("A type named '"+strings.Trim(string(raw), `"`)+"' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."))
				return
			}
			continue
		}
		perms, known := groupPropertyPermissions[name]
		switch {
		case !known && groupPropertiesNotWritten[name]:
			writeGraphError(w, r, &graphError{Status: http.StatusNotImplemented, Code: "NotImplemented",
				Message: fmt.Sprintf("The emulator does not write the group property '%s'.", name)})
			return
		case !known:
			writeGraphError(w, r, errBadRequest("Property '"+name+"' does not exist as a declared property or extension property."))
			return
		case !allowed(r, perms...):
			writeGraphError(w, r, errDenied())
			return
		}
	}
	var name *string
	if raw, ok := patch["displayName"]; ok {
		if err := json.Unmarshal(raw, &name); err != nil || name == nil || *name == "" {
			writeGraphError(w, r, errBadRequest("Invalid value specified for property 'displayName' of resource 'Group'."))
			return
		}
	}
	var refs []string
	if raw, ok := patch["members@odata.bind"]; ok {
		if err := json.Unmarshal(raw, &refs); err != nil {
			writeGraphError(w, r, errBadRequest("Invalid value for 'members@odata.bind': an array of @odata.id references is required."))
			return
		}
		if len(refs) > maxMembersPerPatch {
			writeGraphError(w, r, errBadRequest(fmt.Sprintf("At most %d members may be added in one request; %d were given.", maxMembersPerPatch, len(refs))))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.pathGroup(w, r)
	if g == nil {
		return
	}
	ids := make([]string, 0, len(refs))
	seen := map[string]bool{}
	for _, ref := range refs {
		id := strings.ToLower(lastSegment(strings.TrimRight(ref, "/")))
		if !strings.Contains(ref, "/") || id == "" {
			writeGraphError(w, r, errBadRequest(fmt.Sprintf("Invalid object identifier '%s'.", ref)))
			return
		}
		if ge := s.addableMember(g, id, seen); ge != nil {
			writeGraphError(w, r, ge)
			return
		}
		seen[id] = true
		ids = append(ids, id)
	}
	for _, id := range ids {
		g.Members[id] = true
	}
	if name != nil {
		g.DisplayName = *name
	}
	w.WriteHeader(http.StatusNoContent)
}

// addableMember checks one member being added to g, by members/$ref or by
// members@odata.bind: a user or a group of the tenant, visible, and not a
// member yet, nor named earlier in the same request (seen).
func (s *Server) addableMember(g *group, id string, seen map[string]bool) *graphError {
	u := s.tenant.users[id]
	switch {
	case u == nil && s.tenant.groups[id] == nil:
		return errNotFound(id)
	case u != nil && !s.visible(u):
		return errBadRequest("The source resource object or one of the objects being referenced don't exist.")
	case g.Members[id] || seen[id]:
		return errReferenceExists("members")
	}
	return nil
}
