# Guests at one partner who have not accepted within 30 days.
data "b2b_guests" "stale" {
  state          = "PendingAcceptance"
  email_domain   = "partner.example"
  invited_before = "720h"
}

output "reminders" {
  value = [for g in data.b2b_guests.stale.guests : g.email]
}

# Guests still on personal Microsoft accounts: a fallback of one-time
# passcodes in b2b_cross_tenant_defaults.redemption does not move them
# until their redemption is reset.
data "b2b_guests" "on_microsoft_accounts" {
  state         = "Accepted"
  redeemed_with = "microsoft_account"
}
