package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A guest that state holds is planned by ModifyPlan and, when its
// configuration changes nothing, by the unchanged plan that answers
// without the framework. Both read the guest with existingGuestOf and
// decide with planExistingGuest, so that whatever the plan of an existing
// guest gains (a warning, a check) reaches both, or sends the unchanged
// plan to the framework.

// existingGuest is what the plan of a guest that state holds depends on.
type existingGuest struct {
	id                 string       // the user's object id, from state
	email              types.String // planned; unknown while it comes from another resource
	priorEmail         types.String // recorded in state
	config             tftypes.Value
	expirePendingAfter types.String // configured
	externalUserState  string       // recorded
	stateChangedAt     string       // recorded
	accepted           bool         // recorded
	resendWhenAccepted bool         // planned
	planReset          types.Map
	stateReset         types.Map
	planResend         types.Map
	stateResend        types.Map
}

// existingGuestPlan is what planExistingGuest decided.
type existingGuestPlan struct {
	reset  bool // the apply resets redemption: a new email, or reset_redemption_triggers changed
	resend bool // the apply sends the invitation again
	diags  diag.Diagnostics
}

// unknownAttributes are the attributes the apply will set anew, which the
// plan must leave unknown: without it, UseStateForUnknown would promise
// the old redeem URL and state, and Terraform would reject the new ones.
func (p existingGuestPlan) unknownAttributes() map[string]attr.Value {
	if !p.reset && !p.resend {
		return nil
	}
	unknown := map[string]attr.Value{"redeem_url": types.StringUnknown(), "status": types.StringUnknown()}
	if p.reset {
		unknown["external_user_state"] = types.StringUnknown()
		unknown["accepted"] = types.BoolUnknown()
		unknown["external_user_state_changed_at"] = types.StringUnknown()
	}
	return unknown
}

// planExistingGuest decides the plan of a guest that state holds. It
// claims the guest, so that another resource of the same plan that
// creates or destroys it is refused; with the claim granted, it warns of
// a guest pending longer than expire_pending_after, and says what a new
// email does.
//
// With quietOnly, as the unchanged plan asks, it decides first, and where
// the plan would change any attribute or say anything but the claim's
// refusal, it claims nothing and returns false: the framework then plans
// the guest, through this same function. A claim cannot be taken back, so
// once it is made the caller must answer with the result.
func (r *invitationResource) planExistingGuest(g existingGuest, quietOnly bool) (existingGuestPlan, bool) {
	var said diag.Diagnostics
	if !g.expirePendingAfter.IsNull() && !g.expirePendingAfter.IsUnknown() {
		said.Append(r.pendingTooLong(g.expirePendingAfter.ValueString(), g.externalUserState, g.stateChangedAt, g.priorEmail.ValueString(), g.id)...)
	}
	moving := emailChanged(g.email, g.priorEmail)
	if moving {
		said.Append(r.emailMoveDiagnostics(g.email.ValueString(), g.priorEmail.ValueString(), g.id)...)
	}
	plan := existingGuestPlan{
		reset:  triggerChanged(g.planReset, g.stateReset) || moving,
		resend: triggerChanged(g.planResend, g.stateResend) && (!g.accepted || g.resendWhenAccepted),
	}
	if quietOnly && (plan.reset || plan.resend || len(said) > 0) {
		return existingGuestPlan{}, false
	}
	if !g.email.IsNull() && !g.email.IsUnknown() {
		plan.diags = r.claimEmail(g.email.ValueString(), g.id, g.priorEmail, g.config, true)
	}
	if plan.diags.HasError() {
		return existingGuestPlan{diags: plan.diags}, true
	}
	plan.diags.Append(said...)
	return plan, true
}

// existingGuestOf reads what planExistingGuest needs from the planned
// object, the prior state and the configuration, as the framework holds
// them (Raw) and as Terraform sends them.
func existingGuestOf(ctx context.Context, plan, state, config tftypes.Value) (existingGuest, diag.Diagnostics) {
	var diags diag.Diagnostics
	var planned, prior, configured map[string]tftypes.Value
	if plan.As(&planned) != nil || state.As(&prior) != nil || config.As(&configured) != nil {
		diags.AddError("Cannot read the plan of a b2b_invitation",
			"The plan, the state or the configuration is not an object of b2b_invitation's schema. This is a bug in the provider; please report it.")
		return existingGuest{}, diags
	}
	str := func(v tftypes.Value) types.String { return attrOf[types.String](ctx, types.StringType, v, &diags) }
	strMap := func(v tftypes.Value) types.Map {
		return attrOf[types.Map](ctx, types.MapType{ElemType: types.StringType}, v, &diags)
	}
	g := existingGuest{
		id:                 str(prior["id"]).ValueString(),
		email:              str(planned["email"]),
		priorEmail:         str(prior["email"]),
		config:             config,
		expirePendingAfter: str(configured["expire_pending_after"]),
		externalUserState:  str(prior["external_user_state"]).ValueString(),
		stateChangedAt:     str(prior["external_user_state_changed_at"]).ValueString(),
		accepted:           attrOf[types.Bool](ctx, types.BoolType, prior["accepted"], &diags).ValueBool(),
		resendWhenAccepted: attrOf[types.Bool](ctx, types.BoolType, planned["resend_when_accepted"], &diags).ValueBool(),
		planReset:          strMap(planned["reset_redemption_triggers"]),
		stateReset:         strMap(prior["reset_redemption_triggers"]),
		planResend:         strMap(planned["resend_triggers"]),
		stateResend:        strMap(prior["resend_triggers"]),
	}
	return g, diags
}

// attrOf is v as a value of typ; a value that is not of typ is a bug,
// reported in diags.
func attrOf[T attr.Value](ctx context.Context, typ attr.Type, v tftypes.Value, diags *diag.Diagnostics) T {
	var zero T
	if v.Type() == nil {
		v = tftypes.NewValue(typ.TerraformType(ctx), nil)
	}
	av, err := typ.ValueFromTerraform(ctx, v)
	if err != nil {
		diags.AddError("Cannot read the plan of a b2b_invitation", err.Error()+". This is a bug in the provider; please report it.")
		return zero
	}
	t, ok := av.(T)
	if !ok {
		diags.AddError("Cannot read the plan of a b2b_invitation", "A value is not of its attribute's type. This is a bug in the provider; please report it.")
	}
	return t
}
