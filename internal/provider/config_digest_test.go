package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestConfigDigestEqualsWhereValuesAreEqual(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"email":     tftypes.String,
		"group_ids": tftypes.Set{ElementType: tftypes.String},
		"roles":     tftypes.List{ElementType: tftypes.String},
	}}
	config := func(email string, groups, roles []string) tftypes.Value {
		var gs, rs []tftypes.Value
		for _, g := range groups {
			gs = append(gs, tftypes.NewValue(tftypes.String, g))
		}
		for _, r := range roles {
			rs = append(rs, tftypes.NewValue(tftypes.String, r))
		}
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"email":     tftypes.NewValue(tftypes.String, email),
			"group_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, gs),
			"roles":     tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, rs),
		})
	}
	a := config("ana@x.example", []string{"g1", "g2"}, []string{"r1", "r2"})
	for _, c := range []struct {
		name string
		b    tftypes.Value
	}{
		{"the same", config("ana@x.example", []string{"g1", "g2"}, []string{"r1", "r2"})},
		{"a set in another order", config("ana@x.example", []string{"g2", "g1"}, []string{"r1", "r2"})},
		{"another email", config("bo@x.example", []string{"g1", "g2"}, []string{"r1", "r2"})},
		{"another group", config("ana@x.example", []string{"g1", "g3"}, []string{"r1", "r2"})},
		{"a list in another order", config("ana@x.example", []string{"g1", "g2"}, []string{"r2", "r1"})},
		{"unknown groups", tftypes.NewValue(typ, map[string]tftypes.Value{
			"email":     tftypes.NewValue(tftypes.String, "ana@x.example"),
			"group_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue),
			"roles":     tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil),
		})},
	} {
		if got, want := configDigest(a) == configDigest(c.b), a.Equal(c.b); got != want {
			t.Errorf("%s: digests equal %v, values equal %v", c.name, got, want)
		}
	}
}
