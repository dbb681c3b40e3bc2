package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = &invitationResource{}

// invitationIdentity identifies a guest by the user's object id, so that
// `import { identity = { id = "…" } }` works on Terraform 1.12+ and
// OpenTofu 1.12+.
type invitationIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *invitationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The guest user's object id.",
			},
		},
	}
}

// setIdentity records the identity when the client supports it; older
// clients pass a nil identity.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return nil
	}
	return identity.Set(ctx, invitationIdentity{ID: id})
}

// importIDFromIdentity reads the object id of an identity-based import.
func importIDFromIdentity(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.Identity == nil {
		return "", nil
	}
	var id types.String
	d := req.Identity.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString(), d
}
