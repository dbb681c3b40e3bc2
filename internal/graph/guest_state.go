package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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

// ReadGuestState reads a guest with their direct groups expanded, and their
// app role assignments: two operations that share a $batch with the reads
// other resources make at the same moment, so that ten concurrent refreshes
// fill one batch.
func (c *Client) ReadGuestState(ctx context.Context, userID string) (GuestState, error) {
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
	res := c.reads.run(ctx, []step{
		{req: userReq, op: "reading user " + userID, permission: PermReadUsers},
		{req: rolesReq, op: "listing the app role assignments of user " + userID, permission: PermReadUsers},
	})
	for _, r := range res {
		if r.Err != nil {
			return GuestState{}, r.Err
		}
	}
	var u struct {
		userJSON
		MemberOf []struct {
			ID   string `json:"id"`
			Type string `json:"@odata.type"`
		} `json:"memberOf"`
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
		for _, g := range u.MemberOf {
			if g.Type == "" || g.Type == "#microsoft.graph.group" {
				out.GroupIDs = append(out.GroupIDs, g.ID)
			}
		}
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
	_ = json.Unmarshal(res[1].Body, &roles)
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

// maxExpanded is the fewest objects Graph may cut an expanded directory
// relationship to (its known issues say 20, later 100), without a nextLink.
const maxExpanded = 20

// listMemberOf lists all of a user's direct groups, page by page.
func (c *Client) listMemberOf(ctx context.Context, userID string) ([]string, error) {
	var out []string
	top := int32(999)
	page, err := c.sdk.Users().ByUserId(userID).MemberOf().Get(ctx, &users.ItemMemberOfRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.ItemMemberOfRequestBuilderGetQueryParameters{Select: []string{"id"}, Top: &top},
	})
	for {
		if err != nil {
			return nil, wrap(err, "listing the groups of user "+userID, PermReadUsers)
		}
		for _, o := range page.GetValue() {
			if t := deref(o.GetOdataType()); t == "" || t == "#microsoft.graph.group" {
				out = append(out, deref(o.GetId()))
			}
		}
		next := deref(page.GetOdataNextLink())
		if next == "" {
			return out, nil
		}
		page, err = c.sdk.Users().ByUserId(userID).MemberOf().WithUrl(next).Get(ctx, nil)
	}
}
