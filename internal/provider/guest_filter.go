package provider

import (
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graph"
)

// guestFilter is what the provider filters itself among the guests Graph
// lists: Graph filters the email domain (endsWith) and the creation time
// only as advanced queries.
type guestFilter struct {
	domain string // lower case, without the @; empty for any
	// redeemedWith keeps the guests that redeemed so; empty for any.
	redeemedWith string
	from         time.Time // created at or after; zero for no bound
	until        time.Time // created before; zero for no bound
}

func newGuestFilter(domain string, from, until time.Time) guestFilter {
	return guestFilter{domain: strings.ToLower(domain), from: from, until: until}
}

func (f guestFilter) matches(g graph.Guest) bool {
	if f.domain != "" && !strings.HasSuffix(strings.ToLower(g.Mail), "@"+f.domain) {
		return false
	}
	if f.redeemedWith != "" && redeemedWith(g) != f.redeemedWith {
		return false
	}
	if f.from.IsZero() && f.until.IsZero() {
		return true
	}
	if g.CreatedAt == nil {
		return false
	}
	return (f.from.IsZero() || !g.CreatedAt.Before(f.from)) && (f.until.IsZero() || g.CreatedAt.Before(f.until))
}

// withRedeemedWith keeps, besides, only the guests that redeemed so.
func (f guestFilter) withRedeemedWith(v types.String) guestFilter {
	f.redeemedWith = v.ValueString()
	return f
}

// redeemedWithValues are what redeemed_with holds.
var redeemedWithValues = []string{"entra_id", "microsoft_account", "email_one_time_passcode", "google", "facebook", "federation"}

// redeemedWithDescription says what each value means, on every page that
// shows or filters it.
const redeemedWithDescription = "`entra_id` (an account of the guest's own Microsoft Entra organization), `microsoft_account` (a personal Microsoft account), " +
	"`email_one_time_passcode` (a passcode sent by mail each time), `google`, `facebook`, or `federation` (a SAML/WS-Fed identity provider of the guest's organization)"

// redeemedWith names the identity a guest redeemed with, from the issuer
// of its federated identity (internal/graph's package doc, "How guests
// redeem"), or "" before redemption. An issuer that is a domain name is an
// Entra organization's, as Graph's objectIdentity reference has it.
func redeemedWith(g graph.Guest) string {
	issuer := g.RedemptionIssuer()
	for value, is := range map[string]string{"entra_id": graph.IssuerEntra, "microsoft_account": graph.IssuerMicrosoftAccount,
		"email_one_time_passcode": graph.IssuerEmailOTP, "google": graph.IssuerGoogle, "facebook": graph.IssuerFacebook} {
		if strings.EqualFold(issuer, is) {
			return value
		}
	}
	switch {
	case issuer == "":
		return ""
	case strings.Contains(issuer, ".") && !strings.Contains(issuer, ":") && !strings.Contains(issuer, "/"):
		return "entra_id"
	}
	return "federation"
}
