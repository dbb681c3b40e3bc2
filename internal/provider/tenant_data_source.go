package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure        = &tenantDataSource{}
	_ datasource.DataSourceWithConfigValidators = &tenantDataSource{}
)

// tenantDataSource is data.b2b_tenant: another organization's Entra tenant,
// found by a domain its users' emails carry, or by its id, so that a
// partner is named by what is known of it.
type tenantDataSource struct {
	client *graph.Client
}

// NewTenantDataSource returns the data source.
func NewTenantDataSource() datasource.DataSource { return &tenantDataSource{} }

type tenantModel struct {
	DomainName          types.String `tfsdk:"domain_name"`
	TenantID            types.String `tfsdk:"tenant_id"`
	DisplayName         types.String `tfsdk:"display_name"`
	DefaultDomainName   types.String `tfsdk:"default_domain_name"`
	FederationBrandName types.String `tfsdk:"federation_brand_name"`
}

func (d *tenantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tenant"
}

func (d *tenantDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *tenantDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds another organization's Microsoft Entra tenant by one of its domains, such as the domain its users' emails carry, or by its tenant id, " +
			"with Graph's `findTenantInformationByDomainName` and `findTenantInformationByTenantId`. Needs `CrossTenantInformation.ReadBasic.All`." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6. Graph serves the lookup in every cloud: global, US Government and China.", retriesNote),
		Attributes: map[string]schema.Attribute{
			"domain_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A domain of the tenant, such as `fabrikam.com`: any of its verified domains, not only the default one.",
				Validators:          []validator.String{domainNameValidator()},
			},
			"tenant_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The tenant id. Give it to look the tenant up by id; otherwise it is what the domain's lookup found.",
				Validators:          []validator.String{tenantIDValidator()},
			},
			"display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The organization's name.",
			},
			"default_domain_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The tenant's default domain.",
			},
			"federation_brand_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The name the tenant's sign-in page shows, when it sets one; null otherwise.",
			},
		},
	}
}

func (d *tenantDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("domain_name"), path.MatchRoot("tenant_id"))}
}

func (d *tenantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m tenantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.client == nil {
		return
	}
	var t graph.TenantInformation
	var err error
	key, value := "tenant_id", m.TenantID.ValueString()
	if !m.DomainName.IsNull() {
		key, value = "domain_name", m.DomainName.ValueString()
		t, err = d.client.FindTenantByDomain(ctx, value)
	} else {
		t, err = d.client.FindTenantByID(ctx, value)
	}
	switch {
	case graph.IsNotFound(err) && key == "domain_name":
		resp.Diagnostics.AddAttributeError(path.Root(key), "No tenant has this domain",
			fmt.Sprintf("No Microsoft Entra tenant has the domain %q. Check the spelling, or look the organization up by tenant_id. "+
				"A consumer domain (such as gmail.com or outlook.com) belongs to no tenant: its users redeem with a one-time passcode or a Microsoft account, "+
				"and no cross-tenant settings apply to them.\n\n%v", value, err))
		return
	case graph.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root(key), "No tenant has this id", fmt.Sprintf("No Microsoft Entra tenant has the id %q.\n\n%v", value, err))
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot look up tenant "+value, errorDetail(ctx, err, "the lookup"))
		return
	}
	m.TenantID, m.DisplayName, m.DefaultDomainName = types.StringValue(t.TenantID), types.StringValue(t.DisplayName), types.StringValue(t.DefaultDomainName)
	m.FederationBrandName = types.StringNull()
	if t.FederationBrandName != "" {
		m.FederationBrandName = types.StringValue(t.FederationBrandName)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
