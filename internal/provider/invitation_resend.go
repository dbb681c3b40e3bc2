package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// sendRequestedInvitations resends or resets the invitation when the
// configuration's trigger maps changed. Graph has no "resend": inviting the
// same email again sends a new mail and a new redeem URL to the same user.
func (r *invitationResource) sendRequestedInvitations(ctx context.Context, plan *invitationModel, state invitationModel, diags *diag.Diagnostics) {
	id := state.ID.ValueString()
	if triggerChanged(plan.ResetRedemptionTriggers, state.ResetRedemptionTriggers) {
		r.resetRedemption(ctx, plan, id, fmt.Sprintf("Cannot reset the redemption of guest %s", id), diags)
		return
	}
	if !triggerChanged(plan.ResendTriggers, state.ResendTriggers) {
		return
	}
	if state.Accepted.ValueBool() && !plan.ResendWhenAccepted.ValueBool() {
		diags.AddWarning(fmt.Sprintf("Invitation to %s not resent", plan.Email.ValueString()),
			"The guest has already accepted, so no invitation was sent. Set resend_when_accepted = true to send it anyway, or use reset_redemption_triggers to make the guest redeem again.")
		return
	}
	req := plan.inviteRequest(ctx, diags)
	req.SendMessage = true
	inv, err := r.client.Invite(ctx, req)
	if err != nil {
		addInviteError(ctx, diags, fmt.Sprintf("Cannot resend the invitation to %s", req.Email), "the resend", err, req)
		return
	}
	plan.RedeemURL, plan.Status = types.StringValue(inv.RedeemURL), types.StringValue(inv.Status)
}

// triggerChanged reports a change of a trigger map. Adding triggers to a
// resource that had none counts: that is how a first resend is asked for.
func triggerChanged(plan, state types.Map) bool {
	if plan.IsUnknown() {
		return true
	}
	if plan.IsNull() {
		return false
	}
	return !plan.Equal(state)
}
