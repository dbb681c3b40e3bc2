package fastpath

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// attributeParts is what the unchanged plan and the read must know of one
// attribute of a schema.
type attributeParts struct {
	modifiers  []any
	hasDefault bool
	writeOnly  bool
	nested     map[string]schema.Attribute
}

// partsOf returns an attribute's parts, and false for a kind of attribute
// it does not know, which the shortcuts then leave to the framework.
func partsOf(a schema.Attribute) (attributeParts, bool) {
	switch a := a.(type) {
	case schema.StringAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil, writeOnly: a.WriteOnly}, true
	case schema.BoolAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil, writeOnly: a.WriteOnly}, true
	case schema.SetAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil}, true
	case schema.ListAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil, writeOnly: a.WriteOnly}, true
	case schema.MapAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil, writeOnly: a.WriteOnly}, true
	case schema.SingleNestedAttribute:
		return attributeParts{modifiers: anys(a.PlanModifiers), hasDefault: a.Default != nil, writeOnly: a.WriteOnly, nested: a.Attributes}, true
	case schema.SetNestedAttribute:
		mods := append(anys(a.PlanModifiers), anys(a.NestedObject.PlanModifiers)...)
		return attributeParts{modifiers: mods, hasDefault: a.Default != nil, nested: a.NestedObject.Attributes}, true
	}
	return attributeParts{}, false
}

func anys[M any](mods []M) []any {
	out := make([]any, len(mods))
	for i, m := range mods {
		out[i] = m
	}
	return out
}

// onlyKeepsState reports whether an attribute, and all it nests, has no
// plan modifier but UseStateForUnknown, no write-only value and, below the
// top level, no default: what makes the framework's plan of an unchanged
// configuration the prior state.
func onlyKeepsState(ctx context.Context, a schema.Attribute, top bool) bool {
	parts, ok := partsOf(a)
	if !ok || parts.writeOnly || (parts.hasDefault && !top) {
		return false
	}
	keeps := map[string]bool{
		stringplanmodifier.UseStateForUnknown().Description(ctx): true,
		boolplanmodifier.UseStateForUnknown().Description(ctx):   true,
		setplanmodifier.UseStateForUnknown().Description(ctx):    true,
	}
	for _, m := range parts.modifiers {
		d, ok := m.(interface{ Description(context.Context) string })
		if !ok || !keeps[d.Description(ctx)] {
			return false
		}
	}
	for _, n := range parts.nested {
		if !onlyKeepsState(ctx, n, false) {
			return false
		}
	}
	return true
}

// topLevelDefault returns the default of a top-level attribute, as the
// framework would plan it. ok is false for a default it cannot tell.
func topLevelDefault(ctx context.Context, name string, a schema.Attribute) (def tftypes.Value, has, ok bool) {
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default == nil {
			return tftypes.Value{}, false, true
		}
		var resp defaults.StringResponse
		a.Default.DefaultString(ctx, defaults.StringRequest{Path: path.Root(name)}, &resp)
		v, err := resp.PlanValue.ToTerraformValue(ctx)
		return v, true, err == nil && !resp.Diagnostics.HasError()
	case schema.BoolAttribute:
		if a.Default == nil {
			return tftypes.Value{}, false, true
		}
		var resp defaults.BoolResponse
		a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &resp)
		v, err := resp.PlanValue.ToTerraformValue(ctx)
		return v, true, err == nil && !resp.Diagnostics.HasError()
	}
	parts, known := partsOf(a)
	return tftypes.Value{}, false, known && !parts.hasDefault
}
