# Resend the invitation whenever the guest's resource changes in place,
# while reminders are switched on.
variable "remind_on_change" {
  type    = bool
  default = true
}

resource "b2b_invitation" "sam" {
  email        = "sam@partner.example"
  display_name = "Sam Partner"
  redirect_url = "https://portal.contoso.example"

  lifecycle {
    action_trigger {
      events    = [after_update]
      condition = var.remind_on_change
      actions   = [action.b2b_resend_invitation.sam]
    }
  }
}

action "b2b_resend_invitation" "sam" {
  config {
    emails       = ["sam@partner.example"]
    redirect_url = "https://portal.contoso.example"
  }
}
