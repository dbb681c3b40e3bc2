package graphemu

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// defaultUserFields are the properties GET /users returns without $select.
// The guest fields (userType, externalUserState, …) come back only when
// selected, as on Graph (internal/graph's package doc, "Users").
var defaultUserFields = []string{"businessPhones", "displayName", "givenName", "id", "jobTitle", "mail",
	"mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"}

func (u *user) fields() map[string]any {
	var changed any
	if !u.StateChangedAt.IsZero() {
		changed = u.StateChangedAt.UTC().Format(time.RFC3339)
	}
	otherMails := u.OtherMails
	if otherMails == nil {
		otherMails = []string{}
	}
	identities := u.Identities
	if identities == nil {
		identities = []identity{}
	}
	phones := u.BusinessPhones
	if phones == nil {
		phones = []string{}
	}
	f := map[string]any{
		"businessPhones": phones, "displayName": u.DisplayName, "id": u.ID,
		"mail": nullIfEmpty(u.Mail), "userPrincipalName": u.UPN,
		"userType": u.UserType, "externalUserState": nullIfEmpty(u.ExternalUserState),
		"externalUserStateChangeDateTime": changed, "creationType": nullIfEmpty(u.CreationType),
		"otherMails": otherMails, "identities": identities,
		"createdDateTime": u.CreatedAt.UTC().Format(time.RFC3339),
		"signInActivity":  u.SignIns.json(), "signInSessionsValidFromDateTime": u.sessionsValidFrom(),
	}
	u.profileFields(f)
	u.modelFields(f)
	return f
}

// render applies $select. Unknown properties are a 400, as on Graph; a
// relationship is left out, as OData selects one that is not expanded.
func (u *user) render(sel string) (map[string]any, *graphError) {
	all := u.fields()
	names := defaultUserFields
	if sel != "" {
		names = strings.Split(sel, ",")
	}
	out := make(map[string]any, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		if slices.Contains(userRelationships, n) {
			continue
		}
		v, ok := all[n]
		if !ok {
			return nil, errBadRequest("Could not find a property named '" + n + "' on type 'microsoft.graph.user'.")
		}
		out[n] = v
	}
	return out, nil
}

// visible reports whether replication has caught up with a user.
func (s *Server) visible(u *user) bool { return u != nil && !s.now().Before(u.visibleAt) }

// sessionsValidFrom is signInSessionsValidFromDateTime: when the user's
// sessions were last revoked, else when the user was created.
func (u *user) sessionsValidFrom() string {
	at := u.SessionsValidFrom
	if at.IsZero() {
		at = u.CreatedAt
	}
	return at.UTC().Format(time.RFC3339)
}

// filterFields are the fields a $filter sees.
func (u *user) filterFields() map[string]any {
	f := u.fields()
	u.SignIns.filterFields(f)
	return f
}

func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	if ge := s.signInsRefused(r); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	s.mu.Lock()
	u := s.tenant.findUser(r.PathValue("id"))
	if !s.visible(u) {
		s.mu.Unlock()
		writeGraphError(w, r, errNotFound(r.PathValue("id")))
		return
	}
	body, ge := u.render(r.URL.Query().Get("$select"))
	if ge == nil {
		ge = s.expandUser(body, u, r.URL.Query().Get("$expand"))
	}
	s.mu.Unlock()
	if ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	body["@odata.context"] = s.baseURL + "/v1.0/$metadata#users/$entity"
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	advanced := strings.EqualFold(r.Header.Get("ConsistencyLevel"), "eventual") && q.Get("$count") == "true"
	match := func(map[string]any) bool { return true }
	if f := q.Get("$filter"); f != "" {
		expr, err := ParseFilter(f)
		if err != nil {
			writeGraphError(w, r, errBadRequest("Invalid filter clause: "+err.Error()))
			return
		}
		if expr.NeedsAdvancedQuery() && !advanced {
			writeGraphError(w, r, errUnsupportedQuery)
			return
		}
		if signInFilterMixed(expr) {
			writeGraphError(w, r, &graphError{Status: http.StatusBadRequest, Code: "Request_UnsupportedQuery",
				Message: "signInActivity can't be filtered together with other properties."})
			return
		}
		match = expr.Match
	}
	if ge := s.signInsRefused(r); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	if ge := singleUserOnlySelected(q.Get("$select")); ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	pageSize, ge := usersPageSize(q.Get("$top"), s.opts.PageSize, asksForSignIns(r))
	if ge != nil {
		writeGraphError(w, r, ge)
		return
	}
	skip, _ := strconv.Atoi(q.Get("$skiptoken"))

	s.mu.Lock()
	var matched []*user
	for _, u := range s.tenant.users {
		if s.visible(u) && match(u.filterFields()) {
			matched = append(matched, u)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].ID < matched[j].ID })
	var page []map[string]any
	end := min(skip+pageSize, len(matched))
	for _, u := range matched[min(skip, len(matched)):end] {
		body, ge := u.render(q.Get("$select"))
		if ge == nil {
			ge = s.expandUser(body, u, q.Get("$expand"))
		}
		if ge != nil {
			s.mu.Unlock()
			writeGraphError(w, r, ge)
			return
		}
		page = append(page, body)
	}
	s.mu.Unlock()
	if page == nil {
		page = []map[string]any{}
	}
	resp := map[string]any{"@odata.context": s.baseURL + "/v1.0/$metadata#users", "value": page}
	if end < len(matched) {
		next := *r.URL
		nq := next.Query()
		nq.Set("$skiptoken", strconv.Itoa(end))
		next.RawQuery = nq.Encode()
		resp["@odata.nextLink"] = s.baseURL + "/v1.0" + next.Path + "?" + next.RawQuery
	}
	if advanced {
		resp["@odata.count"] = len(matched)
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) handlePatchUser(w http.ResponseWriter, r *http.Request) {
	var patch map[string]json.RawMessage
	if !decodeBody(w, r, &patch) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	// Graph applies a PATCH whole or not at all, so the body is checked on a
	// copy first.
	next := *u
	next.Profile, next.Written = maps.Clone(u.Profile), maps.Clone(u.Written)
	for k, raw := range patch {
		if ge := next.patch(k, raw); ge != nil {
			writeGraphError(w, r, ge)
			return
		}
	}
	if other := s.tenant.findUser(next.UPN); other != nil && other != u {
		writeGraphError(w, r, errBadRequest("Another object with the same value for property userPrincipalName already exists."))
		return
	}
	*u = next
	w.WriteHeader(http.StatusNoContent)
}

// patch applies one property of a PATCH /users/{id} body.
func (u *user) patch(name string, raw json.RawMessage) *graphError {
	if ok, ge := u.patchProfile(name, raw); ok {
		return ge
	}
	switch name {
	case "@odata.type":
		return nil
	case "otherMails":
		if err := json.Unmarshal(raw, &u.OtherMails); err != nil {
			return errBadRequest("Invalid value specified for property 'otherMails' of resource 'User'.")
		}
		return nil
	case "displayName", "userType", "mail":
	default:
		if known, ge := u.patchModel(name, raw); known {
			return ge
		}
		return errBadRequest("Property '" + name + "' does not exist as a declared property or extension property.")
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return errBadRequest("Invalid value specified for property '" + name + "' of resource 'User'.")
	}
	switch name {
	case "displayName":
		if v == "" {
			return errBadRequest("Invalid value specified for property 'displayName' of resource 'User'.")
		}
		u.DisplayName = v
	case "userType":
		if v != "Guest" && v != "Member" {
			return errBadRequest("Invalid value specified for property 'userType' of resource 'User'.")
		}
		u.UserType = v
	case "mail":
		u.Mail = v
	}
	return nil
}

func (s *Server) handleDeleteUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	s.tenant.deleteUser(u.ID)
	w.WriteHeader(http.StatusNoContent)
}

// deleteUser soft-deletes: the user leaves every group and loses its
// assignments, as Entra does (restore is not emulated).
func (t *tenant) deleteUser(id string) {
	delete(t.users, id)
	for _, g := range t.groups {
		delete(g.Members, id)
	}
	for aid, a := range t.assignments {
		if a.PrincipalID == id {
			delete(t.assignments, aid)
		}
	}
}

// singleUserOnlySelected answers a list whose $select names a property that
// Graph returns only when one user is read, with the 501 Graph sends.
func singleUserOnlySelected(sel string) *graphError {
	for _, n := range strings.Split(sel, ",") {
		if slices.Contains(userSingleOnly, strings.TrimSpace(n)) {
			return &graphError{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: "This operation target is not yet supported."}
		}
	}
	return nil
}

// Graph's page of users: 100 by default, $top from 1 to 999.
const (
	defaultUsersPage = 100
	maxUsersPage     = 999
)

// usersPageSize is the size of a page of GET /users: $top, else Graph's
// default, no larger than Options.PageSize when a test set one, nor than
// Graph's page with signInActivity.
func usersPageSize(top string, limit int, signIns bool) (int, *graphError) {
	size := defaultUsersPage
	if top != "" {
		n, err := strconv.Atoi(top)
		if err != nil || n < 1 || n > maxUsersPage {
			return 0, errBadRequest("Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.")
		}
		size = n
	}
	if limit > 0 {
		size = min(size, limit)
	}
	if signIns {
		size = min(size, signInPageSize)
	}
	return size, nil
}
