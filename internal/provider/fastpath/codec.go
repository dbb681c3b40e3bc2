package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework's State.Get and State.Set find a model's fields by
// reflection on every call, parsing each field's tag (with a regular
// expression compiled per field) and walking the schema for each
// attribute, for every guest of a refresh. A ModelCodec finds the fields
// once, and then converts each attribute with its type's own
// ValueFromTerraform and ToTerraformValue, as the framework does in the
// end.
//
// It takes only models whose every field is an attr.Value of exactly the
// type its attribute's type builds, one field per attribute, and whose
// values do not validate themselves (xattr.ValidateableAttribute); for
// anything else NewModelCodec reports false and the caller keeps the
// framework's way. Types that validate values (the deprecated
// xattr.TypeWithValidate, which sets and maps use to refuse duplicate or
// invalid elements) validate them here too, and any diagnostic sends the
// value to the framework, which then reports it as it always has.

// ModelCodec converts between one schema's object values and one model
// struct type.
type ModelCodec struct {
	object tftypes.Object
	model  reflect.Type
	fields []codecField
}

type codecField struct {
	name  string
	typ   attr.Type
	index []int
}

var (
	attrValueType         = reflect.TypeFor[attr.Value]()
	validateableValueType = reflect.TypeFor[xattr.ValidateableAttribute]()
)

// NewModelCodec builds the codec of model (a struct type) for an object of
// attrTypes, or reports false where the framework's reflection must stay.
func NewModelCodec(ctx context.Context, attrTypes map[string]attr.Type, model reflect.Type) (*ModelCodec, bool) {
	if model.Kind() != reflect.Struct {
		return nil, false
	}
	c := &ModelCodec{model: model, object: tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}}
	seen := map[string]bool{}
	for _, f := range reflect.VisibleFields(model) {
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("tfsdk") == "" {
			continue // its fields are visited on their own
		}
		name := f.Tag.Get("tfsdk")
		if name == "-" {
			continue
		}
		typ, ok := attrTypes[name]
		if !ok || !f.IsExported() || seen[name] || !codecTakes(ctx, typ, f.Type) {
			return nil, false
		}
		seen[name] = true
		c.fields = append(c.fields, codecField{name: name, typ: typ, index: f.Index})
		c.object.AttributeTypes[name] = typ.TerraformType(ctx)
	}
	if len(seen) != len(attrTypes) {
		return nil, false
	}
	return c, true
}

// codecTakes reports whether a field of type field holds an attribute of
// type typ as the framework would, without validation on the way.
func codecTakes(ctx context.Context, typ attr.Type, field reflect.Type) bool {
	if !field.Implements(attrValueType) || field.Implements(validateableValueType) {
		return false
	}
	null, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	return err == nil && reflect.TypeOf(null) == field
}

// valid runs the type's own validation of v, as the framework's Get and
// Set do, and reports whether it found nothing to say.
func (f codecField) valid(ctx context.Context, v tftypes.Value) bool {
	//nolint:staticcheck // the framework still runs the deprecated interface, so the codec must too
	validating, ok := f.typ.(xattr.TypeWithValidate)
	return !ok || len(validating.Validate(ctx, v, path.Root(f.name))) == 0
}

// Get fills out, a pointer to the model, from v; false means v is not of
// the codec's object type, or an attribute did not convert.
func (c *ModelCodec) Get(ctx context.Context, v tftypes.Value, out any) bool {
	dst := reflect.ValueOf(out)
	if dst.Kind() != reflect.Pointer || dst.Elem().Type() != c.model || !v.Type().Equal(c.object) {
		return false
	}
	var attrs map[string]tftypes.Value
	if v.IsNull() || !v.IsKnown() || v.As(&attrs) != nil {
		return false
	}
	model := reflect.New(c.model).Elem()
	for _, f := range c.fields {
		if !f.valid(ctx, attrs[f.name]) {
			return false
		}
		av, err := f.typ.ValueFromTerraform(ctx, attrs[f.name])
		if err != nil {
			return false
		}
		model.FieldByIndex(f.index).Set(reflect.ValueOf(av))
	}
	dst.Elem().Set(model)
	return true
}

// Value is the object value of in, a model.
func (c *ModelCodec) Value(ctx context.Context, in any) (tftypes.Value, bool) {
	src := reflect.ValueOf(in)
	if src.Type() != c.model {
		return tftypes.Value{}, false
	}
	attrs := make(map[string]tftypes.Value, len(c.fields))
	for _, f := range c.fields {
		av, ok := src.FieldByIndex(f.index).Interface().(attr.Value)
		if !ok {
			return tftypes.Value{}, false
		}
		tv, err := av.ToTerraformValue(ctx)
		if err != nil || !tv.Type().Equal(c.object.AttributeTypes[f.name]) || !f.valid(ctx, tv) {
			return tftypes.Value{}, false
		}
		attrs[f.name] = tv
	}
	return tftypes.NewValue(c.object, attrs), true
}

// GetState reads state into out through the codec, or through the
// framework where the codec cannot.
func (c *ModelCodec) GetState(ctx context.Context, state tfsdk.State, out any) diag.Diagnostics {
	if c != nil && c.Get(ctx, state.Raw, out) {
		return nil
	}
	return state.Get(ctx, out)
}

// SetState writes in, a model, to state through the codec, or through the
// framework where the codec cannot.
func (c *ModelCodec) SetState(ctx context.Context, state *tfsdk.State, in any) diag.Diagnostics {
	if c != nil {
		if v, ok := c.Value(ctx, in); ok {
			return state.Set(ctx, v)
		}
	}
	return state.Set(ctx, in)
}
