package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = &invitationResource{}

// ModifyPlan marks what an invitation will change as unknown when a resend
// or reset is planned: without it, UseStateForUnknown would promise the old
// redeem URL and state, and Terraform would reject the new ones after apply.
func (r *invitationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state invitationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	reset := triggerChanged(plan.ResetRedemptionTriggers, state.ResetRedemptionTriggers)
	resend := triggerChanged(plan.ResendTriggers, state.ResendTriggers) &&
		(!state.Accepted.ValueBool() || plan.ResendWhenAccepted.ValueBool())
	if !reset && !resend {
		return
	}
	plan.RedeemURL, plan.Status = types.StringUnknown(), types.StringUnknown()
	if reset {
		plan.ExternalUserState, plan.Accepted = types.StringUnknown(), types.BoolUnknown()
		plan.ExternalUserStateChangedAt = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}
