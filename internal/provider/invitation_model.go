package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// invitationModel is the state of b2b_invitation.
type invitationModel struct {
	ID                      types.String   `tfsdk:"id"`
	UserID                  types.String   `tfsdk:"user_id"`
	Email                   types.String   `tfsdk:"email"`
	RedirectURL             types.String   `tfsdk:"redirect_url"`
	DisplayName             types.String   `tfsdk:"display_name"`
	UserType                types.String   `tfsdk:"user_type"`
	SendInvitationMessage   types.Bool     `tfsdk:"send_invitation_message"`
	Message                 types.Object   `tfsdk:"message"`
	SponsorIDs              types.Set      `tfsdk:"sponsor_ids"`
	GroupIDs                types.Set      `tfsdk:"group_ids"`
	AppRoleAssignments      types.Set      `tfsdk:"app_role_assignments"`
	DeleteUserOnDestroy     types.Bool     `tfsdk:"delete_user_on_destroy"`
	DeleteAdoptedUser       types.Bool     `tfsdk:"delete_adopted_user_on_destroy"`
	ResendTriggers          types.Map      `tfsdk:"resend_triggers"`
	ResendWhenAccepted      types.Bool     `tfsdk:"resend_when_accepted"`
	ResetRedemptionTriggers types.Map      `tfsdk:"reset_redemption_triggers"`
	ExpirePendingAfter      types.String   `tfsdk:"expire_pending_after"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`

	guestProfileModel

	UserPrincipalName          types.String `tfsdk:"user_principal_name"`
	RedeemURL                  types.String `tfsdk:"redeem_url"`
	Status                     types.String `tfsdk:"status"`
	ExternalUserState          types.String `tfsdk:"external_user_state"`
	Accepted                   types.Bool   `tfsdk:"accepted"`
	ExternalUserStateChangedAt types.String `tfsdk:"external_user_state_changed_at"`
	Adopted                    types.Bool   `tfsdk:"adopted"`
}

// inviteRequest builds the invitation from the configuration.
func (m invitationModel) inviteRequest(ctx context.Context, diags *diag.Diagnostics) graph.InviteRequest {
	r := graph.InviteRequest{
		Email:       m.Email.ValueString(),
		RedirectURL: m.RedirectURL.ValueString(),
		DisplayName: m.DisplayName.ValueString(),
		UserType:    m.UserType.ValueString(),
		SendMessage: m.SendInvitationMessage.ValueBool(),
		SponsorIDs:  stringSet(ctx, m.SponsorIDs, diags),
	}
	applyMessage(ctx, m.Message, &r, diags)
	return r
}

// applyGuest copies what Graph says about the user into the model.
func (m *invitationModel) applyGuest(g graph.Guest) {
	m.ID, m.UserID = types.StringValue(g.ID), types.StringValue(g.ID)
	m.UserPrincipalName = types.StringValue(g.UserPrincipalName)
	if g.UserType != "" {
		m.UserType = types.StringValue(g.UserType)
	}
	// A display name the configuration leaves out is Graph's business.
	if !m.DisplayName.IsNull() {
		m.DisplayName = types.StringValue(g.DisplayName)
	}
	// Keep the configured spelling of the email while Graph holds the same
	// address, so that case never shows as a diff.
	if m.Email.IsNull() || !emailMatches(m.Email.ValueString(), g) {
		m.Email = types.StringValue(g.Mail)
	}
	m.setRedemption(g.ExternalUserState, g.ExternalUserStateChangedAt)
}

func (m *invitationModel) setRedemption(state string, changedAt *time.Time) {
	m.ExternalUserState = nullableString(state)
	m.Accepted = types.BoolValue(state == "Accepted")
	m.ExternalUserStateChangedAt = timeString(changedAt)
}

func emailMatches(email string, g graph.Guest) bool {
	if strings.EqualFold(email, g.Mail) {
		return true
	}
	for _, m := range g.OtherMails {
		if strings.EqualFold(email, m) {
			return true
		}
	}
	return false
}
