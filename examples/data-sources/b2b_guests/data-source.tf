# Guests at one partner who have not accepted within 30 days.
data "b2b_guests" "stale" {
  state          = "PendingAcceptance"
  email_domain   = "partner.example"
  invited_before = "720h"
}

output "reminders" {
  value = [for g in data.b2b_guests.stale.guests : g.email]
}
