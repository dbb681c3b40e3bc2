package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// GuestState is everything a refresh needs about one guest.
type GuestState struct {
	Guest       Guest
	GroupIDs    []string // direct memberships
	Assignments []AppRoleAssignment
	SponsorIDs  []string
}

// ReadGuestState reads a guest with their direct groups expanded, and their
// app role assignments: two operations that share a $batch with the reads
// other resources make at the same moment, so that ten concurrent refreshes
// fill one batch.
func (c *Client) ReadGuestState(ctx context.Context, userID string) (GuestState, error) {
	return c.readGuestState(ctx, userID, false)
}

// ReadGuestStateWithSponsors is ReadGuestState with the guest's sponsors, a
// third operation in the same $batch, for callers that manage or show them.
func (c *Client) ReadGuestStateWithSponsors(ctx context.Context, userID string) (GuestState, error) {
	return c.readGuestState(ctx, userID, true)
}

// ReplicationGrace is how long after an invitation a 404 for the new user
// is taken for replication lag rather than a deleted user.
const ReplicationGrace = 60 * time.Second

// ReadNewGuestState reads a guest that may still be replicating, as one
// that an invitation made moments ago and no read has yet found: a 404 is
// retried with backoff for ReplicationGrace before it counts as gone. Any
// other answer, and a 404 after the grace, is returned as it is.
func (c *Client) ReadNewGuestState(ctx context.Context, userID string, sponsors bool) (GuestState, error) {
	deadline := time.Now().Add(ReplicationGrace)
	delay := 250 * time.Millisecond
	for {
		gs, err := c.readGuestState(ctx, userID, sponsors)
		if !IsNotFound(err) || time.Now().After(deadline) || ctx.Err() != nil {
			return gs, err
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return gs, err
		}
		delay = min(delay*2, 5*time.Second)
	}
}

func (c *Client) readGuestState(ctx context.Context, userID string, withSponsors bool) (GuestState, error) {
	userReq, err := c.sdk.Users().ByUserId(userID).ToGetRequestInformation(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: guestFields, Expand: []string{"memberOf($select=id)"}},
	})
	if err != nil {
		return GuestState{}, err
	}
	rolesReq, err := c.sdk.Users().ByUserId(userID).AppRoleAssignments().ToGetRequestInformation(ctx, nil)
	if err != nil {
		return GuestState{}, err
	}
	steps := []step{
		{req: userReq, op: "reading user " + userID, permission: PermReadUsers},
		{req: rolesReq, op: "listing the app role assignments of user " + userID, permission: PermReadUsers},
	}
	withSponsors = withSponsors && !c.noSponsors
	if withSponsors {
		steps = append(steps, step{req: c.sponsorsRequest(userID),
			op: "listing the sponsors of user " + userID, permission: PermReadUsers})
	}
	res := c.reads.run(ctx, steps)
	for _, r := range res {
		if r.Err != nil {
			return GuestState{}, r.Err
		}
	}
	var u struct {
		userJSON
		MemberOf []directoryObjectJSON `json:"memberOf"`
	}
	if err := json.Unmarshal(res[0].Body, &u); err != nil {
		return GuestState{}, fmt.Errorf("reading user %s: the answer is not a user: %w", userID, err)
	}
	out := GuestState{Guest: u.guest()}
	if len(u.MemberOf) >= maxExpanded {
		// Graph cuts an expansion short without a nextLink: list them all.
		all, err := c.listMemberOf(ctx, userID)
		if err != nil {
			return GuestState{}, err
		}
		out.GroupIDs = all
	} else {
		for _, o := range u.MemberOf {
			if o.isGroup() {
				out.GroupIDs = append(out.GroupIDs, o.ID)
			}
		}
	}

	if withSponsors {
		var sponsors collection[directoryObjectJSON]
		if err := json.Unmarshal(res[2].Body, &sponsors); err != nil {
			// An unreadable answer is an error, never "no sponsors".
			return GuestState{}, fmt.Errorf("listing the sponsors of user %s: %s%w", userID, unreadableAnswer, err)
		}
		out.SponsorIDs = []string{}
		for _, o := range sponsors.Value {
			out.SponsorIDs = append(out.SponsorIDs, o.ID)
		}
		if sponsors.NextLink != "" {
			all, err := c.ReadSponsors(ctx, userID)
			if err != nil {
				return GuestState{}, err
			}
			out.SponsorIDs = all
		}
	}

	var roles collection[assignmentJSON]
	if err := json.Unmarshal(res[1].Body, &roles); err != nil {
		// An unreadable answer is an error, never "no app roles": state
		// would silently drop the recorded ones.
		return GuestState{}, fmt.Errorf("listing the app role assignments of user %s: %s%w", userID, unreadableAnswer, err)
	}
	if roles.NextLink != "" {
		all, err := c.ListAppRoleAssignments(ctx, userID)
		if err != nil {
			return GuestState{}, err
		}
		out.Assignments = all
		return out, nil
	}
	for _, a := range roles.Value {
		if a.grantedTo(userID) {
			out.Assignments = append(out.Assignments, a.assignment())
		}
	}
	return out, nil
}

// maxExpanded is the fewest objects Graph may cut an expanded directory
// relationship to (its known issues say 20, later 100), without a nextLink.
const maxExpanded = 20

// listMemberOf lists all of a user's direct groups, page by page.
func (c *Client) listMemberOf(ctx context.Context, userID string) ([]string, error) {
	top := int32(999)
	req, err := c.sdk.Users().ByUserId(userID).MemberOf().ToGetRequestInformation(ctx, &users.ItemMemberOfRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.ItemMemberOfRequestBuilderGetQueryParameters{Select: []string{"id"}, Top: &top},
	})
	if err != nil {
		return nil, err
	}
	var out []string
	err = eachJSON(ctx, c, req, func(o directoryObjectJSON) bool {
		if o.isGroup() {
			out = append(out, o.ID)
		}
		return true
	})
	return out, wrap(err, "listing the groups of user "+userID, PermReadUsers)
}
