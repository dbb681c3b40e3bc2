package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure        = &guestDataSource{}
	_ datasource.DataSourceWithConfigValidators = &guestDataSource{}
)

// guestDataSource is data.b2b_guest: one guest and whether they accepted.
type guestDataSource struct {
	client *graph.Client
}

// NewGuestDataSource returns the data source.
func NewGuestDataSource() datasource.DataSource { return &guestDataSource{} }

func (d *guestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_guest"
}

func (d *guestDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

var identityAttrTypes = map[string]attr.Type{"sign_in_type": types.StringType, "issuer": types.StringType}

func (d *guestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one guest and their redemption state. `external_user_state` is per directory, not per application: " +
			"a guest who accepted any invitation to the tenant is `Accepted` for every app. Needs `User.Read.All`.\n\n" +
			"To make a plan depend on acceptance without a dependency cycle, read acceptance with `b2b_guests` filtered by `state` and `emails`, " +
			"not with this data source on the same invitation's `user_id` (see the `b2b_guests` page)." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote,
				"`email` matches `mail` or `otherMails`, for users of any `userType`. No match, or more than one, is an error on `email`; look the user up by `user_id` then.", sponsorsCloudNote,
				"`pending_since` and `pending_days` tell how long a guest has not accepted. With `include_sign_in_activity = true`, one more round trip reads the sign-in activity. "+signInNote),
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Look up by object id.",
				Validators:          []validator.String{uuidValidator()},
			},
			"email": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Look up by email (`mail` or `otherMails`).",
			},
			"user_principal_name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Look up by UPN. Guest UPNs contain `#EXT#`; the provider encodes it.",
			},
			"display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The display name.",
			},
			"user_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`Guest` or `Member`.",
			},
			"creation_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`Invitation` for invited guests.",
			},
			"external_user_state": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`PendingAcceptance` or `Accepted`; null for users who were never invited.",
			},
			"accepted": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether `external_user_state` is `Accepted`.",
			},
			"external_user_state_changed_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the state last changed (RFC 3339).",
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the user was created, that is invited (RFC 3339).",
			},
			"identities": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "How the guest signs in.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"sign_in_type": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Such as `federated` or `userPrincipalName`.",
						},
						"issuer": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Who issues the identity, such as the guest's home tenant domain.",
						},
					},
				},
			},
			"group_ids": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Groups the guest is a direct member of.",
			},
			"app_role_assignments": schema.SetNestedAttribute{
				Computed:            true,
				MarkdownDescription: "App roles assigned directly to the guest.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The assignment id.",
						},
						"resource_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The service principal's object id.",
						},
						"app_role_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The app role id.",
						},
					},
				},
			},
		},
	}
	profileDataSchema(resp.Schema.Attributes)
	lifecycleDataSchema(resp.Schema.Attributes)
	resp.Schema.Attributes["include_sign_in_activity"] = schema.BoolAttribute{
		Optional:            true,
		MarkdownDescription: "Read the guest's sign-in activity into the `last_*_sign_in_at` attributes. Default `false`. Needs `AuditLog.Read.All` and a premium license.",
	}
}

func (d *guestDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(
		path.MatchRoot("user_id"), path.MatchRoot("email"), path.MatchRoot("user_principal_name"))}
}

func (d *guestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m guestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, value := "user_id", m.UserID.ValueString()
	switch {
	case !m.Email.IsNull():
		key, value = "email", m.Email.ValueString()
		found, err := d.client.FindUsersByEmail(ctx, value)
		if err != nil {
			resp.Diagnostics.AddError("Cannot look up guest by email "+value, errorDetail(ctx, err, "the lookup"))
			return
		}
		if len(found) != 1 {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "No single guest for email "+value,
				fmt.Sprintf("%d users have the mail or otherMails %q; exactly one is needed. Look up by user_id instead.", len(found), value))
			return
		}
		value = found[0].ID
	case !m.UserPrincipalName.IsNull():
		key, value = "user_principal_name", m.UserPrincipalName.ValueString()
	}
	gs, err := d.client.ReadGuestStateWithSponsors(ctx, value)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root(key), "Guest not found", fmt.Sprintf("No user has the %s %q.", key, value))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read guest %s %s", key, value), errorDetail(ctx, err, "reading"))
		return
	}
	if m.IncludeSignInActivity.ValueBool() {
		withSignIns, err := d.client.GetUserWithSignIns(ctx, gs.Guest.ID)
		if err != nil {
			addSignInError(ctx, &resp.Diagnostics, "the sign-in activity of guest "+gs.Guest.ID, err)
			return
		}
		gs.Guest.SignIns = withSignIns.SignIns
	}
	m.fill(gs)
	m.guestLifecycleModel = lifecycleModelOf(gs.Guest, d.client.Now())
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

type guestModel struct {
	UserID                     types.String `tfsdk:"user_id"`
	Email                      types.String `tfsdk:"email"`
	UserPrincipalName          types.String `tfsdk:"user_principal_name"`
	DisplayName                types.String `tfsdk:"display_name"`
	UserType                   types.String `tfsdk:"user_type"`
	CreationType               types.String `tfsdk:"creation_type"`
	ExternalUserState          types.String `tfsdk:"external_user_state"`
	Accepted                   types.Bool   `tfsdk:"accepted"`
	ExternalUserStateChangedAt types.String `tfsdk:"external_user_state_changed_at"`
	CreatedAt                  types.String `tfsdk:"created_at"`
	Identities                 types.List   `tfsdk:"identities"`
	GroupIDs                   types.Set    `tfsdk:"group_ids"`
	AppRoleAssignments         types.Set    `tfsdk:"app_role_assignments"`
	SponsorIDs                 types.Set    `tfsdk:"sponsor_ids"`
	IncludeSignInActivity      types.Bool   `tfsdk:"include_sign_in_activity"`
	guestProfileModel
	guestLifecycleModel
}

func (m *guestModel) fill(gs graph.GuestState) {
	g := gs.Guest
	m.UserID, m.UserPrincipalName = types.StringValue(g.ID), types.StringValue(g.UserPrincipalName)
	if m.Email.IsNull() || !emailMatches(m.Email.ValueString(), g) {
		m.Email = types.StringValue(g.Mail)
	}
	m.DisplayName, m.UserType = types.StringValue(g.DisplayName), types.StringValue(g.UserType)
	m.CreationType = nullableString(g.CreationType)
	m.ExternalUserState = nullableString(g.ExternalUserState)
	m.Accepted = types.BoolValue(g.Accepted())
	m.ExternalUserStateChangedAt = timeString(g.ExternalUserStateChangedAt)
	m.CreatedAt = timeString(g.CreatedAt)
	ids := make([]attr.Value, 0, len(g.Identities))
	for _, id := range g.Identities {
		ids = append(ids, types.ObjectValueMust(identityAttrTypes, map[string]attr.Value{
			"sign_in_type": types.StringValue(id.SignInType), "issuer": types.StringValue(id.Issuer)}))
	}
	m.Identities = types.ListValueMust(types.ObjectType{AttrTypes: identityAttrTypes}, ids)
	m.GroupIDs = stringSetValue(gs.GroupIDs)
	m.AppRoleAssignments = appRoleSetValue(rolesFromGraph(gs.Assignments))
	m.setProfile(g.Profile)
	m.SponsorIDs = stringSetValue(gs.SponsorIDs)
}
