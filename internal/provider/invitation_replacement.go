package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// When Terraform replaces a b2b_invitation, it plans the new object as a
// create with no prior state, and a tainted object is not even planned from
// its state. Its destroy half is then applied with the create half's
// planned private state, not with the private state of the object it
// destroys. So the destroy of a replacement would never see the proof that
// this resource created the user, and would keep the user; the create would
// then be answered with that same user.
//
// The plan's refresh reads every object first, in the same provider
// process, so Read notes what it learns of each guest (refreshedGuests),
// and the create half of a replacement copies it, by email, into its
// planned private state (replacesKey). The destroy half finds it there:
//
//   - A create that invited the guest and then failed (unfinishedKey) is
//     tainted by Terraform, not by the user. The destroy keeps the user and
//     hands it, within the same apply, to the create half (guestHandovers),
//     which sends no invitation and adds only what is missing.
//   - Any other replacement (-replace, a taint by hand, an argument that
//     forces one) is what the user asked for: the destroy deletes the user
//     when the proof says this resource created it, and the create invites
//     the guest afresh.
//
// With -refresh=false nothing is noted, and the destroy keeps the user, the
// side on which nobody's account gets deleted.

// refreshedGuest is what a refresh learned of a guest; the create half of
// a replacement copies it into replacesKey for the destroy half.
type refreshedGuest struct {
	UserID     string `json:"user_id"`
	Email      string `json:"email"`
	Proven     bool   `json:"proven"`
	Unfinished bool   `json:"unfinished"`
}

// refreshedGuests is what this plan's refresh learned, by lower-cased email.
type refreshedGuests struct {
	mu      sync.Mutex
	byEmail map[string]refreshedGuest
}

func newRefreshedGuests() *refreshedGuests {
	return &refreshedGuests{byEmail: map[string]refreshedGuest{}}
}

func (g *refreshedGuests) note(r refreshedGuest) {
	if g == nil || r.Email == "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.byEmail[strings.ToLower(r.Email)] = r
}

func (g *refreshedGuests) lookup(email string) (refreshedGuest, bool) {
	if g == nil {
		return refreshedGuest{}, false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	r, ok := g.byEmail[strings.ToLower(email)]
	return r, ok
}

// noteRefreshed records a guest that Read found, with what its private state
// says.
func (r *invitationResource) noteRefreshed(ctx context.Context, private privateGetter, state invitationModel, diags *diag.Diagnostics) {
	id := state.ID.ValueString()
	proven, d := provesCreated(ctx, private, id)
	diags.Append(d...)
	unfinished, d := hasUnfinishedCreate(ctx, private, id)
	diags.Append(d...)
	r.refreshed.note(refreshedGuest{UserID: id, Email: state.Email.ValueString(), Proven: proven && !state.Adopted.ValueBool(), Unfinished: unfinished})
}

func setUnfinishedCreate(ctx context.Context, p privateSetter, userID string) diag.Diagnostics {
	return setUserKey(ctx, p, unfinishedKey, userID)
}

func hasUnfinishedCreate(ctx context.Context, p privateGetter, userID string) (bool, diag.Diagnostics) {
	return holdsUser(ctx, p, unfinishedKey, userID)
}

// planReplacement runs for every planned create. When the create replaces
// an object that this plan refreshed, it records that object for the
// destroy half, and says what the apply will do when Terraform's plan
// would mislead: a replacement of an unfinished create keeps the user.
func (r *invitationResource) planReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		return
	}
	var email types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &email)...)
	if email.IsUnknown() || email.IsNull() {
		return
	}
	prior, ok := r.refreshed.lookup(email.ValueString())
	if !ok {
		return
	}
	b, _ := json.Marshal(prior)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, replacesKey, b)...)
	if prior.Unfinished {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Guest %s (%s) is completed, not replaced", prior.Email, prior.UserID),
			"The create of this guest invited them and then failed, so Terraform marked the resource as tainted and plans to replace it. "+
				"The provider completes it instead: the apply keeps user "+prior.UserID+", sends no invitation, deletes nobody, "+
				"and adds only the groups, app roles, sponsors and profile that are missing.")
	}
}

// replacementOf returns the object that the destroy of this replacement
// removes, as its create half recorded it, when it is the user userID.
func replacementOf(ctx context.Context, p privateGetter, userID string) (refreshedGuest, bool, diag.Diagnostics) {
	b, d := p.GetKey(ctx, replacesKey)
	var g refreshedGuest
	if len(b) == 0 || json.Unmarshal(b, &g) != nil || !strings.EqualFold(g.UserID, userID) {
		return refreshedGuest{}, false, d
	}
	return g, true, d
}

// guestHandovers carries users from the destroy half of a replacement to
// its create half, within one apply of one provider configuration.
type guestHandovers struct {
	mu      sync.Mutex
	byEmail map[string]guestHandover // by lower-cased email
}

// guestHandover is a user kept by a destroy for the create that follows.
type guestHandover struct {
	userID, userPrincipalName, redeemURL, status string
	adopted, proven                              bool
	// foreignMark: the user carried another resource's mark, which the
	// replacement must leave on destroy too.
	foreignMark bool
}

func newGuestHandovers() *guestHandovers {
	return &guestHandovers{byEmail: map[string]guestHandover{}}
}

func (h *guestHandovers) put(email string, g guestHandover) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.byEmail[strings.ToLower(email)] = g
}

func (h *guestHandovers) take(email string) (guestHandover, bool) {
	if h == nil {
		return guestHandover{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	g, ok := h.byEmail[strings.ToLower(email)]
	delete(h.byEmail, strings.ToLower(email))
	return g, ok
}

// handOver keeps the user of a replaced, unfinished create for the create
// that follows, and reports whether it did; the destroy then does nothing
// else.
func (r *invitationResource) handOver(state invitationModel, replaced refreshedGuest, foreignMark bool) bool {
	if !replaced.Unfinished || r.handovers == nil {
		return false
	}
	r.handovers.put(state.Email.ValueString(), guestHandover{
		userID: state.ID.ValueString(), userPrincipalName: state.UserPrincipalName.ValueString(),
		redeemURL: state.RedeemURL.ValueString(), status: state.Status.ValueString(),
		adopted: state.Adopted.ValueBool(), proven: replaced.Proven, foreignMark: foreignMark,
	})
	return true
}
