package graphemu

import (
	"fmt"
	"strings"
	"testing"
)

// Graph's page of users holds 100 by default and $top up to 999, and it
// refuses a $top outside 1..999 (https://learn.microsoft.com/graph/api/user-list,
// https://learn.microsoft.com/graph/paging).
func TestUsersPageIsGraphsPage(t *testing.T) {
	s := startEmulator(t, Options{})
	c := newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])
	for i := range 250 {
		s.InviteGuest(fmt.Sprintf("page%03d@paging.example", i), "")
	}
	status, body := c.do("GET", "/users?$select=id", nil)
	expect(t, "a page without $top", status, 200, body)
	if n := len(values(body)); n != 100 || body["@odata.nextLink"] == nil {
		t.Fatalf("a page without $top holds %d users (next link %v), want Graph's 100 and a next link", n, body["@odata.nextLink"])
	}
	status, body = c.do("GET", "/users?$select=id&$top=999", nil)
	expect(t, "$top=999", status, 200, body)
	if n := len(values(body)); n <= 250 || body["@odata.nextLink"] != nil {
		t.Fatalf("$top=999 gave a page of %d users (next link %v), want every user on one page", n, body["@odata.nextLink"])
	}
	status, body = c.do("GET", "/users?$select=id&$top=150", nil)
	if n := len(values(body)); status != 200 || n != 150 {
		t.Fatalf("$top=150 gave %d %d users", status, n)
	}
	for _, top := range []string{"1000", "0", "many"} {
		status, body = c.do("GET", "/users?$top="+top, nil)
		if msg := errorMessage(body); status != 400 || !strings.Contains(msg, "Must be between 1 and 999 inclusive") {
			t.Fatalf("$top=%s: %d %q, want Graph's 400", top, status, msg)
		}
	}
}
