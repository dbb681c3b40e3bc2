// Command azuread-standin stands in for hashicorp/azuread in offline tests.
//
// Terraform will not plan from a state that names a provider it cannot
// start, even when every object of that provider is moved or removed. This
// serves the schemas of the three azuread 3.x resource types that a guest
// migration leaves behind (azuread_invitation, azuread_group_member and
// azuread_app_role_assignment), with their schema versions, so that their
// state decodes. It talks to no API: reads keep the state as it is, and
// every other operation refuses, since a migration must never create or
// destroy through it.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func main() {
	if err := providerserver.Serve(context.Background(), func() provider.Provider { return standin{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hashicorp/azuread"}); err != nil {
		log.Fatal(err)
	}
}

type standin struct{}

func (standin) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "azuread"
}

func (standin) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (standin) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (standin) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (standin) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource {
			return stateOnly{name: "invitation", version: 0, strings: []string{"id", "redeem_url", "redirect_url", "user_display_name", "user_email_address", "user_id", "user_type"},
				blocks: map[string]schema.Block{"message": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"additional_recipients": schema.ListAttribute{Optional: true, ElementType: stringType},
					"body":                  schema.StringAttribute{Optional: true},
					"language":              schema.StringAttribute{Optional: true},
				}}}}}
		},
		func() resource.Resource {
			return stateOnly{name: "group_member", version: 0, strings: []string{"group_object_id", "id", "member_object_id"}}
		},
		func() resource.Resource {
			return stateOnly{name: "app_role_assignment", version: 1, strings: []string{"app_role_id", "id", "principal_display_name", "principal_object_id",
				"principal_type", "resource_display_name", "resource_object_id"}}
		},
	}
}
