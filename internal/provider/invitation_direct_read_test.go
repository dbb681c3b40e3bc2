package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

type readCase struct {
	name         string
	state        map[string]tftypes.Value
	private      []byte
	identityID   string // "" sends no identity, as Terraform before 1.12
	wantShortcut bool
	wantRemoved  bool
	wantErrors   int
}

// The refresh answered without the framework is the framework's own
// answer: the same new state, identity, private state and diagnostics,
// for the same guest in the same tenant, on two providers each configured
// once. The cases it must leave to the framework are left to it, before
// anything is read.
func TestDirectReadIsTheFrameworksRead(t *testing.T) {
	fast, fastServer := configuredServer(t)
	_, framework := configuredServer(t)
	email := testEmail(t)
	u := emu.AddUser(graphemu.SeedUser{DisplayName: "Pat in Graph", Mail: email, UserType: "Guest", ExternalUserState: "Accepted"})
	emu.AddMember(groupEngineering, u.ID)
	emu.AddMember(groupSales, u.ID) // made elsewhere: never read into state
	if err := emu.AssignAppRole(u.ID, portalSP, portalReader); err != nil {
		t.Fatal(err)
	}
	stateType, _ := invitationFastPath().StateType().(tftypes.Object)
	roleType, _ := stateType.AttributeTypes["app_role_assignments"].(tftypes.Set)
	roleObject, _ := roleType.ElementType.(tftypes.Object)
	roles := tftypes.NewValue(roleType, []tftypes.Value{tftypes.NewValue(roleObject, map[string]tftypes.Value{
		"resource_id": str(portalSP), "app_role_id": str(portalReader), "id": str("an-id-graph-no-longer-uses"),
	})})
	timeoutsType, _ := stateType.AttributeTypes["timeouts"].(tftypes.Object)
	instantRead := map[string]tftypes.Value{}
	for name, at := range timeoutsType.AttributeTypes {
		instantRead[name] = tftypes.NewValue(at, nil)
	}
	instantRead["read"] = str("1ns")
	state := guestState(email, u.ID, "Guest", "PendingAcceptance", time.Now().Add(-time.Hour), nil)
	withRoles := withAttr(state, "app_role_assignments", roles)
	noRoles := withAttr(state, "app_role_assignments", tftypes.NewValue(roleType, []tftypes.Value{}))
	privateOf := func(keys map[string]string) []byte {
		m := map[string][]byte{}
		for k, v := range keys {
			m[k] = []byte(v)
		}
		b, _ := json.Marshal(m)
		return b
	}
	replicated := privateOf(map[string]string{replicatedKey: "true"})
	origin := fmt.Sprintf("%q", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	sdkPrivate, _ := json.Marshal(map[string]any{"schema_version": "0"})
	gone := "66666666-2222-3333-4444-555555555555"

	cases := []readCase{
		{name: "a settled guest", state: withRoles, private: replicated, identityID: u.ID, wantShortcut: true},
		{name: "roles recorded as none", state: noRoles, private: replicated, identityID: u.ID, wantShortcut: true},
		{name: "no identity yet", state: state, private: replicated, wantShortcut: true},
		{name: "never read before", state: state, wantShortcut: true},
		{name: "the first read of an import", state: withAttr(state, "display_name", str("Pat")), identityID: u.ID, wantShortcut: true,
			private: privateOf(map[string]string{replicatedKey: "true", importedKey: "true"})},
		{name: "an origin to settle", state: state, identityID: u.ID, wantShortcut: true,
			private: privateOf(map[string]string{replicatedKey: "true", originKey: origin})},
		{name: "a guest deleted elsewhere", state: withAttr(withAttr(state, "id", str(gone)), "user_id", str(gone)), private: replicated,
			identityID: gone, wantShortcut: true, wantRemoved: true},
		{name: "a read that times out", state: withAttr(state, "timeouts", tftypes.NewValue(timeoutsType, instantRead)), private: replicated,
			identityID: u.ID, wantShortcut: true, wantErrors: 1},
		{name: "the framework's own private key", state: state, identityID: u.ID,
			private: privateOf(map[string]string{".import_before_read": "true", replicatedKey: "true"})},
		{name: "private state the framework would drop", state: state, private: sdkPrivate},
		{name: "the identity of another guest", state: state, private: replicated, identityID: gone, wantErrors: 1},
		// Hand-edited state or another tool may write the JSON literal null;
		// the framework reads it as empty.
		{name: "private state that is null", state: state, private: []byte("null"), identityID: u.ID, wantShortcut: true},
		// The read rewrites the id to Graph's spelling, and records the
		// identity from that, as the framework's read does.
		{name: "an upper-case id and no identity yet", state: withAttr(withAttr(state, "id", str(strings.ToUpper(u.ID))), "user_id", str(strings.ToUpper(u.ID))),
			private: replicated, wantShortcut: true},
	}
	for _, c := range cases {
		want, err := framework.ReadResource(t.Context(), readRequest(t, c))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := fast.invitationAnswers().ReadCurrent(t.Context(), readRequest(t, c))
		if ok != c.wantShortcut {
			t.Fatalf("%s: answered without the framework = %v, want %v", c.name, ok, c.wantShortcut)
		}
		if !ok {
			if got, err = fastServer.ReadResource(t.Context(), readRequest(t, c)); err != nil {
				t.Fatal(err)
			}
		}
		sameRead(t, c, got, want)
	}
}

func readRequest(t *testing.T, c readCase) *tfprotov6.ReadResourceRequest {
	req := &tfprotov6.ReadResourceRequest{TypeName: "b2b_invitation", CurrentState: dynamic(t, invitationValue(t, c.state)), Private: c.private}
	if c.identityID != "" {
		it := invitationFastPath().IdentityType()
		req.CurrentIdentity = &tfprotov6.ResourceIdentityData{IdentityData: dynamic(t, tftypes.NewValue(it, map[string]tftypes.Value{"id": str(c.identityID)}))}
	}
	return req
}

func sameRead(t *testing.T, c readCase, got, want *tfprotov6.ReadResourceResponse) {
	t.Helper()
	typ := invitationFastPath().StateType()
	g, err1 := got.NewState.Unmarshal(typ)
	w, err2 := want.NewState.Unmarshal(typ)
	if err1 != nil || err2 != nil || !g.Equal(w) {
		t.Errorf("%s: new state\n got  %v\n want %v (%v %v)", c.name, g, w, err1, err2)
	}
	if g.IsNull() != c.wantRemoved {
		t.Errorf("%s: removed from state = %v, want %v", c.name, g.IsNull(), c.wantRemoved)
	}
	if !sameJSON(got.Private, want.Private) {
		t.Errorf("%s: private state %s, want %s", c.name, got.Private, want.Private)
	}
	sameIdentityAndDiagnostics(t, c.name+": new", got.NewIdentity, want.NewIdentity, got.Diagnostics, want.Diagnostics)
	var errs int
	for _, d := range got.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs++
		}
	}
	if errs != c.wantErrors || got.Deferred != nil || want.Deferred != nil {
		t.Errorf("%s: %d errors, want %d; deferred %v / %v: %v", c.name, errs, c.wantErrors, got.Deferred, want.Deferred, got.Diagnostics)
	}
}

// The schema is one the direct read can answer for: should it gain a
// block, a write-only attribute or a type with semantic equality, or the
// model stop matching it, this fails, rather than every refresh falling
// back to the framework without a word.
func TestDirectReadCoversTheSchema(t *testing.T) {
	if !invitationFastPath().Readable() {
		t.Fatal("b2b_invitation's schema or model has something the direct read does not reproduce")
	}
}
