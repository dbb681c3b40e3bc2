package graph

import (
	"context"
	"errors"
	"fmt"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"net/http"
	"net/url"
	"slices"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
	graphauth "github.com/microsoftgraph/msgraph-sdk-go-core/authentication"
)

// Client performs typed Graph operations for one tenant and app.
type Client struct {
	sdk       graphRoot
	adapter   *msgraphsdk.GraphRequestAdapter
	graphBase string // e.g. https://graph.microsoft.com/v1.0
	credKind  string
	// tokens is the SDK's own token source, which asks the credential with
	// the SDK's options, so that what SignIn gets is what the requests
	// find in the credential's cache.
	tokens   authentication.AccessTokenProvider
	graphURL *url.URL
	tenantID string
	clientID string
	clock    *serverClock
	reads    *coalescer
	// writes is the app's write budget in the tenant, which the transport
	// also spends; binds take their write from it before they are sent.
	writes *budgetLimiter
	binds  *groupBinder
	// noSponsors is set in the national clouds, where Graph v1.0 has no
	// sponsors API (package doc, "Users"): reads that show sponsors leave
	// them out there instead of failing.
	noSponsors bool
}

func init() {
	// Without an error factory, a $batch that fails as a whole parses to an
	// untyped ApiError (package doc, "SDK pitfalls").
	_ = msgraphcore.RegisterError(msgraphcore.BatchRequestErrorRegistryKey, abstractions.ErrorMappings{
		"4XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
		"5XX": odataerrors.CreateODataErrorFromDiscriminatorValue,
	})
}

// New builds a client. It makes no network call unless MetadataHost is set;
// SignIn fetches the first token.
func New(ctx context.Context, c Config) (*Client, error) {
	cl, err := c.staticCloud()
	if err != nil {
		return nil, err
	}
	if c.TenantID == "" {
		return nil, errors.New("tenant_id is not set")
	}
	tr, err := baseTransport(c.CACertFile)
	if err != nil {
		return nil, err
	}
	// azidentity gets its own client over the same roots, with a timeout so
	// that an authority host that never answers fails instead of hanging.
	authTimeout := c.AuthTimeout
	if authTimeout == 0 {
		authTimeout = 30 * time.Second
	}
	tokenHTTP := &http.Client{Transport: tr, Timeout: authTimeout}
	if c.MetadataHost != "" {
		fromMetadata, err := cloudFromMetadata(ctx, tokenHTTP, c.MetadataHost)
		if err != nil {
			return nil, err
		}
		cl = c.withOverrides(fromMetadata)
	}
	cred, kind, err := newCredential(c, cl, tokenHTTP)
	if err != nil {
		return nil, err
	}
	graphURL, err := url.Parse(cl.GraphEndpoint)
	if err != nil || graphURL.Host == "" {
		return nil, fmt.Errorf("graph_endpoint %q is not an absolute URL", cl.GraphEndpoint)
	}
	// The auth provider sends a token only to hosts it knows. A custom
	// endpoint must be added by hostname, without its port (package doc, "SDK pitfalls").
	validHosts := []string{graphURL.Hostname()}
	auth, err := graphauth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cred, []string{cl.scope()}, validHosts)
	if err != nil {
		return nil, err
	}

	clock := &serverClock{}
	rt := &retryTransport{next: tr, userAgent: userAgent(c), pacer: pacers.get(c.TenantID), invites: inviteLimiters.get(c.TenantID),
		writes: writeBudgets.get(budgetKey(c.TenantID, c.ClientID)), reads: readBudgets.get(budgetKey(c.TenantID, c.ClientID)), clock: clock}
	opts := msgraphsdk.GetDefaultClientOptions()
	var middlewares []khttp.Middleware
	for _, m := range msgraphcore.GetDefaultMiddlewaresWithOptions(&opts) {
		switch m.(type) {
		case *khttp.RetryHandler:
			// retryTransport retries, knowing Graph's throttling rules.
			m = khttp.NewRetryHandlerWithOptions(khttp.RetryHandlerOptions{
				ShouldRetry: func(time.Duration, int, *http.Request, *http.Response) bool { return false },
			})
		case *khttp.CompressionHandler:
			// Our bodies are an invitation or a $batch of a few hundred
			// bytes. Gzip saved little of that, and a new compressor for
			// each request cost about a tenth of the provider's CPU on
			// apply.
			continue
		}
		middlewares = append(middlewares, m)
	}
	// Passing the transport as a plain http.Client would drop the whole
	// middleware chain (package doc, "SDK pitfalls"), so it becomes the chain's parent instead.
	hc := msgraphcore.GetDefaultClient(&opts, middlewares...)
	hc.Transport = khttp.NewCustomTransportWithParentTransport(rt, middlewares...)
	// The client's timeout would also count the waits for Graph's budgets,
	// which last up to a write window (2 min 30 s): retryTransport bounds
	// each attempt on the wire instead.
	hc.Timeout = 0

	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, hc)
	if err != nil {
		return nil, err
	}
	// The base URL must be set before the client is built, or $batch item
	// URLs come out absolute (package doc, "SDK pitfalls").
	base := cl.GraphEndpoint + "/v1.0"
	adapter.SetBaseUrl(base)
	client := &Client{
		sdk: newGraphRoot(adapter), adapter: adapter, graphBase: base,
		credKind: kind, tokens: auth.GetAuthorizationTokenProvider(), graphURL: graphURL, tenantID: c.TenantID, clientID: c.ClientID, clock: clock,
		noSponsors: slices.ContainsFunc(nationalClouds, func(n string) bool { return Clouds[n].GraphEndpoint == cl.GraphResource }),
	}
	client.reads = &coalescer{c: client}
	client.writes = rt.writes
	client.binds = &groupBinder{}
	return client, nil
}

func userAgent(c Config) string {
	ua := "terraform-provider-b2b/" + c.ProviderVersion
	if c.PartnerID != "" {
		ua += " pid-" + c.PartnerID
	}
	return ua
}

var nationalClouds = []string{"usgovernment", "usgovernmentl5", "china"}

// CredentialKind names the credential in use, for logs and diagnostics.
func (c *Client) CredentialKind() string { return c.credKind }
