package fastpath

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A model that does not match its schema field for field is refused, so
// that it keeps the framework's reflection and its errors.
func TestModelCodecRefusesWhatItCannotCopy(t *testing.T) {
	ctx := t.Context()
	attrTypes := map[string]attr.Type{"id": types.StringType, "email": types.StringType}
	type exact struct {
		ID    types.String `tfsdk:"id"`
		Email types.String `tfsdk:"email"`
	}
	type missing struct {
		ID types.String `tfsdk:"id"`
	}
	type plainString struct {
		ID    types.String `tfsdk:"id"`
		Email string       `tfsdk:"email"`
	}
	type extra struct {
		exact
		Note types.String `tfsdk:"note"`
	}
	if _, ok := NewModelCodec(ctx, attrTypes, reflect.TypeFor[exact]()); !ok {
		t.Error("a model that matches its schema was refused")
	}
	for name, model := range map[string]reflect.Type{
		"a missing field": reflect.TypeFor[missing](), "a Go string": reflect.TypeFor[plainString](), "an extra field": reflect.TypeFor[extra](),
	} {
		if _, ok := NewModelCodec(ctx, attrTypes, model); ok {
			t.Errorf("a model with %s was taken", name)
		}
	}
}
