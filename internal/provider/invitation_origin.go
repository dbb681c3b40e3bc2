package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// A new invitation answered "PendingAcceptance" cannot tell a user it just
// created from a pending guest someone else invited earlier. Rather than pay
// a lookup per guest on create, the resource keeps in private state the
// earliest second its invitation could have created a user, and settles
// `adopted` from the user's createdDateTime on the next read. A destroy that
// comes before any read settles it itself.
//
// createdKey keeps, for as long as the resource lives, the object id of the
// user this resource created. Destroy deletes a user only with this proof
// (or the explicit delete_adopted_user_on_destroy): a state without it was
// written by hand, by an older version, or shares its guest with another
// resource, and deleting on its word could take a guest from under its
// owner. Adoption, once settled, takes the proof away.

func setCreatedProof(ctx context.Context, p privateSetter, userID string) diag.Diagnostics {
	return setUserKey(ctx, p, createdKey, userID)
}

func dropCreatedProof(ctx context.Context, p privateSetter) diag.Diagnostics {
	return p.SetKey(ctx, createdKey, nil)
}

// provesCreated reports whether private state proves that this resource
// created the user with this id.
func provesCreated(ctx context.Context, p privateGetter, userID string) (bool, diag.Diagnostics) {
	return holdsUser(ctx, p, createdKey, userID)
}

func setOriginUnsettled(ctx context.Context, p privateSetter, createdAfter time.Time) diag.Diagnostics {
	b, _ := json.Marshal(createdAfter.UTC().Format(time.RFC3339))
	return p.SetKey(ctx, originKey, b)
}

func settleOrigin(ctx context.Context, p privateSetter) diag.Diagnostics {
	return p.SetKey(ctx, originKey, nil)
}

// originUnsettled returns the moment kept by setOriginUnsettled, if any. A
// value that cannot be read counts as unsettled from the far future, so that
// the user is treated as someone else's.
func originUnsettled(ctx context.Context, p privateGetter) (time.Time, bool, diag.Diagnostics) {
	b, d := p.GetKey(ctx, originKey)
	if len(b) == 0 {
		return time.Time{}, false, d
	}
	var text string
	_ = json.Unmarshal(b, &text)
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return time.Unix(1<<40, 0), true, d
	}
	return t, true, d
}

// adoptedAtDelete settles the origin of a guest that no read has settled
// yet, with one GET. gone reports a user that no longer exists.
func (r *invitationResource) adoptedAtDelete(ctx context.Context, private privateGetter, id string, diags *diag.Diagnostics) (adopted, gone bool) {
	createdAfter, unsettled, d := originUnsettled(ctx, private)
	diags.Append(d...)
	if !unsettled {
		return false, false
	}
	g, err := r.client.GetUser(ctx, id)
	if graph.IsNotFound(err) {
		return false, true
	}
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot delete guest %s", id), errorDetail(ctx, err, "checking whether this resource created the user")+
			"\n\nThe guest stays in state; run destroy again once the cause is fixed.")
		return false, false
	}
	adopted, err = r.adoptedBy(ctx, g, createdAfter)
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot delete guest %s", id), errorDetail(ctx, err, "checking whether this resource created the user")+
			"\n\nThe guest stays in state; run destroy again once the cause is fixed.")
	}
	return adopted, false
}

// adoptedBy settles whether a user that an invitation sent at createdAfter
// answered with existed before it. A user created earlier is still this
// provider's when its management mark says an invitation of this provider
// made it, in an apply that died before Terraform saved its state.
func (r *invitationResource) adoptedBy(ctx context.Context, g graph.Guest, createdAfter time.Time) (bool, error) {
	if !graph.CreatedBefore(g, createdAfter) {
		return false, nil
	}
	here, err := r.client.CreatedHere(ctx, g)
	return !here, err
}

// unmarkedWarning explains a guest left without the management mark.
const unmarkedWarning = "The app may not write open extensions on users (it needs the Microsoft Graph application permission User.ReadWrite.All), " +
	"so the guest lacks the mark that tells b2b_offboard_guests, b2b_guests and the list resource, in runs that do not read this resource, that a b2b_invitation manages it. " +
	"Grant the permission; the next apply that changes this resource marks the guest."

// warnIfMarkedElsewhere warns of a guest that already carried the
// management mark when this resource took it up, unless the mark is that of
// this resource's own create in an apply that was killed. Another
// b2b_invitation, perhaps in another Terraform state, then manages the same
// guest, and the two will undo each other's changes.
func (r *invitationResource) warnIfMarkedElsewhere(ctx context.Context, id, email string, diags *diag.Diagnostics) bool {
	g, err := r.client.GetUser(ctx, id)
	here := false
	if err == nil {
		here, err = r.client.CreatedHere(ctx, g)
	}
	if err != nil {
		// Taking the mark for another resource's is the side on which no
		// guest loses its protection.
		diags.AddWarning(fmt.Sprintf("Guest %s (%s) already carried a management mark", email, id),
			"The user already carried the open extension "+markName+", and reading it failed: "+errorDetail(ctx, err, "reading the mark")+
				"\n\nThis resource treats the mark as another b2b_invitation's, so its destroy leaves it.")
		return true
	}
	if here {
		return false
	}
	diags.AddWarning(fmt.Sprintf("Guest %s (%s) is already managed", email, id),
		"The user already carried the open extension "+markName+" that a b2b_invitation keeps on the guests it holds, so another b2b_invitation, perhaps in another Terraform state, manages it too. "+
			"This resource counts the guest as adopted, so its destroy keeps the user. Keep one of the two resources: remove the other with a removed block (lifecycle { destroy = false }) "+
			"and delete the open extension only if no configuration holds the guest any more. A destroy of this resource leaves the mark.")
	return true
}
