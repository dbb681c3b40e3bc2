# Terraform 1.16+: destroying the resource keeps the user, removes the
# groups the resource recorded, then blocks sign-in and revokes sessions.
resource "b2b_invitation" "contractor" {
  email                  = "contractor@partner.example"
  redirect_url           = "https://myapps.microsoft.com"
  delete_user_on_destroy = false

  lifecycle {
    action_trigger {
      events  = [after_destroy]
      actions = [action.b2b_offboard_guests.contractor]
    }
  }
}

action "b2b_offboard_guests" "contractor" {
  config {
    user_ids = [caller.id]
    steps    = ["block_sign_in", "revoke_sessions"]
  }
}
