package graph

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Cloud is one Microsoft cloud's pair of endpoints (package doc, "Tokens and clouds").
type Cloud struct {
	GraphEndpoint string
	AuthorityHost string
}

// Clouds maps the provider's `environment` values to endpoints.
var Clouds = map[string]Cloud{
	"public":         {GraphEndpoint: "https://graph.microsoft.com", AuthorityHost: "https://login.microsoftonline.com"},
	"usgovernment":   {GraphEndpoint: "https://graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"usgovernmentl5": {GraphEndpoint: "https://dod-graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"china":          {GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn", AuthorityHost: "https://login.chinacloudapi.cn"},
}

// EnvironmentNames lists the valid `environment` values, sorted.
func EnvironmentNames() []string {
	names := make([]string, 0, len(Clouds))
	for n := range Clouds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Config is everything needed to reach Graph as one app.
type Config struct {
	TenantID string
	ClientID string
	Auth     Auth

	// Environment picks the cloud; empty means public.
	Environment string
	// GraphEndpoint and AuthorityHost override the cloud's endpoints, for the
	// emulator and private clouds. Setting AuthorityHost turns instance
	// discovery off, which would otherwise call login.microsoftonline.com.
	GraphEndpoint string
	AuthorityHost string
	// CACertFile adds a PEM bundle to the system roots. It is read here rather
	// than left to Go's SSL_CERT_FILE handling, which loads roots only once per
	// process.
	CACertFile string

	// AuthTimeout bounds each call to the authority host, so that one that
	// never answers fails instead of hanging (default 30 s).
	AuthTimeout time.Duration

	// ProviderVersion goes into the User-Agent.
	ProviderVersion string
}

// Auth holds the credential settings. Exactly one kind is used, chosen in
// the order of CredentialOrder.
type Auth struct {
	ClientSecret string

	ClientCertificate         []byte // PKCS#12 or PEM, already decoded
	ClientCertificatePath     string
	ClientCertificatePassword string

	UseOIDC           bool
	OIDCToken         string
	OIDCTokenFilePath string
	OIDCRequestURL    string
	OIDCRequestToken  string

	ADOServiceConnectionID string
	ADOSystemAccessToken   string

	UseMSI bool
	UseCLI bool
}

// CredentialOrder is the order in which credentials are tried; the README
// documents it.
var CredentialOrder = []string{"client certificate", "client secret", "OIDC (GitHub Actions, Azure Pipelines, token or token file)", "managed identity", "Azure CLI"}

func (c Config) cloud() (Cloud, error) {
	env := strings.ToLower(c.Environment)
	if env == "" {
		env = "public"
	}
	cl, ok := Clouds[env]
	if !ok {
		return Cloud{}, fmt.Errorf("unknown environment %q: use one of %s", c.Environment, strings.Join(EnvironmentNames(), ", "))
	}
	if c.GraphEndpoint != "" {
		cl.GraphEndpoint = strings.TrimRight(c.GraphEndpoint, "/")
	}
	if c.AuthorityHost != "" {
		cl.AuthorityHost = strings.TrimRight(c.AuthorityHost, "/")
	}
	return cl, nil
}

// scope is the app-only scope of the cloud's Graph. It stays the cloud's
// well-known host even when GraphEndpoint points elsewhere, because an
// override is a route to the same Graph, not a different resource.
func (c Config) scope() string {
	env := strings.ToLower(c.Environment)
	if env == "" {
		env = "public"
	}
	return Clouds[env].GraphEndpoint + "/.default"
}
