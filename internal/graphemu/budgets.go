package graphemu

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Graph's identity and access budgets (package doc, "Budgets"). A Limit
// in Faults replaces one for a test that spends it quickly; the zero Limit
// keeps Graph's.
const (
	appWritesPerWindow    = 3000
	appWriteWindow        = 150 * time.Second
	tenantWritesPerWindow = 18000
	tenantWriteWindow     = 5 * time.Minute
	readUnitWindow        = 10 * time.Second
)

// readUnitsPerWindow is the read budget of one app in a tenant of each size.
var readUnitsPerWindow = map[string]int{"S": 3500, "M": 5000, "L": 8000}

// Limit is a budget of N units per sliding window Per.
type Limit struct {
	N   int
	Per time.Duration
}

// spend is one request's place in a sliding window.
type spend struct {
	at   time.Time
	cost int
}

// window is a sliding window of spends: a request is admitted when what it
// costs fits beside everything spent in the last Per.
type window struct {
	log []spend
	sum int
}

func (w *window) prune(now time.Time, per time.Duration) {
	cut := 0
	for cut < len(w.log) && now.Sub(w.log[cut].at) >= per {
		w.sum -= w.log[cut].cost
		cut++
	}
	w.log = w.log[cut:]
}

// wait is how long until cost fits within lim, or zero when it fits now.
func (w *window) wait(now time.Time, lim Limit, cost int) time.Duration {
	w.prune(now, lim.Per)
	over := w.sum + cost - lim.N
	if over <= 0 {
		return 0
	}
	for _, sp := range w.log {
		over -= sp.cost
		if over <= 0 {
			return sp.at.Add(lim.Per).Sub(now)
		}
	}
	// A cost above the whole budget never fits; Graph would answer it
	// after a full window too.
	return lim.Per
}

func (w *window) add(now time.Time, cost int) {
	w.log = append(w.log, spend{at: now, cost: cost})
	w.sum += cost
}

// budgets are the windows the emulator keeps: per app for writes and read
// units, and for the tenant's writes from every app.
type budgets struct {
	appWrites    map[string]*window
	appReads     map[string]*window
	tenantWrites window
}

func windowOf(m *map[string]*window, app string) *window {
	if *m == nil {
		*m = map[string]*window{}
	}
	w := (*m)[app]
	if w == nil {
		w = &window{}
		(*m)[app] = w
	}
	return w
}

// requestCost is what one identity and access request costs, as the
// throttling limits page's table prices it: resource units and writes.
func requestCost(method, path string, query map[string][]string) (units, writes int) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) > 0 && segs[0] == "invitations" {
		return 0, 0
	}
	units = 1
	switch method {
	case http.MethodGet:
		units = readCost(segs)
	case http.MethodPost:
		if c, ok := postReadCost(segs); ok {
			units = c
		} else {
			writes = 1
		}
	default:
		writes = 1
	}
	if _, ok := query["$select"]; ok {
		units--
	}
	if _, ok := query["$expand"]; ok {
		units++
	}
	if top, ok := query["$top"]; ok && len(top) > 0 {
		if n, err := strconv.Atoi(top[0]); err == nil && n < 20 {
			units--
		}
	}
	return max(units, 1), writes
}

// readCost prices a GET by its path. What the table prices for me/ it
// prices for users/{id}/ too.
func readCost(segs []string) int {
	switch {
	case len(segs) == 1 && (segs[0] == "users" || segs[0] == "applications" || segs[0] == "oauth2PermissionGrants"):
		return 2
	case len(segs) == 1 && (segs[0] == "contracts" || segs[0] == "subscribedSkus"):
		return 3
	case len(segs) >= 3 && segs[0] == "groups" && segs[2] == "members":
		return 3
	case len(segs) >= 3 && segs[0] == "groups" && segs[2] == "transitiveMembers":
		return 5
	case len(segs) >= 3 && segs[0] == "users":
		switch segs[2] {
		case "memberOf", "transitiveMemberOf", "licenseDetails", "ownedObjects":
			return 2
		}
	case len(segs) >= 3 && segs[0] == "servicePrincipals" && segs[2] == "appRoleAssignments":
		return 2
	case len(segs) == 2 && segs[0] == "oauth2PermissionGrants":
		return 2
	case len(segs) == 3 && segs[0] == "domains" && segs[2] == "domainNameReferences":
		return 4
	case len(segs) == 3 && segs[0] == "applications" && segs[2] == "extensionProperties":
		return 2
	}
	return 1
}

// postReadCost prices the POSTs that the table lists as reads, which cost
// no write.
func postReadCost(segs []string) (int, bool) {
	last := segs[len(segs)-1]
	switch {
	case len(segs) == 3 && segs[0] == "users":
		switch last {
		case "checkMemberGroups", "checkMemberObjects":
			return 4, true
		case "getMemberGroups", "getMemberObjects":
			return 2, true
		}
	case len(segs) == 2 && segs[0] == "directoryObjects" && last == "getByIds":
		return 3, true
	case len(segs) == 1 && last == "getObjectsById":
		return 3, true
	case len(segs) == 1 && last == "isMemberOf":
		return 4, true
	}
	return 0, false
}

// tenantSize is the size Graph chooses an app's read budget by: S under 50
// users, M up to 500, L above. The caller holds s.mu.
func (s *Server) tenantSize() string {
	if size := s.faults.TenantSize; size != "" {
		return size
	}
	switch n := len(s.tenant.users); {
	case n < 50:
		return "S"
	case n <= 500:
		return "M"
	default:
		return "L"
	}
}

func pick(l, graphs Limit) Limit {
	if l.N > 0 && l.Per > 0 {
		return l
	}
	return graphs
}

// spendBudgets admits one identity and access request for app, or answers
// Graph's 429 for the first budget it would overspend. A refused request
// spends nothing. It also gives the units the request cost, which Graph
// sends as x-ms-resource-unit.
func (s *Server) spendBudgets(app, method, path string, query map[string][]string) (int, *graphError, http.Header) {
	units, writes := requestCost(method, path, query)
	if units == 0 {
		return 0, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	now := time.Now()
	reads := windowOf(&s.budgets.appReads, app)
	appWrites := windowOf(&s.budgets.appWrites, app)
	readLimit := pick(f.ReadUnitLimit, Limit{readUnitsPerWindow[s.tenantSize()], readUnitWindow})
	appWriteLimit := pick(f.AppWriteLimit, Limit{appWritesPerWindow, appWriteWindow})
	tenantWriteLimit := pick(f.TenantWriteLimit, Limit{tenantWritesPerWindow, tenantWriteWindow})
	refuse := func(kind, scope, limit, info string, wait time.Duration) (int, *graphError, http.Header) {
		s.faultCounts[kind]++
		s.stats.countBudgetRefusal(kind)
		h := http.Header{}
		h.Set("x-ms-throttle-scope", fmt.Sprintf("%s/%s/%s/%s", scope, limit, app, s.tenant.ID))
		h.Set("x-ms-throttle-information", info)
		return units, errThrottled(max(wait, time.Millisecond)), h
	}
	if f.ReadBudget {
		if wait := reads.wait(now, readLimit, units); wait > 0 {
			return refuse("read-budget", "Tenant_Application", "Read", "ResourceUnitLimitExceeded", wait)
		}
	}
	if writes > 0 && f.AppWriteBudget {
		if wait := appWrites.wait(now, appWriteLimit, writes); wait > 0 {
			return refuse("app-write-budget", "Tenant_Application", "Write", "WriteLimitExceeded", wait)
		}
	}
	if writes > 0 && f.TenantWriteBudget {
		if wait := s.budgets.tenantWrites.wait(now, tenantWriteLimit, writes); wait > 0 {
			return refuse("tenant-write-budget", "Tenant", "Write", "WriteLimitExceeded", wait)
		}
	}
	if f.ReadBudget {
		reads.add(now, units)
	}
	if writes > 0 && f.AppWriteBudget {
		appWrites.add(now, writes)
	}
	if writes > 0 && f.TenantWriteBudget {
		s.budgets.tenantWrites.add(now, writes)
	}
	s.stats.countSpend(units, writes)
	return units, nil, nil
}
