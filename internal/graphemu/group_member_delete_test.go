package graphemu

import "testing"

// DELETE of a member without /$ref deletes the user itself when the app may
// write users, as Graph's reference cautions, and is refused otherwise.
func init() {
	routeChecks["DELETE /groups/{id}/members/{mid}"] = func(t *testing.T, f *routeFixture) {
		id := f.newGuest(t)
		f.s.AddMember(seedGroup, id)
		limited := DefaultSeed().Apps[1] // without User.ReadWrite.All
		other := newRawClient(t, f.s, limited.ClientID, limited.Secrets[0])
		status, body := other.do("DELETE", "/groups/"+seedGroup+"/members/"+id, nil)
		expect(t, "without User.ReadWrite.All", status, 403, body)
		if _, ok := f.s.User(id); !ok {
			t.Fatal("a refused call deleted the user")
		}
		status, body = f.c.do("DELETE", "/groups/"+seedGroup+"/members/"+id, nil)
		expect(t, "with User.ReadWrite.All", status, 204, body)
		if _, ok := f.s.User(id); ok {
			t.Fatal("the user still exists: Graph deletes it")
		}
	}
}
