package provider

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// stringOrEnv returns the configured value, or the first environment
// variable that is set.
func stringOrEnv(v types.String, vars ...string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	for _, name := range vars {
		if s := os.Getenv(name); s != "" {
			return s
		}
	}
	return ""
}

func boolOrEnv(v types.Bool, name string) bool {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool()
	}
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

// validateStaticConfig reports, on the attribute's path, what is wrong with
// the configuration itself. Values from the environment are checked in
// resolveConfig.
func validateStaticConfig(cfg providerModel, diags *diag.Diagnostics) {
	if p := cfg.ClientCertificatePath; !p.IsNull() && !p.IsUnknown() {
		if _, err := os.Stat(p.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("client_certificate_path"), "Client certificate file not found",
				fmt.Sprintf("The file %q cannot be read: %v. Point client_certificate_path at the PKCS#12 (.pfx) or PEM file of the app's certificate.", p.ValueString(), err))
		}
	}
	for _, a := range []struct {
		name string
		v    types.String
	}{{"graph_endpoint", cfg.GraphEndpoint}, {"authority_host", cfg.AuthorityHost}} {
		if a.v.IsNull() || a.v.IsUnknown() {
			continue
		}
		if u, err := url.Parse(a.v.ValueString()); err != nil || u.Scheme != "https" || u.Host == "" {
			diags.AddAttributeError(path.Root(a.name), "Invalid endpoint",
				fmt.Sprintf("%s must be an absolute https URL such as https://graph.microsoft.com; got %q.", a.name, a.v.ValueString()))
		}
	}
}

// resolveConfig merges the provider block with the environment and reports
// everything that is missing in one diagnostic.
func resolveConfig(cfg providerModel, version string, diags *diag.Diagnostics) (graph.Config, bool) {
	c := graph.Config{
		TenantID:        stringOrEnv(cfg.TenantID, "ARM_TENANT_ID"),
		ClientID:        stringOrEnv(cfg.ClientID, "ARM_CLIENT_ID"),
		Environment:     strings.ToLower(stringOrEnv(cfg.Environment, "ARM_ENVIRONMENT")),
		GraphEndpoint:   stringOrEnv(cfg.GraphEndpoint, "B2B_GRAPH_ENDPOINT"),
		AuthorityHost:   stringOrEnv(cfg.AuthorityHost, "B2B_AUTHORITY_HOST"),
		CACertFile:      os.Getenv("SSL_CERT_FILE"),
		ProviderVersion: version,
		Auth: graph.Auth{
			ClientSecret:              stringOrEnv(cfg.ClientSecret, "ARM_CLIENT_SECRET"),
			ClientCertificatePath:     stringOrEnv(cfg.ClientCertificatePath, "ARM_CLIENT_CERTIFICATE_PATH"),
			ClientCertificatePassword: stringOrEnv(cfg.ClientCertificatePassword, "ARM_CLIENT_CERTIFICATE_PASSWORD"),
			UseOIDC:                   boolOrEnv(cfg.UseOIDC, "ARM_USE_OIDC"),
			OIDCToken:                 stringOrEnv(cfg.OIDCToken, "ARM_OIDC_TOKEN"),
			OIDCTokenFilePath:         stringOrEnv(cfg.OIDCTokenFilePath, "ARM_OIDC_TOKEN_FILE_PATH"),
			OIDCRequestURL:            stringOrEnv(cfg.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"),
			OIDCRequestToken:          stringOrEnv(cfg.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
			ADOServiceConnectionID:    stringOrEnv(cfg.ADOServiceConnectionID, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"),
			ADOSystemAccessToken:      os.Getenv("SYSTEM_ACCESSTOKEN"),
			UseMSI:                    boolOrEnv(cfg.UseMSI, "ARM_USE_MSI"),
			UseCLI:                    boolOrEnv(cfg.UseCLI, "ARM_USE_CLI"),
		},
	}
	if c.Environment != "" {
		if _, ok := graph.Clouds[c.Environment]; !ok {
			diags.AddAttributeError(path.Root("environment"), "Unknown environment",
				fmt.Sprintf("%q is not a cloud this provider knows (from environment or ARM_ENVIRONMENT). Use one of: %s.", c.Environment, strings.Join(graph.EnvironmentNames(), ", ")))
			return c, false
		}
	}
	if cert := stringOrEnv(cfg.ClientCertificate, "ARM_CLIENT_CERTIFICATE"); cert != "" {
		data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cert))
		if err != nil {
			diags.AddAttributeError(path.Root("client_certificate"), "Invalid client certificate",
				"client_certificate must be the base64 encoding of a PKCS#12 bundle or PEM file.")
			return c, false
		}
		c.Auth.ClientCertificate = data
	}

	var missing []string
	if c.TenantID == "" {
		missing = append(missing, "tenant_id (or ARM_TENANT_ID)")
	}
	a := c.Auth
	hasCredential := len(a.ClientCertificate) > 0 || a.ClientCertificatePath != "" || a.ClientSecret != "" || a.UseOIDC || a.UseMSI || a.UseCLI
	if c.ClientID == "" && !a.UseMSI && !a.UseCLI {
		missing = append(missing, "client_id (or ARM_CLIENT_ID)")
	}
	if !hasCredential {
		missing = append(missing, "a credential: client_secret (ARM_CLIENT_SECRET), client_certificate or client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH), use_oidc (ARM_USE_OIDC) with a token source, use_msi (ARM_USE_MSI) or use_cli (ARM_USE_CLI)")
	}
	if a.UseOIDC && a.OIDCToken == "" && a.OIDCTokenFilePath == "" && (a.OIDCRequestURL == "" || a.OIDCRequestToken == "") && a.ADOServiceConnectionID == "" &&
		len(a.ClientCertificate) == 0 && a.ClientCertificatePath == "" && a.ClientSecret == "" {
		missing = append(missing, "an OIDC token source: oidc_token (ARM_OIDC_TOKEN), oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH), oidc_request_url with oidc_request_token (set by GitHub Actions with `permissions: id-token: write`), or ado_pipeline_service_connection_id with SYSTEM_ACCESSTOKEN")
	}
	if a.ADOServiceConnectionID != "" && a.UseOIDC && a.ADOSystemAccessToken == "" && a.OIDCToken == "" && a.OIDCTokenFilePath == "" {
		missing = append(missing, "SYSTEM_ACCESSTOKEN in the environment (map it in the pipeline step's env for Azure Pipelines OIDC)")
	}
	if len(missing) > 0 {
		diags.AddError("The b2b provider is missing settings",
			"To call Microsoft Graph the provider needs:\n  - "+strings.Join(missing, "\n  - ")+
				"\nSet them in the provider block or the environment. Credentials are tried in this order: "+strings.Join(graph.CredentialOrder, ", ")+".")
		return c, false
	}
	return c, true
}
