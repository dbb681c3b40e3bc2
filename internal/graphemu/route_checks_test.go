package graphemu

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
)

// routeFixture is one emulator with a guest, as each route check needs.
type routeFixture struct {
	s     *Server
	c     *rawClient
	guest string
}

var (
	seedGroup   = DefaultSeed().GroupID("Engineering Partners")
	seedGroup2  = DefaultSeed().GroupID("Finance Reviewers")
	seedSP      = DefaultSeed().ServicePrincipalID("Contoso Partner Portal")
	seedRole    = DefaultSeed().AppRoleID("Contoso Partner Portal", "Portal.Read")
	seedGuestID = DefaultSeed().User("Existing Guest").ID
)

// The seed's external tenants; each partner check takes its own, since
// the checks share one tenant of their own.
const (
	fabrikamTenant  = "7e000000-0001-4000-8000-0000000fab01"
	partnerTenant   = "7e000000-0002-4000-8000-0000000fab02"
	tailspinTenant  = "7e000000-0003-4000-8000-0000000fab03"
	northwindTenant = "7e000000-0004-4000-8000-0000000fab04"
	woodgroveTenant = "7e000000-0005-4000-8000-0000000fab05"
)

func (f *routeFixture) newGuest(t *testing.T) string {
	t.Helper()
	return f.s.InviteGuest(strings.ToLower(strings.NewReplacer("/", ".", " ", "", "$", "", "{", "", "}", "").Replace(t.Name()))+"@routes.example", "").ID
}

func expect(t *testing.T, what string, status, want int, body map[string]any) {
	t.Helper()
	if status != want {
		t.Fatalf("%s: %d %v, want %d", what, status, body, want)
	}
}

func values(body map[string]any) []map[string]any {
	list, _ := body["value"].([]any)
	var out []map[string]any
	for _, v := range list {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

// routeChecks call each route of the package doc's table and check what
// Graph documents for it.
var routeChecks = map[string]func(t *testing.T, f *routeFixture){
	"POST /{tenant}/oauth2/v2.0/token": func(t *testing.T, f *routeFixture) {
		status, body := f.c.form("/"+f.s.TenantID()+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"},
			"client_id": {seedApp().ClientID}, "client_secret": {"wrong"}, "scope": {"https://graph.microsoft.com/.default"}})
		expect(t, "a wrong secret", status, 401, body)
		if desc, _ := body["error_description"].(string); !strings.Contains(desc, "AADSTS7000215") {
			t.Fatalf("error_description %v", body["error_description"])
		}
	},
	"POST /{tenant}/oauth2/token": func(t *testing.T, f *routeFixture) {
		status, body := f.c.form("/"+f.s.TenantID()+"/oauth2/token", url.Values{"grant_type": {"client_credentials"},
			"client_id": {seedApp().ClientID}, "client_secret": {seedApp().Secrets[0]}, "resource": {"https://graph.microsoft.com"}})
		expect(t, "v1 token", status, 200, body)
		if _, isString := body["expires_in"].(string); !isString || body["resource"] != "https://graph.microsoft.com" {
			t.Fatalf("v1 answer: %v", body)
		}
	},
	"GET /{tenant}/v2.0/.well-known/openid-configuration": func(t *testing.T, f *routeFixture) {
		status, body := f.c.fetch(getRequest(t, f.s.URL()+"/"+f.s.TenantID()+"/v2.0/.well-known/openid-configuration"))
		expect(t, "openid configuration", status, 200, body)
		if issuer, _ := body["issuer"].(string); !strings.HasPrefix(issuer, f.s.URL()) {
			t.Fatalf("issuer %v is not on the authority's host", body["issuer"])
		}
	},
	"GET /metadata/endpoints": func(t *testing.T, f *routeFixture) {
		status, body := f.c.fetch(getRequest(t, f.s.URL()+"/metadata/endpoints?api-version=2022-09-01"))
		expect(t, "metadata", status, 200, body)
		if body["microsoftGraphResourceId"] != f.s.URL()+"/" {
			t.Fatalf("microsoftGraphResourceId %v", body["microsoftGraphResourceId"])
		}
	},
	"GET /metadata/identity/oauth2/token": func(t *testing.T, f *routeFixture) {
		req, _ := http.NewRequest("GET", f.s.URL()+"/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://graph.microsoft.com", nil)
		status, body := f.c.fetch(req)
		expect(t, "without the Metadata header", status, 400, body)
		req.Header.Set("Metadata", "true")
		status, body = f.c.fetch(req)
		expect(t, "managed identity token", status, 200, body)
		if _, isString := body["expires_on"].(string); !isString || body["access_token"] == "" {
			t.Fatalf("answer: %v", body)
		}
	},
	"POST /invitations": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "invited@routes.example",
			"inviteRedirectUrl": "https://myapps.microsoft.com", "invitedUserSponsors": []map[string]string{{"id": seedGuestID}}})
		expect(t, "invite", status, 201, body)
		user, _ := body["invitedUser"].(map[string]any)
		id, _ := user["id"].(string)
		_, sponsors := f.c.do("GET", "/users/"+id+"/sponsors", nil)
		if len(values(sponsors)) != 1 {
			t.Fatalf("the invitation's sponsor was not kept: %v", sponsors)
		}
	},
	"GET /users": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/users?$filter=userType%20eq%20'Guest'&$select=id,mail&$top=1", nil)
		expect(t, "list", status, 200, body)
		if len(values(body)) != 1 || body["@odata.nextLink"] == nil {
			t.Fatalf("a page of one with a next link: %v", body)
		}
		status, body = f.c.do("GET", "/users?$filter=endsWith(mail,'.example')", nil)
		expect(t, "an advanced query without ConsistencyLevel", status, 400, body)
		status, body = f.c.do("GET", "/users?$select=id,aboutMe", nil)
		expect(t, "a property served only for one user", status, 501, body)
		status, body = f.c.do("GET", "/users/"+f.guest+"?$select=id,aboutMe,manager", nil)
		if _, ok := body["aboutMe"]; status != 200 || !ok || body["manager"] != nil {
			t.Fatalf("aboutMe and a relationship of one user: %d %v", status, body)
		}
	},
	"GET /users/{id}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/users/"+f.guest+"?$select=id,userType,externalUserState&$expand=sponsors($select=id)", nil)
		expect(t, "get", status, 200, body)
		if body["userType"] != "Guest" || body["sponsors"] == nil {
			t.Fatalf("get: %v", body)
		}
		status, body = f.c.do("GET", "/users/"+f.guest+"?$select=noSuchProperty", nil)
		expect(t, "unknown $select", status, 400, body)
	},
	"PATCH /users/{id}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("PATCH", "/users/"+id, map[string]any{"companyName": "Fabrikam"})
		expect(t, "patch companyName", status, 204, body)
		// Properties the reference's update page lets an app write.
		written := map[string]any{"businessPhones": []any{"+31 20 123 4567"}, "mailNickname": "pat",
			"identities":        []any{map[string]any{"signInType": "federated", "issuer": "fabrikam.example", "issuerAssignedId": "pat"}},
			"userPrincipalName": "pat.renamed@contoso.example", "showInAddressList": false,
			"passwordProfile": map[string]any{"password": "xWwvJ]6NMw+bWH-d", "forceChangePasswordNextSignIn": true}}
		status, body = f.c.do("PATCH", "/users/"+id, written)
		expect(t, "patch of writable properties", status, 204, body)
		status, body = f.c.do("GET", "/users/"+id+"?$select=businessPhones,mailNickname,identities,userPrincipalName,showInAddressList,passwordProfile", nil)
		expect(t, "read back", status, 200, body)
		for k, v := range written {
			want := fmt.Sprint(v)
			if k == "passwordProfile" {
				want = "<nil>" // never read back
			}
			if got := fmt.Sprint(body[k]); got != want {
				t.Fatalf("%s read back %s, want %s", k, got, want)
			}
		}
		f.s.mu.Lock()
		taken := f.s.tenant.users[f.guest].UPN
		f.s.mu.Unlock()
		status, body = f.c.do("PATCH", "/users/"+id, map[string]any{"userPrincipalName": taken})
		expect(t, "a user principal name another user holds", status, 400, body)
		for prop, want := range map[string]string{
			"createdDateTime":   "is read-only",
			"manager":           "is a relationship",
			"jobTitel":          "does not exist",
			"showInAddressList": "Edm.Boolean",
			"businessPhones":    "Invalid value",
		} {
			var v any = "x"
			if prop == "businessPhones" {
				v = []string{"1", "2"} // the reference: one number only
			}
			status, body = f.c.do("PATCH", "/users/"+id, map[string]any{prop: v})
			if msg := errorMessage(body); status != 400 || !strings.Contains(msg, want) {
				t.Fatalf("PATCH %s: %d %q, want 400 %q", prop, status, msg, want)
			}
		}
	},
	"DELETE /users/{id}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("DELETE", "/users/"+id, nil)
		expect(t, "delete", status, 204, body)
		status, body = f.c.do("GET", "/users/"+id, nil)
		expect(t, "get after delete", status, 404, body)
	},
	"GET /users/{id}/memberOf": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		status, body := f.c.do("GET", "/users/"+id+"/memberOf", nil)
		expect(t, "memberOf", status, 200, body)
		if len(values(body)) != 1 || values(body)[0]["id"] != seedGroup {
			t.Fatalf("memberOf: %v", body)
		}
		expectQueryOptions(t, f, "/users/"+id+"/memberOf", seedGroup, "Engineering Partners")
		guest, inner, _ := nestedGroups(t, f)
		status, body = f.c.do("GET", "/users/"+guest+"/memberOf", nil)
		if v := values(body); status != 200 || len(v) != 1 || v[0]["id"] != inner {
			t.Fatalf("memberOf lists direct memberships only: %v", body)
		}
		expectCount(t, f, "/users/"+guest+"/memberOf/$count", "1")
	},
	"GET /users/{id}/memberOf/{cast}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		expectCast(t, f, "/users/"+id+"/memberOf", seedGroup, "microsoft.graph.group", "microsoft.graph.user")
		status, body := f.c.do("GET", "/users/"+id+"/memberOf/microsoft.graph.directoryRole", nil)
		if status != 200 || len(values(body)) != 0 {
			t.Fatalf("memberOf cast to directoryRole: %d %v, want an empty collection", status, body)
		}
		expectQueryOptions(t, f, "/users/"+id+"/memberOf/microsoft.graph.group", seedGroup, "Engineering Partners")
	},
	"GET /users/{id}/memberOf/{cast}/$count": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		expectCount(t, f, "/users/"+id+"/memberOf/microsoft.graph.group/$count", "1")
		expectCount(t, f, "/users/"+id+"/memberOf/microsoft.graph.directoryRole/$count", "0")
	},
	"GET /users/{id}/transitiveMemberOf": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		status, body := f.c.do("GET", "/users/"+id+"/transitiveMemberOf", nil)
		expect(t, "transitiveMemberOf", status, 200, body)
		if len(values(body)) != 1 || values(body)[0]["id"] != seedGroup {
			t.Fatalf("transitiveMemberOf: %v", body)
		}
		guest, inner, outer := nestedGroups(t, f)
		status, body = f.c.do("GET", "/users/"+guest+"/transitiveMemberOf", nil)
		if v := values(body); status != 200 || len(v) != 2 {
			t.Fatalf("transitiveMemberOf through a nested group (%s in %s): %v", inner, outer, body)
		}
		expectQueryOptions(t, f, "/users/"+guest+"/transitiveMemberOf", outer, t.Name()+" outer")
	},
	"GET /users/{id}/transitiveMemberOf/{cast}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		expectCast(t, f, "/users/"+id+"/transitiveMemberOf", seedGroup, "microsoft.graph.group", "microsoft.graph.user")
	},
	"GET /users/{id}/transitiveMemberOf/{cast}/$count": func(t *testing.T, f *routeFixture) {
		guest, _, _ := nestedGroups(t, f)
		expectCount(t, f, "/users/"+guest+"/transitiveMemberOf/microsoft.graph.group/$count", "2")
		expectCount(t, f, "/users/"+guest+"/transitiveMemberOf/$count", "2")
	},
	"POST /users/{id}/checkMemberGroups": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		status, body := f.c.do("POST", "/users/"+id+"/checkMemberGroups", map[string]any{"groupIds": []string{seedGroup, seedGroup2}})
		expect(t, "checkMemberGroups", status, 200, body)
		if list, _ := body["value"].([]any); len(list) != 1 || list[0] != seedGroup {
			t.Fatalf("checkMemberGroups: %v", body)
		}
		guest, _, outer := nestedGroups(t, f)
		status, body = f.c.do("POST", "/users/"+guest+"/checkMemberGroups", map[string]any{"groupIds": []string{outer}})
		if list, _ := body["value"].([]any); status != 200 || len(list) != 1 {
			t.Fatalf("checkMemberGroups is transitive: %d %v", status, body)
		}
	},
	"POST /users/{id}/revokeSignInSessions": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("POST", "/users/"+id+"/revokeSignInSessions", nil)
		expect(t, "revokeSignInSessions", status, 200, body)
		if body["value"] != true {
			t.Fatalf("revokeSignInSessions: %v", body)
		}
		status, body = f.c.do("POST", "/users/"+newID()+"/revokeSignInSessions", nil)
		expect(t, "revoking an unknown user", status, 404, body)
	},
	"GET /users/{id}/sponsors": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/users/"+f.guest+"/sponsors", nil)
		expect(t, "sponsors", status, 200, body)
	},
	"POST /users/{id}/sponsors/$ref": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		ref := map[string]string{"@odata.id": f.s.URL() + "/v1.0/directoryObjects/" + seedGuestID}
		status, body := f.c.do("POST", "/users/"+id+"/sponsors/$ref", ref)
		expect(t, "add sponsor", status, 204, body)
		status, body = f.c.do("POST", "/users/"+id+"/sponsors/$ref", ref)
		expect(t, "add the sponsor again", status, 400, body)
		status, body = f.c.do("POST", "/users/"+id+"/sponsors/$ref", map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/users/deadbeef-0000-4000-8000-000000000000"})
		expect(t, "an unknown sponsor", status, 404, body)
	},
	"DELETE /users/{id}/sponsors/{sid}/$ref": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.c.do("POST", "/users/"+id+"/sponsors/$ref", map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/groups/" + seedGroup})
		status, body := f.c.do("DELETE", "/users/"+id+"/sponsors/"+seedGroup+"/$ref", nil)
		expect(t, "remove sponsor", status, 204, body)
		status, body = f.c.do("DELETE", "/users/"+id+"/sponsors/"+seedGroup+"/$ref", nil)
		expect(t, "remove it again", status, 404, body)
	},
	"POST /users/{id}/extensions": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		ext := map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.one", "color": "blue"}
		status, body := f.c.do("POST", "/users/"+id+"/extensions", ext)
		expect(t, "add extension", status, 201, body)
		if body["id"] != "com.example.one" || body["color"] != "blue" {
			t.Fatalf("add extension answered %v", body)
		}
		status, body = f.c.do("POST", "/users/"+id+"/extensions", ext)
		expect(t, "add it again", status, 409, body)
		status, body = f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"extensionName": "com.example.untyped"})
		expect(t, "an extension without its type", status, 400, body)
		f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "#microsoft.graph.openTypeExtension", "extensionName": "com.example.two"})
		status, body = f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "#microsoft.graph.openTypeExtension", "extensionName": "com.example.three"})
		expect(t, "a third extension", status, 400, body)
	},
	"GET /users/{id}/extensions/{name}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("GET", "/users/"+id+"/extensions/com.example.one", nil)
		expect(t, "a missing extension", status, 404, body)
		f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.one", "n": 1})
		status, body = f.c.do("GET", "/users/"+id+"/extensions/COM.example.one", nil)
		expect(t, "get extension", status, 200, body)
		if body["extensionName"] != "com.example.one" || body["n"] != float64(1) {
			t.Fatalf("get extension answered %v", body)
		}
	},
	"DELETE /users/{id}/extensions/{name}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.c.do("POST", "/users/"+id+"/extensions", map[string]any{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "com.example.one"})
		status, body := f.c.do("DELETE", "/users/"+id+"/extensions/com.example.one", nil)
		expect(t, "delete extension", status, 204, body)
		status, body = f.c.do("DELETE", "/users/"+id+"/extensions/com.example.one", nil)
		expect(t, "delete it again", status, 404, body)
	},
	"GET /users/{id}/appRoleAssignments": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/users/"+f.guest+"/appRoleAssignments", nil)
		expect(t, "list assignments", status, 200, body)
	},
	"GET /users/{id}/appRoleAssignments/{aid}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		aid := f.assign(t, id)
		status, body := f.c.do("GET", "/users/"+id+"/appRoleAssignments/"+aid, nil)
		expect(t, "get assignment", status, 200, body)
		status, body = f.c.do("GET", "/users/"+f.guest+"/appRoleAssignments/"+aid, nil)
		expect(t, "another user's assignment", status, 404, body)
	},
	"POST /users/{id}/appRoleAssignments": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		body := map[string]string{"principalId": id, "resourceId": seedSP, "appRoleId": seedRole}
		status, out := f.c.do("POST", "/users/"+id+"/appRoleAssignments", body)
		expect(t, "assign", status, 201, out)
		status, out = f.c.do("POST", "/users/"+id+"/appRoleAssignments", body)
		expect(t, "assign twice", status, 400, out)
	},
	"DELETE /users/{id}/appRoleAssignments/{aid}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		aid := f.assign(t, id)
		status, body := f.c.do("DELETE", "/users/"+id+"/appRoleAssignments/"+aid, nil)
		expect(t, "unassign", status, 204, body)
	},
	"GET /groups": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/groups", nil)
		expect(t, "groups", status, 200, body)
		if len(values(body)) < 2 {
			t.Fatalf("groups: %v", body)
		}
	},
	"GET /groups/{id}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/groups/"+seedGroup, nil)
		expect(t, "group", status, 200, body)
	},
	"GET /groups/{id}/members": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/groups/"+seedGroup+"/members", nil)
		expect(t, "members", status, 200, body)
	},
	"GET /groups/{id}/members/{cast}": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup2, id)
		expectCast(t, f, "/groups/"+seedGroup2+"/members", id, "microsoft.graph.user", "microsoft.graph.group")
		_, inner, outer := nestedGroups(t, f)
		status, body := f.c.do("GET", "/groups/"+outer+"/members/microsoft.graph.group", nil)
		if v := values(body); status != 200 || len(v) != 1 || v[0]["id"] != inner {
			t.Fatalf("members cast to group: %v", body)
		}
		expectQueryOptions(t, f, "/groups/"+outer+"/members", inner, t.Name()+" inner")
	},
	"GET /groups/{id}/members/{cast}/$count": func(t *testing.T, f *routeFixture) {
		guest, inner, outer := nestedGroups(t, f)
		f.s.AddMember(outer, guest)
		expectCount(t, f, "/groups/"+outer+"/members/microsoft.graph.user/$count", "1")
		expectCount(t, f, "/groups/"+outer+"/members/$count", "2")
		expectCount(t, f, "/groups/"+inner+"/members/microsoft.graph.device/$count", "0")
	},
	"GET /directoryObjects/{id}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/directoryObjects/"+seedGroup, nil)
		expect(t, "directoryObjects", status, 200, body)
		if body["@odata.type"] != "#microsoft.graph.group" {
			t.Fatalf("directoryObjects/{group}: %v", body)
		}
	},
	"GET /directoryObjects/{id}/{cast}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/directoryObjects/"+seedGuestID+"/microsoft.graph.user", nil)
		expect(t, "a user cast to a user", status, 200, body)
		status, body = f.c.do("GET", "/directoryObjects/"+seedGuestID+"/microsoft.graph.group", nil)
		expect(t, "a user cast to a group", status, 404, body)
		status, body = f.c.do("GET", "/directoryObjects/"+seedGuestID+"/microsoft.graph.device", nil)
		expect(t, "a cast to a type not served", status, 400, body)
	},
	"POST /groups/{id}/members/$ref": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		ref := map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + id}
		status, body := f.c.do("POST", "/groups/"+seedGroup2+"/members/$ref", ref)
		expect(t, "add member", status, 204, body)
		status, body = f.c.do("POST", "/groups/"+seedGroup2+"/members/$ref", ref)
		expect(t, "add member twice", status, 400, body)
		// Nested groups: Graph adds a group as it adds a user.
		_, inner, outer := nestedGroups(t, f)
		if members := f.s.GroupMembers(outer); len(members) != 1 || members[0] != inner {
			t.Fatalf("the outer group holds %v", members)
		}
		ref = map[string]string{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + inner}
		status, body = f.c.do("POST", "/groups/"+outer+"/members/$ref", ref)
		expect(t, "add a group twice", status, 400, body)
	},
	"PATCH /groups/{id}": func(t *testing.T, f *routeFixture) {
		group := f.s.AddGroup(t.Name())
		a, b, c := f.s.InviteGuest("bind-a@routes.example", "").ID, f.s.InviteGuest("bind-b@routes.example", "").ID,
			f.s.InviteGuest("bind-c@routes.example", "").ID
		bind := func(ids ...string) map[string]any {
			refs := []string{}
			for _, id := range ids {
				refs = append(refs, "https://graph.microsoft.com/v1.0/directoryObjects/"+id)
			}
			return map[string]any{"members@odata.bind": refs}
		}
		status, body := f.c.do("PATCH", "/groups/"+group, bind(a, b))
		expect(t, "bind two members", status, 204, body)
		// Whole or nothing: one reference already a member fails the
		// request, and the new one is not added either.
		status, body = f.c.do("PATCH", "/groups/"+group, bind(c, a))
		expect(t, "bind with a member already there", status, 400, body)
		status, body = f.c.do("PATCH", "/groups/"+group, bind(c, "00000000-0000-4000-8000-00000000dead"))
		expect(t, "bind with a missing object", status, 404, body)
		if members := f.s.GroupMembers(group); len(members) != 2 || slices.Contains(members, c) {
			t.Fatalf("after the failed binds the group holds %v, want %s and %s alone", members, a, b)
		}
		many := make([]string, maxMembersPerPatch+1)
		for i := range many {
			many[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		}
		status, body = f.c.do("PATCH", "/groups/"+group, bind(many...))
		expect(t, "bind of 21", status, 400, body)
		status, body = f.c.do("PATCH", "/groups/"+group, map[string]any{"description": "x"})
		expect(t, "a group property the emulator does not write", status, 501, body)
		status, body = f.c.do("PATCH", "/groups/"+group, map[string]any{"membres@odata.bind": []string{}})
		expect(t, "a misspelled property", status, 400, body)
		// The seed's app holds GroupMember.ReadWrite.All, which adds members
		// but does not rename a group.
		status, body = f.c.do("PATCH", "/groups/"+group, map[string]any{"displayName": "Renamed"})
		expect(t, "rename without Group.ReadWrite.All", status, 403, body)
	},
	"DELETE /groups/{id}/members/{mid}/$ref": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		status, body := f.c.do("DELETE", "/groups/"+seedGroup+"/members/"+id+"/$ref", nil)
		expect(t, "remove member", status, 204, body)
		status, body = f.c.do("DELETE", "/groups/"+seedGroup+"/members/"+id+"/$ref", nil)
		expect(t, "remove a non-member", status, 404, body)
	},
	"GET /tenantRelationships/{function}": func(t *testing.T, f *routeFixture) {
		// The caller's own tenant, by id and by its domain.
		for _, fn := range []string{"findTenantInformationByTenantId(tenantId='" + f.s.TenantID() + "')",
			"findTenantInformationByDomainName(domainName='" + DefaultSeed().Domain + "')"} {
			status, body := f.c.do("GET", "/tenantRelationships/"+fn, nil)
			expect(t, "own tenant: "+fn, status, 200, body)
			if body["tenantId"] != f.s.TenantID() || body["defaultDomainName"] != DefaultSeed().Domain || body["displayName"] == nil {
				t.Fatalf("own tenant: %v", body)
			}
		}
		status, body := f.c.do("GET", "/tenantRelationships/findTenantInformationByDomainName(domainName='FABRIKAM-NEW.example')", nil)
		expect(t, "by domain", status, 200, body)
		if body["tenantId"] != "7e000000-0001-4000-8000-0000000fab01" || body["defaultDomainName"] != "fabrikam.example" || body["displayName"] != "Fabrikam, Inc." {
			t.Fatalf("by domain: %v", body)
		}
		status, body = f.c.do("GET", "/tenantRelationships/findTenantInformationByTenantId(tenantId='7e000000-0003-4000-8000-0000000fab03')", nil)
		expect(t, "by id", status, 200, body)
		if body["defaultDomainName"] != "tailspin.example" {
			t.Fatalf("by id: %v", body)
		}
		status, body = f.c.do("GET", "/tenantRelationships/findTenantInformationByDomainName(domainName='gmail.example')", nil)
		expect(t, "an unknown domain", status, 404, body)
		status, body = f.c.do("GET", "/tenantRelationships/findTenantInformationByTenantId(tenantId='not-a-guid')", nil)
		expect(t, "an id that is no GUID", status, 400, body)
		status, body = f.c.do("GET", "/tenantRelationships/findTenantInformationByDomainName(tenantId='x')", nil)
		expect(t, "the wrong parameter", status, 400, body)
	},
	"GET /policies/authorizationPolicy": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/policies/authorizationPolicy", nil)
		expect(t, "authorization policy", status, 200, body)
		if body["allowInvitesFrom"] != "everyone" || body["guestUserRoleId"] != "10dae51f-b6af-4016-8d66-8c2a99b929b3" {
			t.Fatalf("authorization policy: %v", body)
		}
		// Every property of the reference's resource page.
		for _, p := range []string{"id", "displayName", "description", "allowInvitesFrom", "allowedToSignUpEmailBasedSubscriptions",
			"allowedToUseSSPR", "allowEmailVerifiedUsersToJoinOrganization", "allowUserConsentForRiskyApps", "blockMsolPowerShell",
			"defaultUserRolePermissions", "guestUserRoleId"} {
			if body[p] == nil {
				t.Fatalf("the authorization policy lacks %s: %v", p, body)
			}
		}
		if d, _ := body["defaultUserRolePermissions"].(map[string]any); d["allowedToReadOtherUsers"] != true {
			t.Fatalf("defaultUserRolePermissions: %v", body["defaultUserRolePermissions"])
		}
	},
	"PATCH /policies/authorizationPolicy": func(t *testing.T, f *routeFixture) {
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		status, body := c.do("PATCH", "/policies/authorizationPolicy", map[string]any{"allowInvitesFrom": "somebody"})
		expect(t, "a value Graph does not know", status, 400, body)
		status, body = c.do("PATCH", "/policies/authorizationPolicy", map[string]any{"allowInvitesFrom": "none"})
		expect(t, "invitations off", status, 204, body)
		status, body = c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "x@partner.example", "inviteRedirectUrl": "https://x.example"})
		expect(t, "an invitation with invitations off", status, 403, body)
		// The documented properties the emulator keeps, typed and strict.
		written := map[string]any{"blockMsolPowerShell": true, "allowedToUseSSPR": false, "allowUserConsentForRiskyApps": true,
			"defaultUserRolePermissions": map[string]any{"allowedToCreateApps": false, "allowedToCreateSecurityGroups": false,
				"allowedToCreateTenants": false, "allowedToReadBitlockerKeysForOwnedDevice": true, "allowedToReadOtherUsers": false,
				"permissionGrantPoliciesAssigned": []any{}}}
		status, body = c.do("PATCH", "/policies/authorizationPolicy", written)
		expect(t, "the documented properties", status, 204, body)
		status, body = c.do("GET", "/policies/authorizationPolicy", nil)
		expect(t, "the policy read back", status, 200, body)
		for k, v := range written {
			if got, want := fmt.Sprint(body[k]), fmt.Sprint(v); got != want {
				t.Fatalf("%s read back %s, want %s", k, got, want)
			}
		}
		for _, bad := range []map[string]any{
			{"blockMsolPowerShell": "yes"},
			{"defaultUserRolePermissions": map[string]any{"allowedToCreateApps": "no"}},
			{"defaultUserRolePermissions": map[string]any{"allowedToCreateAps": false}},
			{"defaultUserRolePermissions": true},
		} {
			status, body = c.do("PATCH", "/policies/authorizationPolicy", bad)
			expect(t, fmt.Sprint(bad), status, 400, body)
		}
	},
	"GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email", nil)
		expect(t, "the email method", status, 200, body)
		if body["allowExternalIdToUseEmailOtp"] != "default" || body["@odata.type"] != "#microsoft.graph.emailAuthenticationMethodConfiguration" {
			t.Fatalf("the email method: %v", body)
		}
	},
	"PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email": func(t *testing.T, f *routeFixture) {
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		const route = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email"
		status, body := c.do("PATCH", route, map[string]any{"allowExternalIdToUseEmailOtp": "unknownFutureValue"})
		expect(t, "a value the reference says not to send", status, 400, body)
		status, body = c.do("PATCH", route, map[string]any{"allowExternalIdToUseEmailOtp": "disabled", "isGuestAllowed": true})
		expect(t, "a property the type does not declare", status, 400, body)
		status, body = c.do("PATCH", route, map[string]any{"@odata.type": "#microsoft.graph.emailAuthenticationMethodConfiguration", "allowExternalIdToUseEmailOtp": "disabled"})
		expect(t, "passcodes off for guests", status, 204, body)
		_, body = c.do("GET", route, nil)
		if body["allowExternalIdToUseEmailOtp"] != "disabled" || body["state"] != "enabled" {
			t.Fatalf("after the change: %v", body)
		}
	},
	"GET /policies/b2bManagementPolicies": func(t *testing.T, f *routeFixture) {
		status, body := f.c.doAt("/beta", "GET", "/policies/b2bManagementPolicies", nil)
		expect(t, "b2b management policies", status, 200, body)
		v := values(body)
		if len(v) != 1 {
			t.Fatalf("b2b management policies: %v", body)
		}
		expectB2BManagementPolicy(t, v[0])
		status, body = f.c.do("GET", "/policies/b2bManagementPolicies", nil)
		expect(t, "under v1.0", status, 400, body)
	},
	"GET /policies/b2bManagementPolicies/{id}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.doAt("/beta", "GET", "/policies/b2bManagementPolicies/"+b2bManagementPolicyID, nil)
		expect(t, "the policy by id", status, 200, body)
		expectB2BManagementPolicy(t, body)
		status, body = f.c.doAt("/beta", "GET", "/policies/b2bManagementPolicies/00000000-0000-0000-0000-000000000001", nil)
		expect(t, "another id", status, 404, body)
	},
	"PATCH /policies/b2bManagementPolicies/{id}": func(t *testing.T, f *routeFixture) {
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		path := "/policies/b2bManagementPolicies/" + b2bManagementPolicyID
		definition := func(js string) map[string]any { return map[string]any{"definition": []string{js}} }
		status, body := c.doAt("/beta", "PATCH", path,
			definition(`{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":["a.example"],"BlockedDomains":["b.example"]}}}`))
		expect(t, "both lists", status, 400, body)
		status, body = c.doAt("/beta", "PATCH", path,
			definition(`{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"BlockedDomains":["blocked.example"]},"PreviewPolicy":{"Features":[]}}}`))
		// The update page: 200 and the updated policy.
		expect(t, "a deny list", status, 200, body)
		expectB2BManagementPolicy(t, body)
		if def := fmt.Sprint(body["definition"]); !strings.Contains(def, "blocked.example") || !strings.Contains(def, "PreviewPolicy") {
			t.Fatalf("the updated definition: %s", def)
		}
		status, body = c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "x@Blocked.example", "inviteRedirectUrl": "https://x.example"})
		expect(t, "an invitation to a denied domain", status, 400, body)
		status, body = c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "x@partner.example", "inviteRedirectUrl": "https://x.example"})
		expect(t, "an invitation to another domain", status, 201, body)
		status, body = c.doAt("/beta", "PATCH", path, map[string]any{"description": "Domains we invite from"})
		if status != 200 || body["description"] != "Domains we invite from" || !strings.Contains(fmt.Sprint(body["definition"]), "blocked.example") {
			t.Fatalf("a new description alone: %d %v", status, body)
		}
		for prop, v := range map[string]any{"type": "B2BManagementPolicy", "isOrganizationDefault": "true", "definition": "{}"} {
			status, body = c.doAt("/beta", "PATCH", path, map[string]any{prop: v})
			expect(t, fmt.Sprintf("%s %v, which the type refuses", prop, v), status, 400, body)
		}
		status, body = c.doAt("/beta", "PATCH", path, map[string]any{"isOrganizationDefault": false})
		expect(t, "a policy no longer the organization's", status, 200, body)
		status, body = c.do("POST", "/invitations", map[string]any{"invitedUserEmailAddress": "y@blocked.example", "inviteRedirectUrl": "https://x.example"})
		expect(t, "an invitation once the policy is not active", status, 201, body)
	},
	"GET /policies/deletedItems/crossTenantPartners": func(t *testing.T, f *routeFixture) {
		expectDeletedPartnersRefused(t, f, "GET", "/policies/deletedItems/crossTenantPartners")
	},
	"DELETE /policies/deletedItems/crossTenantPartners/{tenantId}": func(t *testing.T, f *routeFixture) {
		expectDeletedPartnersRefused(t, f, "DELETE", "/policies/deletedItems/crossTenantPartners/"+fabrikamTenant)
	},
	"POST /policies/deletedItems/crossTenantPartners/{tenantId}/restore": func(t *testing.T, f *routeFixture) {
		expectDeletedPartnersRefused(t, f, "POST", "/policies/deletedItems/crossTenantPartners/"+fabrikamTenant+"/restore")
	},
	"GET /policies/crossTenantAccessPolicy/default": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/policies/crossTenantAccessPolicy/default", nil)
		expect(t, "defaults", status, 200, body)
		if _, ok := body["isServiceDefault"]; !ok || body["b2bCollaborationInbound"] == nil {
			t.Fatalf("defaults: %v", body)
		}
	},
	"PATCH /policies/crossTenantAccessPolicy/default": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("PATCH", "/policies/crossTenantAccessPolicy/default", map[string]any{"isServiceDefault": false})
		expect(t, "the read-only isServiceDefault", status, 400, body)
	},
	"POST /policies/crossTenantAccessPolicy/default/resetToSystemDefault": func(t *testing.T, f *routeFixture) {
		// One server of its own: the checks share theirs.
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		status, body := c.do("PATCH", "/policies/crossTenantAccessPolicy/default", map[string]any{"automaticUserConsentSettings": map[string]any{"inboundAllowed": true, "outboundAllowed": false}})
		expect(t, "patch", status, 204, body)
		_, body = c.do("GET", "/policies/crossTenantAccessPolicy/default", nil)
		if body["isServiceDefault"] != false {
			t.Fatalf("after a change isServiceDefault is %v", body["isServiceDefault"])
		}
		status, body = c.do("POST", "/policies/crossTenantAccessPolicy/default/resetToSystemDefault", nil)
		expect(t, "reset", status, 204, body)
		_, body = c.do("GET", "/policies/crossTenantAccessPolicy/default", nil)
		consent, _ := body["automaticUserConsentSettings"].(map[string]any)
		if body["isServiceDefault"] != true || consent["inboundAllowed"] != false {
			t.Fatalf("after the reset: %v", body)
		}
	},
	"GET /policies/crossTenantAccessPolicy/partners": func(t *testing.T, f *routeFixture) {
		f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": northwindTenant})
		status, body := f.c.do("GET", "/policies/crossTenantAccessPolicy/partners", nil)
		expect(t, "list partners", status, 200, body)
		if !slices.ContainsFunc(values(body), func(p map[string]any) bool { return p["tenantId"] == northwindTenant }) {
			t.Fatalf("partners: %v", body)
		}
	},
	"POST /policies/crossTenantAccessPolicy/partners": func(t *testing.T, f *routeFixture) {
		body := map[string]any{"tenantId": tailspinTenant, "inboundTrust": map[string]any{"isMfaAccepted": true}}
		status, answer := f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", body)
		expect(t, "create", status, 201, answer)
		status, answer = f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", body)
		expect(t, "create twice", status, 409, answer)
		status, answer = f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": "7e000000-0009-4000-8000-0000000fab09"})
		expect(t, "a tenant that does not exist", status, 400, answer)
		status, answer = f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant,
			"b2bCollaborationOutbound": map[string]any{"usersAndGroups": map[string]any{"accessType": "allowed", "targets": []any{map[string]any{"target": "deadbeef-0000-4000-8000-0000000000aa", "targetType": "group"}}}}})
		expect(t, "an outbound group that does not exist", status, 400, answer)
	},
	"GET /policies/crossTenantAccessPolicy/partners/{tenantId}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/policies/crossTenantAccessPolicy/partners/"+partnerTenant, nil)
		expect(t, "no configuration", status, 404, body)
		f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": partnerTenant})
		status, body = f.c.do("GET", "/policies/crossTenantAccessPolicy/partners/"+partnerTenant, nil)
		expect(t, "get", status, 200, body)
		if _, ok := body["inboundTrust"]; !ok || body["inboundTrust"] != nil {
			t.Fatalf("an unset property must be present and null: %v", body)
		}
		// Automatic redemption that follows the default is an object of
		// nulls, as the reference's examples show.
		if consent, _ := body["automaticUserConsentSettings"].(map[string]any); len(consent) != 2 || consent["inboundAllowed"] != nil || consent["outboundAllowed"] != nil {
			t.Fatalf("automaticUserConsentSettings of a partner that inherits: %v", body["automaticUserConsentSettings"])
		}
	},
	"PATCH /policies/crossTenantAccessPolicy/partners/{tenantId}": func(t *testing.T, f *routeFixture) {
		f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": woodgroveTenant})
		patch := map[string]any{"automaticUserConsentSettings": map[string]any{"inboundAllowed": true, "outboundAllowed": false}}
		status, body := f.c.do("PATCH", "/policies/crossTenantAccessPolicy/partners/"+woodgroveTenant, patch)
		expect(t, "patch", status, 204, body)
		status, body = f.c.do("PATCH", "/policies/crossTenantAccessPolicy/partners/"+woodgroveTenant, map[string]any{
			"inboundTrust":            map[string]any{"isMfaAccepted": true},
			"b2bCollaborationInbound": map[string]any{"applications": map[string]any{"accessType": "maybe"}}})
		expect(t, "a bad accessType", status, 400, body)
		p, _ := f.s.Partner(woodgroveTenant)
		consent, _ := p["automaticUserConsentSettings"].(map[string]any)
		if p["inboundTrust"] != nil || consent["inboundAllowed"] != true {
			t.Fatalf("a refused PATCH changed something, or the first did not apply: %v", p)
		}
	},
	"DELETE /policies/crossTenantAccessPolicy/partners/{tenantId}": func(t *testing.T, f *routeFixture) {
		f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant})
		status, body := f.c.do("DELETE", "/policies/crossTenantAccessPolicy/partners/"+fabrikamTenant, nil)
		expect(t, "delete", status, 204, body)
		status, body = f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant})
		expect(t, "create while in deleted items", status, 409, body)
		f.s.PurgeDeletedPartner(fabrikamTenant)
		status, body = f.c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant})
		expect(t, "create after the purge", status, 201, body)
	},
	"GET /servicePrincipals": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/servicePrincipals?$filter=appId%20eq%20'ae000000-0001-4000-8000-0000000000a1'", nil)
		expect(t, "service principals", status, 200, body)
		if len(values(body)) != 1 || values(body)[0]["id"] != seedSP {
			t.Fatalf("filtered: %v", body)
		}
	},
	"GET /servicePrincipals/{id}": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/servicePrincipals/"+seedSP, nil)
		expect(t, "service principal", status, 200, body)
	},
	"GET /servicePrincipals/{id}/appRoleAssignedTo": func(t *testing.T, f *routeFixture) {
		status, body := f.c.do("GET", "/servicePrincipals/"+seedSP+"/appRoleAssignedTo", nil)
		expect(t, "assigned to", status, 200, body)
	},
	"GET /servicePrincipals/{id}/appRoleAssignedTo/{aid}": func(t *testing.T, f *routeFixture) {
		aid := f.assign(t, f.newGuest(t))
		status, body := f.c.do("GET", "/servicePrincipals/"+seedSP+"/appRoleAssignedTo/"+aid, nil)
		expect(t, "get assigned to", status, 200, body)
		if body["appRoleId"] != seedRole {
			t.Fatalf("assignment: %v", body)
		}
	},
	"POST /servicePrincipals/{id}/appRoleAssignedTo": func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		status, body := f.c.do("POST", "/servicePrincipals/"+seedSP+"/appRoleAssignedTo",
			map[string]string{"principalId": id, "resourceId": seedSP, "appRoleId": seedRole})
		expect(t, "assign from the app's side", status, 201, body)
	},
	"DELETE /servicePrincipals/{id}/appRoleAssignedTo/{aid}": func(t *testing.T, f *routeFixture) {
		aid := f.assign(t, f.newGuest(t))
		status, body := f.c.do("DELETE", "/servicePrincipals/"+seedSP+"/appRoleAssignedTo/"+aid, nil)
		expect(t, "unassign from the app's side", status, 204, body)
	},
	"GET /redeem/{token}": func(t *testing.T, f *routeFixture) {
		// One tenant of its own: the checks share theirs, and this one
		// changes cross-tenant settings.
		s := startEmulator(t, Options{})
		app := seedApp()
		c := newRawClient(t, s, app.ClientID, app.Secrets[0])
		redeem := func(email, method string) (int, string) {
			u := s.InviteGuest(email, "")
			req, _ := http.NewRequest(method, u.RedeemURL, nil)
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			after, _ := s.User(u.ID)
			return resp.StatusCode, after.ExternalUserState
		}
		// Tailspin's tenant does not allow automatic redemption outbound:
		// its guest sees the consent page, and accepting it redeems.
		if status, state := redeem("a@tailspin.example", "GET"); status != 200 || state != "PendingAcceptance" {
			t.Fatalf("the consent page: %d, %s", status, state)
		}
		if status, state := redeem("b@tailspin.example", "POST"); status != 200 || state != "Accepted" {
			t.Fatalf("accepting the consent: %d, %s", status, state)
		}
		// Fabrikam's does; once this tenant allows it inbound, GET redeems.
		if _, state := redeem("a@fabrikam.example", "GET"); state != "PendingAcceptance" {
			t.Fatalf("without automatic redemption inbound: %s", state)
		}
		c.do("POST", "/policies/crossTenantAccessPolicy/partners", map[string]any{"tenantId": fabrikamTenant,
			"automaticUserConsentSettings": map[string]any{"inboundAllowed": true, "outboundAllowed": false}})
		if status, state := redeem("b@fabrikam.example", "GET"); status != 200 || state != "Accepted" {
			t.Fatalf("with automatic redemption: %d, %s", status, state)
		}
		// Inbound collaboration blocked for all of Fabrikam's users.
		c.do("PATCH", "/policies/crossTenantAccessPolicy/partners/"+fabrikamTenant, map[string]any{"b2bCollaborationInbound": map[string]any{
			"usersAndGroups": map[string]any{"accessType": "blocked", "targets": []any{map[string]any{"target": "AllUsers", "targetType": "user"}}}}})
		if status, state := redeem("c@fabrikam.example", "POST"); status != 403 || state != "PendingAcceptance" {
			t.Fatalf("inbound blocked: %d, %s", status, state)
		}
		// Inbound allowed for one of Fabrikam's groups, as the seed lists
		// its members: a member redeems, anyone else is refused.
		c.do("PATCH", "/policies/crossTenantAccessPolicy/partners/"+fabrikamTenant, map[string]any{"b2bCollaborationInbound": map[string]any{
			"usersAndGroups": map[string]any{"accessType": "allowed", "targets": []any{map[string]any{"target": "f0000000-0000-4000-8000-0000000000a1", "targetType": "group"}}}}})
		if status, state := redeem("dee@fabrikam.example", "GET"); status != 200 || state != "Accepted" {
			t.Fatalf("a member of the allowed group: %d, %s", status, state)
		}
		if status, state := redeem("zed@fabrikam.example", "POST"); status != 403 || state != "PendingAcceptance" {
			t.Fatalf("someone outside the allowed group: %d, %s", status, state)
		}
	},
	"POST /redeem/{token}": func(t *testing.T, f *routeFixture) {
		u, _ := f.s.User(f.newGuest(t))
		resp, err := f.c.hc.Post(u.RedeemURL, "application/x-www-form-urlencoded", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if after, _ := f.s.User(u.ID); after.ExternalUserState != "Accepted" {
			t.Fatalf("state after accepting: %s", after.ExternalUserState)
		}
	},
	"GET /_emulator/stats": func(t *testing.T, f *routeFixture) {
		status, body := f.c.fetch(getRequest(t, f.s.URL()+"/_emulator/stats"))
		expect(t, "stats", status, 200, body)
	},
	"GET /_emulator/permissions": func(t *testing.T, f *routeFixture) {
		status, body := f.c.fetch(getRequest(t, f.s.URL()+"/_emulator/permissions"))
		expect(t, "permissions", status, 200, body)
		if apps, _ := body["apps"].(map[string]any); apps[seedApp().ClientID] == nil {
			t.Fatalf("report: %v", body)
		}
	},
	"GET /_emulator/oidc/token": func(t *testing.T, f *routeFixture) {
		req, _ := http.NewRequest("GET", f.s.URL()+"/_emulator/oidc/token?audience=api://AzureADTokenExchange", nil)
		req.Header.Set("Authorization", "Bearer request-token")
		status, body := f.c.fetch(req)
		expect(t, "GitHub-style token", status, 200, body)
	},
	"POST /_emulator/ado/oidctoken": func(t *testing.T, f *routeFixture) {
		req, _ := http.NewRequest("POST", f.s.URL()+"/_emulator/ado/oidctoken?serviceConnectionId=emulator", nil)
		req.Header.Set("Authorization", "Bearer job-token")
		status, body := f.c.fetch(req)
		expect(t, "Azure Pipelines token", status, 200, body)
	},
}

func (f *routeFixture) assign(t *testing.T, userID string) string {
	t.Helper()
	status, body := f.c.do("POST", "/users/"+userID+"/appRoleAssignments", map[string]string{"principalId": userID, "resourceId": seedSP, "appRoleId": seedRole})
	expect(t, "assign", status, 201, body)
	id, _ := body["id"].(string)
	return id
}

// TestEachDocumentedRoute runs the check of every route in the package
// doc's table against one emulator, through a client that is not the SDK.
func TestEachDocumentedRoute(t *testing.T) {
	s := startEmulator(t, Options{PageSize: 5})
	f := &routeFixture{s: s, c: newRawClient(t, s, seedApp().ClientID, seedApp().Secrets[0])}
	f.guest = s.InviteGuest("fixture@routes.example", "").ID
	routes := documentedRoutes(t)
	sort.Strings(routes)
	for _, r := range routes {
		check := routeChecks[r]
		if check == nil {
			continue // TestRouteTableListsEveryRoute names it
		}
		t.Run(r, func(t *testing.T) { check(t, f) })
	}
}

// expectCast reads a collection cast to the type it holds (want listed),
// cast to the other type (empty), and with a segment that is no cast
// (Graph's 400 for an unknown segment).
func expectCast(t *testing.T, f *routeFixture, collection, want, holds, other string) {
	t.Helper()
	status, body := f.c.do("GET", collection+"/"+holds, nil)
	expect(t, "cast to "+holds, status, 200, body)
	if v := values(body); len(v) != 1 || v[0]["id"] != want {
		t.Fatalf("%s/%s: %v", collection, holds, body)
	}
	status, body = f.c.do("GET", collection+"/"+other, nil)
	expect(t, "cast to "+other, status, 200, body)
	if v := values(body); len(v) != 0 {
		t.Fatalf("%s/%s listed %v", collection, other, v)
	}
	status, body = f.c.do("GET", collection+"/notACast", nil)
	expect(t, "an unknown segment", status, 400, body)
}

// expectB2BManagementPolicy checks a policy's shape against the beta
// reference's: its @odata.type, a GUID id, description, and no property
// the type lacks.
func expectB2BManagementPolicy(t *testing.T, p map[string]any) {
	t.Helper()
	known := []string{"@odata.type", "@odata.context", "id", "deletedDateTime", "description", "displayName", "definition", "isOrganizationDefault"}
	for k := range p {
		if !slices.Contains(known, k) {
			t.Fatalf("the policy has %q, which the type lacks: %v", k, p)
		}
	}
	if id, _ := p["id"].(string); p["@odata.type"] != "#microsoft.graph.b2bManagementPolicy" || !isGUID(id) || p["description"] == nil || p["isOrganizationDefault"] == nil {
		t.Fatalf("the policy: %v", p)
	}
}

// expectDeletedPartnersRefused: the beta reference lists application
// permissions for deleted partner configurations as not supported, so an
// app with every policy permission gets Graph's 403, and /v1.0 has no such
// segment.
func expectDeletedPartnersRefused(t *testing.T, f *routeFixture, method, path string) {
	t.Helper()
	status, body := f.c.doAt("/beta", method, path, nil)
	if e, _ := body["error"].(map[string]any); status != 403 || e["code"] != "Authorization_RequestDenied" {
		t.Fatalf("%s /beta%s as an app: %d %v", method, path, status, body)
	}
	status, body = f.c.do(method, path, nil)
	expect(t, "under v1.0", status, 400, body)
}
