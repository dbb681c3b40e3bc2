# Guests made in the portal or with PowerShell, taken over by email with one
# import block for all of them (Terraform 1.7+). Nothing is sent or written:
# the plan imports each guest and changes nothing.
locals {
  partner_guests = {
    ana = "ana@fabrikam.example"
    ben = "ben@northwind.example"
    cy  = "cy@tailspin.example"
  }
}

import {
  for_each = local.partner_guests
  to       = b2b_invitation.partner[each.key]
  id       = each.value # the email; an object id works too
}

resource "b2b_invitation" "partner" {
  for_each     = local.partner_guests
  email        = each.value
  redirect_url = "https://myapps.microsoft.com" # what an import records
}
