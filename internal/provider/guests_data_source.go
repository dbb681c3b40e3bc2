package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure      = &guestsDataSource{}
	_ datasource.DataSourceWithValidateConfig = &guestsDataSource{}
)

// guestsDataSource is data.b2b_guests: guests filtered by redemption state
// and email.
type guestsDataSource struct {
	client  *graph.Client
	managed *managedGuests
}

// NewGuestsDataSource returns the data source.
func NewGuestsDataSource() datasource.DataSource { return &guestsDataSource{} }

func (d *guestsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_guests"
}

func (d *guestsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		d.client, d.managed = pd.client, pd.managed
	}
}

var listedGuestAttrTypes = func() map[string]attr.Type {
	t := map[string]attr.Type{
		"user_id": types.StringType, "email": types.StringType, "display_name": types.StringType,
		"external_user_state": types.StringType, "accepted": types.BoolType,
		"external_user_state_changed_at": types.StringType, "created_at": types.StringType,
		"managed": types.BoolType,
	}
	maps.Copy(t, profileAttrTypes)
	maps.Copy(t, lifecycleAttrTypes)
	return t
}()

func (d *guestsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists guests (`userType eq 'Guest'`), filtered by redemption state, email, domain, invitation time, how long they have been pending and how long since they signed in. Needs `User.Read.All`. " +
			"No match is an empty list.\n\n" +
			"Graph filters `state` and up to 15 `emails` itself (`externalUserState eq`, `mail eq`: no advanced query needed); `pending_longer_than` asks Graph for pending guests only. " +
			"`email_domain`, `invited_before`, `invited_after`, the age of `pending_longer_than` and `not_signed_in_for` are applied by the provider after paging through the results: Graph supports " +
			"`endsWith` and the creation time only as advanced queries, and `signInActivity` only alone, without `userType` beside it, and never matches a guest who never signed in.\n\n" +
			"**Stale guests.** `pending_longer_than = \"30d\"` lists the guests who have not accepted an invitation sent more than 30 days ago; `not_signed_in_for = \"90d\"` " +
			"lists the guests whose account is at least 90 days old and who have had no successful sign-in in those 90 days: a guest invited a minute ago, who has never signed in, is not one of them. Feed either list to `b2b_resend_invitation` or `b2b_offboard_guests`. " +
			signInNote + "\n\n" +
			"**Gating on acceptance without a cycle.** The state is per directory, not per application. To give a role only to guests who accepted, " +
			"read acceptance here, independently of the invitations, and feed it into `b2b_invitation.app_role_assignments`:\n\n" +
			"```terraform\ndata \"b2b_guests\" \"accepted\" {\n  state  = \"Accepted\"\n  emails = keys(local.partners)\n}\n\n" +
			"locals {\n  accepted = toset([for g in data.b2b_guests.accepted.guests : lower(g.email)])\n}\n```\n\n" +
			"then, in the invitation, add the sensitive role with `contains(local.accepted, lower(each.key)) ? [...] : []`. " +
			"Reading by the invitation's own `user_id` would make the invitation depend on itself." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote,
				"`emails` matches each guest's `mail` only, not `otherMails`; look a guest up by another address with `b2b_guest`.",
				fmt.Sprintf("With sign-in activity, Graph pages at most %d users at a time, so the read costs one round trip per %d guests of the chosen `state`.", graph.SignInPageSize, graph.SignInPageSize),
				"Only users whose `userType` is `Guest` are listed; B2B users invited as members are not (the `b2b_invitation` list resource lists them with `user_type = \"Member\"`).",
				fmt.Sprintf("Up to %d `emails` go into Graph's filter, so the read costs one round trip per 999 matches. With more, or with only `email_domain`, `redeemed_with` or the time filters, "+
					"the provider reads every guest in the chosen `state`, one round trip per 999 guests, and filters them itself. "+
					"Telling which guests are managed (`managed`) costs one more round trip per 20 guests found.", graph.MaxServerSideEmails),
				sponsorsCloudNote),
		Attributes: map[string]schema.Attribute{
			"state": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`PendingAcceptance` or `Accepted`.",
				Validators:          []validator.String{stringvalidator.OneOf("PendingAcceptance", "Accepted")},
			},
			"emails": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Only these email addresses (case-insensitive).",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(emailValidator())},
			},
			"email_domain": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only emails at this domain, such as `partner.example`.",
				Validators:          []validator.String{domainNameValidator()},
			},
			"invited_before": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only guests created before this time: RFC 3339, or a duration back from now such as `720h` or `30d`, from 1 second to 100 years. A negative duration, a time to come, is refused: for the guests created in the last 30 days, use `invited_after = \"30d\"`.",
				Validators:          []validator.String{timeOrDurationValidator()},
			},
			"invited_after": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only guests created after this time: RFC 3339, or a duration back from now such as `720h` or `30d`, from 1 second to 100 years.",
				Validators:          []validator.String{timeOrDurationValidator()},
			},
			"pending_longer_than": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only guests who have not accepted an invitation sent longer ago than this: a duration such as `720h`, or days such as `30d`, from 1 day to 100 years. The invitation time is `pending_since`. Cannot be combined with `state = \"Accepted\"`.",
				Validators:          []validator.String{ageValidator()},
			},
			"not_signed_in_for": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only guests whose account is at least this old (`createdDateTime`) and who have had no successful sign-in in that time (`lastSuccessfulSignInDateTime`); a guest invited more recently never matches, even one that never signed in. A duration such as `2160h`, or days such as `90d`, from 1 day to 100 years. Reads sign-in activity, with its permission and license.",
				Validators:          []validator.String{ageValidator()},
			},
			"redeemed_with": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only guests that redeemed with this identity: " + redeemedWithDescription + ". " +
					"`microsoft_account` lists the guests still on personal Microsoft accounts, which a fallback of `emailOneTimePasscode` in `b2b_cross_tenant_defaults.redemption` does not move: they keep their account until their redemption is reset. " +
					"Applied by the provider to the guests Graph lists, so it costs no round trip of its own.",
				Validators: []validator.String{stringvalidator.OneOf(redeemedWithValues...)},
			},
			"managed": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "`false` lists only the guests that no `b2b_invitation` manages, the ones to feed to `b2b_offboard_guests`; `true` only those one manages. Unset lists both. See `guests[*].managed`.",
			},
			"include_sign_in_activity": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Read each guest's sign-in activity into the `last_*_sign_in_at` attributes. Default `false`; implied by `not_signed_in_for`. Needs `AuditLog.Read.All` and a premium license.",
			},
			"guests": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching guests, sorted by email.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Object id.",
						},
						"email": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The guest's mail.",
						},
						"display_name": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Display name.",
						},
						"external_user_state": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "`PendingAcceptance` or `Accepted`.",
						},
						"accepted": schema.BoolAttribute{
							Computed:            true,
							MarkdownDescription: "Whether the guest accepted.",
						},
						"external_user_state_changed_at": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "When the state last changed (RFC 3339).",
						},
						"created_at": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "When the guest was invited (RFC 3339).",
						},
						"managed": schema.BoolAttribute{
							Computed:            true,
							MarkdownDescription: managedDescription,
						},
					},
				},
			},
		},
	}
	if guests, ok := resp.Schema.Attributes["guests"].(schema.ListNestedAttribute); ok {
		profileDataSchema(guests.NestedObject.Attributes)
		lifecycleDataSchema(guests.NestedObject.Attributes)
	}
}

func (d *guestsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m guestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		checkPendingNotAccepted(m.PendingLongerThan, m.State, "state", &resp.Diagnostics)
	}
}

func (d *guestsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m guestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	emails := stringSet(ctx, m.Emails, &resp.Diagnostics)
	listing := graph.GuestListing{State: m.State.ValueString(), Emails: emails,
		SignIns: m.IncludeSignInActivity.ValueBool() || !m.NotSignedInFor.IsNull()}
	if !m.PendingLongerThan.IsNull() {
		listing.State = "PendingAcceptance"
	}
	all, err := d.client.ListGuests(ctx, listing)
	switch {
	case err != nil && listing.SignIns && graph.IsKind(err, graph.KindForbidden): // a missing license is a 403 too
		addSignInError(ctx, &resp.Diagnostics, "the guests' sign-in activity", err)
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot list guests", errorDetail(ctx, err, "listing"))
		return
	}
	// Ages count on the tenant's clock, known now that Graph has answered.
	tenantNow := d.client.Now()
	// The validators have refused what Terraform knew during validation;
	// these parses catch what it learnt only since.
	ages, diags := parseLifecycleFilter(m.PendingLongerThan, m.NotSignedInFor, tenantNow)
	resp.Diagnostics.Append(diags...)
	before, errB := parseTimeOrDuration(m.InvitedBefore.ValueString(), tenantNow)
	if errB != nil {
		resp.Diagnostics.AddAttributeError(path.Root("invited_before"), "Invalid time", "invited_before: "+errB.Error())
	}
	after, errA := parseTimeOrDuration(m.InvitedAfter.ValueString(), tenantNow)
	if errA != nil {
		resp.Diagnostics.AddAttributeError(path.Root("invited_after"), "Invalid time", "invited_after: "+errA.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	wanted := lowerSet(emails)
	// invited_after is exclusive; the filter's lower bound is inclusive.
	from := after
	if !from.IsZero() {
		from = from.Add(time.Nanosecond)
	}
	filter := newGuestFilter(m.EmailDomain.ValueString(), from, before).withRedeemedWith(m.RedeemedWith)
	var kept []graph.Guest
	for _, g := range all {
		if (len(emails) == 0 || wanted[strings.ToLower(g.Mail)]) && filter.matches(g) && ages.matches(g) {
			kept = append(kept, g)
		}
	}
	managed, err := managedGuestIDs(ctx, d.client, d.managed, kept)
	if err != nil {
		resp.Diagnostics.AddError("Cannot tell which guests are managed", errorDetail(ctx, err, "reading the guests' management marks"))
		return
	}
	if !m.Managed.IsNull() {
		kept = slices.DeleteFunc(kept, func(g graph.Guest) bool { return managed[g.ID] != m.Managed.ValueBool() })
	}
	sort.Slice(kept, func(i, j int) bool { return strings.ToLower(kept[i].Mail) < strings.ToLower(kept[j].Mail) })
	vals := make([]attr.Value, 0, len(kept))
	for _, g := range kept {
		v := map[string]attr.Value{
			"user_id": types.StringValue(g.ID), "email": types.StringValue(g.Mail), "display_name": types.StringValue(g.DisplayName),
			"external_user_state": nullableString(g.ExternalUserState), "accepted": types.BoolValue(g.Accepted()),
			"external_user_state_changed_at": timeString(g.ExternalUserStateChangedAt), "created_at": timeString(g.CreatedAt),
			"managed": types.BoolValue(managed[g.ID]),
		}
		maps.Copy(v, profileValues(g.Profile, g.SponsorIDs))
		maps.Copy(v, lifecycleValues(g, tenantNow))
		vals = append(vals, types.ObjectValueMust(listedGuestAttrTypes, v))
	}
	m.Guests = types.ListValueMust(types.ObjectType{AttrTypes: listedGuestAttrTypes}, vals)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

type guestsModel struct {
	State         types.String `tfsdk:"state"`
	Emails        types.Set    `tfsdk:"emails"`
	EmailDomain   types.String `tfsdk:"email_domain"`
	InvitedBefore types.String `tfsdk:"invited_before"`
	InvitedAfter  types.String `tfsdk:"invited_after"`
	Guests        types.List   `tfsdk:"guests"`

	PendingLongerThan     types.String `tfsdk:"pending_longer_than"`
	NotSignedInFor        types.String `tfsdk:"not_signed_in_for"`
	IncludeSignInActivity types.Bool   `tfsdk:"include_sign_in_activity"`
	Managed               types.Bool   `tfsdk:"managed"`
	RedeemedWith          types.String `tfsdk:"redeemed_with"`
}
