# A guest whose account was compromised, or who must sign in with another
# identity, redeems again and keeps their object id, groups and app roles.
# Run it with
#   terraform apply -invoke=action.b2b_reset_redemption.again
action "b2b_reset_redemption" "again" {
  config {
    user_ids = [b2b_invitation.pat.id]
    message = {
      body = "Please accept the invitation again to keep your access."
    }
  }
}
