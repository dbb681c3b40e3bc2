package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithMoveState = &invitationResource{}

// MoveState takes over guests from hashicorp/azuread's azuread_invitation
// through a `moved` block (Terraform 1.8+, OpenTofu 1.12+). The move only
// rewrites state: it sends nothing and writes nothing to Graph.
func (r *invitationResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromAzureADInvitation}}
}

// azureadInvitation is the state azuread 3.x writes for azuread_invitation
// (schema version 0). Its id is the invitation's id, which Graph forgets
// at once; user_id is the guest. Strings it never set are "" or null, and
// message is a block, so a list of at most one object.
type azureadInvitation struct {
	ID          string  `json:"id"`
	UserID      string  `json:"user_id"`
	Email       string  `json:"user_email_address"`
	DisplayName *string `json:"user_display_name"`
	RedirectURL string  `json:"redirect_url"`
	RedeemURL   string  `json:"redeem_url"`
	UserType    string  `json:"user_type"`
	Message     []struct {
		AdditionalRecipients []string `json:"additional_recipients"`
		Body                 string   `json:"body"`
		Language             string   `json:"language"`
	} `json:"message"`
}

// isMoveSourceProvider says whether a moved object's provider address may be
// azuread's: hashicorp/azuread from any registry host, and the bare type
// name that some CLIs send instead of an address. It accepts this
// provider's own address too, because OpenTofu 1.12 sends the address of
// the provider the object moves to, this one, in place of the source's; the
// source type name and the state's shape then have to do.
func isMoveSourceProvider(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	return addr == "azuread" || addr == "hashicorp/azuread" || strings.HasSuffix(addr, "/hashicorp/azuread") ||
		strings.HasSuffix(addr, "/b2b-guests/b2b")
}

func moveFromAzureADInvitation(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != "azuread_invitation" || !isMoveSourceProvider(req.SourceProviderAddress) {
		return // not ours: the framework tries the next mover, then refuses
	}
	if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
		resp.Diagnostics.AddError("Cannot move azuread_invitation",
			"The source state is empty or in the legacy flatmap form. Run `terraform apply -refresh-only` with the azuread provider first, so that Terraform rewrites it as JSON, then move it.")
		return
	}
	var src azureadInvitation
	if err := json.Unmarshal(req.SourceRawState.JSON, &src); err != nil {
		resp.Diagnostics.AddError("Cannot move azuread_invitation", "Its state is not what azuread writes: "+err.Error())
		return
	}
	if !uuidPattern.MatchString(src.UserID) || src.Email == "" {
		resp.Diagnostics.AddError("Cannot move azuread_invitation "+src.ID,
			fmt.Sprintf("Its state has no guest to take over (user_id %q, user_email_address %q). Remove it with a `removed` block and import the guest into b2b_invitation instead.", src.UserID, src.Email))
		return
	}
	resp.Diagnostics.Append(setMovedState(ctx, &resp.TargetState, src)...)
	// azuread created the guest through Terraform: destroy may delete it.
	// (The framework always hands a private state; a bare response in a
	// unit test has none.)
	if resp.TargetPrivate != nil {
		resp.Diagnostics.Append(setCreatedProof(ctx, resp.TargetPrivate, src.UserID)...)
	}
}

// setMovedState fills b2b_invitation's state from azuread's. The guest was
// created by Terraform, so it is not adopted and destroy deletes it as
// azuread would. Memberships stay unset: azuread held them in other
// resources, and they become this resource's only when its configuration
// names them.
func setMovedState(ctx context.Context, target attributeSetter, src azureadInvitation) diag.Diagnostics {
	userType := src.UserType
	if userType == "" {
		userType = "Guest"
	}
	values := map[string]attr.Value{
		"id": types.StringValue(src.UserID), "user_id": types.StringValue(src.UserID),
		"email": types.StringValue(src.Email), "redirect_url": types.StringValue(src.RedirectURL),
		"display_name": nullableString(derefString(src.DisplayName)), "user_type": types.StringValue(userType),
		"redeem_url": nullableString(src.RedeemURL), "message": movedMessage(src),
		"send_invitation_message": types.BoolValue(true), "delete_user_on_destroy": types.BoolValue(true),
		"delete_adopted_user_on_destroy": types.BoolValue(false), "resend_when_accepted": types.BoolValue(false),
		"adopted": types.BoolValue(false),
	}
	var diags diag.Diagnostics
	for name, v := range values {
		diags.Append(target.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}

type attributeSetter interface {
	SetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

// movedMessage maps azuread's message block; a block of empty strings is
// no message at all.
func movedMessage(src azureadInvitation) types.Object {
	if len(src.Message) == 0 {
		return types.ObjectNull(messageAttrTypes)
	}
	m := src.Message[0]
	cc := types.ListNull(types.StringType)
	if len(m.AdditionalRecipients) > 0 {
		vals := make([]attr.Value, 0, len(m.AdditionalRecipients))
		for _, r := range m.AdditionalRecipients {
			vals = append(vals, types.StringValue(r))
		}
		cc = types.ListValueMust(types.StringType, vals)
	}
	if m.Body == "" && m.Language == "" && cc.IsNull() {
		return types.ObjectNull(messageAttrTypes)
	}
	return types.ObjectValueMust(messageAttrTypes, map[string]attr.Value{
		"body": nullableString(m.Body), "language": nullableString(m.Language), "cc_recipients": cc,
	})
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
