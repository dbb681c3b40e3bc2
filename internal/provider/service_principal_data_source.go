package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure        = &servicePrincipalDataSource{}
	_ datasource.DataSourceWithConfigValidators = &servicePrincipalDataSource{}
)

// defaultAccessRoleID grants access to an application that declares no
// roles (see internal/graph's package doc, "Group members and app role assignments").
const defaultAccessRoleID = "00000000-0000-0000-0000-000000000000"

// servicePrincipalDataSource is data.b2b_service_principal: it turns an
// application (client) id, as the bulk-invite CSV has, and role names into
// the object ids app_role_assignments needs.
type servicePrincipalDataSource struct {
	client *graph.Client
}

// NewServicePrincipalDataSource returns the data source.
func NewServicePrincipalDataSource() datasource.DataSource { return &servicePrincipalDataSource{} }

func (d *servicePrincipalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_principal"
}

func (d *servicePrincipalDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *servicePrincipalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a service principal (enterprise application) by its application (client) id or object id, " +
			"and maps its app role names to ids for `b2b_invitation.app_role_assignments`. Needs `Application.Read.All`." +
			pageNotes("Any Terraform or OpenTofu that speaks plugin protocol 6.", retriesNote),
		Attributes: map[string]schema.Attribute{
			"application_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The application (client) id, as in the bulk-invite CSV's `invitedToApplications`.",
				Validators:          []validator.String{uuidValidator()},
			},
			"object_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The service principal's object id, which `app_role_assignments.resource_id` takes.",
				Validators:          []validator.String{uuidValidator()},
			},
			"display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The display name.",
			},
			"app_role_ids": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "App role ids by the role's `value` (such as `Portal.Read`). `default` is the default-access id, `00000000-0000-0000-0000-000000000000`.",
			},
		},
	}
}

func (d *servicePrincipalDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("application_id"), path.MatchRoot("object_id"))}
}

func (d *servicePrincipalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m servicePrincipalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var sp graph.ServicePrincipal
	var err error
	key, value := "object_id", m.ObjectID.ValueString()
	if !m.ApplicationID.IsNull() {
		key, value = "application_id", m.ApplicationID.ValueString()
		sp, err = d.client.FindServicePrincipalByAppID(ctx, value)
	} else {
		sp, err = d.client.GetServicePrincipal(ctx, value)
	}
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root(key), "Service principal not found", fmt.Sprintf("No service principal has the %s %q: %v", key, value, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read service principal "+value, errorDetail(ctx, err, "reading"))
		return
	}
	roles := map[string]attr.Value{"default": types.StringValue(defaultAccessRoleID)}
	for _, r := range sp.AppRoles {
		if r.Value != "" {
			roles[r.Value] = types.StringValue(r.ID)
		}
	}
	m.ObjectID, m.ApplicationID, m.DisplayName = types.StringValue(sp.ObjectID), types.StringValue(sp.AppID), types.StringValue(sp.DisplayName)
	m.AppRoleIDs = types.MapValueMust(types.StringType, roles)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

type servicePrincipalModel struct {
	ApplicationID types.String `tfsdk:"application_id"`
	ObjectID      types.String `tfsdk:"object_id"`
	DisplayName   types.String `tfsdk:"display_name"`
	AppRoleIDs    types.Map    `tfsdk:"app_role_ids"`
}
