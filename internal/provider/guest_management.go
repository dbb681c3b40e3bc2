package provider

import (
	"context"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// Whether a guest is managed, as b2b_guests and the list resource show it:
// a b2b_invitation keeps the management mark on every guest it holds
// (internal/graph/creation_mark.go), which any run can read, and this
// walk also knows the guests of the resources it has planned or read, such
// as one imported and not yet marked.

// managedDescription is what the pages say of the managed flag.
const managedDescription = "Whether a `b2b_invitation` manages the guest: it carries the open extension `" + markName + "` that the resource keeps on each guest it holds, " +
	"or a `b2b_invitation` of this configuration that Terraform has already read holds it. An imported or moved guest carries the mark once an apply has changed its resource. " +
	"Reading it costs one Graph round trip per 20 guests listed."

// managedGuestIDs returns the ids, among guests, of those a b2b_invitation
// manages. Their marks are read in $batch requests of 20.
func managedGuestIDs(ctx context.Context, client *graph.Client, walk *managedGuests, guests []graph.Guest) (map[string]bool, error) {
	ids := make([]string, 0, len(guests))
	for _, g := range guests {
		ids = append(ids, g.ID)
	}
	marks, err := client.ReadMarks(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, g := range guests {
		_, marked := marks[g.ID]
		_, held := walk.heldAt(g.ID, g.Mail)
		if (marked && !walk.isReleased(g.ID)) || held {
			out[g.ID] = true
		}
	}
	return out, nil
}
