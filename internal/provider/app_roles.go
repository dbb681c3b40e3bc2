package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// App role assignments as the resource and the data sources hold them: a
// set of objects of resource_id, app_role_id and Graph's id.

var appRoleAttrTypes = map[string]attr.Type{
	"id":          types.StringType,
	"resource_id": types.StringType,
	"app_role_id": types.StringType,
}

var appRoleObjectType = types.ObjectType{AttrTypes: appRoleAttrTypes}

type appRoleModel struct {
	ID         types.String `tfsdk:"id"`
	ResourceID types.String `tfsdk:"resource_id"`
	AppRoleID  types.String `tfsdk:"app_role_id"`
}

// appRoles reads a set of assignments; null and unknown read as empty.
func appRoles(ctx context.Context, s types.Set, diags *diag.Diagnostics) []appRoleModel {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	elems := s.Elements()
	out := make([]appRoleModel, 0, len(elems))
	for _, e := range elems {
		role, ok := appRoleOf(e)
		if !ok {
			// Not an assignment as the schema makes them: ElementsAs says why.
			out = nil
			diags.Append(s.ElementsAs(ctx, &out, false)...)
			return out
		}
		out = append(out, role)
	}
	return out
}

// appRoleOf reads one assignment without the reflection of ElementsAs, as
// stringSet does, when it is an object of exactly the three strings.
func appRoleOf(e attr.Value) (appRoleModel, bool) {
	o, ok := e.(types.Object)
	if !ok || o.IsNull() || o.IsUnknown() {
		return appRoleModel{}, false
	}
	attrs := o.Attributes()
	id, okID := attrs["id"].(types.String)
	resourceID, okResource := attrs["resource_id"].(types.String)
	roleID, okRole := attrs["app_role_id"].(types.String)
	if len(attrs) != len(appRoleAttrTypes) || !okID || !okResource || !okRole {
		return appRoleModel{}, false
	}
	return appRoleModel{ID: id, ResourceID: resourceID, AppRoleID: roleID}, true
}

func (a appRoleModel) assignment() graph.AppRoleAssignment {
	return graph.AppRoleAssignment{ID: a.ID.ValueString(), ResourceID: a.ResourceID.ValueString(), AppRoleID: a.AppRoleID.ValueString()}
}

func appRoleKey(a appRoleModel) string { return a.assignment().Key() }

func appRoleSetValue(roles []appRoleModel) types.Set {
	vals := make([]attr.Value, 0, len(roles))
	for _, r := range roles {
		vals = append(vals, types.ObjectValueMust(appRoleAttrTypes, map[string]attr.Value{
			"id": r.ID, "resource_id": r.ResourceID, "app_role_id": r.AppRoleID,
		}))
	}
	return types.SetValueMust(appRoleObjectType, vals)
}

// refreshRoles keeps the state's assignments that still exist, with the ids
// Graph gives them now.
func refreshRoles(stateRoles []appRoleModel, actual []graph.AppRoleAssignment) []appRoleModel {
	byKey := map[string]graph.AppRoleAssignment{}
	for _, a := range actual {
		byKey[a.Key()] = a
	}
	var out []appRoleModel
	for _, r := range stateRoles {
		if a, ok := byKey[appRoleKey(r)]; ok {
			r.ID = types.StringValue(a.ID)
			out = append(out, r)
		}
	}
	return out
}

// rolesFromGraph is every assignment Graph lists, as state holds them.
func rolesFromGraph(actual []graph.AppRoleAssignment) []appRoleModel {
	out := make([]appRoleModel, 0, len(actual))
	for _, a := range actual {
		out = append(out, appRoleModel{ID: types.StringValue(a.ID), ResourceID: types.StringValue(a.ResourceID), AppRoleID: types.StringValue(a.AppRoleID)})
	}
	return out
}
