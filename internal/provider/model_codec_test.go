package provider

import (
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The codec reads what State.Get reads and writes what State.Set writes,
// for a state that sets every kind of attribute b2b_invitation has: null,
// empty and full sets, a set of objects, maps, a nested object and the
// timeouts.
func TestModelCodecIsTheFrameworksGetAndSet(t *testing.T) {
	ctx := t.Context()
	codec := invitationFastPath().Codec()
	if codec == nil {
		t.Fatal("b2b_invitation's model has no codec: every read falls back to the framework's reflection")
	}
	var s resource.SchemaResponse
	(&invitationResource{}).Schema(ctx, resource.SchemaRequest{}, &s)
	typ, ok := invitationFastPath().StateType().(tftypes.Object)
	if !ok {
		t.Fatal("b2b_invitation's state type is not an object")
	}
	roleType, _ := typ.AttributeTypes["app_role_assignments"].(tftypes.Set)
	roleObject, _ := roleType.ElementType.(tftypes.Object)
	role := tftypes.NewValue(roleObject, map[string]tftypes.Value{
		"resource_id": str(portalSP), "app_role_id": str(portalReader), "id": str("opaque-assignment-id"),
	})
	messageType, _ := typ.AttributeTypes["message"].(tftypes.Object)
	message := map[string]tftypes.Value{}
	for name, at := range messageType.AttributeTypes {
		message[name] = tftypes.NewValue(at, nil)
	}
	timeoutsType, _ := typ.AttributeTypes["timeouts"].(tftypes.Object)
	timeouts := map[string]tftypes.Value{}
	for name, at := range timeoutsType.AttributeTypes {
		timeouts[name] = tftypes.NewValue(at, nil)
	}
	timeouts["read"] = str("2m")
	attrs := guestState("pat@partner.example", "11111111-2222-3333-4444-555555555555", "Guest", "Accepted", time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC), map[string]tftypes.Value{
		"app_role_assignments": tftypes.NewValue(roleType, []tftypes.Value{role}),
		"resend_triggers":      tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"round": str("2")}),
		"message":              tftypes.NewValue(messageType, message),
		"timeouts":             tftypes.NewValue(timeoutsType, timeouts),
		"given_name":           str("Pat"),
		"account_enabled":      boolean(true),
	})
	for _, v := range []tftypes.Value{invitationValue(t, attrs), invitationValue(t, map[string]tftypes.Value{"id": str("only-an-id")})} {
		state := tfsdk.State{Schema: s.Schema, Raw: v}
		var viaFramework, viaCodec invitationModel
		if d := state.Get(ctx, &viaFramework); d.HasError() {
			t.Fatal(d)
		}
		if !codec.Get(ctx, v, &viaCodec) {
			t.Fatalf("the codec did not read %v", v)
		}
		if !reflect.DeepEqual(viaFramework, viaCodec) {
			t.Errorf("read\n codec     %+v\n framework %+v", viaCodec, viaFramework)
		}
		written := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(typ, nil)}
		if d := written.Set(ctx, viaFramework); d.HasError() {
			t.Fatal(d)
		}
		encoded, ok := codec.Value(ctx, viaFramework)
		if !ok || !encoded.Equal(written.Raw) || !encoded.Equal(v) {
			t.Errorf("write\n codec     %v\n framework %v\n read from %v", encoded, written.Raw, v)
		}
	}
}

// A set holding one element twice is refused by the set type's own
// validation; the codec leaves such a value to the framework, which
// reports it.
func TestModelCodecLeavesInvalidValuesToTheFramework(t *testing.T) {
	twice := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(groupEngineering), str(groupEngineering)})
	v := invitationValue(t, map[string]tftypes.Value{"id": str("an-id"), "group_ids": twice})
	var m invitationModel
	if invitationFastPath().Codec().Get(t.Context(), v, &m) {
		t.Error("the codec read a set with a duplicate element, which the framework refuses")
	}
}
