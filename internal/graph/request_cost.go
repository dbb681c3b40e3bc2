package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// requestCost prices one request as Graph's throttling limits page does for
// the identity and access service (package doc, "Errors, throttling and
// $batch"): resource units and writes. Invitations have a budget of their
// own and cost neither here.
func requestCost(method, rawURL string) (units, writes int) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 1, 0
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > 0 && (segs[0] == "v1.0" || segs[0] == "beta") {
		segs = segs[1:]
	}
	if len(segs) == 0 || segs[0] == "invitations" || segs[0] == "$batch" {
		return 0, 0
	}
	method = strings.ToUpper(method)
	units = 1
	switch {
	case method == http.MethodGet:
		units = getCost(segs)
	case method == http.MethodPost && len(segs) == 3 && segs[0] == "users" && segs[2] == "checkMemberGroups":
		units = 4
	default:
		writes = 1
	}
	q := u.Query()
	if q.Has("$select") {
		units--
	}
	if q.Has("$expand") {
		units++
	}
	if n, err := strconv.Atoi(q.Get("$top")); err == nil && n < 20 {
		units--
	}
	return max(units, 1), writes
}

// getCost is the base price of the reads this provider sends.
func getCost(segs []string) int {
	switch {
	case len(segs) == 1 && segs[0] == "users":
		return 2
	case len(segs) >= 3 && segs[0] == "users" && (segs[2] == "memberOf" || segs[2] == "transitiveMemberOf"):
		return 2
	case len(segs) >= 3 && segs[0] == "groups" && segs[2] == "members":
		return 3
	case len(segs) >= 3 && segs[0] == "servicePrincipals" && segs[2] == "appRoleAssignments":
		return 2
	}
	return 1
}

// batchCost adds up the requests of a $batch body: Graph prices and
// throttles each of them on its own.
func batchCost(body []byte) (units, writes int) {
	var in struct {
		Requests []struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"requests"`
	}
	if json.NewDecoder(bytes.NewReader(body)).Decode(&in) != nil {
		return 0, 0
	}
	for _, r := range in.Requests {
		u, w := requestCost(r.Method, r.URL)
		units += u
		writes += w
	}
	return units, writes
}
