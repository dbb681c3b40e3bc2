package graph

import (
	"context"
	"fmt"
)

// Offboarding a guest takes these Graph operations, each usable alone:
//
//   - blocking sign-in is PATCH /users/{id} {"accountEnabled": false}
//     (UpdateUser), with User.ReadWrite.All;
//   - POST /users/{id}/revokeSignInSessions invalidates the refresh tokens
//     and session cookies issued so far (it answers {"value": true}); the
//     least permission is User.RevokeSessions.All. A B2B guest signs in at
//     home, so this ends the sessions it holds in this tenant, not there;
//   - removing access is DELETE of each direct group membership and app
//     role assignment (ApplyMemberships);
//   - deleting is DELETE /users/{id} (DeleteUser): restorable for 30 days.

// PermRevokeSessions is the least permission that revokes sign-in sessions.
const PermRevokeSessions = "User.RevokeSessions.All"

// BlockSignIn sets accountEnabled to false.
func (c *Client) BlockSignIn(ctx context.Context, id string) error {
	off := false
	p := UserPatch{}
	p.AccountEnabled = &off
	return c.UpdateUser(ctx, id, p)
}

// RevokeSignInSessions ends the user's sign-in sessions in this tenant.
func (c *Client) RevokeSignInSessions(ctx context.Context, id string) error {
	req, err := c.sdk.Users().ByUserId(id).RevokeSignInSessions().ToPostRequestInformation(ctx, nil)
	if err != nil {
		return err
	}
	res := c.reads.run(ctx, []step{{req: req, op: fmt.Sprintf("revoking the sign-in sessions of user %s", id), permission: PermRevokeSessions}})
	if res[0].Err != nil {
		return res[0].Err
	}
	return nil
}

// Access is what a user holds directly: groups and app role assignments.
type Access struct {
	GroupIDs []string
	Roles    []AppRoleAssignment
}

// ReadAccess lists the user's direct groups and app role assignments.
func (c *Client) ReadAccess(ctx context.Context, id string) (Access, error) {
	groups, err := c.listMemberOf(ctx, id)
	if err != nil {
		return Access{}, err
	}
	roles, err := c.ListAppRoleAssignments(ctx, id)
	if err != nil {
		return Access{}, err
	}
	return Access{GroupIDs: groups, Roles: roles}, nil
}

// RemoveAccess removes every group and app role in a, in as few $batch
// round trips as Graph allows, and returns what it could not remove.
func (c *Client) RemoveAccess(ctx context.Context, id string, a Access) MembershipResult {
	return c.ApplyMemberships(ctx, id, MembershipChanges{RemoveGroups: a.GroupIDs, RemoveRoles: a.Roles})
}
