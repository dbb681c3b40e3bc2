# A reminder to partner guests who have not accepted yet. Run it with
#   terraform apply -invoke=action.b2b_resend_invitation.reminder
action "b2b_resend_invitation" "reminder" {
  config {
    emails       = ["pat@partner.example", "sam@partner.example"]
    redirect_url = "https://portal.contoso.example"
    message = {
      body = "A reminder: your access to the partner portal is waiting."
    }
  }
}
