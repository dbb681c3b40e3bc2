package provider

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"os/exec"
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

// boolOrEnv returns the configured value, else the environment variable's,
// else the default.
func boolOrEnv(v types.Bool, name string, def bool) bool {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool()
	}
	if b, err := strconv.ParseBool(os.Getenv(name)); err == nil {
		return b
	}
	return def
}

// azureCLIInstalled reports whether `az` is on PATH. use_cli is on by
// default, as in the azuread provider, but counts as a credential only where
// the CLI exists, so that a pipeline with no credential still gets the one
// diagnostic that lists what is missing.
var azureCLIInstalled = func() bool {
	_, err := exec.LookPath("az")
	return err == nil
}

// validateStaticConfig reports, on the attribute's path, what is wrong with
// the configuration itself. Values from the environment are checked in
// resolveConfig.
func validateStaticConfig(cfg providerModel, diags *diag.Diagnostics) {
	for _, f := range []struct {
		name, summary, holds string
		v                    types.String
	}{
		{"client_certificate_path", "Client certificate file not found", "the PKCS#12 (.pfx) or PEM file of the app's certificate", cfg.ClientCertificatePath},
		{"client_id_file_path", "Client id file not found", "a file that holds the app's client id", cfg.ClientIDFilePath},
		{"client_secret_file_path", "Client secret file not found", "a file that holds the app's client secret", cfg.ClientSecretFilePath},
	} {
		if f.v.IsNull() || f.v.IsUnknown() {
			continue
		}
		if _, err := os.Stat(f.v.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(f.name), f.summary,
				fmt.Sprintf("The file %q cannot be read: %v. Point %s at %s.", f.v.ValueString(), err, f.name, f.holds))
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
	if h := cfg.MetadataHost; !h.IsNull() && !h.IsUnknown() && !validMetadataHost(h.ValueString()) {
		diags.AddAttributeError(path.Root("metadata_host"), "Invalid metadata host",
			fmt.Sprintf("metadata_host is a host name with an optional port, such as management.azure.com, without a path; got %q.", h.ValueString()))
	}
}

func validMetadataHost(h string) bool {
	h = strings.TrimPrefix(h, "https://")
	u, err := url.Parse("https://" + h)
	return err == nil && u.Host != "" && strings.Trim(u.Path, "/") == "" && u.RawQuery == ""
}

// settingError reports a setting whose value is wrong. It names the setting
// and its environment variable, never the value, which may be a secret.
func settingError(diags *diag.Diagnostics, attr, summary, detail string) {
	diags.AddAttributeError(path.Root(attr), summary, detail)
}

// fromFile fills value from the file a *_file_path setting names, and
// reports a value that differs from one set directly, as azuread does.
func fromFile(diags *diag.Diagnostics, value *string, file, attr, fileAttr string) {
	if file == "" {
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		settingError(diags, fileAttr, "Cannot read "+fileAttr, fmt.Sprintf("%s (or its environment variable) names %q, which cannot be read: %v.", fileAttr, file, err))
		return
	}
	fromFileValue := strings.TrimSpace(string(data))
	switch {
	case fromFileValue == "":
		settingError(diags, fileAttr, "Empty "+fileAttr, fmt.Sprintf("The file %q that %s names is empty.", file, fileAttr))
	case *value == "":
		*value = fromFileValue
	case *value != fromFileValue:
		settingError(diags, fileAttr, "Conflicting "+attr, fmt.Sprintf("%s and the contents of %s (%q) differ. Set one of them.", attr, fileAttr, file))
	}
}

// resolveConfig merges the provider block with the environment and reports
// everything that is missing in one diagnostic.
func resolveConfig(cfg providerModel, version string, diags *diag.Diagnostics) (graph.Config, bool) {
	useAKS := boolOrEnv(cfg.UseAKSWorkloadIdentity, "ARM_USE_AKS_WORKLOAD_IDENTITY", false)
	c := graph.Config{
		TenantID:        stringOrEnv(cfg.TenantID, "ARM_TENANT_ID"),
		ClientID:        stringOrEnv(cfg.ClientID, "ARM_CLIENT_ID"),
		Environment:     strings.ToLower(stringOrEnv(cfg.Environment, "ARM_ENVIRONMENT")),
		MetadataHost:    stringOrEnv(cfg.MetadataHost, "ARM_METADATA_HOSTNAME"),
		GraphEndpoint:   stringOrEnv(cfg.GraphEndpoint, "B2B_GRAPH_ENDPOINT"),
		AuthorityHost:   stringOrEnv(cfg.AuthorityHost, "B2B_AUTHORITY_HOST"),
		CACertFile:      os.Getenv("SSL_CERT_FILE"),
		ProviderVersion: version,
		PartnerID:       stringOrEnv(cfg.PartnerID, "ARM_PARTNER_ID"),
		Auth: graph.Auth{
			ClientSecret:              stringOrEnv(cfg.ClientSecret, "ARM_CLIENT_SECRET"),
			ClientCertificatePath:     stringOrEnv(cfg.ClientCertificatePath, "ARM_CLIENT_CERTIFICATE_PATH"),
			ClientCertificatePassword: stringOrEnv(cfg.ClientCertificatePassword, "ARM_CLIENT_CERTIFICATE_PASSWORD"),
			UseOIDC:                   boolOrEnv(cfg.UseOIDC, "ARM_USE_OIDC", false),
			OIDCToken:                 stringOrEnv(cfg.OIDCToken, "ARM_OIDC_TOKEN"),
			OIDCTokenFilePath:         stringOrEnv(cfg.OIDCTokenFilePath, "ARM_OIDC_TOKEN_FILE_PATH"),
			OIDCRequestURL:            stringOrEnv(cfg.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"),
			OIDCRequestToken:          stringOrEnv(cfg.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
			ADOServiceConnectionID:    stringOrEnv(cfg.ADOServiceConnectionID, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"),
			ADOSystemAccessToken:      os.Getenv("SYSTEM_ACCESSTOKEN"),
			UseMSI:                    boolOrEnv(cfg.UseMSI, "ARM_USE_MSI", false),
			MSIEndpoint:               stringOrEnv(cfg.MSIEndpoint, "ARM_MSI_ENDPOINT"),
		},
	}
	fromFile(diags, &c.ClientID, stringOrEnv(cfg.ClientIDFilePath, "ARM_CLIENT_ID_FILE_PATH"), "client_id", "client_id_file_path")
	fromFile(diags, &c.Auth.ClientSecret, stringOrEnv(cfg.ClientSecretFilePath, "ARM_CLIENT_SECRET_FILE_PATH"), "client_secret", "client_secret_file_path")
	if useAKS {
		applyAKSWorkloadIdentity(&c, diags)
	}
	cliAllowed := boolOrEnv(cfg.UseCLI, "ARM_USE_CLI", true)
	c.Auth.UseCLI = cliAllowed && azureCLIInstalled()

	if _, ok := graph.LookupCloud(c.Environment); !ok {
		settingError(diags, "environment", "Unknown environment",
			fmt.Sprintf("%q is not a cloud this provider knows (from environment or ARM_ENVIRONMENT). Use one of: %s.", c.Environment, strings.Join(graph.EnvironmentNames(), ", ")))
	}
	if c.MetadataHost != "" && !validMetadataHost(c.MetadataHost) {
		settingError(diags, "metadata_host", "Invalid metadata host",
			fmt.Sprintf("metadata_host (or ARM_METADATA_HOSTNAME) is a host name with an optional port, such as management.azure.com; got %q.", c.MetadataHost))
	}
	if cert := stringOrEnv(cfg.ClientCertificate, "ARM_CLIENT_CERTIFICATE"); cert != "" {
		data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cert))
		if err != nil {
			settingError(diags, "client_certificate", "Invalid client certificate",
				"client_certificate (or ARM_CLIENT_CERTIFICATE) must be the base64 encoding of a PKCS#12 bundle or PEM file.")
		}
		c.Auth.ClientCertificate = data
	}
	if diags.HasError() {
		return c, false
	}

	if missing := missingSettings(c, cliAllowed); len(missing) > 0 {
		diags.AddError("The b2b provider is missing settings",
			"To call Microsoft Graph the provider needs:\n  - "+strings.Join(missing, "\n  - ")+
				"\nSet them in the provider block or the environment. Credentials are tried in this order: "+strings.Join(graph.CredentialOrder, ", ")+".")
		return c, false
	}
	return c, true
}

// applyAKSWorkloadIdentity takes what the AKS workload identity webhook
// injects into a pod (AZURE_CLIENT_ID, AZURE_TENANT_ID,
// AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST) wherever the provider's
// own settings leave a gap, and signs in with the projected token.
func applyAKSWorkloadIdentity(c *graph.Config, diags *diag.Diagnostics) {
	for _, f := range []struct {
		value      *string
		envVar     string
		attr       string
		comparable bool
	}{
		{&c.ClientID, "AZURE_CLIENT_ID", "client_id", true},
		{&c.TenantID, "AZURE_TENANT_ID", "tenant_id", true},
		{&c.Auth.OIDCTokenFilePath, "AZURE_FEDERATED_TOKEN_FILE", "oidc_token_file_path", false},
		{&c.AuthorityHost, "AZURE_AUTHORITY_HOST", "authority_host", false},
	} {
		injected := os.Getenv(f.envVar)
		switch {
		case injected == "":
		case *f.value == "":
			*f.value = injected
		case f.comparable && !strings.EqualFold(*f.value, injected):
			settingError(diags, f.attr, "Conflicting "+f.attr,
				fmt.Sprintf("use_aks_workload_identity is set, and %s differs from the %s that AKS workload identity injected. Set one of them, or make them agree.", f.attr, f.envVar))
		}
	}
	c.Auth.UseOIDC = true
}

// missingSettings lists, in the words of the provider's arguments, every
// setting that must still be given.
func missingSettings(c graph.Config, cliAllowed bool) []string {
	var missing []string
	if c.TenantID == "" {
		missing = append(missing, "tenant_id (or ARM_TENANT_ID)")
	}
	a := c.Auth
	hasCredential := len(a.ClientCertificate) > 0 || a.ClientCertificatePath != "" || a.ClientSecret != "" || a.UseOIDC || a.UseMSI || a.UseCLI
	if c.ClientID == "" && !a.UseMSI && !a.UseCLI {
		missing = append(missing, "client_id (or ARM_CLIENT_ID, or client_id_file_path)")
	}
	if !hasCredential {
		cli := "use_cli (ARM_USE_CLI), which is on by default but needs the Azure CLI `az` on PATH"
		if !cliAllowed {
			cli = "use_cli, which is set to false"
		}
		missing = append(missing, "a credential: client_secret (ARM_CLIENT_SECRET, or client_secret_file_path), client_certificate or client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH), "+
			"use_oidc (ARM_USE_OIDC) with a token source, use_aks_workload_identity (ARM_USE_AKS_WORKLOAD_IDENTITY), use_msi (ARM_USE_MSI), or "+cli)
	}
	noOtherCredential := len(a.ClientCertificate) == 0 && a.ClientCertificatePath == "" && a.ClientSecret == ""
	if a.UseOIDC && a.OIDCToken == "" && a.OIDCTokenFilePath == "" && (a.OIDCRequestURL == "" || a.OIDCRequestToken == "") && a.ADOServiceConnectionID == "" && noOtherCredential {
		missing = append(missing, "an OIDC token source: oidc_token (ARM_OIDC_TOKEN), oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH, or AZURE_FEDERATED_TOKEN_FILE with use_aks_workload_identity), "+
			"oidc_request_url with oidc_request_token (set by GitHub Actions with `permissions: id-token: write`), or ado_pipeline_service_connection_id with SYSTEM_ACCESSTOKEN")
	}
	if a.ADOServiceConnectionID != "" && a.UseOIDC && a.ADOSystemAccessToken == "" && a.OIDCToken == "" && a.OIDCTokenFilePath == "" {
		missing = append(missing, "SYSTEM_ACCESSTOKEN in the environment (map it in the pipeline step's env for Azure Pipelines OIDC)")
	}
	return missing
}
