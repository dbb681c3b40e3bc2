# Moving guests invited with hashicorp/azuread under b2b_invitation: a plan
# that destroys nothing, emails nobody and drops no membership.
#
# Before, each guest was an azuread_invitation with one azuread_group_member
# per group and one azuread_app_role_assignment per app role. After, each
# guest is one b2b_invitation that holds its groups and app roles.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
    # Keep azuread until this has been applied: Terraform must start it to
    # read the state of the objects the blocks below move and forget.
    azuread = {
      source = "hashicorp/azuread"
    }
  }
}

variable "n" {
  type = number
}
variable "group_ids" {
  type = list(string)
}
variable "sp_id" {
  type = string
}
variable "role_ids" {
  type = list(string)
}

locals {
  guests = { for i in range(var.n) : format("g%04d", i) => format("guest%04d@partner.example", i) }
}

# The same keys as the azuread resource's for_each, so every instance moves
# to its namesake.
resource "b2b_invitation" "g" {
  for_each     = local.guests
  email        = each.value
  redirect_url = "https://myapps.microsoft.com"

  # The memberships azuread held as separate resources. The first apply finds
  # them in place and records them without writing to Graph.
  group_ids            = var.group_ids
  app_role_assignments = [for r in var.role_ids : { resource_id = var.sp_id, app_role_id = r }]
}

moved {
  from = azuread_invitation.g
  to   = b2b_invitation.g
}

# Memberships cannot move into nested attributes: Terraform forgets the
# azuread objects, and the memberships themselves stay in Entra ID.
removed {
  from = azuread_group_member.m
  lifecycle {
    destroy = false
  }
}

removed {
  from = azuread_app_role_assignment.r
  lifecycle {
    destroy = false
  }
}
