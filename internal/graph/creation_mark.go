package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// The management mark is an open extension that b2b_invitation writes on
// every guest it creates or adopts, in the same $batch as its memberships,
// and keeps for as long as a resource holds the guest: only a destroy
// removes it, with the user or, where the destroy keeps the user, alone. It
// is how the provider tells a managed guest from any other in a run that
// has not read the resource: `terraform apply -invoke` of an action, a
// `-target`ed plan, another configuration. Reads never write it or take it
// away, so a plan writes nothing.
//
// It also records, as invitedAfter, the earliest moment the invitation could
// have created the user, which is what survives an apply killed before
// Terraform writes its state: the next apply is answered with the same user,
// and a user created no earlier than its mark was created by this provider,
// not adopted. An adopted user is marked with the moment of its adoption,
// after its creation, so its mark never counts as creation.
//
// That evidence is trusted only while the mark is young (creationEvidence):
// a retried pipeline comes back within hours, while a mark days old belongs
// to a guest that some resource has held since, perhaps in another state,
// and a second resource taking it up must not count it as its own creation,
// or its destroy would delete the guest from under the first.
const creationMarkName = "com.b2bguests.terraform.invitation"

// creationEvidence is how long a mark proves that the user was created by
// the invitation that wrote it.
const creationEvidence = 24 * time.Hour

// creationMarkStep is the POST /users/{id}/extensions of the mark. Graph
// answers 409 for a user that has one already, which ApplyMemberships counts
// as marked. It costs a write of its own: Graph writes an open extension
// with the request that creates its resource only for mail, calendar,
// contact, post and To Do items, and a user's PATCH takes none
// (https://learn.microsoft.com/graph/api/opentypeextension-post-opentypeextension).
func (c *Client) creationMarkStep(ctx context.Context, userID string, invitedAfter time.Time) (step, error) {
	ext := models.NewOpenTypeExtension()
	name := creationMarkName
	ext.SetExtensionName(&name)
	ext.SetAdditionalData(map[string]any{"invitedAfter": invitedAfter.UTC().Format(time.RFC3339)})
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ToPostRequestInformation(ctx, ext, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("marking user %s as managed by b2b_invitation", userID), permission: PermWriteUsers,
		retryLag: func(e *Error) bool { return isReplicationLag(e) && !namesOtherObject(e, userID) }}, nil
}

// removeCreationMarkStep is the DELETE of the mark.
func (c *Client) removeCreationMarkStep(ctx context.Context, userID string) (step, error) {
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ByExtensionId(creationMarkName).ToDeleteRequestInformation(ctx, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("removing the management mark of user %s", userID), permission: PermWriteUsers}, nil
}

// readMarkStep is the GET of the mark.
func (c *Client) readMarkStep(ctx context.Context, userID string) (step, error) {
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ByExtensionId(creationMarkName).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("reading the management mark of user %s", userID), permission: PermReadUsers}, nil
}

// Mark is what the management mark of a user says.
type Mark struct {
	// InvitedAfter is the earliest moment the invitation that wrote the
	// mark could have created the user.
	InvitedAfter time.Time
}

// ReadCreationMark returns the user's mark, and whether the user has one.
func (c *Client) ReadCreationMark(ctx context.Context, userID string) (Mark, bool, error) {
	marks, err := c.ReadMarks(ctx, []string{userID})
	if err != nil {
		return Mark{}, false, err
	}
	m, ok := marks[userID]
	return m, ok, nil
}

// ReadMarks reads the management marks of users, in $batch requests that
// other reads share; users without a mark, or that no longer exist, are
// missing from the answer.
func (c *Client) ReadMarks(ctx context.Context, userIDs []string) (map[string]Mark, error) {
	if len(userIDs) == 0 {
		return map[string]Mark{}, nil
	}
	steps := make([]step, 0, len(userIDs))
	for _, id := range userIDs {
		st, err := c.readMarkStep(ctx, id)
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	out := map[string]Mark{}
	for i, res := range c.reads.run(ctx, steps) {
		switch {
		case res.ok():
		case res.Err != nil && res.Err.Kind == KindNotFound:
			continue
		case res.Err != nil:
			return nil, res.Err
		default:
			return nil, &Error{Operation: steps[i].op, Status: res.Status, Message: "unexpected answer"}
		}
		var mark struct {
			InvitedAfter string `json:"invitedAfter"`
		}
		if err := json.Unmarshal(res.Body, &mark); err != nil {
			return nil, &Error{Operation: steps[i].op, Status: res.Status, Message: "the mark is not JSON: " + err.Error()}
		}
		// A mark whose time cannot be read still says that the guest is
		// managed; as evidence of creation it counts for nothing.
		at, err := time.Parse(time.RFC3339, mark.InvitedAfter)
		if err != nil {
			at = time.Time{}
		}
		out[userIDs[i]] = Mark{InvitedAfter: at}
	}
	return out, nil
}

// CreatedHere reports whether the user g was created by an invitation of
// this provider: its mark is young and holds a moment no later than the
// user's creation. A user without a creation time counts as not created
// here.
func (c *Client) CreatedHere(ctx context.Context, g Guest) (bool, error) {
	mark, found, err := c.ReadCreationMark(ctx, g.ID)
	if err != nil || !found || mark.InvitedAfter.IsZero() {
		return false, err
	}
	if c.clock.notBefore(time.Now()).Sub(mark.InvitedAfter) > creationEvidence {
		return false, nil
	}
	return !CreatedBefore(g, mark.InvitedAfter), nil
}
