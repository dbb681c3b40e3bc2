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
// admitted by.
type neededPermissions struct{ anyOf []string }

func withNeeded(r *http.Request) (*http.Request, *neededPermissions) {
	n := &neededPermissions{}
	return r.WithContext(context.WithValue(r.Context(), neededKey{}, n)), n
}

func noteAdmitted(r *http.Request, anyOf []string) {
	if n, _ := r.Context().Value(neededKey{}).(*neededPermissions); n != nil {
		n.anyOf = anyOf
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
	// Needed is every permission of Operations, sorted.
	Needed []string `json:"needed"`
	// LeastPrivileged is the smallest set of those that still admits every
	// operation: a permission whose operations a broader one in the set
	// also admits is left out (User.Read.All beside User.ReadWrite.All).
	LeastPrivileged []string `json:"least_privileged"`
}

// PermissionsReport returns the report for every app that made a request.
func (s *Server) PermissionsReport() map[string]AppPermissions {
	l := &s.permissions
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]AppPermissions{}
	for app, ops := range l.byApp {
		rep := AppPermissions{Operations: map[string]string{}}
		set := map[string]bool{}
		for op, anyOf := range ops {
			rep.Operations[op] = anyOf[0]
			set[anyOf[0]] = true
		}
		for p := range set {
			rep.Needed = append(rep.Needed, p)
		}
		sort.Strings(rep.Needed)
		rep.LeastPrivileged = leastPrivileged(rep.Needed, ops)
		out[app] = rep
	}
	return out
}

// leastPrivileged drops, one at a time, each permission whose operations
// all accept another permission still in the set.
func leastPrivileged(needed []string, ops map[string][]string) []string {
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

func (s *Server) handlePermissionsReport(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"apps": s.PermissionsReport()})
}
