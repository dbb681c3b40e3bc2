package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestGuestClaims(t *testing.T) {
	cfg := func(email string) tftypes.Value {
		return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"email": tftypes.String}},
			map[string]tftypes.Value{"email": tftypes.NewValue(tftypes.String, email)})
	}
	// A plan step claims (a create, or a resource planned from state with
	// its user id) or releases (a destroy); ok is whether it passes.
	type planStep struct {
		email    string
		userID   string
		existing bool
		destroy  bool
		ok       bool
	}
	cases := map[string][]planStep{
		"two new resources, two letter cases":      {{"Twin@Partner.example", "", false, false, true}, {"twin@partner.example", "", false, false, false}},
		"a new resource beside an existing one":    {{"pat@partner.example", "u1", true, false, true}, {"PAT@partner.example", "", false, false, false}},
		"two resources in state":                   {{"pat@partner.example", "u1", true, false, true}, {"pat@partner.example", "u1", true, false, false}},
		"a replacement planned after its resource": {{"pat@partner.example", "u1", true, false, true}, {"pat@partner.example", "", false, false, true}},
		"a replacement and then a new twin": {{"pat@partner.example", "u1", true, false, true}, {"pat@partner.example", "", false, false, true},
			{"pat@partner.example", "", false, false, false}},
		"different guests": {{"pat@partner.example", "", false, false, true}, {"sam@partner.example", "", false, false, true}},
		// A renamed key, index, resource or module without a moved block:
		// whichever of the two is planned second fails.
		"a destroy, then a create of the same guest": {{"pat@partner.example", "u1", false, true, true}, {"Pat@Partner.example", "", false, false, false}},
		"a create, then a destroy of the same guest": {{"pat@partner.example", "", false, false, true}, {"PAT@partner.example", "u1", false, true, false}},
		"a destroy, then an import of its user":      {{"old@partner.example", "u1", false, true, true}, {"new@partner.example", "U1", true, false, false}},
		"an import, then a destroy of its user":      {{"new@partner.example", "u1", true, false, true}, {"old@partner.example", "U1", false, true, false}},
		"a destroy beside another guest's create":    {{"pat@partner.example", "u1", false, true, true}, {"sam@partner.example", "", false, false, true}},
		"terraform destroy of two guests":            {{"pat@partner.example", "u1", false, true, true}, {"sam@partner.example", "u2", false, true, true}},
		// A destroy that keeps the user (existing marks it here) may leave
		// a resource that holds the same user, but never beside a create.
		"a keeping destroy beside its twin in state": {{"pat@partner.example", "u1", true, false, true}, {"PAT@partner.example", "u1", true, true, true}},
		"a keeping destroy, then a create":           {{"pat@partner.example", "u1", true, true, true}, {"pat@partner.example", "", false, false, false}},
	}
	for name, steps := range cases {
		c := newGuestClaims()
		for i, st := range steps {
			var ok bool
			if st.destroy {
				ok = c.release(guestRelease{email: st.email, userID: st.userID, deletes: !st.existing}) == nil
			} else {
				heldBy, released := c.claim(st.email, st.userID, cfg(st.email), st.existing)
				ok = heldBy == nil && released == nil
			}
			if ok != st.ok {
				t.Errorf("%s: step %d (%+v) ok = %v, want %v", name, i, st, ok, st.ok)
			}
		}
	}
}

// An email change moves the user to the new address; a create of the old
// address in the same plan would invite that guest again as a new user.
func TestGuestClaimsEmailMove(t *testing.T) {
	cfg := tftypes.NewValue(tftypes.String, "cfg")
	c := newGuestClaims()
	if heldBy, rel := c.claim("new@partner.example", "u1", cfg, true); heldBy != nil || rel != nil {
		t.Fatal("the moving resource's own claim failed")
	}
	if heldBy := c.release(guestRelease{email: "old@partner.example", moves: true}); heldBy != nil {
		t.Fatal("leaving an address nobody claims failed")
	}
	if _, rel := c.claim("OLD@partner.example", "", cfg, false); rel == nil || !rel.moves {
		t.Fatal("a create of the address another resource leaves was let through")
	}
	// A resource that keeps the old address from state is a swap, which
	// moves no user away from anyone.
	c2 := newGuestClaims()
	c2.release(guestRelease{email: "old@partner.example", moves: true})
	if _, rel := c2.claim("old@partner.example", "u2", cfg, true); rel != nil {
		t.Fatal("a swap of two guests' addresses was refused")
	}
}
