package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// The creation mark is an open extension that b2b_invitation writes on a
// user in the same $batch as its memberships. It records the earliest
// moment the invitation could have created the user. It is what survives an
// apply that dies before Terraform writes its state: the next apply is
// answered with the same user, and a user created no earlier than its mark
// was created by this provider, not adopted.
//
// A user that existed before an invitation is marked too when Graph's
// answer cannot tell it from a new one (a pending guest); its creation time
// then comes before the mark, so it still counts as adopted. The first
// saved read after the create, and a destroy that keeps a user, take the
// mark away, so that nobody later mistakes the user for one they created.
const creationMarkName = "com.b2bguests.terraform.invitation"

// creationMarkStep is the POST /users/{id}/extensions of the mark.
func (c *Client) creationMarkStep(ctx context.Context, userID string, invitedAfter time.Time) (step, error) {
	ext := models.NewOpenTypeExtension()
	name := creationMarkName
	ext.SetExtensionName(&name)
	ext.SetAdditionalData(map[string]any{"invitedAfter": invitedAfter.UTC().Format(time.RFC3339)})
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ToPostRequestInformation(ctx, ext, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("marking user %s as created by this provider", userID), permission: PermWriteUsers,
		retryLag: func(e *Error) bool { return isReplicationLag(e) && !namesOtherObject(e, userID) }}, nil
}

// removeCreationMarkStep is the DELETE of the mark.
func (c *Client) removeCreationMarkStep(ctx context.Context, userID string) (step, error) {
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ByExtensionId(creationMarkName).ToDeleteRequestInformation(ctx, nil)
	if err != nil {
		return step{}, err
	}
	return step{req: req, op: fmt.Sprintf("removing the creation mark of user %s", userID), permission: PermWriteUsers}, nil
}

// ReadCreationMark returns the moment a creation mark on the user records,
// and whether the user has one.
func (c *Client) ReadCreationMark(ctx context.Context, userID string) (time.Time, bool, error) {
	req, err := c.sdk.Users().ByUserId(userID).Extensions().ByExtensionId(creationMarkName).ToGetRequestInformation(ctx, nil)
	if err != nil {
		return time.Time{}, false, err
	}
	var mark struct {
		InvitedAfter string `json:"invitedAfter"`
	}
	err = c.getJSON(ctx, req, &mark)
	op := fmt.Sprintf("reading the creation mark of user %s", userID)
	if err != nil {
		werr := wrap(err, op, PermReadUsers)
		if IsNotFound(werr) {
			return time.Time{}, false, nil
		}
		return time.Time{}, false, werr
	}
	at, err := time.Parse(time.RFC3339, mark.InvitedAfter)
	if err != nil {
		return time.Time{}, false, &Error{Operation: op, Status: 200, Message: "the mark's invitedAfter is not a time: " + err.Error()}
	}
	return at, true, nil
}

// CreatedHere reports whether the user g was created by an invitation of
// this provider: its creation mark holds a moment no later than the user's
// creation. A user without a creation time counts as not created here.
func (c *Client) CreatedHere(ctx context.Context, g Guest) (bool, error) {
	at, found, err := c.ReadCreationMark(ctx, g.ID)
	if err != nil || !found {
		return false, err
	}
	return !CreatedBefore(g, at), nil
}

// DropCreationMark takes the mark off a user. Reads that happen at the same
// time share $batch requests for it, as refresh reads do. A mark that is
// already gone counts as dropped; an app without User.ReadWrite.All gets
// a forbidden error, and the mark stays.
func (c *Client) DropCreationMark(ctx context.Context, userID string) error {
	st, err := c.removeCreationMarkStep(ctx, userID)
	if err != nil {
		return err
	}
	res := c.reads.run(ctx, []step{st})[0]
	if res.ok() || (res.Err != nil && res.Err.Kind == KindNotFound) {
		return nil
	}
	if res.Err != nil {
		return res.Err
	}
	return &Error{Operation: st.op, Status: res.Status, Message: "unexpected answer"}
}
