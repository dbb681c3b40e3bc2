package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// Every page's description ends with the three things users ask about most:
// which CLI a feature needs, how long it may run, and where it stops. The
// retry and invitation limits come from the constants the code runs with;
// testedCLIs cannot (the provider does not ship .ci/versions), so a test
// holds it to that file.

// testedCLIs are the CLIs the acceptance suite runs on in CI.
const testedCLIs = "The acceptance tests run on Terraform 1.11.4 and 1.16.1 and on OpenTofu 1.12.6."

// retriesNote says what bounds an operation that has no timeouts block.
var retriesNote = fmt.Sprintf("No `timeouts` block: each Graph request that is throttled (429) or unavailable (503, 504), or whose connection drops, "+
	"is retried after Graph's `Retry-After` or an exponential backoff, at most %d attempts in all, and then fails with Graph's error.", graph.MaxAttempts)

func pageNotes(requirements, timeouts string, limits ...string) string {
	var b strings.Builder
	b.WriteString("\n\n**Requirements.** " + requirements + " " + testedCLIs)
	b.WriteString("\n\n**Timeouts.** " + timeouts)
	if len(limits) > 0 {
		b.WriteString("\n\n**Limits.**\n")
		for _, l := range limits {
			b.WriteString("\n- " + l)
		}
	}
	return b.String()
}

func minutes(d time.Duration) string {
	n := int(d / time.Minute)
	if n == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

// inviteLimitNote is Graph's tenant-wide invitation limit, which every
// feature that sends invitations shares.
var inviteLimitNote = fmt.Sprintf("Graph accepts %d invitations per %d seconds per tenant, for all apps together. The provider paces its invitations to stay under that, "+
	"so a larger batch waits instead of failing.", graph.InvitesPerWindow, int(graph.InviteWindow/time.Second))

// sponsorsCloudNote is where Graph offers the sponsors API.
const sponsorsCloudNote = "Sponsors come from Graph's sponsors API, which Microsoft offers in the global cloud only. " +
	"In the US Government and China clouds no sponsors are read, and `sponsor_ids` must be left out of `b2b_invitation`."
