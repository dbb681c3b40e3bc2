package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/google/uuid"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// AppRoleAssignment grants a user one app role of one service principal.
type AppRoleAssignment struct {
	ID         string // opaque, not a GUID
	ResourceID string // the service principal's object id
	AppRoleID  string
}

// Key identifies an assignment by what it grants, ignoring case.
func (a AppRoleAssignment) Key() string {
	return strings.ToLower(a.ResourceID) + "/" + strings.ToLower(a.AppRoleID)
}

// MembershipChanges are the changes to one user after the invitation:
// groups, app roles, sponsors and profile, all sent in the same $batch.
type MembershipChanges struct {
	AddGroups      []string
	RemoveGroups   []string
	AddRoles       []AppRoleAssignment
	RemoveRoles    []AppRoleAssignment
	AddSponsors    []string
	RemoveSponsors []string
	// Patch is sent as one PATCH of the user when it is not empty.
	Patch UserPatch
	// MarkInvitedAfter, when set, writes the management mark (creation_mark.go)
	// with this moment; Unmark takes the mark away.
	MarkInvitedAfter time.Time
	Unmark           bool
	// ReadBack reads the user's redemption state and creation time in the
	// same $batch, so that a create records what the next refresh reads
	// (MembershipResult.ReadBack).
	ReadBack bool
}

// changeKind is what one step of ApplyMemberships does.
type changeKind int

const (
	addGroup changeKind = iota
	removeGroup
	addRole
	removeRole
	addSponsor
	removeSponsor
	patchUser
	markUser
	unmarkUser
	readUser
)

func (k changeKind) String() string {
	return [...]string{"adding a group", "removing a group", "assigning an app role", "removing an app role",
		"adding a sponsor", "removing a sponsor", "updating the user",
		"marking the user as managed by b2b_invitation", "removing the management mark", "reading the user back"}[k]
}

// MembershipResult says what took effect. Errors name the group or role that
// failed; everything not named succeeded.
type MembershipResult struct {
	AddedGroups     []string
	RemovedGroups   []string
	AddedRoles      []AppRoleAssignment // with their ids
	RemovedRoles    []AppRoleAssignment
	AddedSponsors   []string
	RemovedSponsors []string
	Patched         bool
	Marked          bool
	Unmarked        bool
	MarkDenied      bool // the app may not write the management mark
	AlreadyMarked   bool // the user had a mark before this write
	// ReadBack is the user as the $batch read it back, when asked and
	// answered; a failed read leaves it nil and is no error.
	ReadBack *Guest
	Errors   []error
}

// ApplyMemberships makes all the changes in as few $batch round trips as
// Graph allows. Adding a member that is already there, or removing one that
// is gone, counts as success.
//
// Additions to groups share binds with other guests' additions to the same
// groups (group_binds.go): the guest that opens a bind sends it in its own
// $batch once its writes have room in the app's budget, carrying whoever
// joined meanwhile; the others wait for its answer. What a bind did not add
// is added one by one afterwards.
func (c *Client) ApplyMemberships(ctx context.Context, userID string, ch MembershipChanges) MembershipResult {
	var led, followed []*groupBind
	for _, g := range ch.AddGroups {
		if b, leads := c.binds.join(g, userID); leads {
			led = append(led, b)
		} else {
			followed = append(followed, b)
		}
	}
	// A bind this guest opened and did not send adds nobody; those who
	// joined it add themselves one by one. A guest that gives up before a
	// bind it joined is sealed leaves it, so that no bind adds a guest
	// that has reported its group as not added.
	defer func() {
		for _, b := range led {
			c.binds.seal(b)
			b.finish(errBindNotSent)
		}
		for _, b := range followed {
			c.binds.leave(b, userID)
		}
	}()
	var steps []step
	var targets []membershipTarget
	userLag := func(e *Error) bool { return isReplicationLag(e) && !namesOtherObject(e, userID) }
	for _, g := range ch.RemoveGroups {
		req, err := c.sdk.Groups().ByGroupId(g).Members().ByDirectoryObjectId(userID).Ref().ToDeleteRequestInformation(ctx, nil)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, step{req: req, op: fmt.Sprintf("removing user %s from group %s", userID, g), permission: PermMembers})
		targets = append(targets, membershipTarget{kind: removeGroup, group: g})
	}
	for _, r := range ch.AddRoles {
		body := models.NewAppRoleAssignment()
		principal, err := uuid.Parse(userID)
		if err != nil {
			return MembershipResult{Errors: []error{fmt.Errorf("user id %q is not a UUID", userID)}}
		}
		resource, err1 := uuid.Parse(r.ResourceID)
		role, err2 := uuid.Parse(r.AppRoleID)
		if err1 != nil || err2 != nil {
			return MembershipResult{Errors: []error{fmt.Errorf("app role assignment %s: resource_id and app_role_id must be UUIDs", r.Key())}}
		}
		body.SetPrincipalId(&principal)
		body.SetResourceId(&resource)
		body.SetAppRoleId(&role)
		req, err := c.sdk.Users().ByUserId(userID).AppRoleAssignments().ToPostRequestInformation(ctx, body, nil)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, step{req: req, op: fmt.Sprintf("assigning app role %s of service principal %s to user %s", r.AppRoleID, r.ResourceID, userID),
			permission: PermAssignments, retryLag: userLag})
		targets = append(targets, membershipTarget{kind: addRole, role: r})
	}
	for _, r := range ch.RemoveRoles {
		req, err := c.sdk.Users().ByUserId(userID).AppRoleAssignments().ByAppRoleAssignmentId(r.ID).ToDeleteRequestInformation(ctx, nil)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, step{req: req, op: fmt.Sprintf("removing app role %s of service principal %s from user %s", r.AppRoleID, r.ResourceID, userID),
			permission: PermAssignments})
		targets = append(targets, membershipTarget{kind: removeRole, role: r})
	}
	for _, id := range ch.AddSponsors {
		steps = append(steps, step{req: c.sponsorRefRequest(userID, id, true), op: fmt.Sprintf("adding sponsor %s to user %s", id, userID),
			permission: PermWriteUsers, retryLag: userLag})
		targets = append(targets, membershipTarget{kind: addSponsor, group: id})
	}
	for _, id := range ch.RemoveSponsors {
		steps = append(steps, step{req: c.sponsorRefRequest(userID, id, false), op: fmt.Sprintf("removing sponsor %s from user %s", id, userID),
			permission: PermWriteUsers})
		targets = append(targets, membershipTarget{kind: removeSponsor, group: id})
	}
	if !ch.Patch.Empty() {
		req, err := c.userPatchRequest(userID, ch.Patch)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, step{req: req, op: fmt.Sprintf("updating user %s", userID), permission: PermWriteUsers, retryLag: userLag})
		targets = append(targets, membershipTarget{kind: patchUser})
	}
	if !ch.MarkInvitedAfter.IsZero() {
		st, err := c.creationMarkStep(ctx, userID, ch.MarkInvitedAfter)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, st)
		targets = append(targets, membershipTarget{kind: markUser})
	}
	if ch.Unmark {
		st, err := c.removeCreationMarkStep(ctx, userID)
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, st)
		targets = append(targets, membershipTarget{kind: unmarkUser})
	}
	if ch.ReadBack {
		req, err := c.sdk.Users().ByUserId(userID).ToGetRequestInformation(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
			QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: []string{"id", "externalUserState", "externalUserStateChangeDateTime", "createdDateTime"}},
		})
		if err != nil {
			return MembershipResult{Errors: []error{err}}
		}
		steps = append(steps, step{req: req, op: fmt.Sprintf("reading user %s back", userID), permission: PermReadUsers, retryLag: userLag})
		targets = append(targets, membershipTarget{kind: readUser})
	}
	if len(steps) == 0 && len(led) == 0 && len(followed) == 0 {
		return MembershipResult{}
	}
	// The guest's writes take their room in the budget before its binds
	// close, so that guests arriving while they wait ride along.
	writes := len(led)
	for _, st := range steps {
		writes += stepWrites(st)
	}
	paid, err := c.writes.acquire(ctx, writes)
	if err != nil {
		return MembershipResult{Errors: []error{&Error{Operation: fmt.Sprintf("changing the memberships of user %s", userID), Message: err.Error()}}}
	}
	batchCtx := withPrepaidWrites(ctx, writes, paid)
	defer settlePrepaidWrites(batchCtx)
	var unboundLed []string
	var binds []step
	var bound []*groupBind
	for _, b := range led {
		members := c.binds.seal(b)
		if len(members) == 1 {
			// Nobody joined: the addition goes alone, as members/$ref.
			b.finish(errBindNotSent)
			st, err := c.addMemberStep(ctx, b.group, userID, userLag)
			if err != nil {
				return MembershipResult{Errors: []error{err}}
			}
			steps = append(steps, st)
			targets = append(targets, membershipTarget{kind: addGroup, group: b.group})
			continue
		}
		st, err := c.bindStep(ctx, b.group, members)
		if err != nil {
			b.finish(err)
			unboundLed = append(unboundLed, b.group)
			continue
		}
		binds = append(binds, st)
		bound = append(bound, b)
	}
	led = nil
	// The binds go in a $batch of their own, beside the guest's, so that
	// those who joined them hear Graph's answer as soon as it comes, not
	// after this guest's other steps have waited out replication.
	bindResults := make(chan []stepResult, 1)
	go func() { bindResults <- c.runBatch(batchCtx, binds) }()
	var out MembershipResult
	var duplicates []int
	unbound := unboundLed
	c.collectMemberships(&out, &duplicates, userID, targets, c.runBatch(batchCtx, steps))
	for i, res := range <-bindResults {
		b := bound[i]
		if !res.ok() {
			b.finish(fmt.Errorf("adding users to group %s: Graph answered %d", b.group, res.Status))
			unbound = append(unbound, b.group)
			continue
		}
		b.finish(nil)
		out.AddedGroups = append(out.AddedGroups, b.group)
	}
	for _, b := range followed {
		select {
		case <-b.done:
		case <-ctx.Done():
		}
		if b.added() {
			out.AddedGroups = append(out.AddedGroups, b.group)
		} else {
			unbound = append(unbound, b.group)
		}
	}
	if len(unbound) > 0 {
		var one []step
		var oneTargets []membershipTarget
		for _, g := range unbound {
			st, err := c.addMemberStep(ctx, g, userID, userLag)
			if err != nil {
				out.Errors = append(out.Errors, err)
				continue
			}
			one = append(one, st)
			oneTargets = append(oneTargets, membershipTarget{kind: addGroup, group: g})
		}
		var noDuplicates []int
		c.collectMemberships(&out, &noDuplicates, userID, oneTargets, c.runBatch(ctx, one))
	}
	if len(duplicates) > 0 {
		// An assignment that already exists is adopted with its id.
		existing, err := c.ListAppRoleAssignments(ctx, userID)
		if err != nil {
			out.Errors = append(out.Errors, err)
			return out
		}
		byKey := map[string]AppRoleAssignment{}
		for _, a := range existing {
			byKey[a.Key()] = a
		}
		for _, i := range duplicates {
			if a, ok := byKey[targets[i].role.Key()]; ok {
				out.AddedRoles = append(out.AddedRoles, a)
			}
		}
	}
	return out
}

// membershipTarget is what one step of ApplyMemberships changes.
type membershipTarget struct {
	kind  changeKind
	group string
	role  AppRoleAssignment
}

// collectMemberships records in out what each step's answer means. Role
// assignments that already exist go to duplicates, to be adopted with
// their ids.
func (c *Client) collectMemberships(out *MembershipResult, duplicates *[]int, userID string, targets []membershipTarget, results []stepResult) {
	for i, res := range results {
		t := targets[i]
		switch {
		case res.ok():
			switch t.kind {
			case addGroup:
				out.AddedGroups = append(out.AddedGroups, t.group)
			case removeGroup:
				out.RemovedGroups = append(out.RemovedGroups, t.group)
			case addRole:
				var created struct {
					ID string `json:"id"`
				}
				_ = json.Unmarshal(res.Body, &created)
				r := t.role
				r.ID = created.ID
				out.AddedRoles = append(out.AddedRoles, r)
			case removeRole:
				out.RemovedRoles = append(out.RemovedRoles, t.role)
			case addSponsor:
				out.AddedSponsors = append(out.AddedSponsors, t.group)
			case removeSponsor:
				out.RemovedSponsors = append(out.RemovedSponsors, t.group)
			case patchUser:
				out.Patched = true
			case markUser:
				out.Marked = true
			case unmarkUser:
				out.Unmarked = true
			case readUser:
				var u userJSON
				if json.Unmarshal(res.Body, &u) == nil {
					g := u.guest()
					out.ReadBack = &g
				}
			}
		case res.Err != nil && res.Err.Kind == KindAlreadyExists && t.kind == markUser:
			// An earlier invitation's mark stays: it holds the earlier moment.
			out.Marked, out.AlreadyMarked = true, true
		case res.Err != nil && res.Err.Kind == KindForbidden && (t.kind == markUser || t.kind == unmarkUser):
			// The mark needs User.ReadWrite.All, which inviting alone does
			// not: without it, guests are invited all the same, unmarked.
			out.MarkDenied = true
		case res.Err != nil && res.Err.Kind == KindNotFound && t.kind == unmarkUser:
			out.Unmarked = true
		case t.kind == readUser:
			// The next refresh reads what this read could not.
		case res.Err != nil && res.Err.Kind == KindAlreadyExists && t.kind == addSponsor:
			out.AddedSponsors = append(out.AddedSponsors, t.group)
		case res.Err != nil && res.Err.Kind == KindNotFound && t.kind == removeSponsor && namesObject(res.Err, t.group):
			out.RemovedSponsors = append(out.RemovedSponsors, t.group)
		case res.Err != nil && res.Err.Kind == KindAlreadyExists && t.kind == addGroup:
			out.AddedGroups = append(out.AddedGroups, t.group)
		case res.Err != nil && res.Err.Kind == KindAlreadyExists && t.kind == addRole:
			*duplicates = append(*duplicates, i)
		case res.Err != nil && res.Err.Kind == KindNotFound && t.kind == removeGroup && namesObject(res.Err, userID):
			out.RemovedGroups = append(out.RemovedGroups, t.group)
		case res.Err != nil && res.Err.Kind == KindNotFound && t.kind == removeRole:
			out.RemovedRoles = append(out.RemovedRoles, t.role)
		default:
			out.Errors = append(out.Errors, explain(res.Err, t.kind, t.group, t.role))
		}
	}
}

// explain adds what to do to an error about one group or role.
func explain(e *Error, kind changeKind, group string, role AppRoleAssignment) error {
	if e == nil {
		return fmt.Errorf("%s: no answer", kind)
	}
	switch {
	case kind == addGroup && e.Kind == KindNotFound && namesObject(e, group):
		return fmt.Errorf("group %s does not exist in the tenant: check group_ids (%w)", group, e)
	case kind == addSponsor && e.Kind == KindNotFound && namesObject(e, group):
		return fmt.Errorf("sponsor %s is no user or group of the tenant: check sponsor_ids (%w)", group, e)
	case kind == addRole && e.Kind == KindBadRequest && strings.Contains(strings.ToLower(e.Message), "resourceid was not found"):
		return fmt.Errorf("service principal %s does not exist in the tenant: check app_role_assignments.resource_id (%w)", role.ResourceID, e)
	case kind == addRole && e.Kind == KindBadRequest && strings.Contains(strings.ToLower(e.Message), "permission being assigned was not found"):
		return fmt.Errorf("app role %s is not defined by service principal %s: check app_role_assignments.app_role_id (%w)", role.AppRoleID, role.ResourceID, e)
	}
	return e
}

// ListAppRoleAssignments lists the app roles assigned directly to a user;
// those Graph also lists through the user's groups are left out.
func (c *Client) ListAppRoleAssignments(ctx context.Context, userID string) ([]AppRoleAssignment, error) {
	req, err := c.sdk.Users().ByUserId(userID).AppRoleAssignments().ToGetRequestInformation(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []AppRoleAssignment
	err = eachJSON(ctx, c, req, func(a assignmentJSON) bool {
		if a.grantedTo(userID) {
			out = append(out, a.assignment())
		}
		return true
	})
	return out, wrap(err, fmt.Sprintf("listing the app role assignments of user %s", userID), PermReadUsers)
}
