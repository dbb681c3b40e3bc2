package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// The data sources show a guest's profile and sponsors with the same
// names as b2b_invitation's arguments.

var profileAttrTypes = func() map[string]attr.Type {
	t := map[string]attr.Type{"account_enabled": types.BoolType, "sponsor_ids": types.SetType{ElemType: types.StringType}}
	for _, p := range profileStrings {
		t[p.attr] = types.StringType
	}
	return t
}()

// profileDataSchema adds the profile and sponsors to a data source's (or a
// nested object's) attributes.
func profileDataSchema(attrs map[string]dsschema.Attribute) {
	for _, p := range profileStrings {
		attrs[p.attr] = dsschema.StringAttribute{Computed: true, MarkdownDescription: p.doc + " Graph's `" + p.graphName + "`; null when not set."}
	}
	attrs["account_enabled"] = dsschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the guest may sign in (`accountEnabled`)."}
	attrs["sponsor_ids"] = dsschema.SetAttribute{Computed: true, ElementType: types.StringType,
		MarkdownDescription: "Object ids of the guest's sponsors, users or groups."}
}

// profileValues are those attributes' values for one guest.
func profileValues(p graph.Profile, sponsors []string) map[string]attr.Value {
	v := map[string]attr.Value{"account_enabled": types.BoolPointerValue(p.AccountEnabled), "sponsor_ids": stringSetValue(sponsors)}
	for _, ps := range profileStrings {
		v[ps.attr] = types.StringPointerValue(*ps.graph(&p))
	}
	return v
}
