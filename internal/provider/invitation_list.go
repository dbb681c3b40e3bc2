package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ list.ListResource                   = &invitationList{}
	_ list.ListResourceWithConfigure      = &invitationList{}
	_ list.ListResourceWithValidateConfig = &invitationList{}
)

// invitationList finds existing guests for `terraform query` (Terraform
// 1.14+), so that `-generate-config-out` writes a b2b_invitation and an
// identity-based import block for each.
type invitationList struct {
	client  *graph.Client
	managed *managedGuests
}

// queryFileSuffix ends the names of the files that hold list blocks, and
// listInTFError is what Terraform says of one found in a .tf file; the page
// quotes both, and a test checks them against the CLI.
const (
	queryFileSuffix = ".tfquery.hcl"
	listInTFError   = `Blocks of type "list" are not expected here.`
)

// NewInvitationList returns the list resource of b2b_invitation.
func NewInvitationList() list.ListResource { return &invitationList{} }

type invitationListModel struct {
	ExternalUserState types.String `tfsdk:"external_user_state"`
	UserType          types.String `tfsdk:"user_type"`
	EmailDomain       types.String `tfsdk:"email_domain"`
	CreatedAfter      types.String `tfsdk:"created_after"`
	CreatedBefore     types.String `tfsdk:"created_before"`

	PendingLongerThan     types.String `tfsdk:"pending_longer_than"`
	NotSignedInFor        types.String `tfsdk:"not_signed_in_for"`
	IncludeSignInActivity types.Bool   `tfsdk:"include_sign_in_activity"`
	Managed               types.Bool   `tfsdk:"managed"`
	RedeemedWith          types.String `tfsdk:"redeemed_with"`
}

func (l *invitationList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation"
}

func (l *invitationList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		l.client, l.managed = pd.client, pd.managed
	}
}

func (l *invitationList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the invited users of the tenant, so that `terraform query -generate-config-out=FILE` writes a `b2b_invitation` and an identity-based `import` block for each (Terraform 1.14+; OpenTofu has no `query` yet). " +
			"A `list` block goes in a file whose name ends in `" + queryFileSuffix + "`, such as `guests" + queryFileSuffix + "`, beside the `.tf` files that configure the provider; " +
			"`terraform query` reads `list` blocks only from such files, and in a `.tf` file Terraform refuses them with \"" + listInTFError + "\". " +
			"The generated blocks plan no change: they hold what an import records, `https://myapps.microsoft.com` as the redirect URL and no message, since Graph keeps neither, and no memberships, which an import records only once the configuration names them. " +
			"Terraform stops a list at 100 results unless its block sets `limit`. " +
			"Graph filters `user_type` and `external_user_state` itself; the provider applies `email_domain`, `created_after` and `created_before` to what Graph returns, since Graph filters those only as advanced queries. " +
			"A listing costs one Graph round trip per 999 users of the chosen type and state (per 120 with sign-in activity, Graph's page size for it), and stops early once `limit` results are found.\n\n" +
			"Each result's name says how long a pending guest has waited, such as `Ada <ada@partner.example>, pending 45 days`, and, when sign-in activity is read, when the guest last signed in, " +
			"such as `, last signed in 2026-08-01` or `, never signed in`: `terraform query` prints it beside each address. " +
			"`pending_longer_than` and `not_signed_in_for` find the guests to review: Graph filters the pending state itself, and the provider the ages. " + signInNote +
			pageNotes("Terraform 1.14+ (`terraform query`); OpenTofu has no list resources.", retriesNote),
		Attributes: map[string]listschema.Attribute{
			"external_user_state": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only guests in this redemption state: `PendingAcceptance` or `Accepted`.",
				Validators:          []validator.String{stringvalidator.OneOf("PendingAcceptance", "Accepted")},
			},
			"user_type": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`Guest` (default) or `Member`, for B2B collaboration users invited as members. Members of the tenant itself, who were never invited, are never listed.",
				Validators:          []validator.String{stringvalidator.OneOf("Guest", "Member")},
			},
			"email_domain": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users whose `mail` is at this domain, such as `partner.example`; letter case does not matter.",
				Validators:          []validator.String{domainNameValidator()},
			},
			"created_after": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users created at or after this time (RFC 3339, such as `2026-01-31T00:00:00Z`).",
				Validators:          []validator.String{rfc3339Validator()},
			},
			"pending_longer_than": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users who have not accepted an invitation sent longer ago than this: a duration such as `720h`, or days such as `30d`, from 1 day to 100 years. Cannot be combined with `external_user_state = \"Accepted\"`.",
				Validators:          []validator.String{ageValidator()},
			},
			"not_signed_in_for": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users whose account is at least this old and who have had no successful sign-in in that time; a user invited more recently never matches, even one that never signed in. A duration such as `2160h`, or days such as `90d`, from 1 day to 100 years. Reads sign-in activity, with its permission and license.",
				Validators:          []validator.String{ageValidator()},
			},
			"managed": listschema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "`false` lists only the users that no `b2b_invitation` manages, the ones left to import; `true` only those one manages. Unset lists both, and each managed user's name ends in `, managed`. " + managedDescription,
			},
			"redeemed_with": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users that redeemed with this identity: " + redeemedWithDescription + ". Applied by the provider to what Graph returns.",
				Validators:          []validator.String{stringvalidator.OneOf(redeemedWithValues...)},
			},
			"include_sign_in_activity": listschema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Read sign-in activity, to name each user's last sign-in in its result. Default `false`; implied by `not_signed_in_for`.",
			},
			"created_before": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users created before this time (RFC 3339).",
				Validators:          []validator.String{rfc3339Validator()},
			},
		},
	}
}

func (l *invitationList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg invitationListModel
	if d := req.Config.Get(ctx, &cfg); d.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(d)
		return
	}
	if l.client == nil {
		stream.Results = list.NoListResults
		return
	}
	match := cfg.matcher()
	query := graph.GuestQuery{UserType: cfg.UserType.ValueString(), State: cfg.ExternalUserState.ValueString()}
	if query.UserType == "" {
		query.UserType = "Guest"
	}
	if !cfg.PendingLongerThan.IsNull() {
		query.State = "PendingAcceptance"
	}
	signIns := cfg.IncludeSignInActivity.ValueBool() || !cfg.NotSignedInFor.IsNull()
	each := l.client.EachUser
	if signIns {
		each = l.client.EachGuestWithSignIns
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var found int64
		var ages *lifecycleFilter
		// Matches wait in a batch of 20 for their management marks, which
		// one $batch request reads.
		var batch []graph.Guest
		stopped := false
		flush := func() error {
			managed, err := managedGuestIDs(ctx, l.client, l.managed, batch)
			if err != nil {
				return err
			}
			for _, g := range batch {
				if stopped || (!cfg.Managed.IsNull() && managed[g.ID] != cfg.Managed.ValueBool()) {
					continue
				}
				found++
				if !push(guestListResult(ctx, req, g, ages.now, managed[g.ID])) || (req.Limit > 0 && found >= req.Limit) {
					stopped = true
				}
			}
			batch = batch[:0]
			return nil
		}
		err := each(ctx, query.Filter(), func(g graph.Guest) bool {
			if ages == nil {
				// The first page has told the tenant's time.
				f := newLifecycleFilter(cfg.PendingLongerThan, cfg.NotSignedInFor, l.client.Now())
				ages = &f
			}
			if !match(g) || !ages.matches(g) {
				return true
			}
			batch = append(batch, g)
			if len(batch) < 20 {
				return true
			}
			if err := flush(); err != nil {
				stopped = true
				result := req.NewListResult(ctx)
				result.Diagnostics.AddError("Cannot tell which users are managed", errorDetail(ctx, err, "reading the users' management marks"))
				push(result)
			}
			return !stopped
		})
		if err == nil && len(batch) > 0 && !stopped {
			if ferr := flush(); ferr != nil {
				result := req.NewListResult(ctx)
				result.Diagnostics.AddError("Cannot tell which users are managed", errorDetail(ctx, ferr, "reading the users' management marks"))
				push(result)
			}
		}
		if err != nil {
			result := req.NewListResult(ctx)
			if signIns && graph.IsKind(err, graph.KindForbidden) {
				addSignInError(ctx, &result.Diagnostics, "the users' sign-in activity", err)
			} else {
				result.Diagnostics.AddError("Cannot list guests", errorDetail(ctx, err, "the listing"))
			}
			push(result)
		}
	}
}

func (l *invitationList) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var cfg invitationListModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if !resp.Diagnostics.HasError() {
		checkPendingNotAccepted(cfg.PendingLongerThan, cfg.ExternalUserState, "external_user_state", &resp.Diagnostics)
	}
}

// lifecycleLabel tells, after a guest's name, how long it has been pending
// and, when read, when it last signed in.
func lifecycleLabel(g graph.Guest, now time.Time) string {
	var b strings.Builder
	if since := pendingSince(g); since != nil {
		fmt.Fprintf(&b, ", pending %d days", wholeDays(*since, now))
	}
	if g.SignIns != nil {
		if last := lastSignedIn(g); last != nil {
			fmt.Fprintf(&b, ", last signed in %s", last.UTC().Format(time.DateOnly))
		} else {
			b.WriteString(", never signed in")
		}
	}
	return b.String()
}

// matcher keeps the invited users with an email that the filter takes.
func (m invitationListModel) matcher() func(graph.Guest) bool {
	from, _ := time.Parse(time.RFC3339, m.CreatedAfter.ValueString())
	until, _ := time.Parse(time.RFC3339, m.CreatedBefore.ValueString())
	filter := newGuestFilter(m.EmailDomain.ValueString(), from, until).withRedeemedWith(m.RedeemedWith)
	return func(g graph.Guest) bool {
		if guestEmail(g) == "" {
			return false // nothing to invite by, so nothing to manage
		}
		if !isInvitedGuest(g) {
			return false // a member of the tenant, not one invited from outside
		}
		return filter.matches(g)
	}
}

// guestEmail is the address a guest was invited with, as import reads it.
func guestEmail(g graph.Guest) string {
	if g.Mail != "" {
		return g.Mail
	}
	if len(g.OtherMails) > 0 {
		return g.OtherMails[0]
	}
	return ""
}

// guestListResult describes one guest. With include_resource, its resource
// is what an import of the guest records, so that the configuration
// Terraform generates from it plans no change: the redirect URL Graph does
// not keep is the one import assumes, and memberships are left out, since an
// import records none until the configuration names them.
func guestListResult(ctx context.Context, req list.ListRequest, g graph.Guest, now time.Time, managed bool) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s <%s>%s", g.DisplayName, guestEmail(g), lifecycleLabel(g, now))
	if managed {
		result.DisplayName += ", managed"
	}
	result.Diagnostics.Append(result.Identity.Set(ctx, invitationIdentity{ID: types.StringValue(g.ID)})...)
	if !req.IncludeResource {
		return result
	}
	m := invitationModel{Email: types.StringValue(guestEmail(g)), DisplayName: types.StringValue(g.DisplayName)}
	m.applyGuest(g)
	values := importDefaults()
	for name, v := range map[string]attr.Value{
		"id": m.ID, "user_id": m.UserID, "email": m.Email, "display_name": m.DisplayName, "user_type": m.UserType,
		"user_principal_name": m.UserPrincipalName, "external_user_state": m.ExternalUserState, "accepted": m.Accepted,
		"external_user_state_changed_at": m.ExternalUserStateChangedAt,
	} {
		values[name] = v
	}
	for name, v := range values {
		result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
	return result
}
