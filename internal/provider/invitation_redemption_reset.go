package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// A changed email and a changed reset_redemption_triggers both end in
// Graph's redemption reset: an invitation sent again to the same user.

// resetRedemption invites the guest again with resetRedemption, at the
// plan's email and with its message: the user must redeem again, and is
// PendingAcceptance until then. A changed reset_redemption_triggers ends
// here.
func (r *invitationResource) resetRedemption(ctx context.Context, plan *invitationModel, id, failure string, diags *diag.Diagnostics) {
	if req, err := r.sendReset(ctx, plan, id, diags); err != nil {
		addInviteError(ctx, diags, failure, "the reset", err, req)
	}
}

// sendReset sends the reset of resetRedemption and records its outcome in
// plan; the caller reports a failure.
func (r *invitationResource) sendReset(ctx context.Context, plan *invitationModel, id string, diags *diag.Diagnostics) (graph.InviteRequest, error) {
	req := plan.inviteRequest(ctx, diags)
	req.ResetRedemption, req.UserID = true, id
	inv, err := r.client.Invite(ctx, req)
	if err != nil {
		return req, err
	}
	plan.RedeemURL, plan.Status = types.StringValue(inv.RedeemURL), types.StringValue(inv.Status)
	plan.setRedemption("PendingAcceptance", nil)
	return req, nil
}
