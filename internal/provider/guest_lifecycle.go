package provider

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// A guest's life after the invitation: how long it has been pending, and
// when it last signed in. Ages are measured on the tenant's clock
// (graph.Client.Now), which wrote the times they start from.

// pendingSince is when a guest that has not accepted was last invited: the
// time its state last changed (a redemption reset moves it), else its
// creation. It is nil for a guest that accepted, or that was never invited.
func pendingSince(g graph.Guest) *time.Time {
	if g.ExternalUserState != "PendingAcceptance" {
		return nil
	}
	if g.ExternalUserStateChangedAt != nil {
		return g.ExternalUserStateChangedAt
	}
	return g.CreatedAt
}

// lastSignedIn is a guest's last successful sign-in, interactive or not,
// or nil for none (or none since Graph began keeping it, 2023-12-01).
// Failed attempts do not count: a blocked guest keeps trying.
func lastSignedIn(g graph.Guest) *time.Time {
	if g.SignIns == nil {
		return nil
	}
	return g.SignIns.LastSuccessfulSignIn
}

// wholeDays is how many whole days lie between t and now.
func wholeDays(t time.Time, now time.Time) int64 {
	return int64(math.Floor(now.Sub(t).Hours() / 24))
}

// lifecycleFilter keeps guests by their age; a zero bound keeps everyone.
type lifecycleFilter struct {
	pendingLongerThan time.Duration
	notSignedInFor    time.Duration
	now               time.Time
	// invalid is an argument that did not parse. The validators refuse it
	// where Terraform knows it; where it became known only later, the
	// filter keeps nobody rather than everybody.
	invalid error
}

// newLifecycleFilter reads the two arguments.
func newLifecycleFilter(pendingLongerThan, notSignedInFor types.String, now time.Time) lifecycleFilter {
	f, _ := parseLifecycleFilter(pendingLongerThan, notSignedInFor, now)
	return f
}

// parseLifecycleFilter is newLifecycleFilter with the arguments' errors,
// each on its attribute.
func parseLifecycleFilter(pendingLongerThan, notSignedInFor types.String, now time.Time) (lifecycleFilter, diag.Diagnostics) {
	f := lifecycleFilter{now: now}
	var diags diag.Diagnostics
	for _, a := range []struct {
		name  string
		value types.String
		into  *time.Duration
	}{{"pending_longer_than", pendingLongerThan, &f.pendingLongerThan}, {"not_signed_in_for", notSignedInFor, &f.notSignedInFor}} {
		if a.value.IsNull() || a.value.IsUnknown() {
			continue
		}
		d, err := parseAge(a.value.ValueString())
		if err != nil {
			f.invalid = err
			diags.AddAttributeError(path.Root(a.name), "Invalid age", a.name+": "+err.Error())
			continue
		}
		*a.into = d
	}
	return f, diags
}

// matches keeps a guest pending for longer than pendingLongerThan, and a
// guest idle for notSignedInFor: one whose account is at least that old
// and has no successful sign-in in that time. A guest invited a minute
// ago has never signed in, but has not been inactive for 90 days; and a
// guest without a creation time cannot be shown to be that old.
func (f lifecycleFilter) matches(g graph.Guest) bool {
	if f.invalid != nil {
		return false
	}
	if f.pendingLongerThan > 0 {
		since := pendingSince(g)
		if since == nil || f.now.Sub(*since) <= f.pendingLongerThan {
			return false
		}
	}
	if f.notSignedInFor > 0 {
		if g.CreatedAt == nil || f.now.Sub(*g.CreatedAt) < f.notSignedInFor {
			return false
		}
		if last := lastSignedIn(g); last != nil && f.now.Sub(*last) < f.notSignedInFor {
			return false
		}
	}
	return true
}

// lifecycleAttrTypes are the computed attributes of lifecycleValues.
var lifecycleAttrTypes = map[string]attr.Type{
	"pending_since": types.StringType, "pending_days": types.Int64Type,
	"last_sign_in_at": types.StringType, "last_successful_sign_in_at": types.StringType,
	"last_non_interactive_sign_in_at": types.StringType, "redeemed_with": types.StringType,
}

// lifecycleValues are a guest's pending age and sign-in activity; the
// sign-in times are null unless they were read.
func lifecycleValues(g graph.Guest, now time.Time) map[string]attr.Value {
	m := lifecycleModelOf(g, now)
	return map[string]attr.Value{
		"pending_since": m.PendingSince, "pending_days": m.PendingDays,
		"last_sign_in_at": m.LastSignInAt, "last_successful_sign_in_at": m.LastSuccessfulSignInAt,
		"last_non_interactive_sign_in_at": m.LastNonInteractiveSignInAt, "redeemed_with": m.RedeemedWith,
	}
}

// signInNote is what every page with sign-in activity says about it.
const signInNote = "Sign-in activity is Graph's `signInActivity`: it needs `AuditLog.Read.All` besides `User.Read.All`, and a Microsoft Entra ID P1 or P2 license in the tenant; " +
	"without either, only the sign-in arguments fail, with an error that names what is missing, and everything else works as before. " +
	"Graph fills it hours after a sign-in, and `last_successful_sign_in_at` only for sign-ins since 2023-12-01. " +
	"Ages are counted on the tenant's clock, from the `Date` of Graph's answers."

// lifecycleDataSchema adds the computed lifecycle attributes.
func lifecycleDataSchema(attrs map[string]dsschema.Attribute) {
	attrs["pending_since"] = dsschema.StringAttribute{Computed: true, MarkdownDescription: "For a guest who has not accepted: when it was last invited (RFC 3339), which is `external_user_state_changed_at`, or `created_at` when Graph has no change time. Null once accepted."}
	attrs["pending_days"] = dsschema.Int64Attribute{Computed: true, MarkdownDescription: "Whole days since `pending_since`; null once accepted."}
	attrs["last_sign_in_at"] = dsschema.StringAttribute{Computed: true, MarkdownDescription: "The last interactive sign-in attempt, successful or not (`lastSignInDateTime`). Null when never, or when sign-in activity was not read."}
	attrs["last_successful_sign_in_at"] = dsschema.StringAttribute{Computed: true, MarkdownDescription: "The last successful sign-in, interactive or not (`lastSuccessfulSignInDateTime`, kept since 2023-12-01). Null when never, or when sign-in activity was not read."}
	attrs["last_non_interactive_sign_in_at"] = dsschema.StringAttribute{Computed: true, MarkdownDescription: "The last sign-in attempt a client made for the guest with a refresh token (`lastNonInteractiveSignInDateTime`). Null when never, or when sign-in activity was not read."}
	attrs["redeemed_with"] = dsschema.StringAttribute{Computed: true, MarkdownDescription: "How the guest redeemed, and so signs in, from its `identities`: " + redeemedWithDescription +
		". Null before redemption. Which one a guest gets follows `b2b_cross_tenant_defaults.redemption` at the time it redeems; a redemption reset lets it redeem afresh."}
}

// addSignInError reports a failed read of sign-in activity: what is
// missing, and that nothing else needs it.
func addSignInError(ctx context.Context, diags *diag.Diagnostics, what string, err error) {
	switch {
	case graph.IsLicenseMissing(err):
		diags.AddError("Sign-in activity needs a Microsoft Entra ID P1 or P2 license",
			fmt.Sprintf("Microsoft Graph refused to read %s because the tenant has no Microsoft Entra ID P1 or P2 license, which signInActivity needs. "+
				"Everything else in this provider works without it: remove not_signed_in_for and include_sign_in_activity, and the rest reads as before.\n\n%s",
				what, errorDetail(ctx, err, "reading sign-in activity")))
	case graph.IsKind(err, graph.KindForbidden):
		diags.AddError("Sign-in activity needs the permission "+graph.PermReadAuditLog,
			fmt.Sprintf("Microsoft Graph refused to read %s: the app needs the application permission %s, granted with admin consent, besides %s. "+
				"Everything else in this provider works without it: remove not_signed_in_for and include_sign_in_activity, and the rest reads as before.\n\n%s",
				what, graph.PermReadAuditLog, graph.PermReadUsers, errorDetail(ctx, err, "reading sign-in activity")))
	default:
		diags.AddError("Cannot read sign-in activity", errorDetail(ctx, err, "reading "+what))
	}
}

// guestLifecycleModel holds lifecycleValues in a data source's model.
type guestLifecycleModel struct {
	PendingSince               types.String `tfsdk:"pending_since"`
	PendingDays                types.Int64  `tfsdk:"pending_days"`
	LastSignInAt               types.String `tfsdk:"last_sign_in_at"`
	LastSuccessfulSignInAt     types.String `tfsdk:"last_successful_sign_in_at"`
	LastNonInteractiveSignInAt types.String `tfsdk:"last_non_interactive_sign_in_at"`
	RedeemedWith               types.String `tfsdk:"redeemed_with"`
}

func lifecycleModelOf(g graph.Guest, now time.Time) guestLifecycleModel {
	m := guestLifecycleModel{
		PendingSince: timeString(pendingSince(g)), PendingDays: types.Int64Null(),
		LastSignInAt: types.StringNull(), LastSuccessfulSignInAt: types.StringNull(), LastNonInteractiveSignInAt: types.StringNull(),
		RedeemedWith: nullableString(redeemedWith(g)),
	}
	if since := pendingSince(g); since != nil {
		m.PendingDays = types.Int64Value(wholeDays(*since, now))
	}
	if s := g.SignIns; s != nil {
		m.LastSignInAt = timeString(s.LastSignIn)
		m.LastSuccessfulSignInAt = timeString(s.LastSuccessfulSignIn)
		m.LastNonInteractiveSignInAt = timeString(s.LastNonInteractiveSignIn)
	}
	return m
}

// checkPendingNotAccepted refuses an age of pending guests beside a state
// filter of accepted ones, under which nothing could match; stateAttr is
// the state filter's name.
func checkPendingNotAccepted(pendingLongerThan, state types.String, stateAttr string, diags *diag.Diagnostics) {
	if pendingLongerThan.IsNull() || state.ValueString() != "Accepted" {
		return
	}
	diags.AddAttributeError(path.Root("pending_longer_than"), "Accepted guests are not pending",
		fmt.Sprintf("pending_longer_than lists guests who have not accepted, and %s = \"Accepted\" lists only those who have, so nothing could match. Remove one of the two.", stateAttr))
}

// isInvitedGuest tells a guest from a user of the tenant itself, who was
// never invited: the offboarding action skips such a user and the list
// resource leaves it out.
func isInvitedGuest(g graph.Guest) bool {
	return g.UserType == "Guest" || g.ExternalUserState != ""
}
