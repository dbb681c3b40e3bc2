resource "b2b_invitation" "pat" {
  email        = "pat@partner.example"
  display_name = "Pat Partner"
  redirect_url = "https://myapps.microsoft.com"

  message = {
    body          = "Welcome! You now have access to the partner portal."
    cc_recipients = ["partner-manager@contoso.example"]
  }

  # Memberships and app roles change in place; none forces a new guest.
  group_ids = [
    "a1b2c3d4-0001-4000-8000-00000000e001",
    "a1b2c3d4-0005-4000-8000-00000000e005",
  ]
  app_role_assignments = [
    {
      resource_id = "5e000000-0001-4000-8000-0000000005a1" # Partner Portal
      app_role_id = "7a000000-0001-4000-8000-000000000001" # Portal.Read
    },
    {
      resource_id = "5e000000-0002-4000-8000-0000000005a2" # Expenses, no roles
      app_role_id = "00000000-0000-0000-0000-000000000000" # default access
    },
  ]

  # Change a value to resend the invitation with the current message.
  resend_triggers = {
    reminder = "1"
  }
}
