package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &collaborationSettingsResource{}
	_ resource.ResourceWithImportState = &collaborationSettingsResource{}
	_ resource.ResourceWithModifyPlan  = &collaborationSettingsResource{}
)

const collaborationSettingsID = "collaboration_settings"

// guestAccessRoles maps guest_access to Graph's guest user role ids.
var guestAccessRoles = map[string]string{
	"same_as_members": "a0b1b346-4d3e-4e8b-98f8-753987be4970",
	"limited":         "10dae51f-b6af-4016-8d66-8c2a99b929b3",
	"restricted":      "2af84b1e-32c8-42b7-82bc-daa82404023b",
}

// collaborationSettingsResource is b2b_collaboration_settings: the external
// collaboration settings that govern invitations, a singleton per tenant.
type collaborationSettingsResource struct {
	client  *graph.Client
	domains *plannedDomains
}

// NewCollaborationSettingsResource returns the resource.
func NewCollaborationSettingsResource() resource.Resource { return &collaborationSettingsResource{} }

type collaborationSettingsModel struct {
	ID                        types.String `tfsdk:"id"`
	AllowInvitesFrom          types.String `tfsdk:"allow_invites_from"`
	GuestAccess               types.String `tfsdk:"guest_access"`
	EmailVerifiedUsersCanJoin types.Bool   `tfsdk:"email_verified_users_can_join"`
	AllowedDomains            types.Set    `tfsdk:"allowed_domains"`
	BlockedDomains            types.Set    `tfsdk:"blocked_domains"`
	GuestEmailOTP             types.String `tfsdk:"guest_email_one_time_passcode"`
}

func (r *collaborationSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collaboration_settings"
}

func (r *collaborationSettingsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.client, r.domains = pd.client, pd.domains
	}
}

func (r *collaborationSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepSet := []planmodifier.Set{setplanmodifier.UseStateForUnknown()}
	domains := []validator.Set{setvalidator.ValueStringsAre(domainNameValidator()), setvalidator.ConflictsWith(path.MatchRoot("allowed_domains"), path.MatchRoot("blocked_domains"))}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The tenant's external collaboration settings that govern invitations, a singleton: who may invite, what guests may see, whether email-verified users may join by themselves (the authorization policy, `Policy.ReadWrite.Authorization`), " +
			"the domain allow or deny list for invitations, and whether guests may redeem with one-time passcodes sent by mail (the email method of the authentication methods policy, `Policy.ReadWrite.AuthenticationMethod`). An argument left out is not managed, and every change is made in place. " +
			"**The domain list is served by Graph's beta API only** (`/beta/policies/b2bManagementPolicies`, in the global cloud; `Policy.Read.B2BManagementPolicy` to read it, `Policy.ReadWrite.B2BManagementPolicy` to change it), which Microsoft may change; it is read and written only when `allowed_domains` or `blocked_domains` is set, or after an import, which takes the list the tenant holds. " +
			"The list governs redemption resets as it governs invitations: a `b2b_invitation` whose `email` changes to a refused domain fails, at plan time when it refers to this resource or depends on it, else at apply time. " +
			"**Destroy leaves the settings as they are**, and says so in a warning." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Always `" + collaborationSettingsID + "`.", PlanModifiers: keep},
			"allow_invites_from": schema.StringAttribute{
				Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Who may invite guests (`allowInvitesFrom`): `none` (no one, admins included), `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers` or `everyone`. An app with `User.Invite.All` invites unless it is `none`.",
				Validators:          []validator.String{stringvalidator.OneOf("none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone")},
			},
			"guest_access": schema.StringAttribute{
				Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "What guests may see of the directory (`guestUserRoleId`): `same_as_members`, `limited` (Entra's default) or `restricted` (their own objects only).",
				Validators:          []validator.String{stringvalidator.OneOf("same_as_members", "limited", "restricted")},
			},
			"email_verified_users_can_join": schema.BoolAttribute{
				Optional: true, Computed: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Whether users with a verified email may join the tenant by themselves (`allowEmailVerifiedUsersToJoinOrganization`).",
			},
			"allowed_domains": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, PlanModifiers: keepSet, Validators: domains,
				MarkdownDescription: "**Beta.** Invitations go only to these domains. Conflicts with `blocked_domains`.",
			},
			"guest_email_one_time_passcode": schema.StringAttribute{
				Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Whether guests may redeem, and sign in, with a one-time passcode sent by mail (`allowExternalIdToUseEmailOtp`): `enabled`, `disabled` or `default` (enabled in tenants that did not take part in the preview). " +
					"It serves guests that no identity provider of `b2b_cross_tenant_defaults.redemption` serves, when its fallback is `emailOneTimePasscode` or `defaultConfiguredIdp`: keep it allowed where the fallback is `emailOneTimePasscode`. " +
					"Read and written only when set, or after an import; reading it needs `Policy.Read.AuthenticationMethod` (or `Policy.Read.All`), changing it `Policy.ReadWrite.AuthenticationMethod`.",
				Validators: []validator.String{stringvalidator.OneOf(graph.EmailOTPStates...)},
			},
			"blocked_domains": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, PlanModifiers: keepSet, Validators: domains,
				MarkdownDescription: "**Beta.** Invitations to these domains are refused; empty, any domain may be invited. Conflicts with `allowed_domains`.",
			},
		},
	}
}

// write sends what plan sets and differs from prior, then reads it back.
func (r *collaborationSettingsResource) write(ctx context.Context, plan, prior collaborationSettingsModel, diags *diag.Diagnostics) (collaborationSettingsModel, bool) {
	var patch graph.CollaborationSettings
	if v := plan.AllowInvitesFrom; !v.IsUnknown() && !v.IsNull() && !v.Equal(prior.AllowInvitesFrom) {
		patch.AllowInvitesFrom = v.ValueStringPointer()
	}
	if v := plan.GuestAccess; !v.IsUnknown() && !v.IsNull() && !v.Equal(prior.GuestAccess) {
		role := guestAccessRoles[v.ValueString()]
		patch.GuestUserRoleID = &role
	}
	if v := plan.EmailVerifiedUsersCanJoin; !v.IsUnknown() && !v.IsNull() && !v.Equal(prior.EmailVerifiedUsersCanJoin) {
		patch.EmailVerifiedUsersCanJoin = v.ValueBoolPointer()
	}
	if patch != (graph.CollaborationSettings{}) {
		if err := r.client.UpdateCollaborationSettings(ctx, patch); err != nil {
			diags.AddError("Cannot change the collaboration settings", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	}
	allowed, blocked := plan.AllowedDomains, plan.BlockedDomains
	if known := !allowed.IsUnknown() && !allowed.IsNull(); known && !allowed.Equal(prior.AllowedDomains) {
		if err := r.client.UpdateInvitationDomains(ctx, sortedStrings(ctx, allowed, diags), nil); err != nil {
			diags.AddAttributeError(path.Root("allowed_domains"), "Cannot change the invitation domain list", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	} else if known := !blocked.IsUnknown() && !blocked.IsNull(); known && !blocked.Equal(prior.BlockedDomains) {
		if err := r.client.UpdateInvitationDomains(ctx, nil, sortedStrings(ctx, blocked, diags)); err != nil {
			diags.AddAttributeError(path.Root("blocked_domains"), "Cannot change the invitation domain list", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	}
	otp := plan.GuestEmailOTP
	if !otp.IsUnknown() && !otp.IsNull() && !otp.Equal(prior.GuestEmailOTP) {
		if err := r.client.SetGuestEmailOTP(ctx, otp.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("guest_email_one_time_passcode"), "Cannot change guests' email one-time passcodes", errorDetail(ctx, err, "the change"))
			return plan, false
		}
	}
	managesDomains := (!allowed.IsNull() && !allowed.IsUnknown()) || (!blocked.IsNull() && !blocked.IsUnknown()) || !prior.AllowedDomains.IsNull() || !prior.BlockedDomains.IsNull()
	managesOTP := (!otp.IsNull() && !otp.IsUnknown()) || !prior.GuestEmailOTP.IsNull()
	return r.read(ctx, managesDomains, managesOTP, diags)
}

func sortedStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	out := stringSet(ctx, s, diags)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return out
}

// read reads the settings, and the domain list and guests' passcodes when
// they are managed: they need permissions of their own, which a
// configuration that leaves them out should not.
func (r *collaborationSettingsResource) read(ctx context.Context, domains, otp bool, diags *diag.Diagnostics) (collaborationSettingsModel, bool) {
	s, err := r.client.GetCollaborationSettings(ctx)
	if err != nil {
		diags.AddError("Cannot read the collaboration settings", errorDetail(ctx, err, "the read"))
		return collaborationSettingsModel{}, false
	}
	m := collaborationSettingsModel{ID: types.StringValue(collaborationSettingsID), AllowInvitesFrom: types.StringPointerValue(s.AllowInvitesFrom),
		EmailVerifiedUsersCanJoin: types.BoolPointerValue(s.EmailVerifiedUsersCanJoin), GuestAccess: types.StringNull(),
		AllowedDomains: types.SetNull(types.StringType), BlockedDomains: types.SetNull(types.StringType), GuestEmailOTP: types.StringNull()}
	for name, id := range guestAccessRoles {
		if s.GuestUserRoleID != nil && strings.EqualFold(*s.GuestUserRoleID, id) {
			m.GuestAccess = types.StringValue(name)
		}
	}
	if otp {
		state, err := r.client.GetGuestEmailOTP(ctx)
		if err != nil {
			diags.AddError("Cannot read guests' email one-time passcodes", errorDetail(ctx, err, "the read"))
			return m, false
		}
		m.GuestEmailOTP = types.StringValue(state)
	}
	if domains {
		d, err := r.client.GetInvitationDomains(ctx)
		if err != nil {
			diags.AddError("Cannot read the invitation domain list", errorDetail(ctx, err, "the read"))
			return m, false
		}
		if d.Allowed != nil {
			m.AllowedDomains = stringSetValue(d.Allowed)
		} else {
			m.BlockedDomains = stringSetValue(append([]string{}, d.Blocked...))
		}
	}
	return m, true
}

func (r *collaborationSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan collaborationSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	none := collaborationSettingsModel{AllowedDomains: types.SetNull(types.StringType), BlockedDomains: types.SetNull(types.StringType), GuestEmailOTP: types.StringNull()}
	if m, ok := r.write(ctx, plan, none, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *collaborationSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collaborationSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m, ok := r.read(ctx, !state.AllowedDomains.IsNull() || !state.BlockedDomains.IsNull(), !state.GuestEmailOTP.IsNull(), &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *collaborationSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state collaborationSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m, ok := r.write(ctx, plan, state, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// Delete leaves the tenant's settings as they are: there is no "unset" for
// them, and putting Entra's defaults back could open invitations that an
// administrator closed on purpose.
func (r *collaborationSettingsResource) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddWarning("Collaboration settings left as they are",
		"b2b_collaboration_settings is no longer managed by Terraform, and the tenant keeps the settings it last had: who may invite, guest access, email-verified joining, the domain list and guests' email one-time passcodes. Change them in the Microsoft Entra admin center if they should differ.")
}

func (r *collaborationSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != collaborationSettingsID {
		resp.Diagnostics.AddError("Cannot import b2b_collaboration_settings "+req.ID, "There is one set per tenant: import it with the id `"+collaborationSettingsID+"`.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), collaborationSettingsID)...)
	// The import cannot see the configuration, so it takes the domain list
	// the tenant holds, for a configuration that names the same list to
	// plan nothing. The read that follows keeps reading it.
	allowed, blocked := types.SetNull(types.StringType), types.SetNull(types.StringType)
	if d, err := r.client.GetInvitationDomains(ctx); err != nil {
		resp.Diagnostics.AddWarning("The invitation domain list was not imported",
			errorDetail(ctx, err, "the read")+"\n\nThe other settings are imported. A configuration that sets allowed_domains or blocked_domains plans to write that list, even where the tenant holds it already.")
	} else if d.Allowed != nil {
		allowed = stringSetValue(d.Allowed)
	} else {
		blocked = stringSetValue(append([]string{}, d.Blocked...))
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("allowed_domains"), allowed)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("blocked_domains"), blocked)...)
	otp := types.StringNull()
	if state, err := r.client.GetGuestEmailOTP(ctx); err != nil {
		resp.Diagnostics.AddWarning("Guests' email one-time passcodes were not imported",
			errorDetail(ctx, err, "the read")+"\n\nThe other settings are imported. A configuration that sets guest_email_one_time_passcode plans to write it, even where the tenant holds that value already.")
	} else {
		otp = types.StringValue(state)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("guest_email_one_time_passcode"), otp)...)
}

// ModifyPlan plans the list the configuration does not name as null when it
// names the other: the tenant holds an allow list or a deny list, and
// writing one clears the other. It notes the list it plans for the
// b2b_invitation resources planned after it (collaboration_settings_planned.go).
func (r *collaborationSettingsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.domains.note(ctx, types.SetNull(types.StringType), types.SetNull(types.StringType))
		return
	}
	defer func() {
		var allowed, blocked types.Set
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("allowed_domains"), &allowed)...)
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("blocked_domains"), &blocked)...)
		r.domains.note(ctx, allowed, blocked)
	}()
	var config collaborationSettingsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, pair := range []struct {
		configured types.Set
		other      string
	}{{config.AllowedDomains, "blocked_domains"}, {config.BlockedDomains, "allowed_domains"}} {
		if !pair.configured.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(pair.other), types.SetNull(types.StringType))...)
		}
	}
}
