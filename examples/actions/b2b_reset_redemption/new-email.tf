# A guest invited outside Terraform moved to a new company account, and
# redeems again at the new address. A guest that a b2b_invitation manages
# moves by a change to that resource's email instead: the action refuses
# new_email for it, since the resource's next plan would move it back. Run
# it with
#   terraform apply -invoke=action.b2b_reset_redemption.new_account
action "b2b_reset_redemption" "new_account" {
  config {
    emails    = ["lee@tailspin.example"]
    new_email = "lee@fabrikam-new.example"
    message = {
      body = "Please sign in again with your new work account."
    }
  }
}
