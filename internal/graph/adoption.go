package graph

import (
	"context"
	"time"
)

// InviteResult is the outcome of InviteOrAdopt.
type InviteResult struct {
	Invitation Invitation
	// Adopted is true when Graph's answer alone proves that the email
	// belonged to a user before: such a user must never be deleted by us.
	Adopted bool
	// CreatedAfter is, on Graph's clock, the earliest second at which this
	// invitation could have created a user. A user created before it was
	// someone else's: see CreatedBefore.
	CreatedAfter time.Time
	// CreatedHere is set by callers that found, for a user Graph answered
	// as existing, the management mark of this provider (CreatedHere).
	CreatedHere bool
}

// InviteOrAdopt invites an email in a single operation. Graph answers an
// invitation of an email it already knows with that user rather than a new
// one, and says "Completed" when that user has redeemed or is a member.
// A user still pending acceptance looks the same in the answer whether it is
// new or not, so that case is settled later, without an extra call, from the
// user's createdDateTime (which every refresh reads) against CreatedAfter.
// Looking the email up first would cost one more operation per guest.
func (c *Client) InviteOrAdopt(ctx context.Context, r InviteRequest) (InviteResult, error) {
	sent := time.Now()
	inv, err := c.Invite(ctx, r)
	if err != nil {
		return InviteResult{}, err
	}
	return InviteResult{Invitation: inv, Adopted: inv.Status == "Completed", CreatedAfter: c.clock.notBefore(sent)}, nil
}

// CreatedBefore reports whether the user existed before the moment t on
// Graph's clock. A user without a creation time counts as existing, the
// side on which nobody's account gets deleted.
func CreatedBefore(g Guest, t time.Time) bool {
	return g.CreatedAt == nil || g.CreatedAt.Before(t)
}
