package graph

import (
	"context"
)

// SignIn gets a token now, so that a credential that Entra ID refuses fails
// where the provider is configured: during plan, even a plan with nothing
// to read, instead of at apply, after the plan was approved. The token is
// asked for as the SDK asks for it, so the credential's cache holds it for
// the requests that follow, and a run that reads anything costs no extra
// token request.
func (c *Client) SignIn(ctx context.Context) error {
	if _, err := c.tokens.GetAuthorizationToken(ctx, c.graphURL, nil); err != nil {
		return wrap(err, "signing in", "")
	}
	return nil
}
