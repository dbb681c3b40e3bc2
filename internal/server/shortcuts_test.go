package server

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// shortcutProvider answers the plan, the upgrade and the read of resource type
// "quick" itself, and nothing else.
type shortcutProvider struct{ emptyProvider }

func (shortcutProvider) PlanUnchanged(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	if req.TypeName != "quick" {
		return nil, false
	}
	return &tfprotov6.PlanResourceChangeResponse{Diagnostics: []*tfprotov6.Diagnostic{{Summary: "answered by the provider"}}}, true
}

func (shortcutProvider) UpgradeCurrent(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, bool) {
	if req.TypeName != "quick" {
		return nil, false
	}
	return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: []*tfprotov6.Diagnostic{{Summary: "answered by the provider"}}}, true
}

func (shortcutProvider) ReadCurrent(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	if req.TypeName != "quick" {
		return nil, false
	}
	return &tfprotov6.ReadResourceResponse{Diagnostics: []*tfprotov6.Diagnostic{{Summary: "answered by the provider"}}}, true
}

// handingProvider hands its shortcuts over instead of answering itself,
// keeping the protocol's types out of its own package.
type handingProvider struct{ emptyProvider }

func (handingProvider) Shortcuts() any { return shortcutProvider{} }

// What the provider answers itself, or through the shortcuts it hands
// over, never reaches the framework, and what it declines does; the
// optional RPC sets stay visible, lean or not.
func TestShortcutsAnswerFirstAndFallBack(t *testing.T) {
	for _, c := range []struct {
		lean bool
		p    provider.Provider
	}{{false, shortcutProvider{}}, {true, shortcutProvider{}}, {false, handingProvider{}}, {true, handingProvider{}}} {
		lean := c.lean
		s := New(func() provider.Provider { return c.p }, lean)()
		if _, ok := s.(tfprotov6.ActionServer); !ok {
			t.Errorf("lean=%v: the server hides actions", lean)
		}
		ctx := context.Background()
		for _, typ := range []string{"quick", "other"} {
			plan, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typ})
			if err != nil {
				t.Fatal(err)
			}
			up, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typ})
			if err != nil {
				t.Fatal(err)
			}
			read, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typ})
			if err != nil {
				t.Fatal(err)
			}
			for rpc, diags := range map[string][]*tfprotov6.Diagnostic{"plan": plan.Diagnostics, "upgrade": up.Diagnostics, "read": read.Diagnostics} {
				byProvider := len(diags) == 1 && diags[0].Summary == "answered by the provider"
				if byProvider != (typ == "quick") {
					t.Errorf("lean=%v, %s of %q: answered by the provider %v: %v", lean, rpc, typ, byProvider, diags)
				}
				// The framework knows no resource type at all here, and says so.
				if typ == "other" && (len(diags) == 0 || diags[0].Severity != tfprotov6.DiagnosticSeverityError) {
					t.Errorf("lean=%v, %s of %q: the framework did not answer: %v", lean, rpc, typ, diags)
				}
			}
		}
	}
}
