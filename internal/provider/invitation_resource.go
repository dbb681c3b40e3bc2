package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ resource.Resource                = &invitationResource{}
	_ resource.ResourceWithConfigure   = &invitationResource{}
	_ resource.ResourceWithImportState = &invitationResource{}
)

const defaultTimeout = 5 * time.Minute

// withTimeout bounds ctx by the timeout the configuration's timeouts block
// gives the operation, or by defaultTimeout.
func withTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := configured(ctx, defaultTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}

// invitationResource is b2b_invitation.
type invitationResource struct {
	client    *graph.Client
	claims    *guestClaims
	refreshed *refreshedGuests
	handovers *guestHandovers
	managed   *managedGuests
	domains   *plannedDomains
}

// NewInvitationResource returns the resource.
func NewInvitationResource() resource.Resource { return &invitationResource{} }

func (r *invitationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation"
}

func (r *invitationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		r.client, r.claims, r.refreshed, r.handovers, r.managed = pd.client, pd.claims, pd.refreshed, pd.handovers, pd.managed
		r.domains = pd.domains
	}
}

func (r *invitationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan invitationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()

	invite := plan.inviteRequest(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	res, handed, ok := r.inviteOrTakeOver(ctx, invite, &resp.Diagnostics)
	if !ok {
		return
	}
	inv := res.Invitation
	tflog.Info(ctx, "invited guest", map[string]any{"user_id": inv.UserID, "adopted": res.Adopted, "completing_unfinished_create": handed.userID != ""})
	plan.ID, plan.UserID = types.StringValue(inv.UserID), types.StringValue(inv.UserID)
	plan.UserPrincipalName = types.StringValue(inv.UserPrincipalName)
	plan.RedeemURL = types.StringValue(inv.RedeemURL)
	plan.Status = types.StringValue(inv.Status)
	plan.Adopted = types.BoolValue(res.Adopted)
	if plan.DisplayName.IsUnknown() {
		// Left out of the configuration: Graph's choice is not read back
		// on create, and the name stays unmanaged.
		plan.DisplayName = types.StringNull()
	}
	// No read after the write: Graph answers Completed for a user who has
	// already redeemed, and a new guest is pending.
	if inv.Status == "Completed" {
		plan.setRedemption("Accepted", nil)
	} else {
		plan.setRedemption("PendingAcceptance", nil)
	}

	wantGroups := stringSet(ctx, plan.GroupIDs, &resp.Diagnostics)
	wantRoles := appRoles(ctx, plan.AppRoleAssignments, &resp.Diagnostics)
	changes := membershipDiff(wantGroups, nil, wantRoles, nil)
	// The profile goes in the memberships' $batch, so a guest with both
	// still costs two round trips: the invitation and the batch.
	changes.Patch.Profile = profilePatch(plan.guestProfileModel, guestProfileModel{})
	if res.Adopted || handed.userID != "" {
		// An invitation to an existing user does not give it sponsors, and
		// an unfinished create may have failed before adding them.
		changes.AddSponsors = invite.SponsorIDs
	}
	// Every guest the resource holds carries the management mark, so that
	// no run that has not read this resource can take it for unmanaged. An
	// adopted user is marked with this moment, after its creation, so its
	// mark never counts as creation.
	changes.MarkInvitedAfter = res.CreatedAfter
	if res.Adopted || changes.MarkInvitedAfter.IsZero() {
		changes.MarkInvitedAfter = r.client.Now()
	}
	// The same $batch reads the user back, so that state records the
	// redemption time Graph set and the next refresh finds nothing changed.
	changes.ReadBack = true
	result := r.client.ApplyMemberships(ctx, inv.UserID, changes)
	if result.MarkDenied {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Guest %s (%s) is not marked as managed", invite.Email, inv.UserID), unmarkedWarning)
	}
	settled := false
	if rb := result.ReadBack; rb != nil && rb.ExternalUserState != "" {
		plan.setRedemption(rb.ExternalUserState, rb.ExternalUserStateChangedAt)
		// A user created after the invitation was sent is this one's: its
		// origin needs no later read.
		settled = !res.Adopted && !res.CreatedAfter.IsZero() && !graph.CreatedBefore(*rb, res.CreatedAfter)
	}
	groups, roles := mergeMembershipResult(nil, nil, result)
	plan.GroupIDs = stringSetValue(idsStillHeld(wantGroups, groups))
	plan.AppRoleAssignments = appRoleSetValue(roles)
	if !changes.Patch.Empty() && !result.Patched {
		// Nothing of the profile was set: its values are Graph's, which
		// the next refresh reads.
		plan.guestProfileModel = guestProfileModel{}
	}
	plan.settleUnknownProfile()
	if plan.SponsorIDs.IsUnknown() {
		plan.SponsorIDs = types.SetNull(types.StringType)
	}
	membershipErrors(ctx, result, &resp.Diagnostics, inv.UserID)
	// The state is saved even after a membership error, so that the guest is
	// never left outside Terraform.
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
	r.managed.note(plan.ID.ValueString(), plan.Email.ValueString())
	if len(result.AddedGroups)+len(result.AddedRoles) > 0 || handed.userID != "" {
		resp.Diagnostics.Append(setFlag(ctx, resp.Private, replicatedKey, true)...)
	}
	// An unfinished create that this one completes found the mark before
	// it, and says whose it is.
	if handed.foreignMark || (result.AlreadyMarked && !res.CreatedHere && handed.userID == "" && r.warnIfMarkedElsewhere(ctx, inv.UserID, invite.Email, &resp.Diagnostics)) {
		resp.Diagnostics.Append(setFlag(ctx, resp.Private, foreignMarkKey, true)...)
	}
	if !res.Adopted && !res.CreatedAfter.IsZero() && !settled {
		resp.Diagnostics.Append(setOriginUnsettled(ctx, resp.Private, res.CreatedAfter)...)
	}
	if !res.Adopted && (handed.userID == "" || handed.proven) {
		resp.Diagnostics.Append(setCreatedProof(ctx, resp.Private, inv.UserID)...)
	}
	if result.Marked || res.CreatedHere {
		resp.Diagnostics.Append(setFlag(ctx, resp.Private, markedKey, true)...)
	}
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError(fmt.Sprintf("Guest %s (%s) was invited, and the next apply completes it", invite.Email, inv.UserID),
			"Terraform marks this resource as tainted because its create failed, and the next plan shows it as replaced. "+
				"The provider completes it instead: that apply keeps this user, sends no second invitation, deletes nobody, and adds only what is missing. "+
				"Fix the cause above first.")
		resp.Diagnostics.Append(setUnfinishedCreate(ctx, resp.Private, inv.UserID)...)
	}
}

// inviteOrTakeOver invites the guest, or takes over the user of the
// unfinished create this resource replaces (invitation_replacement.go). A
// user that Graph answers as existing but that this provider created, in
// an apply that died before Terraform saved its state, counts as created.
func (r *invitationResource) inviteOrTakeOver(ctx context.Context, invite graph.InviteRequest, diags *diag.Diagnostics) (graph.InviteResult, guestHandover, bool) {
	if h, ok := r.handovers.take(invite.Email); ok {
		inv := graph.Invitation{UserID: h.userID, UserPrincipalName: h.userPrincipalName, RedeemURL: h.redeemURL, Status: h.status}
		return graph.InviteResult{Invitation: inv, Adopted: h.adopted}, h, true
	}
	res, err := r.client.InviteOrAdopt(ctx, invite)
	if err != nil {
		if setting := r.domainRestriction(ctx, err, invite.Email); setting != "" {
			diags.AddAttributeError(path.Root("email"), fmt.Sprintf("Cannot invite %s", invite.Email), setting+"\n\n"+errorDetail(ctx, err, "the invitation"))
			return res, guestHandover{}, false
		}
		addInviteError(ctx, diags, fmt.Sprintf("Cannot invite %s", invite.Email), "the invitation", err, invite)
		return res, guestHandover{}, false
	}
	if res.Adopted {
		g, err := r.client.GetUser(ctx, res.Invitation.UserID)
		if err == nil {
			var here bool
			here, err = r.client.CreatedHere(ctx, g)
			res.Adopted, res.CreatedHere = !here, here
		}
		if err != nil {
			// Counting the user as adopted is the side on which nobody's
			// account gets deleted.
			tflog.Warn(ctx, "cannot tell whether an existing user was created by this provider", map[string]any{"user_id": res.Invitation.UserID, "error": err.Error()})
		}
		res.CreatedAfter = time.Time{}
	}
	return res, guestHandover{}, true
}

func (r *invitationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	codec := invitationFastPath().Codec()
	var state invitationModel
	resp.Diagnostics.Append(codec.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state, outcome := r.refresh(ctx, state, req.Private, resp.Private, &resp.Diagnostics)
	switch outcome {
	case guestGone:
		// The framework wants an identity after any error-free read, even
		// one that removes the resource.
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
		resp.State.RemoveResource(ctx)
	case guestRead:
		resp.Diagnostics.Append(codec.SetState(ctx, &resp.State, state)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID)...)
	}
}

// refreshOutcome is what a refresh found.
type refreshOutcome int

const (
	guestUnread refreshOutcome = iota // an error: the state stays as it was
	guestGone                         // the guest no longer exists
	guestRead                         // the state to record is returned
)

// refresh is Read's work on the model and the private state, apart from
// how the state and identity are handed over: the framework's Read and
// readInvitation, which answers a refresh without it, share it. next may
// be private itself, as the framework hands out the same private state to
// read and to write.
func (r *invitationResource) refresh(ctx context.Context, state invitationModel, private privateGetter, next privateSetter, diags *diag.Diagnostics) (invitationModel, refreshOutcome) {
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, diags)
	defer cancel()

	replicated, d := hasFlag(ctx, private, replicatedKey)
	diags.Append(d...)
	gs, err := r.readGuest(ctx, state.ID.ValueString(), replicated, !state.SponsorIDs.IsNull())
	if graph.IsNotFound(err) {
		tflog.Warn(ctx, "guest no longer exists; removing it from state", map[string]any{"user_id": state.ID.ValueString()})
		return state, guestGone
	}
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot read guest %s", state.ID.ValueString()), errorDetail(ctx, err, "reading"))
		return state, guestUnread
	}
	imported, d := hasFlag(ctx, private, importedKey)
	diags.Append(d...)
	if imported {
		// An import takes the display name Graph has, so that a matching
		// configuration plans nothing.
		state.DisplayName = types.StringValue(gs.Guest.DisplayName)
		diags.Append(setFlag(ctx, next, importedKey, false)...)
	}
	state.applyGuest(gs.Guest)
	state.setProfile(gs.Guest.Profile)
	if !state.SponsorIDs.IsNull() {
		state.SponsorIDs = stringSetValue(idsSpelledAs(stringSet(ctx, state.SponsorIDs, diags), gs.SponsorIDs))
	}
	createdAfter, unsettled, d := originUnsettled(ctx, private)
	diags.Append(d...)
	if unsettled {
		if adopted, err := r.adoptedBy(ctx, gs.Guest, createdAfter); err != nil {
			tflog.Warn(ctx, "cannot yet tell whether this provider created the user", map[string]any{"user_id": state.ID.ValueString(), "error": err.Error()})
		} else {
			state.Adopted = types.BoolValue(adopted)
			diags.Append(settleOrigin(ctx, next)...)
			if adopted {
				diags.Append(dropCreatedProof(ctx, next)...)
			}
		}
	}
	// A refresh keeps what state records that still exists, and never takes
	// in a membership made elsewhere. Unrecorded (null) memberships, after
	// an import or a move, stay so until the configuration names some.
	if !state.GroupIDs.IsNull() {
		state.GroupIDs = stringSetValue(idsStillHeld(stringSet(ctx, state.GroupIDs, diags), gs.GroupIDs))
	}
	if !state.AppRoleAssignments.IsNull() {
		state.AppRoleAssignments = appRoleSetValue(refreshRoles(appRoles(ctx, state.AppRoleAssignments, diags), gs.Assignments))
	}
	r.noteRefreshed(ctx, private, state, diags)
	r.managed.note(state.ID.ValueString(), state.Email.ValueString())
	if !replicated {
		diags.Append(setFlag(ctx, next, replicatedKey, true)...)
	}
	return state, guestRead
}

// readGuest reads the guest. One this resource has never seen succeed may
// still be replicating, and graph waits out a 404 for it before it counts as
// gone; that is what azuread's "present, but now absent" bugs lack.
func (r *invitationResource) readGuest(ctx context.Context, id string, replicated, sponsors bool) (graph.GuestState, error) {
	switch {
	case !replicated:
		return r.client.ReadNewGuestState(ctx, id, sponsors)
	case sponsors:
		return r.client.ReadGuestStateWithSponsors(ctx, id)
	}
	return r.client.ReadGuestState(ctx, id)
}

func (r *invitationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state invitationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	id := state.ID.ValueString()

	// Values Graph computes carry over from state.
	plan.ID, plan.UserID, plan.UserPrincipalName = state.ID, state.UserID, state.UserPrincipalName
	plan.RedeemURL, plan.Status, plan.Adopted = state.RedeemURL, state.Status, state.Adopted
	plan.ExternalUserState, plan.Accepted, plan.ExternalUserStateChangedAt = state.ExternalUserState, state.Accepted, state.ExternalUserStateChangedAt

	var patch graph.UserPatch
	if !plan.DisplayName.IsNull() && !plan.DisplayName.Equal(state.DisplayName) {
		patch.DisplayName = plan.DisplayName.ValueStringPointer()
	}
	if !plan.UserType.Equal(state.UserType) {
		patch.UserType = plan.UserType.ValueStringPointer()
	}
	patch.Profile = profilePatch(plan.guestProfileModel, state.guestProfileModel)

	// A move that Graph refused leaves the guest where it was, and the rest
	// of the update goes ahead; the refusal is reported with its outcome.
	var refusedMove diag.Diagnostics
	if emailChanged(plan.Email, state.Email) {
		refusedMove = r.moveToNewEmail(ctx, &plan, state, &resp.Diagnostics)
	} else {
		r.sendRequestedInvitations(ctx, &plan, state, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, withMembershipsOf(plan, state))...)
		return
	}

	stateGroups := stringSet(ctx, state.GroupIDs, &resp.Diagnostics)
	stateRoles := appRoles(ctx, state.AppRoleAssignments, &resp.Diagnostics)
	wantGroups := stateGroups
	if !plan.GroupIDs.IsUnknown() {
		wantGroups = stringSet(ctx, plan.GroupIDs, &resp.Diagnostics)
	}
	wantRoles := stateRoles
	if !plan.AppRoleAssignments.IsUnknown() {
		wantRoles = appRoles(ctx, plan.AppRoleAssignments, &resp.Diagnostics)
	}
	groupsUnrecorded := state.GroupIDs.IsNull() && (plan.GroupIDs.IsNull() || plan.GroupIDs.IsUnknown())
	rolesUnrecorded := state.AppRoleAssignments.IsNull() && (plan.AppRoleAssignments.IsNull() || plan.AppRoleAssignments.IsUnknown())
	if (state.GroupIDs.IsNull() && len(wantGroups) > 0) || (state.AppRoleAssignments.IsNull() && len(wantRoles) > 0) {
		// After an import or a move nothing is recorded yet: what the guest
		// already holds of what the configuration names is recorded as it
		// is, with no write, and only the rest is added.
		held, err := r.client.ReadGuestState(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot update guest %s", id), errorDetail(ctx, err, "reading the memberships the guest already holds"))
			resp.Diagnostics.Append(resp.State.Set(ctx, withMembershipsOf(plan, state))...)
			return
		}
		if state.GroupIDs.IsNull() {
			stateGroups = idsStillHeld(wantGroups, held.GroupIDs)
		}
		if state.AppRoleAssignments.IsNull() {
			stateRoles = refreshRoles(wantRoles, held.Assignments)
		}
	}
	changes := membershipDiff(wantGroups, stateGroups, wantRoles, stateRoles)
	changes.Patch = patch
	stateSponsors := stringSet(ctx, state.SponsorIDs, &resp.Diagnostics)
	wantSponsors := stringSet(ctx, plan.SponsorIDs, &resp.Diagnostics)
	if !plan.SponsorIDs.IsNull() {
		changes.AddSponsors, changes.RemoveSponsors = idsDiff(wantSponsors, stateSponsors)
	}
	marked, d := hasFlag(ctx, req.Private, markedKey)
	resp.Diagnostics.Append(d...)
	if !marked {
		// An imported or moved guest, or one an older provider created,
		// gets the management mark with the first update.
		changes.MarkInvitedAfter = r.client.Now()
	}
	result := r.client.ApplyMemberships(ctx, id, changes)
	if result.Marked {
		resp.Diagnostics.Append(setFlag(ctx, resp.Private, markedKey, true)...)
	}
	if !marked && result.AlreadyMarked && r.warnIfMarkedElsewhere(ctx, id, plan.Email.ValueString(), &resp.Diagnostics) {
		// Another resource's mark, found by the first update after an
		// import or a move: a destroy of this one leaves it.
		resp.Diagnostics.Append(setFlag(ctx, resp.Private, foreignMarkKey, true)...)
	}
	if result.MarkDenied {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Guest %s (%s) is not marked as managed", plan.Email.ValueString(), id), unmarkedWarning)
	}
	groups, roles := mergeMembershipResult(stateGroups, stateRoles, result)
	if !patch.Empty() && !result.Patched {
		plan.DisplayName, plan.UserType = state.DisplayName, state.UserType
		plan.guestProfileModel = state.guestProfileModel
	}
	if !plan.SponsorIDs.IsNull() {
		plan.SponsorIDs = stringSetValue(idsSpelledAs(wantSponsors, idsMerge(stateSponsors, result.AddedSponsors, result.RemovedSponsors)))
	}
	if len(result.Errors) == 0 {
		groups = idsStillHeld(wantGroups, groups)
	}
	plan.GroupIDs = stringSetValue(groups)
	if groupsUnrecorded {
		plan.GroupIDs = types.SetNull(types.StringType)
	}
	plan.AppRoleAssignments = appRoleSetValue(roles)
	if rolesUnrecorded {
		plan.AppRoleAssignments = types.SetNull(appRoleObjectType)
	}
	membershipErrors(ctx, result, &resp.Diagnostics, id)
	resp.Diagnostics.Append(refusedMove...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID)...)
	r.managed.note(plan.ID.ValueString(), plan.Email.ValueString())
	if !resp.Diagnostics.HasError() {
		// An untainted, unfinished create that an update completed.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unfinishedKey, nil)...)
	}
}

// withMembershipsOf keeps the prior memberships when an update stops early.
func withMembershipsOf(plan, state invitationModel) invitationModel {
	plan.GroupIDs, plan.AppRoleAssignments = state.GroupIDs, state.AppRoleAssignments
	return plan
}

func (r *invitationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state invitationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	id := state.ID.ValueString()
	replaced, replacing, d := replacementOf(ctx, req.Private, id)
	resp.Diagnostics.Append(d...)
	foreignMark, d := hasFlag(ctx, req.Private, foreignMarkKey)
	resp.Diagnostics.Append(d...)
	if replacing && r.handOver(state, replaced, foreignMark) {
		tflog.Info(ctx, "kept the user of an unfinished create for its replacement", map[string]any{"user_id": id})
		return
	}

	deleteUser, deleteAdopted := state.DeleteUserOnDestroy.ValueBool(), state.DeleteAdoptedUser.ValueBool()
	adopted := state.Adopted.ValueBool()
	proven, d := provesCreated(ctx, req.Private, id)
	resp.Diagnostics.Append(d...)
	proven = proven || (replacing && replaced.Proven)
	if deleteUser && !adopted && proven && !deleteAdopted {
		var gone bool
		adopted, gone = r.adoptedAtDelete(ctx, req.Private, id, &resp.Diagnostics)
		if gone || resp.Diagnostics.HasError() {
			return
		}
	}
	if deleteUser && ((!adopted && proven) || deleteAdopted) {
		err := r.client.DeleteUser(ctx, id)
		if err != nil && !graph.IsNotFound(err) {
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot delete guest %s", id), errorDetail(ctx, err, "the deletion")+
				"\n\nThe guest stays in state; run destroy again once the cause is fixed, or set delete_user_on_destroy = false to keep the user.")
		}
		return
	}
	why := keptAdopted
	switch {
	case !deleteUser:
		why = keptByChoice
	case !adopted && !proven:
		why = keptUnproven
	}
	groups := stringSet(ctx, state.GroupIDs, &resp.Diagnostics)
	roles := appRoles(ctx, state.AppRoleAssignments, &resp.Diagnostics)
	keep := membershipDiff(nil, groups, nil, roles)
	// A user let go of must not look managed, or created by this provider,
	// to whoever takes it up next; but a mark that another resource wrote
	// before this one took the guest up stays with that resource.
	marked, d := hasFlag(ctx, req.Private, markedKey)
	resp.Diagnostics.Append(d...)
	keep.Unmark = marked && !foreignMark
	result := r.client.ApplyMemberships(ctx, id, keep)
	if keep.Unmark && result.MarkDenied {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Guest %s (%s) still carries the management mark", state.Email.ValueString(), id),
			"The app may not delete open extensions on users (it needs the Microsoft Graph application permission User.ReadWrite.All), so the kept user still counts as managed by a b2b_invitation. "+
				"Delete the open extension "+markName+" from the user, or grant the permission and adopt and destroy the guest again.")
	}
	if len(result.Errors) > 0 {
		membershipErrors(ctx, result, &resp.Diagnostics, id)
		left, leftRoles := mergeMembershipResult(groups, roles, result)
		state.GroupIDs, state.AppRoleAssignments = stringSetValue(left), appRoleSetValue(leftRoles)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	resp.Diagnostics.AddWarning(fmt.Sprintf("Kept guest %s (%s)", state.Email.ValueString(), id),
		keptUserReason(why, len(groups), len(roles)))
}

// keptReason is why destroy left a user in the directory.
type keptReason int

const (
	keptByChoice keptReason = iota // delete_user_on_destroy = false
	keptAdopted                    // the user existed before the resource
	keptUnproven                   // nothing proves the resource created it
)

// keptUserReason tells why destroy left a user in the directory, and what
// to set to delete it next time.
func keptUserReason(why keptReason, groups, roles int) string {
	removed := fmt.Sprintf("Destroy removed only the %d group membership(s) and %d app role assignment(s) this resource recorded, and left the user and everything else about it as it was.", groups, roles)
	optIn := "\n\nTo have destroy delete such a user, set delete_adopted_user_on_destroy = true and apply before destroying."
	switch why {
	case keptByChoice:
		return "delete_user_on_destroy is false. " + removed
	case keptUnproven:
		return "This resource's state does not show that it created the user: the state was written by hand or by an older version of the provider, " +
			"or another resource holds the same guest. Destroy deletes only users it can prove it created. " + removed + optIn
	}
	return "This resource did not create the user: it adopted a user that already had this email, the user was imported, " +
		"or it was found again after an apply that was interrupted before it saved state. " + removed + optIn
}

// ImportState takes a user object id or an email address. An imported user
// counts as adopted: it existed before this resource, so destroy keeps it
// unless delete_adopted_user_on_destroy says otherwise. Its memberships are
// left unrecorded, so that none is managed until the configuration names it.
func (r *invitationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	if id == "" {
		var d diag.Diagnostics
		id, d = importIDFromIdentity(ctx, req)
		resp.Diagnostics.Append(d...)
	}
	if strings.Contains(id, "@") {
		found, err := r.client.FindUsersByEmail(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Cannot import "+id, errorDetail(ctx, err, "the lookup"))
			return
		}
		switch len(found) {
		case 0:
			resp.Diagnostics.AddError("Cannot import "+id, fmt.Sprintf("No user has the mail or otherMails %q. Import by object id, or check the address.", id))
			return
		case 1:
			id = found[0].ID
		default:
			resp.Diagnostics.AddError("Cannot import "+id, fmt.Sprintf("%d users have the email %q; import by object id instead.", len(found), id))
			return
		}
	}
	resp.Diagnostics.Append(setFlag(ctx, resp.Private, importedKey, true)...)
	values := importDefaults()
	values["id"], values["user_id"] = types.StringValue(id), types.StringValue(id)
	for name, v := range values {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// domainRestriction names the setting that refused an invitation, when
// Graph refused it as a bad request and the tenant's domain list (the
// collaboration restrictions) does not admit the email's domain. It reads
// the list only then, and says nothing when it cannot read it.
func (r *invitationResource) domainRestriction(ctx context.Context, err error, email string) string {
	if !graph.IsKind(err, graph.KindBadRequest) {
		return ""
	}
	d, readErr := r.client.GetInvitationDomains(ctx)
	if readErr != nil {
		return ""
	}
	return domainRefusal(d, email)
}
