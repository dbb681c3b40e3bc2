package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// Every user, group membership and app role assignment is decoded from
// Graph's JSON by the types below, whether it came alone, on a page of a
// list or inside a $batch answer: one decoding each, and plain
// encoding/json rather than the SDK's parse nodes, which cost far more CPU
// on pages of hundreds of users.

// userJSON is a user with the guest fields.
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
	Profile
	Sponsors       []directoryObjectJSON `json:"sponsors"`
	SignInActivity *SignInActivity       `json:"signInActivity"`
}

func (u userJSON) guest() Guest {
	g := Guest{ID: u.ID, DisplayName: u.DisplayName, Mail: u.Mail, OtherMails: u.OtherMails, UserPrincipalName: u.UserPrincipalName,
		UserType: u.UserType, CreationType: u.CreationType, ExternalUserState: u.ExternalUserState,
		ExternalUserStateChangedAt: u.StateChangedAt, CreatedAt: u.CreatedAt, Profile: u.Profile, SignIns: u.SignInActivity}
	for _, s := range u.Sponsors {
		g.SponsorIDs = append(g.SponsorIDs, s.ID)
	}
	for _, id := range u.Identities {
		g.Identities = append(g.Identities, Identity{SignInType: id.SignInType, Issuer: id.Issuer})
	}
	return g
}

// directoryObjectJSON is an item of memberOf: a group, an administrative
// unit or a directory role.
type directoryObjectJSON struct {
	ID   string `json:"id"`
	Type string `json:"@odata.type"`
}

// isGroup leaves out the administrative units and directory roles that
// memberOf lists beside groups.
func (o directoryObjectJSON) isGroup() bool {
	return o.Type == "" || o.Type == "#microsoft.graph.group"
}

// assignmentJSON is an app role assignment.
type assignmentJSON struct {
	ID          string `json:"id"`
	PrincipalID string `json:"principalId"`
	ResourceID  string `json:"resourceId"`
	AppRoleID   string `json:"appRoleId"`
}

// grantedTo reports an assignment to the user itself: Graph also lists
// those the user holds through its groups.
func (a assignmentJSON) grantedTo(userID string) bool {
	return strings.EqualFold(a.PrincipalID, userID)
}

func (a assignmentJSON) assignment() AppRoleAssignment {
	return AppRoleAssignment{ID: a.ID, ResourceID: a.ResourceID, AppRoleID: a.AppRoleID}
}

// collection is one page of a Graph collection.
type collection[V any] struct {
	Value    []V    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

var odataErrors = abstractions.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue}

// getJSON sends a GET that the SDK built, through the SDK's middleware, and
// decodes the answer into out.
func (c *Client) getJSON(ctx context.Context, req *abstractions.RequestInformation, out any) error {
	body, err := c.adapter.SendPrimitive(ctx, req, "[]byte", odataErrors)
	if err != nil {
		return err
	}
	b, _ := body.([]byte)
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s%w", unreadableAnswer, err)
	}
	return nil
}

// eachJSON hands every item of a collection to fn, following
// @odata.nextLink page by page until the pages run out or fn returns false;
// pages past that point are never fetched.
func eachJSON[V any](ctx context.Context, c *Client, req *abstractions.RequestInformation, fn func(V) bool) error {
	for {
		var page collection[V]
		if err := c.getJSON(ctx, req, &page); err != nil {
			return err
		}
		for _, v := range page.Value {
			if !fn(v) {
				return nil
			}
		}
		if page.NextLink == "" {
			return nil
		}
		next, err := url.Parse(page.NextLink)
		if err != nil {
			return fmt.Errorf("%s%w", unreadableAnswer, err)
		}
		req = abstractions.NewRequestInformation()
		req.Method = abstractions.GET
		req.SetUri(*next)
		req.Headers.TryAdd("Accept", "application/json")
	}
}
