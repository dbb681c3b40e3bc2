# Applies an Entra portal bulk-invite CSV, including the legacy columns
# invitedToGroups and invitedToApplications that the invitation API lacks.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

variable "app_roles" {
  description = "The app role each application in the CSV grants, by application (client) id and role value. Applications not listed grant default access."
  type        = map(string)
  default = {
    "ae000000-0001-4000-8000-0000000000a1" = "Portal.Read"
  }
}

locals {
  guests          = provider::b2b::parse_bulk_invite_csv(file("${path.module}/guests.csv"))
  application_ids = toset(flatten([for g in local.guests : g.application_ids]))
}

# The CSV names applications by client id; assignments need the service
# principal's object id and a role id.
data "b2b_service_principal" "app" {
  for_each       = local.application_ids
  application_id = each.key
}

resource "b2b_invitation" "guest" {
  for_each = local.guests

  email                   = each.value.email
  redirect_url            = each.value.redirect_url
  send_invitation_message = each.value.send_invitation_message
  message                 = each.value.message_body == "" ? null : { body = each.value.message_body }

  group_ids = each.value.group_ids
  app_role_assignments = [for app in each.value.application_ids : {
    resource_id = data.b2b_service_principal.app[app].object_id
    app_role_id = data.b2b_service_principal.app[app].app_role_ids[lookup(var.app_roles, app, "default")]
  }]
}

output "invited" {
  value = length(b2b_invitation.guest)
}
