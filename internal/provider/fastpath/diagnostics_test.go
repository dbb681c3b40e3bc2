package fastpath

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A diagnostic keeps its whole path, element keys included, as the
// framework's answer carries it; before, a path with an element key lost
// its path altogether.
func TestDiagnosticsKeepElementKeys(t *testing.T) {
	ctx := t.Context()
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("group_ids").AtSetValue(types.StringValue("g1")), "set element", "")
	diags.AddAttributeWarning(path.Root("message").AtName("cc_recipients").AtListIndex(2), "list element", "")
	diags.AddAttributeWarning(path.Root("resend_triggers").AtMapKey("round"), "map element", "")
	diags.AddWarning("no path", "")
	got := Diagnostics(ctx, diags)
	want := []*tfprotov6.Diagnostic{
		{Severity: tfprotov6.DiagnosticSeverityError, Summary: "set element",
			Attribute: tftypes.NewAttributePath().WithAttributeName("group_ids").WithElementKeyValue(tftypes.NewValue(tftypes.String, "g1"))},
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "list element",
			Attribute: tftypes.NewAttributePath().WithAttributeName("message").WithAttributeName("cc_recipients").WithElementKeyInt(2)},
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "map element",
			Attribute: tftypes.NewAttributePath().WithAttributeName("resend_triggers").WithElementKeyString("round")},
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "no path"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Severity != want[i].Severity || got[i].Summary != want[i].Summary || !reflect.DeepEqual(got[i].Attribute, want[i].Attribute) {
			t.Errorf("diagnostic %d: got %+v at %v, want %+v at %v", i, got[i], got[i].Attribute, want[i], want[i].Attribute)
		}
	}
}
