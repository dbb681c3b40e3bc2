package fastpath

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// testResource is a resource of an id and a name, with what a test puts
// on the name.
type testResource struct {
	modifiers []planmodifier.String
	def       defaults.String
}

type testModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

func (r testResource) Metadata(context.Context, resource.MetadataRequest, *resource.MetadataResponse) {
}
func (r testResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r testResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (r testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
func (r testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"name": schema.StringAttribute{Optional: true, Computed: r.def != nil, Default: r.def, PlanModifiers: r.modifiers},
	}}
}
func (r testResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}

// lookalike describes itself as UseStateForUnknown does, and is not it.
type lookalike struct{}

func (lookalike) Description(ctx context.Context) string {
	return stringplanmodifier.UseStateForUnknown().Description(ctx)
}
func (lookalike) MarkdownDescription(ctx context.Context) string { return lookalike{}.Description(ctx) }
func (lookalike) PlanModifyString(_ context.Context, _ planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.PlanValue = types.StringValue("changed")
}

// A plan modifier is known by its type: one that merely describes itself
// as UseStateForUnknown turns the unchanged plan off.
func TestPlanModifiersAreKnownByType(t *testing.T) {
	ctx := t.Context()
	if !NewResource[testModel](ctx, "test", testResource{modifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}).Plannable() {
		t.Error("UseStateForUnknown turned the unchanged plan off")
	}
	if NewResource[testModel](ctx, "test", testResource{modifiers: []planmodifier.String{lookalike{}}}).Plannable() {
		t.Error("a modifier that only describes itself as UseStateForUnknown was taken for it")
	}
}

// counter is a default that changes each time it is asked, as a default
// computed from the time would.
type counter struct{ n atomic.Int64 }

func (c *counter) Description(context.Context) string         { return "counts" }
func (c *counter) MarkdownDescription(context.Context) string { return "counts" }
func (c *counter) DefaultString(_ context.Context, _ defaults.StringRequest, resp *defaults.StringResponse) {
	resp.PlanValue = types.StringValue(string(rune('a' + c.n.Add(1) - 1)))
}

// A default is run on every plan, as the framework runs it: one that no
// longer gives what state holds sends the plan to the framework.
func TestDefaultsAreRunOnEveryPlan(t *testing.T) {
	ctx := t.Context()
	def := &counter{}
	res := NewResource[testModel](ctx, "test", testResource{def: def})
	answers := Answers[testModel]{Resource: res, Hooks: Hooks[testModel]{
		PlanExisting: func(context.Context, tftypes.Value, tftypes.Value) (diag.Diagnostics, bool) { return nil, true },
	}}
	typ := res.StateType()
	state := tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "1"), "name": tftypes.NewValue(tftypes.String, "a")})
	config := tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, nil), "name": tftypes.NewValue(tftypes.String, nil)})
	dv := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	req := &tfprotov6.PlanResourceChangeRequest{TypeName: "test", PriorState: dv(state), ProposedNewState: dv(state), Config: dv(config)}
	if _, ok := answers.PlanUnchanged(ctx, req); !ok {
		t.Fatal("a default that gives what state holds sent the plan to the framework")
	}
	if _, ok := answers.PlanUnchanged(ctx, req); ok {
		t.Error("a default that now gives another value was taken as the one it gave before")
	}
}
