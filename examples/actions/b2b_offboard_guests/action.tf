# Guests of a partner who have not signed in for 90 days lose their access,
# but are not deleted. A guest matches only once its account is 90 days
# old: one invited this week, who has not signed in yet, keeps its access.
# Run it with
#   terraform apply -invoke=action.b2b_offboard_guests.inactive
data "b2b_guests" "inactive" {
  email_domain      = "partner.example"
  not_signed_in_for = "90d"
}

action "b2b_offboard_guests" "inactive" {
  config {
    user_ids = data.b2b_guests.inactive.guests[*].user_id
    steps    = ["block_sign_in", "revoke_sessions", "remove_access"]
  }
}
