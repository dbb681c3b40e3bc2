package graph

import (
	"testing"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// The SDK's typed casts on navigation collections (memberOf/microsoft.graph.group,
// members/microsoft.graph.user) reach the emulator as Graph serves them.
func TestSDKCastsOnNavigationCollections(t *testing.T) {
	c := newTestClient(t)
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invitation.UserID
	if res := c.ApplyMemberships(t.Context(), id, MembershipChanges{AddGroups: []string{groupB}}); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	groups, err := c.sdk.Users().ByUserId(id).MemberOf().GraphGroup().Get(t.Context(), nil)
	if err != nil {
		t.Fatalf("memberOf/microsoft.graph.group: %v", err)
	}
	if v := groups.GetValue(); len(v) != 1 || *v[0].GetId() != groupB {
		t.Fatalf("memberOf/microsoft.graph.group listed %d groups", len(v))
	}
	transitive, err := c.sdk.Users().ByUserId(id).TransitiveMemberOf().GraphGroup().Get(t.Context(), nil)
	if err != nil || len(transitive.GetValue()) != 1 {
		t.Fatalf("transitiveMemberOf/microsoft.graph.group: %v", err)
	}
	users, err := c.sdk.Groups().ByGroupId(groupB).Members().GraphUser().Get(t.Context(), nil)
	if err != nil {
		t.Fatalf("members/microsoft.graph.user: %v", err)
	}
	found := false
	for _, u := range users.GetValue() {
		found = found || *u.GetId() == id
	}
	if !found {
		t.Fatalf("members/microsoft.graph.user does not list %s", id)
	}
}

// The SDK's counts and the directory role cast reach the emulator as Graph
// serves them: /$count as plain text under ConsistencyLevel: eventual, and
// a cast to a type the user holds none of as an empty collection.
func TestSDKCountsAndRoleCast(t *testing.T) {
	c := newTestClient(t)
	inv, err := c.InviteOrAdopt(t.Context(), InviteRequest{Email: uniqueEmail(t), RedirectURL: "https://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := inv.Invitation.UserID
	if res := c.ApplyMemberships(t.Context(), id, MembershipChanges{AddGroups: []string{groupB}}); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	roles, err := c.sdk.Users().ByUserId(id).MemberOf().GraphDirectoryRole().Get(t.Context(), nil)
	if err != nil || len(roles.GetValue()) != 0 {
		t.Fatalf("memberOf/graph.directoryRole: %v", err)
	}
	headers := abstractions.NewRequestHeaders()
	headers.Add("ConsistencyLevel", "eventual")
	n, err := c.sdk.Users().ByUserId(id).MemberOf().GraphGroup().Count().Get(t.Context(),
		&users.ItemMemberOfGraphGroupCountRequestBuilderGetRequestConfiguration{Headers: headers})
	if err != nil || n == nil || *n != 1 {
		t.Fatalf("memberOf/graph.group/$count: %v %v", n, err)
	}
	if _, err := c.sdk.Users().ByUserId(id).MemberOf().Count().Get(t.Context(), nil); err == nil {
		t.Fatal("memberOf/$count without ConsistencyLevel answered")
	}
}
