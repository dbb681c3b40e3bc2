package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// The invitation email's customisation is the same nested `message` on
// b2b_invitation and on the actions that send an invitation: one model, one
// reader, and the same descriptions and validators for both schemas (which
// the framework types apart, resource and action).

// messageModel is the message attribute.
type messageModel struct {
	Body         types.String `tfsdk:"body"`
	Language     types.String `tfsdk:"language"`
	CCRecipients types.List   `tfsdk:"cc_recipients"`
}

var messageAttrTypes = map[string]attr.Type{
	"body":          types.StringType,
	"language":      types.StringType,
	"cc_recipients": types.ListType{ElemType: types.StringType},
}

const (
	messageBodyDescription     = "A custom message (`customizedMessageBody`), shown as plain text; when set, Graph ignores `language`."
	messageLanguageDescription = "The message language as an ISO 639 / BCP 47 tag, such as `en-US` (Graph's default)."
	messageCCDescription       = "Email addresses copied on the invitation. Graph supports **at most one**."
)

func messageLanguageValidators() []validator.String { return []validator.String{languageValidator()} }

func messageCCValidators() []validator.List {
	return []validator.List{listvalidator.SizeAtMost(1), listvalidator.ValueStringsAre(emailValidator())}
}

// applyMessage copies a message attribute into an invitation.
func applyMessage(ctx context.Context, msg types.Object, req *graph.InviteRequest, diags *diag.Diagnostics) {
	if msg.IsNull() || msg.IsUnknown() {
		return
	}
	var m messageModel
	diags.Append(msg.As(ctx, &m, objectAsOptions)...)
	req.MessageBody, req.MessageLanguage = m.Body.ValueString(), m.Language.ValueString()
	if !m.CCRecipients.IsNull() && !m.CCRecipients.IsUnknown() {
		diags.Append(m.CCRecipients.ElementsAs(ctx, &req.CCRecipients, false)...)
	}
}
