package provider

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// guestVariant is one generated b2b_invitation: a choice for each thing
// that the shortcuts must carry as the framework does.
type guestVariant struct {
	sponsors, roles, private     int // indexes into their choices below
	message, timeouts, profile   bool
	resendTriggers, resetTrigger bool
	adopted, disabled            bool
	pendingTooLong, identity     bool
	upperCaseID, configDefaults  bool
}

var privateChoices = []string{"nil", "empty", "{}", "null", "keys"}

func randomVariant(r *rand.Rand) guestVariant {
	return guestVariant{
		sponsors: r.IntN(3), roles: r.IntN(3), private: r.IntN(len(privateChoices)),
		message: r.IntN(2) == 0, timeouts: r.IntN(2) == 0, profile: r.IntN(2) == 0,
		resendTriggers: r.IntN(2) == 0, resetTrigger: r.IntN(2) == 0,
		adopted: r.IntN(2) == 0, disabled: r.IntN(3) == 0,
		pendingTooLong: r.IntN(3) == 0, identity: r.IntN(2) == 0,
		upperCaseID: r.IntN(3) == 0, configDefaults: r.IntN(2) == 0,
	}
}

// state is the variant's state, for the guest email with object id id.
func (v guestVariant) state(t *testing.T, email, id string) map[string]tftypes.Value {
	t.Helper()
	typ, _ := invitationFastPath().StateType().(tftypes.Object)
	setOf := func(ids ...string) tftypes.Value {
		vals := []tftypes.Value{}
		for _, id := range ids {
			vals = append(vals, str(id))
		}
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
	}
	nullOf := func(name string) tftypes.Value { return tftypes.NewValue(typ.AttributeTypes[name], nil) }
	if v.upperCaseID {
		id = strings.ToUpper(id)
	}
	extra := map[string]tftypes.Value{}
	extra["sponsor_ids"] = []tftypes.Value{nullOf("sponsor_ids"), setOf(), setOf("99999999-aaaa-4bbb-8ccc-dddddddddddd")}[v.sponsors]
	roleType, _ := typ.AttributeTypes["app_role_assignments"].(tftypes.Set)
	roleObject, _ := roleType.ElementType.(tftypes.Object)
	role := tftypes.NewValue(roleObject, map[string]tftypes.Value{"resource_id": str(portalSP), "app_role_id": str(portalReader), "id": str("assignment")})
	extra["app_role_assignments"] = []tftypes.Value{nullOf("app_role_assignments"), tftypes.NewValue(roleType, []tftypes.Value{}), tftypes.NewValue(roleType, []tftypes.Value{role})}[v.roles]
	if v.message {
		mt, _ := typ.AttributeTypes["message"].(tftypes.Object)
		extra["message"] = tftypes.NewValue(mt, map[string]tftypes.Value{
			"body": str("Welcome"), "language": str("en-US"),
			"cc_recipients": tftypes.NewValue(mt.AttributeTypes["cc_recipients"], []tftypes.Value{str("host@contoso.example")}),
		})
	}
	if v.timeouts {
		tt, _ := typ.AttributeTypes["timeouts"].(tftypes.Object)
		ts := map[string]tftypes.Value{}
		for name, at := range tt.AttributeTypes {
			ts[name] = tftypes.NewValue(at, nil)
		}
		ts["read"] = str("3m")
		extra["timeouts"] = tftypes.NewValue(tt, ts)
	}
	if v.profile {
		extra["given_name"], extra["job_title"] = str("Pat"), str("Auditor")
	}
	if v.disabled {
		extra["account_enabled"] = boolean(false)
	} else if v.profile {
		extra["account_enabled"] = boolean(true)
	}
	trigger := tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"round": str("1")})
	if v.resendTriggers {
		extra["resend_triggers"] = trigger
	}
	if v.resetTrigger {
		extra["reset_redemption_triggers"] = trigger
	}
	extra["adopted"] = boolean(v.adopted)
	changedAt := time.Now().Add(-time.Hour)
	if v.pendingTooLong {
		extra["expire_pending_after"] = str("30d")
		changedAt = time.Now().Add(-100 * 24 * time.Hour)
	}
	return guestState(email, id, "Guest", "PendingAcceptance", changedAt, extra)
}

// config is the configuration whose plan Terraform proposes as state:
// every argument as state holds it, and, where the variant says so, the
// arguments with a default left out.
func (v guestVariant) config(t *testing.T, state map[string]tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	var s resource.SchemaResponse
	(&invitationResource{}).Schema(t.Context(), resource.SchemaRequest{}, &s)
	config := map[string]tftypes.Value{}
	for name, a := range s.Schema.Attributes {
		if !a.IsRequired() && !a.IsOptional() {
			continue
		}
		if a.IsComputed() && v.configDefaults && invitationFastPath().HasDefault(name) {
			continue
		}
		if value, ok := state[name]; ok {
			config[name] = value
		}
	}
	return config
}

func (v guestVariant) privateState(id string) []byte {
	switch privateChoices[v.private] {
	case "empty":
		return []byte{}
	case "{}", "null":
		return []byte(privateChoices[v.private])
	case "keys":
		b, _ := json.Marshal(map[string][]byte{createdKey: []byte(fmt.Sprintf("%q", strings.ToLower(id))), replicatedKey: []byte("true")})
		return b
	}
	return nil
}

// The plan answered without the framework is the framework's own, for
// generated guests: every combination of sponsors, app roles, a message,
// timeouts, triggers, a profile, a disabled account, adoption, a guest
// pending too long, an identity or none, an id in upper case and private
// state that is nothing, empty, {}, null or the provider's keys, each with
// a configuration that changes nothing. Where the shortcut leaves a plan
// to the framework, the framework answers; either way the answer, its
// diagnostics included, must be the framework's.
func TestGeneratedUnchangedPlansAreTheFrameworksPlans(t *testing.T) {
	fast, fastServer := configuredServer(t)
	_, framework := configuredServer(t)
	r := rand.New(rand.NewPCG(37, 37)) // fixed, so that a failure repeats
	base := testEmail(t)
	answered := map[string]int{}
	const n = 400
	for i := range n {
		v := randomVariant(r)
		email := fmt.Sprintf("g%d.%s", i, base)
		id := fmt.Sprintf("%08d-abcd-4ef0-8abc-def012345678", i)
		state := v.state(t, email, id)
		c := planCase{name: fmt.Sprintf("case %d %+v", i, v), config: v.config(t, state), prior: state, proposed: state,
			identity: v.identity, private: v.privateState(id)}
		req := planRequest(t, c)
		got, ok := fast.invitationAnswers().PlanUnchanged(t.Context(), req)
		if !ok {
			var err error
			if got, err = fastServer.PlanResourceChange(t.Context(), req); err != nil {
				t.Fatal(err)
			}
		} else {
			answered[privateChoices[v.private]]++
		}
		want, err := framework.PlanResourceChange(t.Context(), planRequest(t, c))
		if err != nil {
			t.Fatal(err)
		}
		c.wantErrors, c.wantWarnings = countDiagnostics(want.Diagnostics)
		samePlan(t, c, got, want)
	}
	t.Logf("answered without the framework, by private state: %v", answered)
	for _, p := range []string{"nil", "empty", "keys"} {
		if answered[p] == 0 {
			t.Errorf("no plan with private state %s was answered without the framework: every such plan falls back", p)
		}
	}
}
