package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = &parseBulkInviteCSVFunction{}

// parseBulkInviteCSVFunction is provider::b2b::parse_bulk_invite_csv.
type parseBulkInviteCSVFunction struct{}

// NewParseBulkInviteCSVFunction returns the function.
func NewParseBulkInviteCSVFunction() function.Function { return &parseBulkInviteCSVFunction{} }

var bulkInviteAttrTypes = map[string]attr.Type{
	"email":                   types.StringType,
	"redirect_url":            types.StringType,
	"send_invitation_message": types.BoolType,
	"message_body":            types.StringType,
	"group_ids":               types.ListType{ElemType: types.StringType},
	"application_ids":         types.ListType{ElemType: types.StringType},
}

func (f *parseBulkInviteCSVFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_bulk_invite_csv"
}

func (f *parseBulkInviteCSVFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parses the Entra portal's bulk-invite CSV.",
		MarkdownDescription: "Parses the bulk-invite CSV that the Entra portal's *Bulk invite* page takes: a `version:v1.0` row, a header row whose " +
			"bracketed keys name the columns (`[inviteeEmail]`, `[inviteRedirectURL]`, `[sendEmail]`, `[customizedMessageBody]`), and one guest per row. " +
			"It also takes the legacy columns `invitedToGroups` (group object ids) and `invitedToApplications` (application (client) ids), " +
			"separated by `;` or `,`, which the invitation API lacks. The template's `Example` row is skipped.\n\n" +
			"Returns a map keyed by lower-cased email of `{email, redirect_url, send_invitation_message, message_body, group_ids, application_ids}`. " +
			"A bad row is an error that names its line and column." +
			pageNotes("Provider-defined functions need Terraform 1.8+ or OpenTofu 1.7+.", "None: the function reads only its argument and calls nothing."),
		Parameters: []function.Parameter{function.StringParameter{Name: "text", MarkdownDescription: "The CSV's content, for example from `file()`."}},
		Return:     function.MapReturn{ElementType: types.ObjectType{AttrTypes: bulkInviteAttrTypes}},
	}
}

func (f *parseBulkInviteCSVFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var text string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &text))
	if resp.Error != nil {
		return
	}
	rows, err := parseBulkInviteCSV(text)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	out := make(map[string]attr.Value, len(rows))
	for key, r := range rows {
		out[key] = types.ObjectValueMust(bulkInviteAttrTypes, map[string]attr.Value{
			"email": types.StringValue(r.Email), "redirect_url": types.StringValue(r.RedirectURL),
			"send_invitation_message": types.BoolValue(r.SendInvitationMessage), "message_body": types.StringValue(r.MessageBody),
			"group_ids": stringList(r.GroupIDs), "application_ids": stringList(r.ApplicationIDs),
		})
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, types.MapValueMust(types.ObjectType{AttrTypes: bulkInviteAttrTypes}, out)))
}

func stringList(ss []string) types.List {
	vals := make([]attr.Value, 0, len(ss))
	for _, s := range ss {
		vals = append(vals, types.StringValue(s))
	}
	return types.ListValueMust(types.StringType, vals)
}
