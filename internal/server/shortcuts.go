package server

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// UnchangedPlanner is a provider that answers some plans itself, faster
// than the framework, and leaves the rest to it: PlanUnchanged returns
// false for a plan the framework must answer.
type UnchangedPlanner interface {
	PlanUnchanged(context.Context, *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool)
}

// CurrentUpgrader is a provider that answers some state upgrades itself,
// and leaves the rest to the framework: UpgradeCurrent returns false for
// one the framework must answer.
type CurrentUpgrader interface {
	UpgradeCurrent(context.Context, *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool)
}

// CurrentReader is a provider that answers some refreshes itself, and
// leaves the rest to the framework: ReadCurrent returns false for one the
// framework must answer, before it has read anything.
type CurrentReader interface {
	ReadCurrent(context.Context, *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool)
}

// ShortcutProvider is a provider that hands the serving path, from
// Shortcuts, what answers some RPCs before the framework: a value that is
// an UnchangedPlanner, a CurrentUpgrader or a CurrentReader, or several.
// It keeps the protocol's types out of the provider's own package.
type ShortcutProvider interface {
	Shortcuts() any
}

// shortcutServer asks its provider before the framework plans a resource
// upgrades its state or reads it.
type shortcutServer struct {
	fullServer
	planner  UnchangedPlanner
	upgrader CurrentUpgrader
	reader   CurrentReader
}

// wrapShortcuts puts what prov answers itself in front of s. Like
// wrapLean, it leaves a server without every optional RPC set as it is,
// and a provider that answers nothing itself changes nothing.
func wrapShortcuts(s tfprotov6.ProviderServer, prov any) tfprotov6.ProviderServer {
	if sp, ok := prov.(ShortcutProvider); ok {
		prov = sp.Shortcuts()
	}
	planner, plans := prov.(UnchangedPlanner)
	upgrader, upgrades := prov.(CurrentUpgrader)
	reader, reads := prov.(CurrentReader)
	full, ok := s.(fullServer)
	if !ok || (!plans && !upgrades && !reads) {
		return s
	}
	return shortcutServer{fullServer: full, planner: planner, upgrader: upgrader, reader: reader}
}

func (s shortcutServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if s.planner != nil {
		if resp, ok := s.planner.PlanUnchanged(ctx, req); ok {
			return resp, nil
		}
	}
	return s.fullServer.PlanResourceChange(ctx, req)
}

func (s shortcutServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if s.upgrader != nil {
		if resp, ok := s.upgrader.UpgradeCurrent(ctx, req); ok {
			return resp, nil
		}
	}
	return s.fullServer.UpgradeResourceState(ctx, req)
}

func (s shortcutServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if s.reader != nil {
		if resp, ok := s.reader.ReadCurrent(ctx, req); ok {
			return resp, nil
		}
	}
	return s.fullServer.ReadResource(ctx, req)
}
