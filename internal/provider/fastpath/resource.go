package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource is what the shortcuts know of one resource type and its model
// M, from its schema.
type Resource[M any] struct {
	typeName     string
	stateType    tftypes.Type
	identityType tftypes.Type
	version      int64
	blocks       bool                  // whether the schema has any
	defaults     map[string]topDefault // by top-level attribute
	plannable    bool                  // the unchanged plan can answer
	readable     bool                  // the read can answer
	codec        *ModelCodec           // of M, or nil
}

// NewResource reads what the shortcuts need from r's schema and identity
// schema, for the resource type typeName whose model is M.
func NewResource[M any](ctx context.Context, typeName string, r resource.ResourceWithIdentity) *Resource[M] {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	res := &Resource[M]{
		typeName:     typeName,
		stateType:    s.Schema.Type().TerraformType(ctx),
		identityType: id.IdentitySchema.Type().TerraformType(ctx),
		version:      s.Schema.Version,
		blocks:       len(s.Schema.Blocks) > 0 || s.Diagnostics.HasError(),
		defaults:     map[string]topDefault{},
	}
	res.plannable = !res.blocks && !id.Diagnostics.HasError()
	if object, ok := s.Schema.Type().(attr.TypeWithAttributeTypes); ok {
		res.codec, _ = NewModelCodec(ctx, object.AttributeTypes(), reflect.TypeFor[M]())
	}
	res.readable = res.codec != nil && res.plannable && idIdentityType(res.identityType)
	for name, a := range s.Schema.Attributes {
		if holdsWriteOnly(a) || hasSemanticEquality(ctx, a.GetType()) {
			res.readable = false
		}
		def, ok := topLevelDefault(name, a)
		if !ok || !onlyKeepsState(a, true) {
			res.plannable = false
		}
		if def != nil {
			res.defaults[name] = def
		}
	}
	return res
}

// Codec is the codec of the resource's model, or nil where the framework's
// reflection must stay; its GetState and SetState fall back to it.
func (r *Resource[M]) Codec() *ModelCodec { return r.codec }

// StateType and IdentityType are the resource's state and identity as
// Terraform sends them.
func (r *Resource[M]) StateType() tftypes.Type    { return r.stateType }
func (r *Resource[M]) IdentityType() tftypes.Type { return r.identityType }

// Plannable and Readable report whether the schema lets the unchanged
// plan and the read answer at all; a test of the resource should insist.
func (r *Resource[M]) Plannable() bool { return r.plannable }
func (r *Resource[M]) Readable() bool  { return r.readable }

// HasDefault reports whether the unchanged plan knows the top-level
// attribute name's default.
func (r *Resource[M]) HasDefault(name string) bool { return r.defaults[name] != nil }

// Outcome is what a refresh found.
type Outcome int

const (
	Unread Outcome = iota // an error: the state stays as it was
	Gone                  // the object no longer exists
	Read                  // the state to record is returned
)

// Hooks are what only the resource knows. Either may be nil.
type Hooks[M any] struct {
	// Refresher returns the resource's refresh, or false where it cannot
	// refresh now (a provider not yet configured): the framework then
	// reads. The refresh must be the one the resource's Read runs.
	Refresher func(context.Context) (Refresh[M], bool)
	// PlanExisting plans an instance that state holds, whose planned
	// object is the prior state: the diagnostics, or false, having done
	// nothing, where the plan would change any value or must be the
	// framework's for another reason. It must be what the resource's
	// ModifyPlan runs for such an instance.
	PlanExisting func(ctx context.Context, prior, config tftypes.Value) (diag.Diagnostics, bool)
}

// Refresh refreshes state, reading and writing the private state.
type Refresh[M any] func(ctx context.Context, state M, private PrivateKeys) (M, Outcome, diag.Diagnostics)

// Answers answers the RPCs of one resource type that it can; internal/server
// asks it before the framework.
type Answers[M any] struct {
	Resource *Resource[M]
	Hooks    Hooks[M]
}

// idIdentityType reports whether an identity is the object's id alone,
// the only identity the read and the plan know how to record.
func idIdentityType(typ tftypes.Type) bool {
	object, ok := typ.(tftypes.Object)
	return ok && len(object.AttributeTypes) == 1 && object.AttributeTypes["id"] != nil && object.AttributeTypes["id"].Equal(tftypes.String)
}
