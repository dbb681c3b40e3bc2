package provider

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The upgrade answered without the framework is the framework's own, for
// the generated guests' states as Terraform stores them in JSON: with
// every attribute, with the nulls left out, and with an attribute the
// schema no longer has.
func TestGeneratedUpgradesAreTheFrameworksUpgrades(t *testing.T) {
	fast, _ := configuredServer(t)
	_, framework := configuredServer(t)
	r := rand.New(rand.NewPCG(37, 39)) // fixed, so that a failure repeats
	typ := invitationFastPath().StateType()
	for i := range 200 {
		v := randomVariant(r)
		id := fmt.Sprintf("%08d-abcd-4ef0-8abc-def012345678", i)
		stored, _ := storedJSON(invitationValue(t, v.state(t, fmt.Sprintf("u%d@partner.example", i), id))).(map[string]any)
		dropNulls, retired := r.IntN(2) == 0, r.IntN(2) == 0
		for name, value := range stored {
			if dropNulls && value == nil {
				delete(stored, name)
			}
		}
		if retired {
			stored["no_longer_in_the_schema"] = "kept out"
		}
		raw, err := json.Marshal(stored)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("case %d %+v nulls left out %v, retired attribute %v", i, v, dropNulls, retired)
		req := tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_invitation", RawState: &tfprotov6.RawState{JSON: raw}}
		got, ok := fast.invitationAnswers().UpgradeCurrent(t.Context(), &req)
		if !ok {
			t.Fatalf("%s: left to the framework, which only decodes and encodes a current state", name)
		}
		want, err := framework.UpgradeResourceState(t.Context(), &req)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Diagnostics) > 0 || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
			t.Errorf("%s: diagnostics %v, framework's %v", name, got.Diagnostics, want.Diagnostics)
		}
		g, err1 := got.UpgradedState.Unmarshal(typ)
		w, err2 := want.UpgradedState.Unmarshal(typ)
		if err1 != nil || err2 != nil || !g.Equal(w) {
			t.Errorf("%s: upgraded state\n got  %v\n want %v (%v %v)", name, g, w, err1, err2)
		}
	}
}

// storedJSON is a known value as Terraform writes it into a state file.
func storedJSON(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.Number):
		n := new(big.Float)
		_ = v.As(&n)
		f, _ := n.Float64()
		return f
	case v.Type().Is(tftypes.Object{}), v.Type().Is(tftypes.Map{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		out := map[string]any{}
		for k, a := range attrs {
			out[k] = storedJSON(a)
		}
		return out
	}
	var elems []tftypes.Value
	_ = v.As(&elems)
	out := []any{}
	for _, e := range elems {
		out = append(out, storedJSON(e))
	}
	return out
}
