package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// plannedDomains is the domain list for invitations that a
// b2b_collaboration_settings of this configuration plans, as far as one
// Terraform walk knows it, so that b2b_invitation can refuse at plan time
// a new email the list will refuse at apply time.
//
// It knows the list only once the settings are planned: an invitation
// that refers to them or depends on them is planned after them and sees
// it; one planned before them, or beside a configuration that leaves the
// list unknown or unmanaged, meets Graph's refusal at apply time instead.
type plannedDomains struct {
	mu    sync.Mutex
	known bool
	list  graph.InvitationDomains
}

func newPlannedDomains() *plannedDomains { return &plannedDomains{} }

// note records the list that b2b_collaboration_settings plans: its planned
// allowed_domains and blocked_domains, after its own plan modification.
// A list that is null or unknown, or a settings resource being destroyed
// (both null), makes the list unknown again.
func (p *plannedDomains) note(ctx context.Context, allowed, blocked types.Set) {
	if p == nil {
		return
	}
	var diags diag.Diagnostics
	known, list := false, graph.InvitationDomains{}
	switch {
	case !allowed.IsNull() && !allowed.IsUnknown():
		known, list.Allowed = true, stringSet(ctx, allowed, &diags)
		if len(list.Allowed) == 0 {
			// An empty allow list is written as no list: any domain.
			list.Allowed = nil
		}
	case !blocked.IsNull() && !blocked.IsUnknown():
		known, list.Blocked = true, stringSet(ctx, blocked, &diags)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known, p.list = known && !diags.HasError(), list
}

// refusal says why the planned list refuses email, or "" when it admits
// it or no list is known.
func (p *plannedDomains) refusal(email string) string {
	if p == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known {
		return ""
	}
	return domainRefusal(p.list, email)
}

// domainRefusal names the setting of list that refuses email, and what to
// do about it; "" when the list admits the email's domain. Graph's
// refusal and the plan's share it, so both say the same.
func domainRefusal(list graph.InvitationDomains, email string) string {
	_, domain, _ := strings.Cut(email, "@")
	same := func(d string) bool { return strings.EqualFold(d, domain) }
	switch {
	case list.Allowed != nil && !slices.ContainsFunc(list.Allowed, same):
		return fmt.Sprintf("The tenant's collaboration restrictions allow invitations only to %s, and %s is not among them: "+
			"add it to b2b_collaboration_settings.allowed_domains (External collaboration settings → Collaboration restrictions), or invite another address.", strings.Join(list.Allowed, ", "), domain)
	case slices.ContainsFunc(list.Blocked, same):
		return fmt.Sprintf("The tenant's collaboration restrictions deny invitations to %s: "+
			"remove it from b2b_collaboration_settings.blocked_domains (External collaboration settings → Collaboration restrictions), or invite another address.", domain)
	}
	return ""
}
