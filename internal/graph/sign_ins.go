package graph

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// Sign-in activity (signInActivity on a user), as Graph documents it:
//
//   - It comes back only when $select names it. Reading it needs
//     AuditLog.Read.All besides User.Read.All, and an Entra ID P1 or P2
//     license in the tenant; without the license Graph answers 403
//     Authentication_RequestFromNonPremiumTenantOrB2CTenant.
//   - A page of users that selects it holds at most 120 users.
//   - It may be filtered (eq, ne, not, ge, le), but not together with any
//     other property, so a filter on it cannot also ask for guests only;
//     and a user who never signed in has no value for any filter to match.
//     The provider therefore lists guests with the activity selected and
//     compares the times itself.
//   - lastSignInDateTime is the last interactive attempt, successful or
//     not; lastNonInteractiveSignInDateTime the last attempt by a client on
//     the user's behalf; lastSuccessfulSignInDateTime the last successful
//     sign-in of either kind, filled since 2023-12-01 and not backfilled.
//     Values lag real sign-ins by hours.

// PermReadAuditLog is what sign-in activity needs besides PermReadUsers.
const PermReadAuditLog = "AuditLog.Read.All"

// SignInPageSize is Graph's largest page of users with sign-in activity.
const SignInPageSize = 120

// licenseMissingCode is Graph's error code for a feature the tenant's
// license does not include.
const licenseMissingCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant"

// SignInActivity is a user's signInActivity; a nil time is "never".
type SignInActivity struct {
	LastSignIn               *time.Time `json:"lastSignInDateTime"`
	LastNonInteractiveSignIn *time.Time `json:"lastNonInteractiveSignInDateTime"`
	LastSuccessfulSignIn     *time.Time `json:"lastSuccessfulSignInDateTime"`
}

// IsLicenseMissing reports whether Graph refused because the tenant has no
// Entra ID P1 or P2 license.
func IsLicenseMissing(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Code == licenseMissingCode
}

// GetUserWithSignIns reads a user as GetUser does, with its sign-in
// activity.
func (c *Client) GetUserWithSignIns(ctx context.Context, id string) (Guest, error) {
	req, err := c.sdk.Users().ByUserId(id).ToGetRequestInformation(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: append(append([]string(nil), guestFields...), "signInActivity")},
	})
	if err != nil {
		return Guest{}, err
	}
	var u userJSON
	if err := c.getJSON(ctx, req, &u); err != nil {
		return Guest{}, wrap(err, fmt.Sprintf("reading the sign-in activity of user %s", id), PermReadAuditLog)
	}
	g := u.guest()
	if g.SignIns == nil {
		g.SignIns = &SignInActivity{}
	}
	return g, nil
}

// Now is the time in the tenant, as the Date header of Graph's answers
// tells it; ages of guests are measured on this clock, since Graph wrote
// their times by it. Before any answer it is the local time.
func (c *Client) Now() time.Time { return c.clock.notBefore(time.Now()) }
