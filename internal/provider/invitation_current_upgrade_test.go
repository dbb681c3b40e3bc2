package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The upgrade answered without the framework is the framework's own
// passthrough, and whatever needs more is left to it.
func TestCurrentUpgradeIsTheFrameworksUpgrade(t *testing.T) {
	fast, _ := configuredServer(t)
	_, framework := configuredServer(t)
	stored := `{"email":"pat@partner.example","redirect_url":"https://portal.example","id":"11111111-2222-3333-4444-555555555555",` +
		`"group_ids":["` + groupEngineering + `"],"app_role_assignments":[{"resource_id":"` + portalSP + `","app_role_id":"` + portalReader + `","id":"x"}],` +
		`"message":{"body":"Welcome","language":null,"cc_recipients":null},"timeouts":null,"accepted":true,"no_longer_in_the_schema":"kept out"}`
	for _, c := range []struct {
		name         string
		req          tfprotov6.UpgradeResourceStateRequest
		wantShortcut bool
	}{
		{"current version", tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_invitation", RawState: &tfprotov6.RawState{JSON: []byte(stored)}}, true},
		{"a version with no upgrader", tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_invitation", Version: 1, RawState: &tfprotov6.RawState{JSON: []byte(stored)}}, false},
		{"a flatmap state", tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_invitation", RawState: &tfprotov6.RawState{Flatmap: map[string]string{"email": "pat@partner.example"}}}, false},
		{"a value of the wrong type", tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_invitation", RawState: &tfprotov6.RawState{JSON: []byte(`{"email":{"a":1}}`)}}, false},
		{"another resource type", tfprotov6.UpgradeResourceStateRequest{TypeName: "b2b_partner", RawState: &tfprotov6.RawState{JSON: []byte(`{}`)}}, false},
	} {
		req := c.req
		got, ok := fast.invitationAnswers().UpgradeCurrent(t.Context(), &req)
		if ok != c.wantShortcut {
			t.Fatalf("%s: answered without the framework = %v, want %v", c.name, ok, c.wantShortcut)
		}
		want, err := framework.UpgradeResourceState(t.Context(), &req)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		if len(want.Diagnostics) > 0 || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
			t.Errorf("%s: diagnostics %v, framework's %v", c.name, got.Diagnostics, want.Diagnostics)
		}
		typ := invitationFastPath().StateType()
		g, err1 := got.UpgradedState.Unmarshal(typ)
		w, err2 := want.UpgradedState.Unmarshal(typ)
		if err1 != nil || err2 != nil || !g.Equal(w) {
			t.Errorf("%s: upgraded state\n got  %v\n want %v (%v %v)", c.name, g, w, err1, err2)
		}
	}
}
