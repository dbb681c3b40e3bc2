package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = &invitationResource{}

// ModifyPlan marks what an invitation will change as unknown when a resend
// or reset is planned: without it, UseStateForUnknown would promise the old
// redeem URL and state, and Terraform would reject the new ones after apply.
// It runs for every guest on every plan, so it reads only the attributes it
// needs instead of the whole model.
func (r *invitationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.releaseGuest(ctx, req, resp)
		return
	}
	r.claimGuest(ctx, req, resp)
	r.planReplacement(ctx, req, resp)
	if req.State.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	r.warnPendingTooLong(ctx, req, resp)
	var planReset, stateReset, planResend, stateResend types.Map
	var accepted, resendWhenAccepted types.Bool
	for _, get := range []struct {
		from interface {
			GetAttribute(context.Context, path.Path, any) diag.Diagnostics
		}
		attr string
		into any
	}{
		{req.Plan, "reset_redemption_triggers", &planReset}, {req.State, "reset_redemption_triggers", &stateReset},
		{req.Plan, "resend_triggers", &planResend}, {req.State, "resend_triggers", &stateResend},
		{req.State, "accepted", &accepted}, {req.Plan, "resend_when_accepted", &resendWhenAccepted},
	} {
		resp.Diagnostics.Append(get.from.GetAttribute(ctx, path.Root(get.attr), get.into)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	moving := r.planEmailChange(ctx, req, resp)
	reset := triggerChanged(planReset, stateReset) || moving
	resend := triggerChanged(planResend, stateResend) && (!accepted.ValueBool() || resendWhenAccepted.ValueBool())
	if !reset && !resend {
		return
	}
	unknown := map[string]any{"redeem_url": types.StringUnknown(), "status": types.StringUnknown()}
	if reset {
		unknown["external_user_state"] = types.StringUnknown()
		unknown["accepted"] = types.BoolUnknown()
		unknown["external_user_state_changed_at"] = types.StringUnknown()
	}
	for attr, v := range unknown {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), v)...)
	}
}
