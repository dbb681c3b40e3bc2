package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var objectAsOptions = basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true}

// keepState is UseStateForUnknown: a computed value that does not change is
// shown as known in the plan instead of "(known after apply)".
func keepState() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
}

func (r *invitationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Invites a Microsoft Entra ID B2B guest and keeps their group memberships and app role assignments in step, in place. " +
			"Graph has no invitation object to read back, so the resource is the guest user: its `id` is the user's object id.\n\n" +
			"Inviting an email that already belongs to a user adopts that user (`adopted = true`) instead of creating a second one; destroy keeps an adopted user unless `delete_adopted_user_on_destroy` says otherwise.\n\n" +
			"Permissions (application, with admin consent): `User.Invite.All` to invite, `User.Read.All` to read, `GroupMember.ReadWrite.All` for `group_ids`, " +
			"`AppRoleAssignment.ReadWrite.All` for `app_role_assignments`, `User.ReadWrite.All` to set or change `display_name`, `user_type`, the profile arguments or `sponsor_ids`, to change `email`, to delete the user on destroy and for `reset_redemption_triggers`." +
			pageNotes("`import` blocks need Terraform 1.5+, `import` with `for_each` Terraform 1.7+, a `moved` block from `azuread_invitation` Terraform 1.8+, "+
				"and import by `identity` Terraform 1.12+.",
				"`create`, `read`, `update` and `delete` default to "+minutes(defaultTimeout)+" each. Within them, requests are retried on throttling and replication lag.",
				inviteLimitNote,
				"`message.cc_recipients` takes one address, which is all Graph accepts.",
				sponsorsCloudNote),
		Attributes: map[string]schema.Attribute{
			// Required
			"email": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The guest's email address (`invitedUserEmailAddress`). Checked at plan time against Graph's rules: none of ``~ ! # $ % ^ & * ( ) + = [ ] { } \\ / | ; : \" < > ? ,``, and no `.` or `-` at the start or end of the user name. " +
					"**Changing it keeps the guest**: Graph's redemption reset moves the same user, with its object id, groups, app roles and sponsors, to the new address, " +
					"by setting the user's `mail` and sending a new invitation there with `resetRedemption`. The guest must redeem again, and the plan says so. " +
					"It needs `User.ReadWrite.All`. A change of letter case alone changes nothing. " +
					"The tenant's domain allow or deny list governs the new address as it governs an invitation: an address it refuses fails the apply with an error on `email`, and the guest keeps its address, mail and redemption. " +
					"Where a `b2b_collaboration_settings` of the same configuration sets the list and is planned first (the invitation refers to it or names it in `depends_on`), the plan fails instead.",
				Validators: []validator.String{emailValidator()},
			},
			"redirect_url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Where the guest lands after redeeming (`inviteRedirectUrl`); an absolute http(s) URL. Used when an invitation is sent; changing it alone makes no Graph call and takes effect with the next `resend_triggers` change. Updates in place.",
				Validators:          []validator.String{redirectURLValidator()},
			},

			// Optional
			"display_name": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				PlanModifiers: keepState(),
				MarkdownDescription: "The guest's display name. Updates in place (PATCH user, needs `User.ReadWrite.All`). When left out, the provider does not manage it: " +
					"a new guest gets the name Graph picks, and an imported guest keeps its own, which state then follows.",
			},
			"user_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("Guest"),
				MarkdownDescription: "`Guest` (default) or `Member`. Updates in place (PATCH user, needs `User.ReadWrite.All`). Inviting as `Member` needs a caller that may create members.",
				Validators:          []validator.String{stringvalidator.OneOf("Guest", "Member")},
			},
			"send_invitation_message": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether Graph emails the invitation. Default `true`, independent of `message`. Takes effect when an invitation is sent; updates in place.",
			},
			"message": schema.SingleNestedAttribute{
				Optional:            true,
				MarkdownDescription: "The invitation email's customisation (`invitedUserMessageInfo`). Takes effect when an invitation is sent; updates in place.",
				Attributes: map[string]schema.Attribute{
					"body":          schema.StringAttribute{Optional: true, MarkdownDescription: messageBodyDescription},
					"language":      schema.StringAttribute{Optional: true, MarkdownDescription: messageLanguageDescription, Validators: messageLanguageValidators()},
					"cc_recipients": schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: messageCCDescription, Validators: messageCCValidators()},
				},
			},
			"sponsor_ids": schema.SetAttribute{
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				ElementType:   types.StringType,
				MarkdownDescription: "Object ids of users or groups who sponsor the guest. Sent with the invitation (`invitedUserSponsors`); when set, the guest's sponsors are exactly these: " +
					"they are read back on refresh, so a sponsor added or removed elsewhere shows as drift, and changed in place (`/users/{id}/sponsors`, needs `User.ReadWrite.All`). " +
					"Left out, sponsors are not managed: a new guest gets none, and removing the argument leaves the guest's sponsors as they are.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(uuidValidator())},
			},
			"group_ids": schema.SetAttribute{
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Object ids of groups the guest is a direct member of, managed by this resource. Added and removed in place with `GroupMember.ReadWrite.All`. " +
					"The resource manages the memberships its state records, and no others: a membership made outside it is never read into state and never removed. " +
					"After import or a move, nothing is recorded until this argument names groups; the first apply then records those the guest already has without a Graph write, and adds the rest. " +
					"Leaving the argument out keeps whatever the state records; set `[]` to remove them all.",
				Validators:    []validator.Set{setvalidator.ValueStringsAre(uuidValidator())},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"app_role_assignments": schema.SetNestedAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "App roles assigned to the guest, managed by this resource. Added and removed in place with `AppRoleAssignment.ReadWrite.All`. Recorded and refreshed by the same rule as `group_ids`.",
				Validators:          []validator.Set{uniqueAppRoles{}},
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"resource_id": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Object id of the resource application's service principal.",
							Validators:          []validator.String{uuidValidator()},
						},
						"app_role_id": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Id of the app role; `00000000-0000-0000-0000-000000000000` grants default access to an app without roles.",
							Validators:          []validator.String{uuidValidator()},
						},
						"id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The assignment's id (an opaque string, not a UUID).",
						},
					},
				},
			},
			"delete_user_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether destroying the resource deletes the guest user (default `true`; needs `User.ReadWrite.All`). Deleted users stay restorable for 30 days. " +
					"It applies to users this resource created (`adopted = false`); an adopted or imported user is deleted only with `delete_adopted_user_on_destroy` as well. " +
					"A user that destroy keeps loses only the memberships and app roles this resource records, and destroy says so in a warning.",
			},
			"delete_adopted_user_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroy also deletes a user this resource did not create: one it adopted, or one that was imported (`adopted = true`). " +
					"Default `false`, since such a user existed before the resource and may belong to someone else. Takes effect only with `delete_user_on_destroy = true`.",
			},
			"resend_triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Any change to this map re-sends the invitation to the existing user, in place, with the current `message` and `redirect_url`, and refreshes `redeem_url` and `status`. " +
					"A guest who has accepted is skipped with a warning unless `resend_when_accepted` is `true`. On Terraform 1.14+, the `b2b_resend_invitation` action does the same without a trigger value.",
			},
			"resend_when_accepted": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Resend even when the guest has already accepted. Default `false`.",
			},
			"reset_redemption_triggers": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Any change to this map resets the guest's redemption (`resetRedemption`), in place: the same user must redeem again, perhaps with another identity. Needs `User.ReadWrite.All`. On Terraform 1.14+, the `b2b_reset_redemption` action does the same without a trigger value.",
			},
			"expire_pending_after": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the guest may stay pending: a duration such as `720h`, or days such as `30d`, from 1 day to 100 years. A guest who has not accepted an invitation sent longer ago than this " +
					"is reported on every plan by a warning that names the guest and its age. Nothing is ever deleted on its own: remind the guest (`resend_triggers`, `b2b_resend_invitation`), " +
					"or remove this resource to delete the guest. The invitation time is `external_user_state_changed_at`; ages count on the tenant's clock.",
				Validators: []validator.String{ageValidator()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),

			// Computed
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The guest user's object id.",
				PlanModifiers:       keepState(),
			},
			"user_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The guest user's object id (same as `id`).",
				PlanModifiers:       keepState(),
			},
			"user_principal_name": schema.StringAttribute{
				Computed:            true,
				PlanModifiers:       keepState(),
				MarkdownDescription: "The guest's UPN, such as `pat_partner.example#EXT#@contoso.onmicrosoft.com`.",
			},
			"redeem_url": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       keepState(),
				MarkdownDescription: "The redemption link from the last invitation sent by this resource. Sensitive: whoever opens it redeems the invitation.",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				PlanModifiers:       keepState(),
				MarkdownDescription: "The invitation's status at the last invite: `PendingAcceptance` or `Completed`.",
			},
			"external_user_state": schema.StringAttribute{
				Computed:            true,
				PlanModifiers:       keepState(),
				MarkdownDescription: "`PendingAcceptance` or `Accepted`, refreshed on every read. It is per directory, not per application.",
			},
			"accepted": schema.BoolAttribute{
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Whether `external_user_state` is `Accepted`.",
			},
			"external_user_state_changed_at": schema.StringAttribute{
				Computed:            true,
				PlanModifiers:       keepState(),
				MarkdownDescription: "When `external_user_state` last changed (RFC 3339).",
			},
			"adopted": schema.BoolAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Whether the email already belonged to a user before this resource invited it, or the user was imported. Destroy keeps an adopted user unless `delete_adopted_user_on_destroy` is `true`. " +
					"Known at create when Graph answers that the user had accepted; a guest someone else invited who is still pending is recognized from its creation time by the next refresh, or by destroy itself.",
			},
		},
	}
	profileSchema(resp.Schema.Attributes)
}
