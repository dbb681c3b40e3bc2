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
	type claim struct {
		email    string
		existing bool
		ok       bool
	}
	cases := map[string][]claim{
		"two new resources, two letter cases":      {{"Twin@Partner.example", false, true}, {"twin@partner.example", false, false}},
		"a new resource beside an existing one":    {{"pat@partner.example", true, true}, {"PAT@partner.example", false, false}},
		"two resources in state":                   {{"pat@partner.example", true, true}, {"pat@partner.example", true, false}},
		"a replacement planned after its resource": {{"pat@partner.example", true, true}, {"pat@partner.example", false, true}},
		"a replacement and then a new twin": {{"pat@partner.example", true, true}, {"pat@partner.example", false, true},
			{"pat@partner.example", false, false}},
		"different guests": {{"pat@partner.example", false, true}, {"sam@partner.example", false, true}},
	}
	for name, claims := range cases {
		c := newGuestClaims()
		for i, cl := range claims {
			if _, ok := c.claim(cl.email, cfg(cl.email), cl.existing); ok != cl.ok {
				t.Errorf("%s: claim %d (%s, existing %v) ok = %v, want %v", name, i, cl.email, cl.existing, ok, cl.ok)
			}
		}
	}
}
