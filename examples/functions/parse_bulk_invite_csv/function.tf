locals {
  # guests.csv is the file the Entra portal's Bulk invite page takes.
  guests = provider::b2b::parse_bulk_invite_csv(file("${path.module}/guests.csv"))
}

resource "b2b_invitation" "guest" {
  for_each = local.guests

  email                   = each.value.email
  redirect_url            = each.value.redirect_url
  send_invitation_message = each.value.send_invitation_message
  group_ids               = each.value.group_ids
}
