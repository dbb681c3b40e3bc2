package provider

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// readVariant is a generated guest as a refresh meets it: the state and
// private state of guestVariant, what Graph still holds of it, and the
// identity Terraform sends.
type readVariant struct {
	guestVariant
	held     bool // Graph still holds the membership, role and sponsor state records
	gone     bool // deleted elsewhere
	identity int  // indexes identityChoices
	renamed  bool // Graph's display name is not state's
}

var identityChoices = []string{"none", "the state's", "another guest's"}

func randomReadVariant(r *rand.Rand) readVariant {
	v := readVariant{guestVariant: randomVariant(r), held: r.IntN(2) == 0, identity: r.IntN(len(identityChoices)), renamed: r.IntN(2) == 0}
	// A guest never read before is waited for through replication lag; one
	// that is gone would make the case wait out that lag.
	v.gone = privateChoices[v.private] == "keys" && r.IntN(4) == 0
	return v
}

// seed puts the variant's guest into the emulator's tenant and returns its
// object id as Graph spells it.
func (v readVariant) seed(t *testing.T, email string) string {
	t.Helper()
	name := "Pat"
	if v.renamed {
		name = "Pat in Graph"
	}
	u := emu.AddUser(graphemu.SeedUser{DisplayName: name, Mail: email, UserType: "Guest", ExternalUserState: "PendingAcceptance"})
	t.Cleanup(func() { emu.DeleteUser(u.ID) })
	if v.held {
		emu.AddMember(groupEngineering, u.ID)
		if err := emu.AssignAppRole(u.ID, portalSP, portalReader); err != nil {
			t.Fatal(err)
		}
		emu.SetSponsors(u.ID, "99999999-aaaa-4bbb-8ccc-dddddddddddd")
	}
	emu.AddMember(groupSales, u.ID) // made elsewhere: never read into state
	return u.ID
}

// The refresh answered without the framework is the framework's own, for
// generated guests: every combination of sponsors, app roles, a message,
// timeouts, triggers, a profile, a disabled account, adoption, what Graph
// still holds, a guest deleted elsewhere, an identity that is none, the
// state's or another guest's, an id in upper case, and private state that
// is nothing, empty, {}, null or the provider's keys. Where the shortcut
// leaves a read to the framework, the framework answers; either way the
// new state, identity, private state and diagnostics must be the
// framework's. It needs the emulator, not TF_ACC, so `go test` runs it.
func TestGeneratedReadsAreTheFrameworksReads(t *testing.T) {
	fast, fastServer := configuredServer(t)
	_, framework := configuredServer(t)
	r := rand.New(rand.NewPCG(37, 38)) // fixed, so that a failure repeats
	base := testEmail(t)
	answered := map[string]int{}
	const n = 120
	for i := range n {
		v := randomReadVariant(r)
		email := fmt.Sprintf("r%d.%s", i, base)
		id := v.seed(t, email)
		state := v.state(t, email, id)
		var stateID string
		_ = state["id"].As(&stateID)
		c := readCase{name: fmt.Sprintf("case %d %+v", i, v), state: state, private: v.privateState(id), wantRemoved: v.gone}
		switch identityChoices[v.identity] {
		case "the state's":
			c.identityID = stateID
		case "another guest's":
			c.identityID = "66666666-2222-3333-4444-555555555555"
		}
		if v.gone {
			emu.DeleteUser(id)
		}
		want, err := framework.ReadResource(t.Context(), readRequest(t, c))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := fast.invitationAnswers().ReadCurrent(t.Context(), readRequest(t, c))
		if ok {
			answered[privateChoices[v.private]]++
		} else if got, err = fastServer.ReadResource(t.Context(), readRequest(t, c)); err != nil {
			t.Fatal(err)
		}
		c.wantErrors, _ = countDiagnostics(want.Diagnostics)
		sameRead(t, c, got, want)
		if v.identity == 2 && ok {
			t.Errorf("%s: answered without the framework, which refuses another guest's identity", c.name)
		}
	}
	t.Logf("answered without the framework, by private state: %v", answered)
	for _, p := range privateChoices {
		if answered[p] == 0 {
			t.Errorf("no read with private state %s was answered without the framework: every such read falls back", p)
		}
	}
}
