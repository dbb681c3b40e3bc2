package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every plan plans every b2b_invitation, and in a pipeline nearly all of
// them change nothing. The framework answers each one by decoding the
// configuration, the prior and the proposed state, applying defaults,
// running every attribute's plan modifiers and ModifyPlan, and encoding
// the plan again: profiled on a plan of 1,000 guests, that was close to
// half of the provider's CPU, most of it in the framework's walks over
// the schema's attributes, and more than Terraform spent on its own work.
//
// When Terraform's proposed new state is the prior state, byte for byte,
// the framework's answer can be known without that work. Terraform
// proposes the prior value of every attribute the configuration leaves
// out and the configured value of every other, so an equal proposal means
// the configuration changes nothing that state records. The framework
// then would:
//   - apply no default that changes anything, when each attribute with a
//     default that the configuration leaves out already holds it in state
//     (checked here);
//   - mark nothing unknown, since it does so only for a plan that differs
//     from state;
//   - change nothing through UseStateForUnknown, the only attribute plan
//     modifier of the schema (checked, once, from the schema itself:
//     another modifier, a default inside a nested attribute, a write-only
//     attribute or a block turns this path off);
//   - and, in ModifyPlan, plan the guest with planExistingGuest, which
//     this calls too: where that would change anything or say anything
//     but a refused claim, this leaves the plan to the framework before
//     anything is claimed.
//
// Its plan is then the proposed state, with the prior private state and
// identity; that is what this answers, with the claim's diagnostics.

// planUnchangedInvitation answers Terraform's plan of a b2b_invitation
// whose configuration changes nothing, or returns false for the framework
// to answer it.
func (p *b2bProvider) planUnchangedInvitation(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	pd := p.configured.Load()
	if pd == nil || req.TypeName != "b2b_invitation" || !sameMsgPack(req.PriorState, req.ProposedNewState) || req.Config == nil {
		return nil, false
	}
	shape := invitationPlanShapeOnce()
	if !shape.usable || !frameworkPrivate(req.PriorPrivate) {
		return nil, false
	}
	prior, err := req.PriorState.Unmarshal(shape.stateType)
	if err != nil || prior.IsNull() || !prior.IsFullyKnown() {
		return nil, false
	}
	config, err := req.Config.Unmarshal(shape.stateType)
	if err != nil || config.IsNull() {
		return nil, false
	}
	var priorAttrs, configAttrs map[string]tftypes.Value
	if prior.As(&priorAttrs) != nil || config.As(&configAttrs) != nil {
		return nil, false
	}
	for name, def := range shape.defaults {
		if configAttrs[name].IsNull() && !priorAttrs[name].Equal(def) {
			return nil, false
		}
	}
	identity := req.PriorIdentity
	if identity == nil {
		null, err := tfprotov6.NewDynamicValue(shape.identityType, tftypes.NewValue(shape.identityType, nil))
		if err != nil {
			return nil, false
		}
		identity = &tfprotov6.ResourceIdentityData{IdentityData: &null}
	}
	// The framework would plan the proposal, which is the prior state.
	g, diags := existingGuestOf(ctx, prior, prior, config)
	r := &invitationResource{}
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: pd}, &configured)
	if diags.HasError() || configured.Diagnostics.HasError() {
		return nil, false
	}
	planned, ok := r.planExistingGuest(g, true)
	if !ok {
		return nil, false
	}
	return &tfprotov6.PlanResourceChangeResponse{
		PlannedState:    req.ProposedNewState,
		PlannedPrivate:  req.PriorPrivate,
		PlannedIdentity: identity,
		Diagnostics:     protoDiagnostics(planned.diags),
	}, true
}

// sameMsgPack reports whether two values are the same msgpack bytes. Equal
// bytes are equal values; equal values in other bytes are left to the
// framework.
func sameMsgPack(a, b *tfprotov6.DynamicValue) bool {
	return a != nil && b != nil && len(a.MsgPack) > 0 && bytes.Equal(a.MsgPack, b.MsgPack)
}

// frameworkPrivate reports whether b is private state as the framework
// writes it, which it would read and write back unchanged: nothing, or a
// JSON object of base64 JSON values. It answers false for anything else,
// such as the private state of an older SDK, which the framework drops.
func frameworkPrivate(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	var keys map[string][]byte
	if json.Unmarshal(b, &keys) != nil || len(keys) == 0 {
		return false
	}
	for _, v := range keys {
		if len(v) == 0 || !utf8.Valid(v) || !json.Valid(v) {
			return false
		}
	}
	return true
}

func knownString(v tftypes.Value) (string, bool) {
	var s string
	if !v.IsKnown() || v.IsNull() || v.As(&s) != nil {
		return "", false
	}
	return s, true
}

// invitationPlanShape is what the RPCs answered without the framework need
// of b2b_invitation's schema.
type invitationPlanShape struct {
	stateType    tftypes.Type
	identityType tftypes.Type
	version      int64
	blocks       bool                     // whether the schema has any
	defaults     map[string]tftypes.Value // by top-level attribute
	usable       bool                     // for planUnchangedInvitation
	codec        *modelCodec              // of invitationModel, or nil
	readable     bool                     // for readInvitation
}

var invitationPlanShapeOnce = sync.OnceValue(func() invitationPlanShape {
	return invitationPlanShapeOf(context.Background(), &invitationResource{})
})

func invitationPlanShapeOf(ctx context.Context, r *invitationResource) invitationPlanShape {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	shape := invitationPlanShape{
		stateType:    s.Schema.Type().TerraformType(ctx),
		identityType: id.IdentitySchema.Type().TerraformType(ctx),
		version:      s.Schema.Version,
		blocks:       len(s.Schema.Blocks) > 0 || s.Diagnostics.HasError(),
		defaults:     map[string]tftypes.Value{},
		usable:       len(s.Schema.Blocks) == 0 && !s.Diagnostics.HasError() && !id.Diagnostics.HasError(),
	}
	if object, ok := s.Schema.Type().(attr.TypeWithAttributeTypes); ok {
		shape.codec, _ = newModelCodec(ctx, object.AttributeTypes(), reflect.TypeFor[invitationModel]())
	}
	shape.readable = shape.codec != nil && !shape.blocks && !id.Diagnostics.HasError()
	for name, a := range s.Schema.Attributes {
		if holdsWriteOnly(a) || hasSemanticEquality(ctx, a.GetType()) {
			shape.readable = false
		}
		def, hasDefault, ok := topLevelDefault(ctx, name, a)
		if !ok || !onlyKeepsState(ctx, a, true) {
			shape.usable = false
		}
		if hasDefault {
			shape.defaults[name] = def
		}
	}
	return shape
}

// PlanUnchanged answers a PlanResourceChange that the provider can answer
// without the framework, or returns false. The serving path asks it first
// (server.New).
func (p *b2bProvider) PlanUnchanged(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	return p.planUnchangedInvitation(ctx, req)
}
