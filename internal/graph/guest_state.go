package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/invitations"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// GuestState is everything a refresh needs about one guest.
type GuestState struct {
	Guest       Guest
	GroupIDs    []string // direct memberships
	Assignments []AppRoleAssignment
}

// userJSON mirrors the guest fields for $batch answers, which arrive as
// plain JSON rather than through the SDK's parse nodes.
type userJSON struct {
	ID                string     `json:"id"`
	DisplayName       string     `json:"displayName"`
	Mail              string     `json:"mail"`
	OtherMails        []string   `json:"otherMails"`
	UserPrincipalName string     `json:"userPrincipalName"`
	UserType          string     `json:"userType"`
	CreationType      string     `json:"creationType"`
	ExternalUserState string     `json:"externalUserState"`
	StateChangedAt    *time.Time `json:"externalUserStateChangeDateTime"`
	CreatedAt         *time.Time `json:"createdDateTime"`
	Identities        []struct {
		SignInType string `json:"signInType"`
		Issuer     string `json:"issuer"`
	} `json:"identities"`
}

func (u userJSON) guest() Guest {
	g := Guest{ID: u.ID, DisplayName: u.DisplayName, Mail: u.Mail, OtherMails: u.OtherMails, UserPrincipalName: u.UserPrincipalName,
		UserType: u.UserType, CreationType: u.CreationType, ExternalUserState: u.ExternalUserState,
		ExternalUserStateChangedAt: u.StateChangedAt, CreatedAt: u.CreatedAt}
	for _, id := range u.Identities {
		g.Identities = append(g.Identities, Identity{SignInType: id.SignInType, Issuer: id.Issuer})
	}
	return g
}

// ReadGuestState reads a guest, their direct groups and their app role
// assignments: three operations that share a $batch with the reads other
// resources make at the same moment.
func (c *Client) ReadGuestState(ctx context.Context, userID string) (GuestState, error) {
	userReq, err := c.userGetRequest(ctx, userID)
	if err != nil {
		return GuestState{}, err
	}
	top := int32(999)
	groupsReq, err := c.sdk.Users().ByUserId(userID).MemberOf().ToGetRequestInformation(ctx, &users.ItemMemberOfRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.ItemMemberOfRequestBuilderGetQueryParameters{Select: []string{"id"}, Top: &top},
	})
	if err != nil {
		return GuestState{}, err
	}
	rolesReq, err := c.sdk.Users().ByUserId(userID).AppRoleAssignments().ToGetRequestInformation(ctx, nil)
	if err != nil {
		return GuestState{}, err
	}
	res := c.reads.run(ctx, []step{
		{req: userReq, op: "reading user " + userID, permission: PermReadUsers, after: -1},
		{req: groupsReq, op: "listing the groups of user " + userID, permission: PermReadUsers, after: -1},
		{req: rolesReq, op: "listing the app role assignments of user " + userID, permission: PermReadUsers, after: -1},
	})
	for _, r := range res {
		if r.Err != nil {
			return GuestState{}, r.Err
		}
	}
	var u userJSON
	if err := json.Unmarshal(res[0].Body, &u); err != nil {
		return GuestState{}, fmt.Errorf("reading user %s: the answer is not a user: %w", userID, err)
	}
	out := GuestState{Guest: u.guest()}

	var groups struct {
		Value []struct {
			ID   string `json:"id"`
			Type string `json:"@odata.type"`
		} `json:"value"`
		NextLink string `json:"@odata.nextLink"`
	}
	_ = json.Unmarshal(res[1].Body, &groups)
	for _, g := range groups.Value {
		if g.Type == "" || g.Type == "#microsoft.graph.group" {
			out.GroupIDs = append(out.GroupIDs, g.ID)
		}
	}
	if groups.NextLink != "" {
		more, err := c.listMemberOfFrom(ctx, userID, groups.NextLink)
		if err != nil {
			return GuestState{}, err
		}
		out.GroupIDs = append(out.GroupIDs, more...)
	}

	var roles struct {
		Value []struct {
			ID          string `json:"id"`
			PrincipalID string `json:"principalId"`
			ResourceID  string `json:"resourceId"`
			AppRoleID   string `json:"appRoleId"`
		} `json:"value"`
		NextLink string `json:"@odata.nextLink"`
	}
	_ = json.Unmarshal(res[2].Body, &roles)
	if roles.NextLink != "" {
		all, err := c.ListAppRoleAssignments(ctx, userID)
		if err != nil {
			return GuestState{}, err
		}
		out.Assignments = all
		return out, nil
	}
	for _, a := range roles.Value {
		// Graph also lists roles granted through the user's groups.
		if strings.EqualFold(a.PrincipalID, userID) {
			out.Assignments = append(out.Assignments, AppRoleAssignment{ID: a.ID, ResourceID: a.ResourceID, AppRoleID: a.AppRoleID})
		}
	}
	return out, nil
}

func (c *Client) listMemberOfFrom(ctx context.Context, userID, next string) ([]string, error) {
	var out []string
	for next != "" {
		page, err := c.sdk.Users().ByUserId(userID).MemberOf().WithUrl(next).Get(ctx, nil)
		if err != nil {
			return nil, wrap(err, "listing the groups of user "+userID, PermReadUsers)
		}
		for _, o := range page.GetValue() {
			if t := deref(o.GetOdataType()); t == "" || t == "#microsoft.graph.group" {
				out = append(out, deref(o.GetId()))
			}
		}
		next = deref(page.GetOdataNextLink())
	}
	return out, nil
}

// InviteResult is the outcome of InviteOrAdopt.
type InviteResult struct {
	Invitation Invitation
	// Adopted is true when the email already belonged to a user before the
	// invitation: that user must never be deleted by us.
	Adopted bool
}

// InviteOrAdopt looks the email up and invites it in one $batch round trip:
// the lookup runs first (dependsOn), so it sees the tenant as it was before
// the invitation, which tells a new guest from an adopted user.
func (c *Client) InviteOrAdopt(ctx context.Context, r InviteRequest) (InviteResult, error) {
	q := odataQuote(r.Email)
	filter := fmt.Sprintf("mail eq %s or otherMails/any(m:m eq %s)", q, q)
	lookupReq, err := c.sdk.Users().ToGetRequestInformation(ctx, &users.UsersRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UsersRequestBuilderGetQueryParameters{Filter: &filter, Select: []string{"id"}},
	})
	if err != nil {
		return InviteResult{}, err
	}
	inviteReq, err := c.sdk.Invitations().ToPostRequestInformation(ctx, r.model(), &invitations.InvitationsRequestBuilderPostRequestConfiguration{})
	if err != nil {
		return InviteResult{}, err
	}
	op, perm := r.operation()
	res := c.runBatch(ctx, []step{
		{req: lookupReq, op: "looking up " + r.Email, permission: PermReadUsers, after: -1},
		{req: inviteReq, op: op, permission: perm, after: 0},
	})
	if res[0].Err != nil {
		return InviteResult{}, res[0].Err
	}
	if res[1].Err != nil {
		return InviteResult{}, res[1].Err
	}
	var found struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	_ = json.Unmarshal(res[0].Body, &found)
	var inv struct {
		RedeemURL   string `json:"inviteRedeemUrl"`
		Status      string `json:"status"`
		InvitedUser struct {
			ID  string `json:"id"`
			UPN string `json:"userPrincipalName"`
		} `json:"invitedUser"`
	}
	if err := json.Unmarshal(res[1].Body, &inv); err != nil || inv.InvitedUser.ID == "" {
		return InviteResult{}, &Error{Operation: op, Status: res[1].Status, Message: "the answer holds no invitedUser.id"}
	}
	out := InviteResult{Invitation: Invitation{UserID: inv.InvitedUser.ID, UserPrincipalName: inv.InvitedUser.UPN, RedeemURL: inv.RedeemURL, Status: inv.Status}}
	for _, u := range found.Value {
		if strings.EqualFold(u.ID, inv.InvitedUser.ID) {
			out.Adopted = true
		}
	}
	return out, nil
}
