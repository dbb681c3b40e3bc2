package fastpath

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Around a resource's Read, the framework decodes the state and walks it
// by the schema to null out collection blocks, walks old and new state
// again for attributes whose types define semantic equality, and once more
// to null out write-only attributes, finding each attribute's schema by a
// path lookup that copies the schema's map of attributes. For a schema
// with no blocks, no such types and no write-only attribute (Readable),
// every walk leaves the state as Read wrote it.
//
// ReadCurrent answers the refresh with the resource's own refresh, and
// hands state, identity and private state over as the framework would. It
// leaves to the framework what the framework treats specially: private
// state with keys of its own (such as the mark of a read right after an
// import) or in another format, an identity that is not the state's id
// (the framework would refuse it after reading), and a state it cannot
// decode. It decides before the refresh runs.

// ReadCurrent answers ReadResource, or returns false for the framework to
// answer it.
func (a Answers[M]) ReadCurrent(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	r := a.Resource
	if req.TypeName != r.typeName || !r.readable || req.CurrentState == nil || a.Hooks.Refresher == nil {
		return nil, false
	}
	private, ok := ParsePrivateKeys(req.Private)
	if !ok {
		return nil, false
	}
	current, err := req.CurrentState.Unmarshal(r.stateType)
	if err != nil {
		return nil, false
	}
	var state M
	id, ok := idOf(current)
	if !ok || !r.codec.Get(ctx, current, &state) {
		return nil, false
	}
	identity, ok := currentIdentity(req.CurrentIdentity, r.identityType)
	if !ok {
		return nil, false
	}
	read := idIdentity(r.identityType, id)
	if !identity.IsNull() && !identity.Equal(read) {
		return nil, false
	}
	refresh, ok := a.Hooks.Refresher(ctx)
	if !ok {
		return nil, false
	}

	refreshed, outcome, diags := refresh(ctx, state, private)
	newState, newIdentity := current, identity
	switch outcome {
	case Gone:
		newState, newIdentity = tftypes.NewValue(r.stateType, nil), read
	case Read:
		newIdentity = read
		if newState, ok = r.codec.Value(ctx, refreshed); !ok {
			diags.AddError("Cannot record "+r.typeName+" "+id,
				"The refreshed state did not convert to the resource's schema. This is a bug in the provider; please report it.")
			newState = current
		} else if newID, ok := idOf(newState); ok {
			// The refresh may spell the id as the remote API does, and the
			// framework's read records the identity from that.
			newIdentity = idIdentity(r.identityType, newID)
		}
	}
	if !diags.HasError() && !identity.IsNull() && !identity.Equal(newIdentity) {
		// The framework refuses a read that changes a stored identity,
		// even one only spelled differently, and says so with this error.
		diags.AddError("Unexpected Identity Change", identityChangeDetail(identity, newIdentity))
	}
	return r.readResponse(ctx, newState, newIdentity, private, diags), true
}

// identityChangeDetail is the framework's own text for a read that changes
// a stored identity (fwserver's ReadResource).
func identityChangeDetail(current, next tftypes.Value) string {
	return "During the read operation, the Terraform Provider unexpectedly returned a different identity than the previously stored one.\n\n" +
		"This is always a problem with the provider and should be reported to the provider developer.\n\n" +
		fmt.Sprintf("Current Identity: %s\n\n", current.String()) +
		fmt.Sprintf("New Identity: %s", next.String())
}

// idOf is the known, non-null id of a state.
func idOf(state tftypes.Value) (string, bool) {
	var attrs map[string]tftypes.Value
	var id string
	if !state.IsKnown() || state.IsNull() || state.As(&attrs) != nil {
		return "", false
	}
	v, ok := attrs["id"]
	if !ok || !v.IsKnown() || v.IsNull() || v.As(&id) != nil {
		return "", false
	}
	return id, true
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

// idIdentity is the identity a read of id records; typ is an identity of
// the id alone (idIdentityType).
func idIdentity(typ tftypes.Type, id string) tftypes.Value {
	object, _ := typ.(tftypes.Object)
	return tftypes.NewValue(object, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
}

func (r *Resource[M]) readResponse(ctx context.Context, state, identity tftypes.Value, private PrivateKeys, diags diag.Diagnostics) *tfprotov6.ReadResourceResponse {
	resp := &tfprotov6.ReadResourceResponse{}
	stateValue, err := tfprotov6.NewDynamicValue(r.stateType, state)
	if err != nil {
		diags.AddError("Cannot encode state", "Encoding the refreshed state failed: "+err.Error())
	}
	resp.NewState = &stateValue
	identityValue, err := tfprotov6.NewDynamicValue(r.identityType, identity)
	if err != nil {
		diags.AddError("Cannot encode identity", "Encoding the identity failed: "+err.Error())
	}
	resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &identityValue}
	if resp.Private, err = private.Bytes(); err != nil {
		diags.AddError("Cannot encode private state", "Encoding the private state failed: "+err.Error())
	}
	resp.Diagnostics = Diagnostics(ctx, diags)
	return resp
}
