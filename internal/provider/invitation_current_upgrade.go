package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Before it reads a resource, Terraform asks the provider to upgrade the
// state it stored, on every plan, although b2b_invitation's state has been
// of one version so far. For a state of the current version the framework
// only decodes the stored JSON by the schema, ignoring attributes the
// schema no longer has, and encodes it again; on a plan of 1,000 guests,
// its walks over the schema for that took a tenth of the provider's CPU.
// upgradeCurrentInvitation does the same decoding and encoding without
// them. A state of another version, one stored before Terraform 0.12
// (flatmap), or one the schema cannot decode goes to the framework, which
// upgrades it or says why it cannot.

// upgradeCurrentInvitation answers UpgradeResourceState for a b2b_invitation
// stored at the current schema version, or returns false for the framework
// to answer it.
func (p *b2bProvider) upgradeCurrentInvitation(req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	if req.TypeName != "b2b_invitation" || req.RawState == nil || len(req.RawState.JSON) == 0 {
		return nil, false
	}
	shape := invitationPlanShapeOnce()
	if shape.blocks || req.Version != shape.version {
		return nil, false
	}
	v, err := req.RawState.UnmarshalWithOpts(shape.stateType, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, false
	}
	upgraded, err := tfprotov6.NewDynamicValue(shape.stateType, v)
	if err != nil {
		return nil, false
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, true
}

// UpgradeCurrent answers an UpgradeResourceState that the provider can
// answer without the framework, or returns false. The serving path asks it
// first (server.New).
func (p *b2bProvider) UpgradeCurrent(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	return p.upgradeCurrentInvitation(req)
}
