package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every plan refreshes every b2b_invitation. Around the resource's own
// Read, the framework decodes the state and walks it by the schema to null
// out collection blocks, walks old and new state again for attributes
// whose types define semantic equality, and once more to null out
// write-only attributes, finding each attribute's schema by a path lookup
// that copies the schema's map of attributes. b2b_invitation has no
// blocks, no such types and no write-only attribute (invitationPlanShape
// checks), so every walk leaves the state as Read wrote it; on a plan of
// 1,000 guests they took a third of the provider's CPU.
//
// readInvitation answers the refresh with the same refresh as Read, and
// hands state, identity and private state over as the framework would. It
// leaves to the framework what the framework treats specially: private
// state with keys of its own (such as the mark of a read right after an
// import) or in another format, an identity that is not the state's id
// (the framework would refuse it after reading), and a state it cannot
// decode. It decides before it sends anything to Graph.

// readInvitation answers Terraform's refresh of a b2b_invitation, or
// returns false for the framework to answer it.
func (p *b2bProvider) readInvitation(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	pd := p.configured.Load()
	shape := invitationPlanShapeOnce()
	if pd == nil || req.TypeName != "b2b_invitation" || !shape.readable || req.CurrentState == nil {
		return nil, false
	}
	private, ok := parsePrivateKeys(req.Private)
	if !ok {
		return nil, false
	}
	current, err := req.CurrentState.Unmarshal(shape.stateType)
	if err != nil {
		return nil, false
	}
	var state invitationModel
	if !shape.codec.get(ctx, current, &state) || state.ID.IsNull() || state.ID.IsUnknown() {
		return nil, false
	}
	identity, ok := currentIdentity(req.CurrentIdentity, shape.identityType)
	if !ok {
		return nil, false
	}
	read, ok := idIdentity(shape.identityType, state.ID.ValueString())
	if !ok || (!identity.IsNull() && !identity.Equal(read)) {
		return nil, false
	}

	r := &invitationResource{}
	var diags diag.Diagnostics
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: pd}, &configured)
	if configured.Diagnostics.HasError() {
		return nil, false
	}
	state, outcome := r.refresh(ctx, state, private, private, &diags)
	newState := current
	switch outcome {
	case guestGone:
		newState, identity = tftypes.NewValue(shape.stateType, nil), read
	case guestRead:
		// The refresh rewrites the id to Graph's spelling, and the
		// framework's read records the identity from that.
		if identity, ok = idIdentity(shape.identityType, state.ID.ValueString()); !ok {
			identity = read
		}
		if newState, ok = shape.codec.value(ctx, state); !ok {
			diags.AddError("Cannot record guest "+state.ID.ValueString(),
				"The refreshed state did not convert to b2b_invitation's schema. This is a bug in the provider; please report it.")
			newState = current
		}
	}
	return readResponse(shape, newState, identity, private, diags), true
}

// currentIdentity is the identity Terraform sent, or a null one from a
// client that sends none, as the framework takes it.
func currentIdentity(data *tfprotov6.ResourceIdentityData, typ tftypes.Type) (tftypes.Value, bool) {
	if data == nil || data.IdentityData == nil {
		return tftypes.NewValue(typ, nil), true
	}
	v, err := data.IdentityData.Unmarshal(typ)
	return v, err == nil
}

// idIdentity is the identity a read of the guest id records.
func idIdentity(typ tftypes.Type, id string) (tftypes.Value, bool) {
	object, ok := typ.(tftypes.Object)
	if !ok || len(object.AttributeTypes) != 1 || !object.AttributeTypes["id"].Equal(tftypes.String) {
		return tftypes.Value{}, false
	}
	return tftypes.NewValue(object, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)}), true
}

func readResponse(shape invitationPlanShape, state, identity tftypes.Value, private privateKeys, diags diag.Diagnostics) *tfprotov6.ReadResourceResponse {
	resp := &tfprotov6.ReadResourceResponse{}
	stateValue, err := tfprotov6.NewDynamicValue(shape.stateType, state)
	if err != nil {
		diags.AddError("Cannot encode state", "Encoding the refreshed state failed: "+err.Error())
	}
	resp.NewState = &stateValue
	identityValue, err := tfprotov6.NewDynamicValue(shape.identityType, identity)
	if err != nil {
		diags.AddError("Cannot encode identity", "Encoding the guest's identity failed: "+err.Error())
	}
	resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &identityValue}
	if resp.Private, err = private.bytes(); err != nil {
		diags.AddError("Cannot encode private state", "Encoding the guest's private state failed: "+err.Error())
	}
	resp.Diagnostics = protoDiagnostics(diags)
	return resp
}

// ReadCurrent answers a ReadResource that the provider can answer without
// the framework, or returns false. The serving path asks it first
// (server.New).
func (p *b2bProvider) ReadCurrent(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	return p.readInvitation(ctx, req)
}
