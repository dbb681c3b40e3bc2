# A guest who moved to a new company account redeems again, at the new
# address, keeping their object id, groups and app roles. Run it with
#   terraform apply -invoke=action.b2b_reset_redemption.new_account
action "b2b_reset_redemption" "new_account" {
  config {
    user_ids  = [b2b_invitation.pat.id]
    new_email = "pat@fabrikam-new.example"
    message = {
      body = "Please sign in again with your new work account."
    }
  }
}
