package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var stringType = types.StringType

// stateOnly is a resource type that can hold state but not change anything.
type stateOnly struct {
	name    string
	version int64
	strings []string
	blocks  map[string]schema.Block
}

func (r stateOnly) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r stateOnly) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema()
}

func (r stateOnly) schema() schema.Schema {
	attrs := map[string]schema.Attribute{}
	for _, name := range r.strings {
		attrs[name] = schema.StringAttribute{Optional: true, Computed: true}
	}
	blocks := map[string]schema.Block{
		"timeouts": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
			"create": schema.StringAttribute{Optional: true}, "read": schema.StringAttribute{Optional: true},
			"update": schema.StringAttribute{Optional: true}, "delete": schema.StringAttribute{Optional: true},
		}},
	}
	for name, b := range r.blocks {
		blocks[name] = b
	}
	return schema.Schema{Version: r.version, Attributes: attrs, Blocks: blocks}
}

func (r stateOnly) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("azuread stand-in", "This stand-in of hashicorp/azuread cannot create "+r.name+".")
}

// Read keeps the prior state, which the framework has already put in resp.
func (stateOnly) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r stateOnly) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("azuread stand-in", "This stand-in of hashicorp/azuread cannot update "+r.name+".")
}

func (r stateOnly) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddError("azuread stand-in", "This stand-in of hashicorp/azuread cannot destroy "+r.name+": a migration must forget it with a removed block.")
}
