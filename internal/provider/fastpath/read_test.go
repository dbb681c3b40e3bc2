package fastpath

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A refresh that respells the id records the identity from the new
// spelling; where Terraform sent an identity in the old one, the read
// fails as the framework's does, and where it sent none, it succeeds.
func TestReadFailsAnIdentityChangeAsTheFrameworkDoes(t *testing.T) {
	ctx := t.Context()
	res := NewResource[testModel](ctx, "test", testResource{})
	answers := Answers[testModel]{Resource: res, Hooks: Hooks[testModel]{
		Refresher: func(context.Context) (Refresh[testModel], bool) {
			return func(_ context.Context, m testModel, _ PrivateKeys) (testModel, Outcome, diag.Diagnostics) {
				m.ID = types.StringValue("abc")
				return m, Read, nil
			}, true
		},
	}}
	state, err := tfprotov6.NewDynamicValue(res.StateType(), tftypes.NewValue(res.StateType(), map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, "ABC"), "name": tftypes.NewValue(tftypes.String, nil)}))
	if err != nil {
		t.Fatal(err)
	}
	identity, err := tfprotov6.NewDynamicValue(res.IdentityType(), idIdentity(res.IdentityType(), "ABC"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		identity   *tfprotov6.ResourceIdentityData
		wantErrors int
	}{
		{"no identity yet", nil, 0},
		{"an identity in the old spelling", &tfprotov6.ResourceIdentityData{IdentityData: &identity}, 1},
	} {
		resp, ok := answers.ReadCurrent(ctx, &tfprotov6.ReadResourceRequest{TypeName: "test", CurrentState: &state, CurrentIdentity: c.identity})
		if !ok {
			t.Fatalf("%s: left to the framework", c.name)
		}
		var errs int
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == "Unexpected Identity Change" {
				errs++
			}
		}
		got, err := resp.NewIdentity.IdentityData.Unmarshal(res.IdentityType())
		if errs != c.wantErrors || err != nil || !got.Equal(idIdentity(res.IdentityType(), "abc")) {
			t.Errorf("%s: %d identity change errors (want %d), new identity %v (%v)", c.name, errs, c.wantErrors, got, err)
		}
	}
}
