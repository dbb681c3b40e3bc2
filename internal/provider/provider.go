// Package provider implements the b2b Terraform provider: the resource
// b2b_invitation and its list resource, the data sources that expose
// redemption state (b2b_guest, b2b_guests) and app roles
// (b2b_service_principal), the actions b2b_resend_invitation and
// b2b_reset_redemption, and the function parse_bulk_invite_csv. DESIGN.md
// maps its files.
package provider

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ provider.Provider                   = &b2bProvider{}
	_ provider.ProviderWithValidateConfig = &b2bProvider{}
	_ provider.ProviderWithFunctions      = &b2bProvider{}
	_ provider.ProviderWithListResources  = &b2bProvider{}
	_ provider.ProviderWithActions        = &b2bProvider{}
)

// b2bProvider manages Microsoft Entra ID B2B guests.
type b2bProvider struct {
	version string
	// configured is what Configure handed the resources, for the RPCs
	// answered without the framework (Shortcuts).
	configured atomic.Pointer[providerData]
}

// New returns the provider factory for a version string.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &b2bProvider{version: version} }
}

func (p *b2bProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "b2b"
	resp.Version = p.version
}

func envNote(vars ...string) string {
	return " Falls back to the environment variable `" + strings.Join(vars, "`, then `") + "`."
}

// Every provider argument is optional and falls back to environment
// variables, the azuread provider's where it has one.

func envString(description string, vars ...string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: description + envNote(vars...)}
}

// envSecret is envString, kept out of plans and logs.
func envSecret(description string, vars ...string) schema.StringAttribute {
	a := envString(description, vars...)
	a.Sensitive = true
	return a
}

func envBool(description string, vars ...string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, MarkdownDescription: description + envNote(vars...)}
}

func validated(a schema.StringAttribute, validators ...validator.String) schema.StringAttribute {
	a.Validators = validators
	return a
}

func (p *b2bProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The b2b provider invites Microsoft Entra ID B2B guests and manages their group memberships and app role assignments, " +
			"and exposes whether each guest has accepted. Every argument is optional and falls back to the same environment variables as the azuread provider.",
		Attributes: map[string]schema.Attribute{
			// Identity of the app
			"tenant_id":           envString("The tenant (directory) id.", "ARM_TENANT_ID"),
			"client_id":           envString("The application (client) id of the app registration that calls Graph.", "ARM_CLIENT_ID"),
			"client_id_file_path": envString("A file holding the client id, for secrets mounted as files. If `client_id` is set too, the two must agree.", "ARM_CLIENT_ID_FILE_PATH"),
			"environment":         validated(envString("The cloud: `public` (default), `usgovernment`, `usgovernmentl5` or `china`. The azuread provider's names are accepted too: `global` for `public`, `usgovernmentl4` for `usgovernment`, and `dod` for `usgovernmentl5`. Sets the Graph endpoint and the authority host.", "ARM_ENVIRONMENT"), stringvalidator.OneOfCaseInsensitive(graph.EnvironmentNames()...)),
			"metadata_host":       envString("The host name of an Azure metadata service, such as `management.azure.com`, for a custom or private cloud. The authority host and the Graph endpoint then come from its cloud metadata document (`/metadata/endpoints?api-version=2022-09-01`), read once when the provider is configured, and win over `environment`; `graph_endpoint` and `authority_host` still win over them.", "ARM_METADATA_HOSTNAME"),
			"graph_endpoint":      envString("Overrides the cloud's Graph endpoint (for the emulator or a private cloud), such as `https://graph.microsoft.com`; written with a trailing `/v1.0`, as Graph's URLs show it, it means the same. The endpoint's host becomes a host the token is sent to.", "B2B_GRAPH_ENDPOINT"),
			"authority_host":      envString("Overrides the cloud's Entra ID authority host; must be https. Setting it turns instance discovery off.", "B2B_AUTHORITY_HOST"),

			// Client secret
			"client_secret": validated(envSecret("A client secret of the app. Conflicts with `client_certificate` and `client_certificate_path`.", "ARM_CLIENT_SECRET"), stringvalidator.ConflictsWith(path.MatchRoot("client_certificate"), path.MatchRoot("client_certificate_path"))),

			"client_secret_file_path": envString("A file holding the client secret, for secrets mounted as files. If `client_secret` is set too, the two must agree.", "ARM_CLIENT_SECRET_FILE_PATH"),

			// Client certificate
			"client_certificate":          validated(envSecret("A base64-encoded PKCS#12 bundle (or PEM) with the app's certificate and private key. Conflicts with `client_certificate_path`.", "ARM_CLIENT_CERTIFICATE"), stringvalidator.ConflictsWith(path.MatchRoot("client_certificate_path"))),
			"client_certificate_path":     envString("Path to a PKCS#12 (.pfx) or PEM file with the app's certificate and private key.", "ARM_CLIENT_CERTIFICATE_PATH"),
			"client_certificate_password": envSecret("The password of the PKCS#12 bundle.", "ARM_CLIENT_CERTIFICATE_PASSWORD"),

			// OIDC
			"use_oidc":                           envBool("Authenticate with a federated (workload identity) token.", "ARM_USE_OIDC"),
			"oidc_token":                         validated(envSecret("A federated token. Conflicts with `oidc_token_file_path`.", "ARM_OIDC_TOKEN"), stringvalidator.ConflictsWith(path.MatchRoot("oidc_token_file_path"))),
			"oidc_token_file_path":               envString("A file holding a federated token; it is read again for every token, so rotated tokens work.", "ARM_OIDC_TOKEN_FILE_PATH"),
			"oidc_request_url":                   envString("The GitHub Actions token request URL.", "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"),
			"oidc_request_token":                 envSecret("The bearer token for `oidc_request_url`.", "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
			"ado_pipeline_service_connection_id": envString("The Azure Pipelines service connection id, for Azure Pipelines OIDC; the job's `SYSTEM_ACCESSTOKEN` must be mapped into the environment.", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"),

			"use_aks_workload_identity": envBool("Authenticate with AKS workload identity: the client id, tenant id, token file and authority host come from `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE` and `AZURE_AUTHORITY_HOST`, which the AKS webhook injects, wherever the provider's own settings leave them unset.", "ARM_USE_AKS_WORKLOAD_IDENTITY"),

			// Managed identity and CLI
			"use_msi":      envBool("Authenticate as the host's managed identity.", "ARM_USE_MSI"),
			"msi_endpoint": envString("The managed identity token endpoint, where it is not the instance metadata service's (`http://169.254.169.254/metadata/identity/oauth2/token`).", "ARM_MSI_ENDPOINT"),
			"use_cli":      envBool("Allow the Azure CLI's signed-in account to be used, after every other credential. Defaults to `true`, as in the azuread provider; it takes effect only where `az` is on `PATH`.", "ARM_USE_CLI"),

			// Attribution
			"partner_id":                   validated(envString("A partner GUID registered with Microsoft; it is sent in the User-Agent as `pid-<id>` for usage attribution.", "ARM_PARTNER_ID"), uuidValidator()),
			"disable_terraform_partner_id": envBool("Accepted for compatibility with the azuread provider, and has no effect: this provider never sends a partner id that `partner_id` does not set.", "ARM_DISABLE_TERRAFORM_PARTNER_ID"),
		},
	}
}

// ValidateConfig checks at plan time what can be checked without a network:
// conflicting credential settings and a certificate file that is missing.
func (p *b2bProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateStaticConfig(cfg, &resp.Diagnostics)
}

func (p *b2bProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if refuseUnknownSettings(req.Config.Raw, &resp.Diagnostics) {
		return
	}
	gc, ok := resolveConfig(cfg, p.version, &resp.Diagnostics)
	if !ok {
		return
	}
	client, err := graph.New(ctx, gc)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the b2b provider", err.Error())
		return
	}
	// Signing in here fails a plan on a refused credential even when the
	// plan has nothing to read, rather than the apply that follows it.
	if err := client.SignIn(ctx); err != nil {
		resp.Diagnostics.AddError("Cannot sign in to Microsoft Entra ID", signInFailure(client.CredentialKind(), gc.ClientID, gc.TenantID, err))
		return
	}
	tflog.Debug(ctx, "b2b provider configured", map[string]any{"tenant_id": gc.TenantID, "client_id": gc.ClientID, "credential": client.CredentialKind()})
	data := &providerData{client: client, claims: newGuestClaims(), handovers: newGuestHandovers(), refreshed: newRefreshedGuests(), managed: newManagedGuests(),
		partners: newPartnerClaims(), domains: newPlannedDomains()}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
	p.configured.Store(data)
}

func (p *b2bProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewInvitationResource, NewPartnerResource, NewCrossTenantDefaultsResource, NewCollaborationSettingsResource}
}

func (p *b2bProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewGuestDataSource, NewGuestsDataSource, NewServicePrincipalDataSource, NewTenantDataSource}
}

func (p *b2bProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewResendInvitationAction, NewResetRedemptionAction, NewOffboardGuestsAction}
}

func (p *b2bProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewInvitationList}
}

func (p *b2bProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{NewParseBulkInviteCSVFunction}
}

// providerData is what each ConfigureProvider hands the resources, data
// sources, list resources and actions: the Graph client, signed in, and
// what that Terraform walk learns of the guests: the claims, refreshes and
// handovers that keep a guest through refactors and failures, and which
// guests a b2b_invitation manages, which the actions consult; and which
// b2b_partner plans each partner tenant, and which domain list
// b2b_collaboration_settings plans.
type providerData struct {
	client    *graph.Client
	claims    *guestClaims
	refreshed *refreshedGuests
	handovers *guestHandovers
	managed   *managedGuests
	partners  *partnerClaims
	domains   *plannedDomains
}

// clientFrom type-asserts provider data with a diagnostic instead of a panic.
func clientFrom(data any, diags interface{ AddError(string, string) }) *graph.Client {
	if pd := providerDataFrom(data, diags); pd != nil {
		return pd.client
	}
	return nil
}

func providerDataFrom(data any, diags interface{ AddError(string, string) }) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; this is a bug in the provider", data))
		return nil
	}
	return pd
}

// providerModel is the provider block.
type providerModel struct {
	TenantID                  types.String `tfsdk:"tenant_id"`
	ClientID                  types.String `tfsdk:"client_id"`
	Environment               types.String `tfsdk:"environment"`
	GraphEndpoint             types.String `tfsdk:"graph_endpoint"`
	AuthorityHost             types.String `tfsdk:"authority_host"`
	ClientSecret              types.String `tfsdk:"client_secret"`
	ClientCertificate         types.String `tfsdk:"client_certificate"`
	ClientCertificatePath     types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword types.String `tfsdk:"client_certificate_password"`
	UseOIDC                   types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                 types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath         types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL            types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken          types.String `tfsdk:"oidc_request_token"`
	ADOServiceConnectionID    types.String `tfsdk:"ado_pipeline_service_connection_id"`
	UseMSI                    types.Bool   `tfsdk:"use_msi"`
	UseCLI                    types.Bool   `tfsdk:"use_cli"`
	ClientIDFilePath          types.String `tfsdk:"client_id_file_path"`
	ClientSecretFilePath      types.String `tfsdk:"client_secret_file_path"`
	MetadataHost              types.String `tfsdk:"metadata_host"`
	MSIEndpoint               types.String `tfsdk:"msi_endpoint"`
	UseAKSWorkloadIdentity    types.Bool   `tfsdk:"use_aks_workload_identity"`
	PartnerID                 types.String `tfsdk:"partner_id"`
	DisableTerraformPartnerID types.Bool   `tfsdk:"disable_terraform_partner_id"`
}
