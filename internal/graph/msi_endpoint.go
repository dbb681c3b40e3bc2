package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// msiEndpointCredential gets managed identity tokens from an endpoint that
// speaks the instance metadata service's protocol at another address, which
// is what the azuread provider's msi_endpoint points at. azidentity's
// managed identity credential reads its endpoint only from process-wide
// environment variables, which two provider configurations would share.
type msiEndpointCredential struct {
	endpoint string
	clientID string
	hc       *http.Client
}

// GetToken asks for a token for the resource of the one scope requested:
// the protocol takes a resource, not a scope.
func (m *msiEndpointCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if len(opts.Scopes) != 1 {
		return azcore.AccessToken{}, errors.New("managed identity takes exactly one scope")
	}
	u, err := url.Parse(m.endpoint)
	if err != nil || u.Host == "" {
		return azcore.AccessToken{}, fmt.Errorf("msi_endpoint %q is not an absolute URL", m.endpoint)
	}
	q := u.Query()
	q.Set("api-version", "2018-02-01")
	q.Set("resource", strings.TrimSuffix(opts.Scopes[0], "/.default"))
	if m.clientID != "" {
		q.Set("client_id", m.clientID)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return azcore.AccessToken{}, err
	}
	req.Header.Set("Metadata", "true")
	resp, err := m.hc.Do(req)
	if err != nil {
		return azcore.AccessToken{}, fmt.Errorf("requesting a managed identity token from msi_endpoint %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var out struct {
		AccessToken string          `json:"access_token"`
		ExpiresOn   json.RawMessage `json:"expires_on"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		Error       string          `json:"error"`
		Description string          `json:"error_description"`
	}
	_ = json.Unmarshal(body, &out)
	if resp.StatusCode != http.StatusOK || out.AccessToken == "" {
		reason := strings.TrimSpace(out.Error + " " + out.Description)
		if reason == "" {
			reason = "no token in the answer"
		}
		return azcore.AccessToken{}, fmt.Errorf("the managed identity endpoint msi_endpoint %s answered %d: %s", u.Host, resp.StatusCode, reason)
	}
	expires := time.Now().Add(time.Hour)
	if n, ok := jsonInt(out.ExpiresOn); ok {
		expires = time.Unix(n, 0)
	} else if n, ok := jsonInt(out.ExpiresIn); ok {
		expires = time.Now().Add(time.Duration(n) * time.Second)
	}
	return azcore.AccessToken{Token: out.AccessToken, ExpiresOn: expires}, nil
}

// jsonInt reads a number that the protocol sends as a string or a number.
func jsonInt(raw json.RawMessage) (int64, bool) {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
