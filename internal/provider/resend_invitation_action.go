package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &resendInvitationAction{}
	_ action.ActionWithValidateConfig = &resendInvitationAction{}
)

// resendInvitationAction is b2b_resend_invitation: an invitation sent again,
// on demand, to guests who have not accepted yet (Terraform 1.14+).
type resendInvitationAction struct {
	guestAction
}

// NewResendInvitationAction returns the action.
func NewResendInvitationAction() action.Action { return &resendInvitationAction{} }

type resendInvitationModel struct {
	guestActionConfig
	ResendWhenAccepted types.Bool `tfsdk:"resend_when_accepted"`
}

func (a *resendInvitationAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resend_invitation"
}

func (a *resendInvitationAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := guestActionAttributes("remind", "Where the guests land after redeeming")
	attrs["resend_when_accepted"] = actionschema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Send to guests who have already accepted as well. Default `false`: they are skipped, each with a warning.",
	}
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Sends the invitation again to existing guests, with the message, cc recipient and redirect URL given here: a reminder, without a trigger value left in any resource. " +
			"Each guest's outcome (sent, skipped because accepted, or failed with the reason) is reported as it happens. " +
			"Invitations are paced at Graph's limit of 150 per 5 seconds per tenant, shared with `b2b_invitation`. Needs `User.Invite.All` and `User.Read.All`, and Terraform 1.14+. " +
			"Run it with `terraform apply -invoke=action.b2b_resend_invitation.NAME`, or from a resource's `lifecycle { action_trigger { ... } }`. " +
			"On Terraform 1.16.1, `terraform destroy` fails with \"Reference to uninitialized variable\" while an `action_trigger` condition refers to a variable: remove the `action_trigger` block before destroying." +
			pageNotes("Terraform 1.14+; OpenTofu has no actions.", retriesNote,
				inviteLimitNote, fmt.Sprintf("At most %d guests are handled at a time.", actionParallelism)),
		Attributes: attrs,
	}
}

func (a *resendInvitationAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m resendInvitationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateTargets(targetsOf(m.Emails, m.UserIDs), &resp.Diagnostics)
	}
}

func (a *resendInvitationAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m resendInvitationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.client == nil {
		return
	}
	base := m.invitation(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	evenAccepted := m.ResendWhenAccepted.ValueBool()
	results := a.forEachGuest(ctx, targetsOf(m.Emails, m.UserIDs).known, resp.SendProgress,
		func(ctx context.Context, t guestTarget, g graph.Guest) guestResult {
			if g.Accepted() && !evenAccepted {
				return guestResult{target: t, kind: outcomeSkipped, reason: "the guest has already accepted; set resend_when_accepted = true to send anyway"}
			}
			inv := base
			inv.Email = inviteEmail(t, g)
			if _, err := a.client.Invite(ctx, inv); err != nil {
				return guestResult{target: t, kind: outcomeFailed, reason: errorDetail(ctx, err, "the resend")}
			}
			return guestResult{target: t, kind: outcomeDone, reason: "sent"}
		})
	reportResults(results, "resend the invitation to", resp.SendProgress, &resp.Diagnostics)
}
