package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
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

// keepsState holds the types of the framework's UseStateForUnknown
// modifiers, which change nothing in the plan of an unchanged
// configuration. A modifier is known by its type, never by its
// description, which another modifier could share.
var keepsState = map[reflect.Type]bool{
	reflect.TypeOf(stringplanmodifier.UseStateForUnknown()): true,
	reflect.TypeOf(boolplanmodifier.UseStateForUnknown()):   true,
	reflect.TypeOf(setplanmodifier.UseStateForUnknown()):    true,
	reflect.TypeOf(listplanmodifier.UseStateForUnknown()):   true,
	reflect.TypeOf(mapplanmodifier.UseStateForUnknown()):    true,
	reflect.TypeOf(objectplanmodifier.UseStateForUnknown()): true,
}

// onlyKeepsState reports whether an attribute, and all it nests, has no
// plan modifier but UseStateForUnknown, no write-only value and, below the
// top level, no default: what makes the framework's plan of an unchanged
// configuration the prior state.
func onlyKeepsState(a schema.Attribute, top bool) bool {
	parts, ok := partsOf(a)
	if !ok || parts.writeOnly || (parts.hasDefault && !top) {
		return false
	}
	for _, m := range parts.modifiers {
		if !keepsState[reflect.TypeOf(m)] {
			return false
		}
	}
	for _, n := range parts.nested {
		if !onlyKeepsState(n, false) {
			return false
		}
	}
	return true
}

// topDefault is the default of a top-level attribute, run on every plan
// as the framework runs it: a default may depend on when it is asked.
type topDefault func(context.Context) (tftypes.Value, bool)

// topLevelDefault returns the default of a top-level attribute, or nil
// for none. ok is false for a default it cannot run.
func topLevelDefault(name string, a schema.Attribute) (def topDefault, ok bool) {
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default == nil {
			return nil, true
		}
		return func(ctx context.Context) (tftypes.Value, bool) {
			var resp defaults.StringResponse
			a.Default.DefaultString(ctx, defaults.StringRequest{Path: path.Root(name)}, &resp)
			v, err := resp.PlanValue.ToTerraformValue(ctx)
			return v, err == nil && !resp.Diagnostics.HasError()
		}, true
	case schema.BoolAttribute:
		if a.Default == nil {
			return nil, true
		}
		return func(ctx context.Context) (tftypes.Value, bool) {
			var resp defaults.BoolResponse
			a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &resp)
			v, err := resp.PlanValue.ToTerraformValue(ctx)
			return v, err == nil && !resp.Diagnostics.HasError()
		}, true
	}
	parts, known := partsOf(a)
	return nil, known && !parts.hasDefault
}
