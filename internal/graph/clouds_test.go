package graph

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

func TestLookupCloudTakesAzureADNames(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":               "https://graph.microsoft.com",
		"public":         "https://graph.microsoft.com",
		"global":         "https://graph.microsoft.com",
		"usgovernment":   "https://graph.microsoft.us",
		"usgovernmentl4": "https://graph.microsoft.us",
		"usgovernmentl5": "https://dod-graph.microsoft.us",
		"DoD":            "https://dod-graph.microsoft.us",
		"china":          "https://microsoftgraph.chinacloudapi.cn",
	}
	for name, graph := range cases {
		cl, ok := LookupCloud(name)
		if !ok || cl.GraphEndpoint != graph || cl.scope() != graph+"/.default" {
			t.Errorf("%q: %+v, %v; want Graph %s", name, cl, ok, graph)
		}
	}
	if _, ok := LookupCloud("germany"); ok {
		t.Error("germany resolved, but Microsoft closed that cloud")
	}
	if got := strings.Join(EnvironmentNames(), ","); got != "china,dod,global,public,usgovernment,usgovernmentl4,usgovernmentl5" {
		t.Errorf("EnvironmentNames = %s", got)
	}
}

// A client configured only with the metadata host finds the authority and
// Graph in the emulator's cloud metadata document, signs in there and asks
// for a token whose scope is the document's Graph.
func TestMetadataHostResolvesTheCloud(t *testing.T) {
	u, _ := url.Parse(emu.URL())
	c, err := New(context.Background(), Config{
		TenantID: emu.TenantID(), ClientID: clientID, Auth: Auth{ClientSecret: clientSecret},
		MetadataHost: u.Host, CACertFile: emu.CAPath(), ProviderVersion: "test",
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if c.graphBase != emu.URL()+"/v1.0" {
		t.Fatalf("Graph base %s, want the emulator's", c.graphBase)
	}
	before := emu.Stats().Tokens
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if emu.Stats().Tokens <= before {
		t.Fatal("no token was issued through the metadata document's authority")
	}
}

func TestMetadataHostThatIsNotAMetadataServiceIsNamed(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse(emu.URL())
	_, err := New(context.Background(), Config{
		TenantID: emu.TenantID(), ClientID: clientID, Auth: Auth{ClientSecret: clientSecret},
		MetadataHost: u.Host + "/v1.0/users", CACertFile: emu.CAPath(),
	})
	if err == nil || !strings.Contains(err.Error(), "metadata_host") {
		t.Fatalf("want an error that names metadata_host, got %v", err)
	}
}

func TestManagedIdentityThroughACustomEndpoint(t *testing.T) {
	t.Parallel()
	cfg := emulatorConfig(Auth{UseMSI: true, MSIEndpoint: emu.URL() + "/metadata/identity/oauth2/token"}, "")
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatalf("GetUser as the managed identity: %v", err)
	}
	if !strings.HasPrefix(c.CredentialKind(), "managed identity") {
		t.Fatalf("credential kind = %q", c.CredentialKind())
	}

	// A user-assigned identity is named by its client id; one the host does
	// not have is refused, and the error names the endpoint, not a token.
	cfg.ClientID = "1a000000-0000-4000-8000-0000000000ff"
	c, err = New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = c.GetUser(t.Context(), existingGuestID)
	if err == nil || !strings.Contains(err.Error(), "msi_endpoint") {
		t.Fatalf("want an error that names msi_endpoint, got %v", err)
	}
}

func TestPartnerIDGoesIntoTheUserAgent(t *testing.T) {
	t.Parallel()
	cfg := emulatorConfig(Auth{ClientSecret: clientSecret}, clientID)
	cfg.PartnerID = "5c3f1b2a-9d4e-4f60-8a7b-1c2d3e4f5a6b"
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(t.Context(), existingGuestID); err != nil {
		t.Fatal(err)
	}
	for ua := range emu.Stats().UserAgents {
		if strings.Contains(ua, "terraform-provider-b2b/test pid-5c3f1b2a-9d4e-4f60-8a7b-1c2d3e4f5a6b") {
			return
		}
	}
	t.Fatalf("no request carried the partner id: %v", emu.Stats().UserAgents)
}

// Endpoints win in the order the provider page gives: graph_endpoint and
// authority_host, then the metadata document, then environment.
func TestEndpointPrecedence(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse(emu.URL())
	base := Config{TenantID: emu.TenantID(), ClientID: clientID, Auth: Auth{ClientSecret: clientSecret}, CACertFile: emu.CAPath()}

	withMetadata := base
	withMetadata.MetadataHost, withMetadata.Environment = u.Host, "china"
	c, err := New(context.Background(), withMetadata)
	if err != nil {
		t.Fatal(err)
	}
	if c.graphBase != emu.URL()+"/v1.0" {
		t.Errorf("metadata_host beside environment: Graph %s, want the metadata document's", c.graphBase)
	}

	overridden := withMetadata
	overridden.GraphEndpoint = "https://graph.example.test"
	c, err = New(context.Background(), overridden)
	if err != nil {
		t.Fatal(err)
	}
	if c.graphBase != "https://graph.example.test/v1.0" {
		t.Errorf("graph_endpoint beside metadata_host: Graph %s, want the override", c.graphBase)
	}
}

// The endpoint works written with Graph's version, as Graph's own URLs and
// the emulator's banner show it, and without.
func TestGraphEndpointWithOrWithoutVersion(t *testing.T) {
	t.Parallel()
	for _, endpoint := range []string{emu.GraphEndpoint(), emu.GraphEndpoint() + "/", emu.GraphEndpoint() + "/v1.0", emu.GraphEndpoint() + "/v1.0/"} {
		cfg := emulatorConfig(Auth{ClientSecret: clientSecret}, clientID)
		cfg.GraphEndpoint = endpoint
		c, err := New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetUser(context.Background(), existingGuestID); err != nil {
			t.Errorf("graph_endpoint %s: %v", endpoint, err)
		}
	}
}
