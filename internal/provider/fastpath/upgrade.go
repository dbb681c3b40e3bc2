package fastpath

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Before it reads a resource, Terraform asks the provider to upgrade the
// state it stored, on every plan, although a state is mostly of the
// current version. For such a state the framework only decodes the stored
// JSON by the schema, ignoring attributes the schema no longer has, and
// encodes it again, walking the schema for each. UpgradeCurrent does the
// same decoding and encoding without the walks. A state of another
// version, one stored before Terraform 0.12 (flatmap), or one the schema
// cannot decode goes to the framework, which upgrades it or says why it
// cannot.

// UpgradeCurrent answers UpgradeResourceState for a state stored at the
// current schema version, or returns false for the framework to answer it.
func (a Answers[M]) UpgradeCurrent(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	r := a.Resource
	if req.TypeName != r.typeName || req.RawState == nil || len(req.RawState.JSON) == 0 || r.blocks || req.Version != r.version {
		return nil, false
	}
	v, err := req.RawState.UnmarshalWithOpts(r.stateType, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, false
	}
	upgraded, err := tfprotov6.NewDynamicValue(r.stateType, v)
	if err != nil {
		return nil, false
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, true
}
