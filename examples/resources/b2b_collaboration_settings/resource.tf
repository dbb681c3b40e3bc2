# Only admins and Guest Inviters may invite, guests see only their own
# objects, guests outside Microsoft Entra may sign in with one-time
# passcodes, and two domains may not be invited. Destroying this resource
# leaves the settings as they are.
resource "b2b_collaboration_settings" "this" {
  allow_invites_from            = "adminsAndGuestInviters"
  guest_access                  = "restricted"
  email_verified_users_can_join = false
  guest_email_one_time_passcode = "enabled"

  # Graph serves the domain list in its beta API only. It governs a
  # b2b_invitation's change of email too: one that refers to this resource
  # or names it in depends_on fails its plan on a refused domain.
  blocked_domains = ["rival.example", "disposable-mail.example"]
}
