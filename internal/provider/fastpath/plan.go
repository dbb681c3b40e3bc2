package fastpath

import (
	"bytes"
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every plan plans every instance, and in a pipeline nearly all of them
// change nothing. The framework answers each one by decoding the
// configuration, the prior and the proposed state, applying defaults,
// running every attribute's plan modifiers and ModifyPlan, and encoding
// the plan again, most of it in walks over the schema's attributes.
//
// When Terraform's proposed new state is the prior state, byte for byte,
// the framework's answer can be known without that work. Terraform
// proposes the prior value of every attribute the configuration leaves
// out and the configured value of every other, so an equal proposal means
// the configuration changes nothing that state records. The framework
// then would:
//   - apply no default that changes anything, when each attribute with a
//     default that the configuration leaves out already holds it in state
//     (checked here, running the default as the framework would);
//   - mark nothing unknown, since it does so only for a plan that differs
//     from state;
//   - change nothing through UseStateForUnknown, the only attribute plan
//     modifier allowed (checked from the schema: another modifier, a
//     default inside a nested attribute, a write-only attribute or a block
//     turns this path off);
//   - and run ModifyPlan, whose part for an instance that state holds is
//     Hooks.PlanExisting: where that would change anything, it leaves the
//     plan to the framework before it has done anything.
//
// Its plan is then the proposed state, with the prior private state and
// identity; that is what PlanUnchanged answers, with PlanExisting's
// diagnostics.

// PlanUnchanged answers PlanResourceChange for an instance whose
// configuration changes nothing, or returns false for the framework to
// answer it.
func (a Answers[M]) PlanUnchanged(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	r := a.Resource
	if req.TypeName != r.typeName || !r.plannable || a.Hooks.PlanExisting == nil || req.Config == nil ||
		!sameMsgPack(req.PriorState, req.ProposedNewState) || !frameworkPrivate(req.PriorPrivate) {
		return nil, false
	}
	prior, err := req.PriorState.Unmarshal(r.stateType)
	if err != nil || prior.IsNull() || !prior.IsFullyKnown() {
		return nil, false
	}
	config, err := req.Config.Unmarshal(r.stateType)
	if err != nil || config.IsNull() {
		return nil, false
	}
	var priorAttrs, configAttrs map[string]tftypes.Value
	if prior.As(&priorAttrs) != nil || config.As(&configAttrs) != nil {
		return nil, false
	}
	for name, def := range r.defaults {
		if !configAttrs[name].IsNull() {
			continue
		}
		if v, ok := def(ctx); !ok || !priorAttrs[name].Equal(v) {
			return nil, false
		}
	}
	identity := req.PriorIdentity
	if identity == nil {
		null, err := tfprotov6.NewDynamicValue(r.identityType, tftypes.NewValue(r.identityType, nil))
		if err != nil {
			return nil, false
		}
		identity = &tfprotov6.ResourceIdentityData{IdentityData: &null}
	}
	diags, ok := a.Hooks.PlanExisting(ctx, prior, config)
	if !ok {
		return nil, false
	}
	return &tfprotov6.PlanResourceChangeResponse{
		PlannedState:    req.ProposedNewState,
		PlannedPrivate:  req.PriorPrivate,
		PlannedIdentity: identity,
		Diagnostics:     Diagnostics(ctx, diags),
	}, true
}

// sameMsgPack reports whether two values are the same msgpack bytes. Equal
// bytes are equal values; equal values in other bytes are left to the
// framework.
func sameMsgPack(a, b *tfprotov6.DynamicValue) bool {
	return a != nil && b != nil && len(a.MsgPack) > 0 && bytes.Equal(a.MsgPack, b.MsgPack)
}
