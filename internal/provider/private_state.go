package provider

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Keys of b2b_invitation's private state, which Terraform keeps beside the
// state and never shows.
const (
	// originKey holds the earliest second the resource's invitation could
	// have created a user, until a read settles adopted (invitation_origin.go).
	originKey = "created_after"
	// createdKey holds the id of the user the resource created: destroy's
	// proof that it may delete it (invitation_origin.go).
	createdKey = "created_user"
	// importedKey marks an import until the first read, which then takes the
	// display name from Graph.
	importedKey = "imported"
	// replicatedKey marks a guest that a read has seen, so that a 404 means
	// gone and not "still replicating".
	replicatedKey = "replicated"
	// markedKey says the user carries the management mark
	// (internal/graph/creation_mark.go); an update writes it where it is
	// missing, after an import, a move or an older provider's create.
	markedKey = "creation_marked"
	// foreignMarkKey says the guest carried another resource's mark when
	// this one took it up: a destroy that keeps the user leaves that mark.
	foreignMarkKey = "foreign_mark"
	// unfinishedKey marks a create that invited the guest and then failed;
	// replacesKey, in the planned private state of a replacement's create
	// half, describes the object it replaces (invitation_replacement.go).
	unfinishedKey = "unfinished_create"
	replacesKey   = "replaces"
)

// privateSetter and privateGetter are the halves of the framework's private
// state that the requests and responses hand out.
type privateSetter interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

// setFlag sets or clears a yes-or-no key.
func setFlag(ctx context.Context, p privateSetter, key string, on bool) diag.Diagnostics {
	if !on {
		return p.SetKey(ctx, key, nil)
	}
	return p.SetKey(ctx, key, []byte(`true`))
}

func hasFlag(ctx context.Context, p privateGetter, key string) (bool, diag.Diagnostics) {
	b, d := p.GetKey(ctx, key)
	return string(b) == "true", d
}

// setUserKey records a user's object id under key, lower-cased, so that
// holdsUser matches it in any letter case.
func setUserKey(ctx context.Context, p privateSetter, key, userID string) diag.Diagnostics {
	b, _ := json.Marshal(strings.ToLower(userID))
	return p.SetKey(ctx, key, b)
}

// holdsUser reports whether key records the user with this object id.
func holdsUser(ctx context.Context, p privateGetter, key, userID string) (bool, diag.Diagnostics) {
	b, d := p.GetKey(ctx, key)
	var id string
	if len(b) == 0 || json.Unmarshal(b, &id) != nil {
		return false, d
	}
	return strings.EqualFold(id, userID), d
}
