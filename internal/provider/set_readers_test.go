package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringSet and appRoles read what ElementsAs would, diagnostics included,
// for sets they read themselves and for those they hand to it.
func TestSetReadersReadWhatElementsAsReads(t *testing.T) {
	ctx := t.Context()
	for name, s := range map[string]types.Set{
		"known":         types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringValue("b")}),
		"empty":         types.SetValueMust(types.StringType, []attr.Value{}),
		"unknown value": types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()}),
		"null value":    types.SetValueMust(types.StringType, []attr.Value{types.StringNull()}),
	} {
		var got, want []string
		var gotDiags, wantDiags diag.Diagnostics
		got = stringSet(ctx, s, &gotDiags)
		wantDiags.Append(s.ElementsAs(ctx, &want, false)...)
		if len(want) == 0 && len(got) == 0 {
			got, want = nil, nil
		}
		if !reflect.DeepEqual(got, want) || !gotDiags.Equal(wantDiags) {
			t.Errorf("stringSet, %s: %v %v, ElementsAs %v %v", name, got, gotDiags, want, wantDiags)
		}
	}
	role := func(id, resource, appRole types.String) attr.Value {
		return types.ObjectValueMust(appRoleAttrTypes, map[string]attr.Value{"id": id, "resource_id": resource, "app_role_id": appRole})
	}
	for name, s := range map[string]types.Set{
		"known": types.SetValueMust(appRoleObjectType, []attr.Value{
			role(types.StringValue("x"), types.StringValue(portalSP), types.StringValue(portalReader)),
			role(types.StringUnknown(), types.StringValue(portalSP), types.StringValue(portalWriter))}),
		"unknown object": types.SetValueMust(appRoleObjectType, []attr.Value{types.ObjectUnknown(appRoleAttrTypes)}),
		"null object":    types.SetValueMust(appRoleObjectType, []attr.Value{types.ObjectNull(appRoleAttrTypes)}),
	} {
		var want []appRoleModel
		var gotDiags, wantDiags diag.Diagnostics
		got := appRoles(ctx, s, &gotDiags)
		wantDiags.Append(s.ElementsAs(ctx, &want, false)...)
		if len(want) == 0 && len(got) == 0 {
			got, want = nil, nil
		}
		if !reflect.DeepEqual(got, want) || !gotDiags.Equal(wantDiags) {
			t.Errorf("appRoles, %s: %v %v, ElementsAs %v %v", name, got, gotDiags, want, wantDiags)
		}
	}
}
