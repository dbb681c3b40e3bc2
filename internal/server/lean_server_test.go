package server

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ctxKey struct{}

func TestLeanContextFollowsCancellationButKeepsNothing(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "logger"))
	ctx, done := lean(parent)
	defer done()
	if ctx.Value(ctxKey{}) != nil {
		t.Fatal("the lean context still carries the request's values")
	}
	cancelParent()
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("canceling the request did not cancel the lean context")
	}
}

func TestLeanContextKeepsTheDeadline(t *testing.T) {
	want := time.Now().Add(time.Minute)
	parent, cancel := context.WithDeadline(context.Background(), want)
	defer cancel()
	ctx, done := lean(parent)
	defer done()
	if got, ok := ctx.Deadline(); !ok || !got.Equal(want) {
		t.Fatalf("deadline = %v, %v; want %v", got, ok, want)
	}
}

// The framework's server answers list resources, actions and state stores
// through interfaces that tf6server looks for by type assertion; the lean
// wrapper must keep every one of them visible.
func TestLeanServerKeepsTheOptionalRPCSets(t *testing.T) {
	for _, lean := range []bool{false, true} {
		s := New(func() provider.Provider { return emptyProvider{} }, lean)()
		if _, ok := s.(tfprotov6.ListResourceServer); !ok {
			t.Errorf("lean=%v: the server hides list resources", lean)
		}
		if _, ok := s.(tfprotov6.ActionServer); !ok {
			t.Errorf("lean=%v: the server hides actions", lean)
		}
		if _, ok := s.(tfprotov6.StateStoreServer); !ok {
			t.Errorf("lean=%v: the server hides state stores", lean)
		}
		if _, isLean := s.(leanServer); isLean != lean {
			t.Errorf("lean=%v: got a lean server: %v", lean, isLean)
		}
	}
}

type emptyProvider struct{}

func (emptyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "empty"
}
func (emptyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (emptyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (emptyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (emptyProvider) Resources(context.Context) []func() resource.Resource       { return nil }

// contextRecorder stands for the framework's server, recording whether the
// per-instance RPCs it answers got the request's context.
type contextRecorder struct {
	fullServer
	carried map[string]bool
}

func (r contextRecorder) ImportResourceState(ctx context.Context, _ *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	r.carried["ImportResourceState"] = ctx.Value(ctxKey{}) != nil
	return &tfprotov6.ImportResourceStateResponse{}, nil
}

func (r contextRecorder) MoveResourceState(ctx context.Context, _ *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	r.carried["MoveResourceState"] = ctx.Value(ctxKey{}) != nil
	return &tfprotov6.MoveResourceStateResponse{}, nil
}

func (r contextRecorder) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	r.carried["ReadResource"] = ctx.Value(ctxKey{}) != nil
	return &tfprotov6.ReadResourceResponse{}, nil
}

// Imports and moves come one per resource instance, as reads do, so the
// framework must get a lean context for them too.
func TestLeanServerGivesPerInstanceRPCsALeanContext(t *testing.T) {
	rec := contextRecorder{carried: map[string]bool{}}
	s := leanServer{rec}
	ctx := context.WithValue(context.Background(), ctxKey{}, "logger")
	if _, err := s.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	for _, rpc := range []string{"ImportResourceState", "MoveResourceState", "ReadResource"} {
		carried, called := rec.carried[rpc]
		if !called || carried {
			t.Errorf("%s: called %v, got the request's context %v", rpc, called, carried)
		}
	}
}
