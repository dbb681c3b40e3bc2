package graph

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Cloud is one Microsoft cloud's endpoints (package doc, "Tokens and clouds").
type Cloud struct {
	GraphEndpoint string
	AuthorityHost string
	// GraphResource is what the app-only scope names. It stays the cloud's
	// well-known Graph when GraphEndpoint is only a route to it (the
	// emulator, a proxy).
	GraphResource string
}

// Clouds maps the provider's canonical `environment` values to endpoints.
var Clouds = map[string]Cloud{
	"public":         {GraphEndpoint: "https://graph.microsoft.com", AuthorityHost: "https://login.microsoftonline.com"},
	"usgovernment":   {GraphEndpoint: "https://graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"usgovernmentl5": {GraphEndpoint: "https://dod-graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"china":          {GraphEndpoint: "https://microsoftgraph.chinacloudapi.cn", AuthorityHost: "https://login.chinacloudapi.cn"},
}

// EnvironmentAliases are the other names the azuread provider accepts for
// the same clouds, so that its ARM_ENVIRONMENT works here unchanged.
var EnvironmentAliases = map[string]string{
	"global":         "public",
	"usgovernmentl4": "usgovernment",
	"dod":            "usgovernmentl5",
}

// LookupCloud resolves an `environment` value, alias or not, in any case.
// Empty means public.
func LookupCloud(name string) (Cloud, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		n = "public"
	}
	if canonical, ok := EnvironmentAliases[n]; ok {
		n = canonical
	}
	cl, ok := Clouds[n]
	if ok {
		cl.GraphResource = cl.GraphEndpoint
	}
	return cl, ok
}

// EnvironmentNames lists every valid `environment` value, aliases
// included, sorted.
func EnvironmentNames() []string {
	names := make([]string, 0, len(Clouds)+len(EnvironmentAliases))
	for n := range Clouds {
		names = append(names, n)
	}
	for n := range EnvironmentAliases {
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
	// MetadataHost is the host (and port) of an Azure metadata service. When
	// set, the authority and Graph come from its cloud metadata document
	// instead of Environment, as they do in the azuread provider.
	MetadataHost string
	// GraphEndpoint and AuthorityHost override the cloud's endpoints, for the
	// emulator and private clouds; they win over MetadataHost too.
	GraphEndpoint string
	AuthorityHost string
	// CACertFile adds a PEM bundle to the system roots. It is read here rather
	// than left to Go's SSL_CERT_FILE handling, which loads roots only once per
	// process.
	CACertFile string

	// AuthTimeout bounds each call to the authority host and the metadata
	// service, so that one that never answers fails instead of hanging
	// (default 30 s).
	AuthTimeout time.Duration

	// ProviderVersion goes into the User-Agent, and PartnerID, when set,
	// after it as "pid-<id>", which is how Microsoft attributes usage to a
	// partner.
	ProviderVersion string
	PartnerID       string
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
	// MSIEndpoint replaces the instance metadata service's token endpoint
	// (http://169.254.169.254/metadata/identity/oauth2/token).
	MSIEndpoint string
	UseCLI      bool
}

// CredentialOrder is the order in which credentials are tried; the README
// documents it.
var CredentialOrder = []string{"client certificate", "client secret", "OIDC (GitHub Actions, Azure Pipelines, AKS workload identity, token or token file)", "managed identity", "Azure CLI"}

// staticCloud is the cloud from Environment with the explicit overrides
// applied; MetadataHost is resolved by New, which may call the network.
func (c Config) staticCloud() (Cloud, error) {
	cl, ok := LookupCloud(c.Environment)
	if !ok {
		return Cloud{}, fmt.Errorf("unknown environment %q: use one of %s", c.Environment, strings.Join(EnvironmentNames(), ", "))
	}
	return c.withOverrides(cl), nil
}

func (c Config) withOverrides(cl Cloud) Cloud {
	if c.GraphEndpoint != "" {
		cl.GraphEndpoint = trimVersion(strings.TrimRight(c.GraphEndpoint, "/"))
	}
	if c.AuthorityHost != "" {
		cl.AuthorityHost = strings.TrimRight(c.AuthorityHost, "/")
	}
	return cl
}

// scope is the app-only scope of the cloud's Graph.
func (cl Cloud) scope() string {
	return strings.TrimRight(cl.GraphResource, "/") + "/.default"
}

// knownAuthorityHosts are the login hosts MSAL trusts without instance
// discovery (package doc, "Tokens and clouds").
var knownAuthorityHosts = []string{"login.microsoftonline.com", "login.microsoft.com", "login.windows.net",
	"login.microsoftonline.us", "login.usgovcloudapi.net", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn"}

// needsNoDiscovery reports whether instance discovery must be off: for any
// host MSAL does not know, discovery would ask login.microsoftonline.com
// about it, a call that leaves the machine and fails for a private host.
func (cl Cloud) needsNoDiscovery() bool {
	u, err := url.Parse(cl.AuthorityHost)
	if err != nil {
		return true
	}
	for _, h := range knownAuthorityHosts {
		if strings.EqualFold(u.Host, h) {
			return false
		}
	}
	return true
}

// trimVersion drops a trailing /v1.0, which the endpoint is documented
// without but which Graph's own URLs show: the client adds the version to
// every request, and a doubled one finds no route.
func trimVersion(endpoint string) string {
	if base, found := strings.CutSuffix(endpoint, "/v1.0"); found {
		return base
	}
	return endpoint
}
