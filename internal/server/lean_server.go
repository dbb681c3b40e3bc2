package server

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// leanServer hands the framework a small context for each per-resource RPC.
//
// terraform-plugin-framework keeps the cancel function of every RPC's
// context until StopProvider, so that it can cancel them all; each one holds
// the whole request context, with the loggers terraform-plugin-go put in it.
// A plan makes several such calls per guest, so the provider grew with the
// guests and spent its CPU scanning them. When the logs are
// off anyway (see SilenceUnreadLogs), the framework gets a fresh context
// that only follows the request's cancellation and deadline, and keeps
// nothing of it once the call returns.
//
// It embeds every RPC set that the framework's server answers, not only
// tfprotov6.ProviderServer: tf6server finds list resources, actions and state
// stores by type assertion on the server it is given, so a wrapper without
// them would hide those features from Terraform. The streaming RPCs among
// them keep the request's own context, since their results outlive the call.
type leanServer struct {
	fullServer
}

// fullServer is the framework's server with its optional RPC sets.
type fullServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// wrapLean makes s lean. A server without every optional RPC set is served
// as it is, rather than wrapped into one that would hide what it has.
func wrapLean(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if full, ok := s.(fullServer); ok {
		return leanServer{full}
	}
	return s
}

func lean(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	if deadline, ok := parent.Deadline(); ok {
		var cancelDeadline context.CancelFunc
		ctx, cancelDeadline = context.WithDeadline(ctx, deadline)
		prev := cancel
		cancel = func() { cancelDeadline(); prev() }
	}
	stop := context.AfterFunc(parent, cancel)
	return ctx, func() { stop(); cancel() }
}

// leanCall runs one RPC of the framework with a lean context.
func leanCall[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, done := lean(ctx)
	defer done()
	return rpc(ctx, req)
}

func (s leanServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return leanCall(ctx, req, s.fullServer.ValidateResourceConfig)
}

func (s leanServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return leanCall(ctx, req, s.fullServer.UpgradeResourceState)
}

func (s leanServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return leanCall(ctx, req, s.fullServer.UpgradeResourceIdentity)
}

func (s leanServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return leanCall(ctx, req, s.fullServer.ReadResource)
}

func (s leanServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return leanCall(ctx, req, s.fullServer.PlanResourceChange)
}

func (s leanServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return leanCall(ctx, req, s.fullServer.ApplyResourceChange)
}

func (s leanServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return leanCall(ctx, req, s.fullServer.ValidateDataResourceConfig)
}

func (s leanServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return leanCall(ctx, req, s.fullServer.ReadDataSource)
}

func (s leanServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return leanCall(ctx, req, s.fullServer.CallFunction)
}

// An import of thousands of guests, as terraform query generates, makes one
// ImportResourceState call for each, and a refactor one MoveResourceState
// for each moved instance: the same number of contexts as a plan.

func (s leanServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return leanCall(ctx, req, s.fullServer.ImportResourceState)
}

func (s leanServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return leanCall(ctx, req, s.fullServer.MoveResourceState)
}
