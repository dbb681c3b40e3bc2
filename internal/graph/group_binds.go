package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// maxBindMembers is how many members Graph adds in one PATCH /groups/{id}
// through members@odata.bind (package doc, "Group members and app role
// assignments").
const maxBindMembers = 20

// groupBinder gathers the members that different guests add to one group
// at the same time into one PATCH /groups/{id} with members@odata.bind.
// Each addition through members/$ref costs one write of the app's budget,
// which a bulk apply spends before anything else runs out; twenty members
// in one bind cost one write.
//
// The first guest to add itself to a group opens that group's bind, and
// the guests that add themselves before it closes join it. It closes when
// its opener's writes have their room in the budget (ApplyMemberships), so
// the harder the budget holds writes back, the more guests each bind
// carries; with room to spare it closes at once and costs what members/$ref
// did. Graph applies a bind whole or not at all, so a bind that failed has
// added nobody, and each of its members is then added alone, with its own
// answer and retries.
type groupBinder struct {
	mu   sync.Mutex
	open map[string]*groupBind
}

// groupBind is one bind: its members, in the order they joined, the first
// being the guest that sends it.
type groupBind struct {
	group   string
	members []string
	sealed  bool
	once    sync.Once
	done    chan struct{}
	err     error
}

// errBindNotSent is why a bind added nobody when its opener never sent it.
var errBindNotSent = errors.New("the shared addition to the group was not sent")

// join adds userID to the group's open bind, or opens one; leads says
// whether this guest opened it and must send it.
func (gb *groupBinder) join(group, userID string) (b *groupBind, leads bool) {
	key := strings.ToLower(group)
	gb.mu.Lock()
	defer gb.mu.Unlock()
	if gb.open == nil {
		gb.open = map[string]*groupBind{}
	}
	if b := gb.open[key]; b != nil && !b.sealed && len(b.members) < maxBindMembers && !containsFold(b.members, userID) {
		b.members = append(b.members, userID)
		return b, false
	}
	b = &groupBind{group: group, members: []string{userID}, done: make(chan struct{})}
	gb.open[key] = b
	return b, true
}

// seal closes the bind to new members and gives those it holds.
func (gb *groupBinder) seal(b *groupBind) []string {
	gb.mu.Lock()
	defer gb.mu.Unlock()
	b.sealed = true
	if key := strings.ToLower(b.group); gb.open[key] == b {
		delete(gb.open, key)
	}
	return append([]string(nil), b.members...)
}

// leave takes userID out of the bind if it has not been sealed yet; a
// sealed bind carries it whatever happens.
func (gb *groupBinder) leave(b *groupBind, userID string) {
	gb.mu.Lock()
	defer gb.mu.Unlock()
	if b.sealed {
		return
	}
	b.members = slices.DeleteFunc(b.members, func(id string) bool { return strings.EqualFold(id, userID) })
}

// finish records Graph's answer to the bind for everyone in it; only the
// first answer counts.
func (b *groupBind) finish(err error) {
	b.once.Do(func() {
		b.err = err
		close(b.done)
	})
}

// added says whether the bind has added its members.
func (b *groupBind) added() bool {
	select {
	case <-b.done:
		return b.err == nil
	default:
		return false
	}
}

// bindStep is the PATCH of the group that adds all of members.
func (c *Client) bindStep(ctx context.Context, group string, members []string) (step, error) {
	refs := make([]string, 0, len(members))
	for _, id := range members {
		refs = append(refs, c.graphBase+"/directoryObjects/"+id)
	}
	body := models.NewGroup()
	body.SetAdditionalData(map[string]any{"members@odata.bind": refs})
	req, err := c.sdk.Groups().ByGroupId(group).ToPatchRequestInformation(ctx, body, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("adding users %s to group %s", strings.Join(members, ", "), group), permission: PermMembers}, nil
}

// addMemberStep is the POST members/$ref that adds one user to one group.
func (c *Client) addMemberStep(ctx context.Context, group, userID string, userLag func(*Error) bool) (step, error) {
	ref := models.NewReferenceCreate()
	odataID := c.graphBase + "/directoryObjects/" + userID
	ref.SetOdataId(&odataID)
	req, err := c.sdk.Groups().ByGroupId(group).Members().Ref().ToPostRequestInformation(ctx, ref, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("adding user %s to group %s", userID, group), permission: PermMembers, retryLag: userLag}, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// prepaidWritesKey marks requests whose writes their sender has taken from
// the app's budget already, as ApplyMemberships does before it closes its
// binds.
type prepaidWritesKey struct{}

type prepaidWrites struct {
	mu       sync.Mutex
	left     int
	answered func()
}

func withPrepaidWrites(ctx context.Context, n int, answered func()) context.Context {
	return context.WithValue(ctx, prepaidWritesKey{}, &prepaidWrites{left: n, answered: answered})
}

// settlePrepaidWrites dates the prepaid spend from now when some of it was
// never sent (a step that could not be built), so that it leaves the
// budget's window no earlier than Graph's count of what was sent.
func settlePrepaidWrites(ctx context.Context) {
	p, _ := ctx.Value(prepaidWritesKey{}).(*prepaidWrites)
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.left > 0 {
		p.left = 0
		p.answered()
	}
}

// takePrepaidWrites covers a request's writes from what was prepaid, once:
// a retry of the same steps pays again.
func takePrepaidWrites(ctx context.Context, writes int) (func(), bool) {
	p, _ := ctx.Value(prepaidWritesKey{}).(*prepaidWrites)
	if p == nil || writes == 0 {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if writes > p.left {
		return nil, false
	}
	p.left -= writes
	answered := p.answered
	if p.left > 0 {
		answered = func() {}
	}
	return answered, true
}

// stepWrites is what one step costs of the write budget, priced as the
// transport prices it.
func stepWrites(st step) int {
	u, err := st.req.GetUri()
	if err != nil {
		return 1
	}
	_, writes := requestCost(st.req.Method.String(), u.String())
	return writes
}
