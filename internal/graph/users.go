package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// Guest is a user as the provider sees it.
type Guest struct {
	ID                         string
	DisplayName                string
	Mail                       string
	OtherMails                 []string
	UserPrincipalName          string
	UserType                   string
	CreationType               string
	ExternalUserState          string
	ExternalUserStateChangedAt *time.Time
	CreatedAt                  *time.Time
	Identities                 []Identity
	Profile                    Profile
	// SponsorIDs is set only by reads that expand sponsors.
	SponsorIDs []string
	// SignIns is set only by reads that ask for sign-in activity; it is
	// then never nil, and its times are nil for "never".
	SignIns *SignInActivity
}

// Identity is one way a user signs in.
type Identity struct {
	SignInType string
	Issuer     string
}

// Accepted reports whether the guest has redeemed an invitation.
func (g Guest) Accepted() bool { return g.ExternalUserState == "Accepted" }

// guestFields is the $select that returns the redemption state: Graph leaves
// these out of a plain GET (package doc, "Users").
var guestFields = append([]string{"id", "displayName", "mail", "otherMails", "userPrincipalName", "userType", "creationType",
	"externalUserState", "externalUserStateChangeDateTime", "createdDateTime", "identities"}, profileFields...)

// GetUser reads a user by object id or UPN, with the guest fields. A guest
// UPN holds '#', which the SDK's path encoding turns into %23 (package
// doc, "Users").
func (c *Client) GetUser(ctx context.Context, idOrUPN string) (Guest, error) {
	req, err := c.sdk.Users().ByUserId(idOrUPN).ToGetRequestInformation(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: guestFields},
	})
	if err != nil {
		return Guest{}, err
	}
	var u userJSON
	if err := c.getJSON(ctx, req, &u); err != nil {
		return Guest{}, wrap(err, fmt.Sprintf("reading user %s", idOrUPN), PermReadUsers)
	}
	return u.guest(), nil
}

// FindUsersByEmail finds users whose mail or otherMails is the email. Both
// filters work without advanced query headers.
func (c *Client) FindUsersByEmail(ctx context.Context, email string) ([]Guest, error) {
	q := odataQuote(email)
	return c.ListUsers(ctx, fmt.Sprintf("mail eq %s or otherMails/any(m:m eq %s)", q, q))
}

// ListUsers lists users matching an OData filter, following every page.
func (c *Client) ListUsers(ctx context.Context, filter string) ([]Guest, error) {
	var out []Guest
	err := c.EachUser(ctx, filter, func(g Guest) bool {
		out = append(out, g)
		return true
	})
	return out, err
}

// EachUser hands each user matching an OData filter to fn, a page of up to
// 999 (Graph's largest for users) at a time, until fn returns false or the
// pages run out; pages past that point are never fetched.
func (c *Client) EachUser(ctx context.Context, filter string, fn func(Guest) bool) error {
	return c.eachUser(ctx, filter, nil, false, fn)
}

// EachGuestWithSignIns is EachUser with each user's sign-in activity,
// 120 users a page (sign_ins.go).
func (c *Client) EachGuestWithSignIns(ctx context.Context, filter string, fn func(Guest) bool) error {
	return c.eachUser(ctx, filter, nil, true, fn)
}

// eachUser is EachUser with an optional $expand and, with signIns, each
// user's sign-in activity: at Graph's smaller page size for it, under its
// permission, and never nil, since Graph leaves it out, or null, for a
// user who never signed in.
func (c *Client) eachUser(ctx context.Context, filter string, expand []string, signIns bool, fn func(Guest) bool) error {
	top := int32(999)
	permission := PermReadUsers
	selected := guestFields
	op := "listing users"
	if filter != "" {
		op = fmt.Sprintf("listing users with $filter=%s", filter)
	}
	if signIns {
		top, permission = SignInPageSize, PermReadAuditLog
		selected = append(append([]string(nil), guestFields...), "signInActivity")
		op += " and their sign-in activity"
	}
	cfg := &users.UsersRequestBuilderGetRequestConfiguration{QueryParameters: &users.UsersRequestBuilderGetQueryParameters{
		Select: selected, Top: &top, Expand: expand,
	}}
	if filter != "" {
		cfg.QueryParameters.Filter = &filter
	}
	req, err := c.sdk.Users().ToGetRequestInformation(ctx, cfg)
	if err != nil {
		return err
	}
	err = eachJSON(ctx, c, req, func(u userJSON) bool {
		g := u.guest()
		if signIns && g.SignIns == nil {
			g.SignIns = &SignInActivity{}
		}
		return fn(g)
	})
	return wrap(err, op, permission)
}

// UserPatch holds the user properties the provider may change; nil leaves a
// property as it is.
type UserPatch struct {
	DisplayName *string `json:"displayName,omitempty"`
	UserType    *string `json:"userType,omitempty"`
	Mail        *string `json:"mail,omitempty"`
	Profile
}

// Empty reports whether the patch changes nothing.
func (p UserPatch) Empty() bool { return p == UserPatch{} }

// UpdateUser PATCHes a user with only what changes: the SDK's models
// serialize a property set to nil as null, and Graph refuses a null
// userType.
func (c *Client) UpdateUser(ctx context.Context, id string, p UserPatch) error {
	req, err := c.userPatchRequest(id, p)
	if err != nil {
		return err
	}
	res := c.reads.run(ctx, []step{{req: req, op: fmt.Sprintf("updating user %s", id), permission: PermWriteUsers}})
	if res[0].Err != nil {
		return res[0].Err
	}
	return nil
}

// DeleteUser soft-deletes a user: Entra keeps it restorable for 30 days,
// with its memberships, so they are not removed one by one first. Deletes
// from concurrent destroys share $batch requests.
func (c *Client) DeleteUser(ctx context.Context, id string) error {
	req, err := c.sdk.Users().ByUserId(id).ToDeleteRequestInformation(ctx, nil)
	if err != nil {
		return err
	}
	res := c.reads.run(ctx, []step{{req: req, op: fmt.Sprintf("deleting user %s", id), permission: PermWriteUsers}})
	if res[0].Err != nil {
		return res[0].Err
	}
	return nil
}

// odataQuote quotes a string literal for $filter, doubling single quotes.
func odataQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// MaxServerSideEmails bounds the `mail eq` terms put in one $filter; a
// longer list is left for the caller to filter.
const MaxServerSideEmails = 15

// GuestQuery selects invited users by what Graph filters without an
// advanced query; empty fields select everything.
type GuestQuery struct {
	UserType string // Guest or Member
	State    string // PendingAcceptance or Accepted
}

// Filter is the query's OData $filter.
func (q GuestQuery) Filter() string {
	var parts []string
	if q.UserType != "" {
		parts = append(parts, "userType eq "+odataQuote(q.UserType))
	}
	if q.State != "" {
		parts = append(parts, "externalUserState eq "+odataQuote(q.State))
	}
	return strings.Join(parts, " and ")
}

// GuestListing is what ListGuests asks Graph for.
type GuestListing struct {
	State  string   // PendingAcceptance or Accepted; empty for both
	Emails []string // up to MaxServerSideEmails go into the filter
	// SignIns asks for each guest's sign-in activity (sign_ins.go).
	SignIns bool
}

// ListGuests lists guests with their sponsors expanded, asking Graph to
// filter by what it can without an advanced query (package doc, "Users"):
// the redemption state and up to 15 emails.
// Callers filter the rest themselves.
func (c *Client) ListGuests(ctx context.Context, l GuestListing) ([]Guest, error) {
	state, emails := l.State, l.Emails
	parts := []string{GuestQuery{UserType: "Guest", State: state}.Filter()}
	if n := len(emails); n > 0 && n <= MaxServerSideEmails {
		sorted := append([]string(nil), emails...)
		sort.Strings(sorted)
		ors := make([]string, 0, n)
		for _, e := range sorted {
			ors = append(ors, "mail eq "+odataQuote(e))
		}
		parts = append(parts, "("+strings.Join(ors, " or ")+")")
	}
	var out []Guest
	var expand []string
	if !c.noSponsors {
		expand = []string{"sponsors($select=id)"}
	}
	err := c.eachUser(ctx, strings.Join(parts, " and "), expand, l.SignIns, func(g Guest) bool {
		out = append(out, g)
		return true
	})
	return out, err
}

// CountGuests counts the tenant's users of type Guest, a page of 999 at a
// time. A plain count ($count) is an advanced query that needs the
// ConsistencyLevel header and is eventually consistent; paging is exact.
func (c *Client) CountGuests(ctx context.Context) (int, error) {
	n := 0
	err := c.EachUser(ctx, GuestQuery{UserType: "Guest"}.Filter(), func(Guest) bool {
		n++
		return true
	})
	return n, err
}
