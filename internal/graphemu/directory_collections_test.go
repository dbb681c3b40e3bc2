package graphemu

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// eventual sends a GET with ConsistencyLevel: eventual, or without it, and
// returns the status and the body as text: /$count answers plain text.
func (c *rawClient) eventual(t *testing.T, path string, withHeader bool) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", c.s.URL()+"/v1.0"+strings.ReplaceAll(path, " ", "%20"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if withHeader {
		req.Header.Set("ConsistencyLevel", "eventual")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *rawClient) eventualJSON(t *testing.T, path string) (int, map[string]any) {
	t.Helper()
	status, text := c.eventual(t, path, true)
	var body map[string]any
	_ = json.Unmarshal([]byte(text), &body)
	return status, body
}

// expectQueryOptions checks $count=true, $filter and $select on a
// directory object collection that holds the group named want among
// others: advanced queries, which need ConsistencyLevel: eventual.
func expectQueryOptions(t *testing.T, f *routeFixture, collection, want, wantName string) {
	t.Helper()
	status, body := f.c.do("GET", collection+"?$count=true", nil)
	expect(t, "$count=true without ConsistencyLevel", status, 200, body)
	if _, counted := body["@odata.count"]; counted {
		t.Fatalf("$count=true without ConsistencyLevel counted: Graph ignores it: %v", body)
	}
	status, body = f.c.eventualJSON(t, collection+"?$count=true")
	if n, _ := body["@odata.count"].(float64); status != 200 || int(n) != len(values(body)) || n == 0 {
		t.Fatalf("$count=true: %d %v", status, body)
	}
	// eq is served by default; ne only as an advanced query.
	status, body = f.c.do("GET", strings.ReplaceAll(collection+"?$filter=id eq '"+want+"'", " ", "%20"), nil)
	if v := values(body); status != 200 || len(v) != 1 || v[0]["id"] != want {
		t.Fatalf("$filter=id eq without ConsistencyLevel: %d %v", status, body)
	}
	status, body = f.c.do("GET", strings.ReplaceAll(collection+"?$filter=displayName ne '"+wantName+"'", " ", "%20"), nil)
	expect(t, "$filter with ne without ConsistencyLevel", status, 400, body)
	status, body = f.c.eventualJSON(t, collection+"?$count=true&$filter=displayName%20eq%20'"+wantName+"'")
	if v := values(body); status != 200 || len(v) != 1 || v[0]["id"] != want {
		t.Fatalf("$filter by displayName: %d %v", status, body)
	}
	status, body = f.c.do("GET", collection+"?$select=displayName", nil)
	expect(t, "$select", status, 200, body)
	for _, o := range values(body) {
		if _, hasID := o["id"]; hasID || o["displayName"] == nil || o["@odata.type"] == nil {
			t.Fatalf("$select=displayName: %v", o)
		}
	}
	status, body = f.c.do("GET", collection+"?$select=noSuchProperty", nil)
	expect(t, "$select of no property", status, 400, body)
}

// expectCount checks the /$count segment: plain text with
// ConsistencyLevel: eventual, Graph's 400 without it.
func expectCount(t *testing.T, f *routeFixture, path, want string) {
	t.Helper()
	if status, text := f.c.eventual(t, path, false); status != 400 {
		t.Fatalf("%s without ConsistencyLevel: %d %s", path, status, text)
	}
	if status, text := f.c.eventual(t, path, true); status != 200 || text != want {
		t.Fatalf("%s: %d %q, want %s", path, status, text, want)
	}
}

// nestedGroups makes a group that holds a new guest and is itself a member
// of another new group, through the routes: the guest, the inner and the
// outer group.
func nestedGroups(t *testing.T, f *routeFixture) (guest, inner, outer string) {
	t.Helper()
	guest = f.newGuest(t)
	inner, outer = f.s.AddGroup(t.Name()+" inner"), f.s.AddGroup(t.Name()+" outer")
	f.s.AddMember(inner, guest)
	ref := map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + inner}
	status, body := f.c.do("POST", "/groups/"+outer+"/members/$ref", ref)
	expect(t, "a group added to a group", status, 204, body)
	return guest, inner, outer
}

// TestGroupMembersArePagedAsGraphPagesThem: a group of 150 members lists
// 100 on the first page and the rest behind @odata.nextLink; $top sets the
// page, and $select and $count=true keep to the page and the whole.
func TestGroupMembersArePagedAsGraphPagesThem(t *testing.T) {
	s := startEmulator(t, Options{})
	f := &routeFixture{s: s, c: newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])}
	group := f.s.AddGroup("Paged members")
	for i := range 150 {
		f.s.AddMember(group, f.s.InviteGuest(fmt.Sprintf("paged%03d@routes.example", i), "").ID)
	}
	seen := map[string]bool{}
	path := "/groups/" + group + "/members?$select=id"
	pages := 0
	for path != "" {
		status, body := f.c.do("GET", path, nil)
		expect(t, "a page of members", status, 200, body)
		pages++
		for _, o := range values(body) {
			id, _ := o["id"].(string)
			seen[id] = true
		}
		next, _ := body["@odata.nextLink"].(string)
		path = strings.TrimPrefix(next, f.s.GraphEndpoint()+"/v1.0")
		if next != "" && path == next {
			t.Fatalf("nextLink %q is not under %s/v1.0", next, f.s.GraphEndpoint())
		}
	}
	if pages != 2 || len(seen) != 150 {
		t.Fatalf("%d pages held %d members, want 2 pages of all 150", pages, len(seen))
	}
	status, body := f.c.do("GET", "/groups/"+group+"/members?$top=999", nil)
	if _, more := body["@odata.nextLink"]; status != 200 || len(values(body)) != 150 || more {
		t.Fatalf("$top=999: %d, %d members, nextLink %v", status, len(values(body)), body["@odata.nextLink"])
	}
	status, body = f.c.do("GET", "/groups/"+group+"/members?$top=1000", nil)
	expect(t, "$top=1000", status, 400, body)
}
