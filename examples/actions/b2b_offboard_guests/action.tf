# Guests of a partner who have not signed in for 90 days lose their access,
# but are not deleted. A guest matches only once its account is 90 days
# old: one invited this week, who has not signed in yet, keeps its access.
# Guests that a b2b_invitation manages are left out (managed = false): the
# action would refuse them. At most 10 guests are offboarded in one run
# unless max_guests says more. Run it with
#   terraform apply -invoke=action.b2b_offboard_guests.inactive
data "b2b_guests" "inactive" {
  email_domain      = "partner.example"
  not_signed_in_for = "90d"
  managed           = false
}

action "b2b_offboard_guests" "inactive" {
  config {
    user_ids = data.b2b_guests.inactive.guests[*].user_id
    steps    = ["block_sign_in", "revoke_sessions", "remove_access"]
  }
}
