# One bucket of the partner's guests.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

variable "guests" {
  type = list(object({
    email        = string
    display_name = string
  }))
}

variable "group_ids" {
  type = set(string)
}

resource "b2b_invitation" "guest" {
  for_each = { for g in var.guests : lower(g.email) => g }

  email                   = each.value.email
  display_name            = each.value.display_name
  redirect_url            = "https://myapps.microsoft.com"
  send_invitation_message = false
  group_ids               = var.group_ids

  # A first apply of thousands waits on Graph's throttles; see the guide.
  timeouts = {
    create = "30m"
  }
}

output "count" {
  value = length(b2b_invitation.guest)
}
