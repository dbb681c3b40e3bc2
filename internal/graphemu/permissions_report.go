package graphemu

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"sync"
)

// The permissions report answers, per app, which Graph permissions the
// requests it made actually needed. Every route checks its caller against
// a list of permissions, least privileged first; a request that succeeds
// records that list under "METHOD pattern".

type neededKey struct{}

// neededPermissions is where allowed() leaves the list a request was
// admitted by, and noteAlsoAdmitted what a part of the request needed
// besides (such as signInActivity, which needs AuditLog.Read.All on top of
// a user read permission), by that part's name.
type neededPermissions struct {
	anyOf []string
	also  map[string][]string
}

func withNeeded(r *http.Request) (*http.Request, *neededPermissions) {
	n := &neededPermissions{}
	return r.WithContext(context.WithValue(r.Context(), neededKey{}, n)), n
}

func noteAdmitted(r *http.Request, anyOf []string) {
	if n, _ := r.Context().Value(neededKey{}).(*neededPermissions); n != nil {
		n.anyOf = anyOf
	}
}

// noteAlsoAdmitted records that part of a request needed one of anyOf as
// well; the report lists it as an operation of its own, "METHOD pattern
// part".
func noteAlsoAdmitted(r *http.Request, part string, anyOf []string) {
	if n, _ := r.Context().Value(neededKey{}).(*neededPermissions); n != nil {
		if n.also == nil {
			n.also = map[string][]string{}
		}
		n.also[part] = anyOf
	}
}

type permissionLog struct {
	mu sync.Mutex
	// byApp maps a client id to "METHOD pattern" to the permissions that
	// route accepts, least privileged first.
	byApp map[string]map[string][]string
}

func (l *permissionLog) record(appID, operation string, anyOf []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byApp == nil {
		l.byApp = map[string]map[string][]string{}
	}
	if l.byApp[appID] == nil {
		l.byApp[appID] = map[string][]string{}
	}
	l.byApp[appID][operation] = anyOf
}

// AppPermissions is one app's part of the report.
type AppPermissions struct {
	// Operations maps each operation the app made with success to the
	// least privileged permission that admits it.
	Operations map[string]string `json:"operations"`
	// Needed is every permission of Operations, sorted: the least
	// privileged grant that admits the whole run.
	Needed []string `json:"needed"`
	// Fewest is the smallest set of Needed that still admits every
	// operation: a permission whose operations a broader one in the set
	// also admits is left out (User.Invite.All beside User.ReadWrite.All,
	// which may invite as well). It grants more than Needed, never less,
	// and is the choice only where the broader permission is held anyway.
	Fewest []string `json:"fewest_permissions"`
	// Why says, per permission of Needed, which operations it is there for,
	// and which permission of Fewest covers them when it is left out there.
	Why map[string]PermissionUse `json:"why"`
}

// PermissionUse is why one permission is in the report.
type PermissionUse struct {
	// Operations are those for which it is the least privileged
	// permission, sorted.
	Operations []string `json:"operations"`
	// CoveredBy is the broader permission of Fewest that admits those
	// operations too, when Fewest leaves this one out.
	CoveredBy string `json:"covered_by,omitempty"`
}

// PermissionsReport returns the report for every app that made a request.
func (s *Server) PermissionsReport() map[string]AppPermissions {
	l := &s.permissions
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]AppPermissions{}
	for app, ops := range l.byApp {
		rep := AppPermissions{Operations: map[string]string{}, Why: map[string]PermissionUse{}}
		for op, anyOf := range ops {
			rep.Operations[op] = anyOf[0]
			use := rep.Why[anyOf[0]]
			use.Operations = append(use.Operations, op)
			rep.Why[anyOf[0]] = use
		}
		for p, use := range rep.Why {
			rep.Needed = append(rep.Needed, p)
			sort.Strings(use.Operations)
			rep.Why[p] = use
		}
		sort.Strings(rep.Needed)
		rep.Fewest = fewestPermissions(rep.Needed, ops)
		for p, use := range rep.Why {
			if !slices.Contains(rep.Fewest, p) {
				use.CoveredBy = coveringPermission(use.Operations, rep.Fewest, ops)
				rep.Why[p] = use
			}
		}
		out[app] = rep
	}
	return out
}

// fewestPermissions drops, one at a time, each permission whose operations
// all accept another permission still in the set.
func fewestPermissions(needed []string, ops map[string][]string) []string {
	keep := slices.Clone(needed)
	for _, p := range needed {
		without := slices.DeleteFunc(slices.Clone(keep), func(q string) bool { return q == p })
		covered := true
		for _, anyOf := range ops {
			if !slices.ContainsFunc(anyOf, func(q string) bool { return slices.Contains(without, q) }) {
				covered = false
				break
			}
		}
		if covered {
			keep = without
		}
	}
	return keep
}

// coveringPermission is the permission of set that admits every one of
// operations.
func coveringPermission(operations, set []string, ops map[string][]string) string {
	for _, q := range set {
		if !slices.ContainsFunc(operations, func(op string) bool { return !slices.Contains(ops[op], q) }) {
			return q
		}
	}
	return ""
}

func (s *Server) handlePermissionsReport(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"apps": s.PermissionsReport()})
}
