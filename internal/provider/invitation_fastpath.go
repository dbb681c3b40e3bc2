package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/b2b-guests/terraform-provider-b2b/internal/provider/fastpath"
)

// Every plan refreshes, upgrades and plans every b2b_invitation, and the
// framework's walks over the schema for these were most of the provider's
// CPU on a plan of thousands of guests. The fastpath package answers them
// where its answer is the framework's; this is what it needs of
// b2b_invitation: the schema, the refresh that Read runs, and the plan of
// a guest that state holds that ModifyPlan runs.

var invitationFastPath = sync.OnceValue(func() *fastpath.Resource[invitationModel] {
	return fastpath.NewResource[invitationModel](context.Background(), "b2b_invitation", &invitationResource{})
})

// Shortcuts is what the serving path (internal/server) asks before the
// framework answers a read, an upgrade or a plan.
func (p *b2bProvider) Shortcuts() any { return p.invitationAnswers() }

func (p *b2bProvider) invitationAnswers() fastpath.Answers[invitationModel] {
	return fastpath.Answers[invitationModel]{
		Resource: invitationFastPath(),
		Hooks: fastpath.Hooks[invitationModel]{
			Refresher:    func(ctx context.Context) (fastpath.Refresh[invitationModel], bool) { return p.invitationRefresh(ctx) },
			PlanExisting: p.planUnchangedInvitation,
		},
	}
}

// configuredInvitation is the resource as the framework would configure it
// for one RPC, or false before the provider is configured.
func (p *b2bProvider) configuredInvitation(ctx context.Context) (*invitationResource, bool) {
	pd := p.configured.Load()
	if pd == nil {
		return nil, false
	}
	r := &invitationResource{}
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: pd}, &configured)
	return r, !configured.Diagnostics.HasError()
}

func (p *b2bProvider) invitationRefresh(ctx context.Context) (fastpath.Refresh[invitationModel], bool) {
	r, ok := p.configuredInvitation(ctx)
	if !ok {
		return nil, false
	}
	return func(ctx context.Context, state invitationModel, private fastpath.PrivateKeys) (invitationModel, fastpath.Outcome, diag.Diagnostics) {
		var diags diag.Diagnostics
		state, outcome := r.refresh(ctx, state, private, private, &diags)
		switch outcome {
		case guestGone:
			return state, fastpath.Gone, diags
		case guestRead:
			return state, fastpath.Read, diags
		}
		return state, fastpath.Unread, diags
	}, true
}

// planUnchangedInvitation is ModifyPlan's plan of a guest that state holds,
// for a planned object that is the prior state.
func (p *b2bProvider) planUnchangedInvitation(ctx context.Context, prior, config tftypes.Value) (diag.Diagnostics, bool) {
	r, ok := p.configuredInvitation(ctx)
	if !ok {
		return nil, false
	}
	g, diags := existingGuestOf(ctx, prior, prior, config)
	if diags.HasError() {
		return nil, false
	}
	planned, ok := r.planExistingGuest(g, true)
	return planned.diags, ok
}
