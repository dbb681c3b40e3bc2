package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configuredServer serves a new provider, configured from the environment
// (the suite's emulator), as Terraform would before a plan.
func configuredServer(t *testing.T) (*b2bProvider, tfprotov6.ProviderServer) {
	t.Helper()
	requireEmulator(t)
	p := &b2bProvider{version: "test"}
	s, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	schema, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schema.Provider == nil {
		t.Fatalf("provider schema: %v", err)
	}
	typ, ok := schema.Provider.ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	nulls := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		nulls[name] = tftypes.NewValue(at, nil)
	}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nulls))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return p, s
}

// invitationValue is a b2b_invitation object of the schema's type: attrs,
// and null for the rest.
func invitationValue(t *testing.T, attrs map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	typ, ok := invitationFastPath().StateType().(tftypes.Object)
	if !ok {
		t.Fatal("b2b_invitation's state type is not an object")
	}
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			all[name] = v
			continue
		}
		all[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(typ, all)
}

func dynamic(t *testing.T, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func str(s string) tftypes.Value   { return tftypes.NewValue(tftypes.String, s) }
func boolean(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

// guestState is the state of a guest as create and read record it.
func guestState(email, id, userType, externalState string, changedAt time.Time, extra map[string]tftypes.Value) map[string]tftypes.Value {
	groups := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(groupEngineering)})
	s := map[string]tftypes.Value{
		"email": str(email), "redirect_url": str("https://portal.example"), "display_name": str("Pat"),
		"user_type": str(userType), "send_invitation_message": boolean(true), "delete_user_on_destroy": boolean(true),
		"delete_adopted_user_on_destroy": boolean(false), "resend_when_accepted": boolean(false),
		"group_ids": groups, "sponsor_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{}),
		"id": str(id), "user_id": str(id), "user_principal_name": str("pat#EXT#@contoso.example"), "redeem_url": str("https://login.example/redeem"),
		"status": str("PendingAcceptance"), "external_user_state": str(externalState), "accepted": boolean(externalState == "Accepted"),
		"external_user_state_changed_at": str(changedAt.UTC().Format(time.RFC3339)), "adopted": boolean(false),
	}
	for k, v := range extra {
		s[k] = v
	}
	return s
}

// guestConfig is a configuration of that guest: its arguments, with the
// computed-only attributes null as Terraform sends them.
func guestConfig(email string, extra map[string]tftypes.Value) map[string]tftypes.Value {
	c := map[string]tftypes.Value{"email": str(email), "redirect_url": str("https://portal.example"), "display_name": str("Pat"),
		"group_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(groupEngineering)})}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

type planCase struct {
	name                     string
	config, prior, proposed  map[string]tftypes.Value
	identity                 bool
	private                  []byte
	wantShortcut             bool
	wantErrors, wantWarnings int
}

// The plan answered without the framework is the framework's own answer:
// the same planned state, private state, identity and diagnostics, for the
// same requests in the same order, on two providers each configured once,
// as for one Terraform walk. The cases it must leave to the framework are
// left to it.
func TestUnchangedPlanIsTheFrameworksPlan(t *testing.T) {
	fast, fastServer := configuredServer(t)
	_, framework := configuredServer(t)
	now := time.Now()
	email := testEmail(t)
	id := "11111111-2222-3333-4444-555555555555"
	pending := guestState(email, id, "Guest", "PendingAcceptance", now.Add(-100*24*time.Hour), nil)
	private, _ := json.Marshal(map[string][]byte{createdKey: []byte(fmt.Sprintf("%q", id)), replicatedKey: []byte("true")})
	sdkPrivate, _ := json.Marshal(map[string]any{"schema_version": "0"})
	late := "late." + email
	latePending := guestState(late, "44444444-2222-3333-4444-555555555555", "Guest", "PendingAcceptance", now.Add(-100*24*time.Hour),
		map[string]tftypes.Value{"expire_pending_after": str("30d")})
	shouting := strings.ToUpper(email)

	cases := []planCase{
		{name: "unchanged, defaults left out", config: guestConfig(email, nil), prior: pending, proposed: pending, private: private, wantShortcut: true},
		// A warning is due: planExistingGuest sends the plan to the framework.
		{name: "unchanged, pending longer than allowed", wantShortcut: false, wantWarnings: 1, identity: true,
			config: guestConfig(late, map[string]tftypes.Value{"expire_pending_after": str("30d")}), prior: latePending, proposed: latePending},
		{name: "a second resource holding the same guest", wantShortcut: true, wantErrors: 1,
			config: guestConfig(shouting, nil), prior: withAttr(pending, "email", str(shouting)), proposed: withAttr(pending, "email", str(shouting))},
		{name: "a default that state does not hold", wantShortcut: false,
			config: guestConfig(email+".member", nil), prior: guestState(email+".member", "22222222-2222-3333-4444-555555555555", "Member", "Accepted", now, nil),
			proposed: guestState(email+".member", "22222222-2222-3333-4444-555555555555", "Member", "Accepted", now, nil)},
		{name: "a changed argument", wantShortcut: false,
			config:   guestConfig(email+".renamed", map[string]tftypes.Value{"display_name": str("Pat Partner")}),
			prior:    guestState(email+".renamed", "33333333-2222-3333-4444-555555555555", "Guest", "Accepted", now, nil),
			proposed: guestState(email+".renamed", "33333333-2222-3333-4444-555555555555", "Guest", "Accepted", now, map[string]tftypes.Value{"display_name": str("Pat Partner")})},
		{name: "private state the framework would drop", wantShortcut: false, private: sdkPrivate,
			config: guestConfig(email+".sdk", nil), prior: guestState(email+".sdk", "55555555-2222-3333-4444-555555555555", "Guest", "Accepted", now, nil),
			proposed: guestState(email+".sdk", "55555555-2222-3333-4444-555555555555", "Guest", "Accepted", now, nil)},
		{name: "a create", wantShortcut: false, config: guestConfig(email+".new", nil), proposed: guestConfig(email+".new", nil)},
	}
	for _, c := range cases {
		req := planRequest(t, c)
		got, ok := fast.invitationAnswers().PlanUnchanged(t.Context(), req)
		if ok != c.wantShortcut {
			t.Fatalf("%s: answered without the framework = %v, want %v", c.name, ok, c.wantShortcut)
		}
		if !ok {
			var err error
			if got, err = fastServer.PlanResourceChange(t.Context(), req); err != nil {
				t.Fatal(err)
			}
		}
		want, err := framework.PlanResourceChange(t.Context(), planRequest(t, c))
		if err != nil {
			t.Fatal(err)
		}
		samePlan(t, c, got, want)
	}
}

func withAttr(m map[string]tftypes.Value, name string, v tftypes.Value) map[string]tftypes.Value {
	out := map[string]tftypes.Value{}
	for k, x := range m {
		out[k] = x
	}
	out[name] = v
	return out
}

func planRequest(t *testing.T, c planCase) *tfprotov6.PlanResourceChangeRequest {
	typ := invitationFastPath().StateType()
	prior := tftypes.NewValue(typ, nil)
	if c.prior != nil {
		prior = invitationValue(t, c.prior)
	}
	req := &tfprotov6.PlanResourceChangeRequest{
		TypeName: "b2b_invitation", Config: dynamic(t, invitationValue(t, c.config)),
		PriorState: dynamic(t, prior), ProposedNewState: dynamic(t, invitationValue(t, c.proposed)), PriorPrivate: c.private,
	}
	if c.identity {
		it := invitationFastPath().IdentityType()
		req.PriorIdentity = &tfprotov6.ResourceIdentityData{IdentityData: dynamic(t, tftypes.NewValue(it, map[string]tftypes.Value{"id": c.prior["id"]}))}
	}
	return req
}

func samePlan(t *testing.T, c planCase, got, want *tfprotov6.PlanResourceChangeResponse) {
	t.Helper()
	typ := invitationFastPath().StateType()
	g, err1 := got.PlannedState.Unmarshal(typ)
	w, err2 := want.PlannedState.Unmarshal(typ)
	if err1 != nil || err2 != nil || !g.Equal(w) {
		t.Errorf("%s: planned state\n got  %v\n want %v (%v %v)", c.name, g, w, err1, err2)
	}
	if !sameJSON(got.PlannedPrivate, want.PlannedPrivate) {
		t.Errorf("%s: planned private state %s, want %s", c.name, got.PlannedPrivate, want.PlannedPrivate)
	}
	sameIdentityAndDiagnostics(t, c.name+": planned", got.PlannedIdentity, want.PlannedIdentity, got.Diagnostics, want.Diagnostics)
	if len(got.RequiresReplace) != 0 || len(want.RequiresReplace) != 0 || got.Deferred != nil || want.Deferred != nil {
		t.Errorf("%s: requires replace %v / %v, deferred %v / %v", c.name, got.RequiresReplace, want.RequiresReplace, got.Deferred, want.Deferred)
	}
	errs, warns := countDiagnostics(got.Diagnostics)
	if errs != c.wantErrors || warns != c.wantWarnings {
		t.Errorf("%s: %d errors and %d warnings, want %d and %d: %v", c.name, errs, warns, c.wantErrors, c.wantWarnings, got.Diagnostics)
	}
}

// sameIdentityAndDiagnostics compares what every answer without the
// framework must give exactly as the framework does.
func sameIdentityAndDiagnostics(t *testing.T, what string, got, want *tfprotov6.ResourceIdentityData, gotDiags, wantDiags []*tfprotov6.Diagnostic) {
	t.Helper()
	it := invitationFastPath().IdentityType()
	gi, err1 := got.IdentityData.Unmarshal(it)
	wi, err2 := want.IdentityData.Unmarshal(it)
	if err1 != nil || err2 != nil || !gi.Equal(wi) {
		t.Errorf("%s identity %v, want %v (%v %v)", what, gi, wi, err1, err2)
	}
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("%s diagnostics\n got  %s\n want %s", what, diagnosticsText(gotDiags), diagnosticsText(wantDiags))
	}
}

func countDiagnostics(diags []*tfprotov6.Diagnostic) (errs, warns int) {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// diagnosticsText is what a failure shows of diagnostics.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		parts = append(parts, fmt.Sprintf("[%s at %v: %s]", d.Severity, d.Attribute, d.Summary))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func sameJSON(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// The schema is one this plan can answer for: should an attribute gain a
// plan modifier other than UseStateForUnknown, a nested default or a
// write-only value, this fails, and every plan would fall back to the
// framework without a word.
func TestUnchangedPlanCoversTheSchema(t *testing.T) {
	shape := invitationFastPath()
	if !shape.Plannable() {
		t.Fatal("b2b_invitation's schema has something the unchanged plan does not reproduce")
	}
	for _, name := range []string{"user_type", "send_invitation_message", "delete_user_on_destroy", "delete_adopted_user_on_destroy", "resend_when_accepted"} {
		if !shape.HasDefault(name) {
			t.Errorf("the default of %s is not known to the unchanged plan", name)
		}
	}
}
