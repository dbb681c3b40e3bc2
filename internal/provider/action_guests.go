package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// actionParallelism is how many guests an action works on at once. The
// per-tenant invitation limiter, not this, sets the pace of invitations;
// this only keeps enough of them in flight to reach it.
const actionParallelism = 8

// guestAction is what the actions share: the provider's client, what
// this walk knows of the guests that b2b_invitation resources hold, and the
// guests they act on.
type guestAction struct {
	client  *graph.Client
	managed *managedGuests
}

func (a *guestAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		a.client, a.managed = pd.client, pd.managed
	}
}

// guestActionConfig is the part of the config that the actions share: the
// guests, and the invitation they are sent.
type guestActionConfig struct {
	Emails      types.List   `tfsdk:"emails"`
	UserIDs     types.List   `tfsdk:"user_ids"`
	RedirectURL types.String `tfsdk:"redirect_url"`
	Message     types.Object `tfsdk:"message"`
}

// invitation is what every guest is sent: the config's redirect URL (My
// Apps by default) and message.
func (c guestActionConfig) invitation(ctx context.Context, diags *diag.Diagnostics) graph.InviteRequest {
	req := graph.InviteRequest{RedirectURL: c.RedirectURL.ValueString(), SendMessage: true}
	if req.RedirectURL == "" {
		req.RedirectURL = myAppsRedirectURL
	}
	applyMessage(ctx, c.Message, &req, diags)
	return req
}

// guestActionAttributes are the schema of guestActionConfig; verb says what
// the action does to the guests, and landing where redirect_url sends them.
func guestActionAttributes(verb, landing string) map[string]actionschema.Attribute {
	attrs := guestTargetAttributes(verb)
	attrs["redirect_url"] = actionschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: landing + "; default `" + myAppsRedirectURL + "`. Point it at a resource's with `redirect_url = b2b_invitation.x.redirect_url`.",
		Validators:          []validator.String{redirectURLValidator()},
	}
	attrs["message"] = messageAttribute()
	return attrs
}

// guestTargetAttributes name the guests of an action, by email or object id.
func guestTargetAttributes(verb string) map[string]actionschema.Attribute {
	return map[string]actionschema.Attribute{
		"emails": actionschema.ListAttribute{
			Optional:            true,
			ElementType:         types.StringType,
			MarkdownDescription: fmt.Sprintf("Guests to %s, by the email in their `mail` or `otherMails`, compared without regard to case.", verb),
			Validators:          []validator.List{listvalidator.ValueStringsAre(emailValidator())},
		},
		"user_ids": actionschema.ListAttribute{
			Optional:            true,
			ElementType:         types.StringType,
			MarkdownDescription: fmt.Sprintf("Guests to %s, by object id, such as `b2b_invitation.x.id`.", verb),
			Validators:          []validator.List{listvalidator.ValueStringsAre(uuidValidator())},
		},
	}
}

// messageAttribute is the invitation email's customisation, as on
// b2b_invitation.
func messageAttribute() actionschema.Attribute {
	return actionschema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: "The invitation email's customisation, as `message` on `b2b_invitation`; point it at a resource's with `message = b2b_invitation.x.message`.",
		Attributes: map[string]actionschema.Attribute{
			"body":          actionschema.StringAttribute{Optional: true, MarkdownDescription: messageBodyDescription},
			"language":      actionschema.StringAttribute{Optional: true, MarkdownDescription: messageLanguageDescription, Validators: messageLanguageValidators()},
			"cc_recipients": actionschema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: messageCCDescription, Validators: messageCCValidators()},
		},
	}
}

// guestTarget is one guest an action was told to act on, as written.
type guestTarget struct {
	label  string // the email or id as the configuration gave it
	byMail bool
}

// guestTargets are the guests an action names, as far as they are known.
// While Terraform validates or plans, a name may still be unknown, such as
// the object id of a guest that the same apply creates; some is then true,
// and the names are checked again, all known, when the action runs.
type guestTargets struct {
	known   []guestTarget
	unknown bool
}

// targetsOf reads emails and user_ids, in that order, without repeats.
func targetsOf(emails, userIDs types.List) guestTargets {
	var out guestTargets
	seen := map[string]bool{}
	for _, list := range []struct {
		values types.List
		byMail bool
	}{{emails, true}, {userIDs, false}} {
		if list.values.IsUnknown() {
			out.unknown = true
		}
		for _, v := range list.values.Elements() {
			s, ok := v.(types.String)
			if !ok || s.IsNull() {
				continue
			}
			if s.IsUnknown() {
				out.unknown = true
				continue
			}
			if key := strings.ToLower(s.ValueString()); !seen[key] {
				seen[key] = true
				out.known = append(out.known, guestTarget{label: s.ValueString(), byMail: list.byMail})
			}
		}
	}
	return out
}

// validateTargets wants at least one guest, and says where to name one.
func validateTargets(targets guestTargets, diags *diag.Diagnostics) {
	if len(targets.known) == 0 && !targets.unknown {
		diags.AddAttributeError(path.Root("emails"), "No guest named",
			"Name the guests to act on in emails or user_ids (or both).")
	}
}

// outcome is what became of one guest.
type outcome int

const (
	outcomeDone outcome = iota
	outcomeSkipped
	outcomeFailed
)

// guestResult is one guest's outcome, with the reason for a skip or a
// failure in words a user can act on.
type guestResult struct {
	target guestTarget
	kind   outcome
	reason string
}

// resolve finds the guest a target names.
func (a *guestAction) resolve(ctx context.Context, t guestTarget) (graph.Guest, string) {
	if !t.byMail {
		g, err := a.client.GetUser(ctx, t.label)
		if graph.IsNotFound(err) {
			return graph.Guest{}, "no user has this object id; check user_ids"
		}
		if err != nil {
			return graph.Guest{}, errorDetail(ctx, err, "reading the guest")
		}
		return g, ""
	}
	found, err := a.client.FindUsersByEmail(ctx, t.label)
	switch {
	case err != nil:
		return graph.Guest{}, errorDetail(ctx, err, "looking the guest up")
	case len(found) == 0:
		return graph.Guest{}, "no user has this email; check the address, or invite the guest with b2b_invitation first"
	case len(found) > 1:
		return graph.Guest{}, fmt.Sprintf("%d users have this email; name the guest by object id in user_ids instead", len(found))
	}
	return found[0], ""
}

// forEachGuest resolves every target and runs act on each guest found, a
// few at a time, and reports each outcome as progress the moment it is
// known, so that a long run shows its way.
func (a *guestAction) forEachGuest(ctx context.Context, targets []guestTarget, progress func(action.InvokeProgressEvent),
	act func(ctx context.Context, t guestTarget, g graph.Guest) guestResult) []guestResult {
	results := make([]guestResult, len(targets))
	report := progressReporter(progress)
	eachAtOnce(len(targets), func(i int) {
		t := targets[i]
		r := guestResult{target: t, kind: outcomeFailed}
		if ctx.Err() != nil {
			r.reason = "not attempted: the action was stopped or timed out"
		} else if g, why := a.resolve(ctx, t); why != "" {
			r.reason = why
		} else {
			r = act(ctx, t, g)
		}
		results[i] = r
		report(r)
	})
	return results
}

// eachAtOnce runs fn for 0 to n-1, actionParallelism at a time.
func eachAtOnce(n int, fn func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(actionParallelism, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				fn(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

// progressReporter sends one outcome's line at a time, as outcomes arrive
// from several guests at once.
func progressReporter(progress func(action.InvokeProgressEvent)) func(guestResult) {
	var mu sync.Mutex
	return func(r guestResult) {
		mu.Lock()
		defer mu.Unlock()
		progress(action.InvokeProgressEvent{Message: r.progressLine()})
	}
}

func (r guestResult) progressLine() string {
	switch r.kind {
	case outcomeDone:
		return r.target.label + ": " + r.reason
	case outcomeSkipped:
		return r.target.label + ": skipped, " + r.reason
	}
	return r.target.label + ": failed, " + firstLine(r.reason)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// reportResults turns the outcomes into one diagnostic per guest that was
// skipped or failed, and a summary line.
func reportResults(results []guestResult, verb string, progress func(action.InvokeProgressEvent), diags *diag.Diagnostics) {
	var done, skipped, failed int
	for _, r := range results {
		switch r.kind {
		case outcomeDone:
			done++
		case outcomeSkipped:
			skipped++
			diags.AddWarning(fmt.Sprintf("Did not %s %s", verb, r.target.label), capitalize(r.reason)+".")
		case outcomeFailed:
			failed++
			diags.AddError(fmt.Sprintf("Cannot %s %s", verb, r.target.label), capitalize(r.reason))
		}
	}
	progress(action.InvokeProgressEvent{Message: fmt.Sprintf("%d guest(s): %d done, %d skipped, %d failed", len(results), done, skipped, failed)})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// inviteEmail is the address to invite a guest at: the one the action was
// given, else the one the guest was invited with.
func inviteEmail(t guestTarget, g graph.Guest) string {
	if t.byMail {
		return t.label
	}
	return guestEmail(g)
}
