package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// After a resource's Read, the framework compares each value whose type
// defines semantic equality with the prior state's, and nulls write-only
// attributes. Where a schema has neither, both leave the state as Read
// wrote it; these checks tell whether that holds.

var semanticEqualityValues = []reflect.Type{
	reflect.TypeFor[basetypes.BoolValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.DynamicValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Float32ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Float64ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Int32ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.Int64ValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.ListValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.MapValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.NumberValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.ObjectValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.SetValuableWithSemanticEquals](),
	reflect.TypeFor[basetypes.StringValuableWithSemanticEquals](),
}

// hasSemanticEquality reports whether values of typ, or of anything it
// holds, define semantic equality.
func hasSemanticEquality(ctx context.Context, typ attr.Type) bool {
	value := reflect.TypeOf(typ.ValueType(ctx))
	for _, iface := range semanticEqualityValues {
		if value.Implements(iface) {
			return true
		}
	}
	switch t := typ.(type) {
	case attr.TypeWithElementType:
		return hasSemanticEquality(ctx, t.ElementType())
	case attr.TypeWithAttributeTypes:
		for _, at := range t.AttributeTypes() {
			if hasSemanticEquality(ctx, at) {
				return true
			}
		}
	case attr.TypeWithElementTypes:
		for _, et := range t.ElementTypes() {
			if hasSemanticEquality(ctx, et) {
				return true
			}
		}
	}
	return false
}

// holdsWriteOnly reports whether an attribute, or one it nests, is write
// only; an attribute of a kind partsOf does not know counts as one.
func holdsWriteOnly(a schema.Attribute) bool {
	parts, ok := partsOf(a)
	if !ok || parts.writeOnly {
		return true
	}
	for _, n := range parts.nested {
		if holdsWriteOnly(n) {
			return true
		}
	}
	return false
}
