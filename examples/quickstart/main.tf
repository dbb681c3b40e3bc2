# Two partner guests, each with groups and app roles. The Portal.Admin role is
# gated on acceptance: it is planned only once a guest has redeemed.
#
# Point the provider at a tenant with ARM_TENANT_ID, ARM_CLIENT_ID and a
# credential, or run `make demo`, which starts the local Graph emulator.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

locals {
  # The emulator's default seed; use your own tenant's object ids.
  partner_portal = "5e000000-0001-4000-8000-0000000005a1"
  portal_reader  = "7a000000-0001-4000-8000-000000000001"
  portal_admin   = "7a000000-0003-4000-8000-000000000003"
  expenses_app   = "5e000000-0002-4000-8000-0000000005a2"
  default_access = "00000000-0000-0000-0000-000000000000"

  partners = {
    "ana@fabrikam.example" = {
      name   = "Ana Fabrikam"
      groups = ["a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0005-4000-8000-00000000e005"]
    }
    "ben@northwind.example" = {
      name   = "Ben Northwind"
      groups = ["a1b2c3d4-0003-4000-8000-00000000e003", "a1b2c3d4-0005-4000-8000-00000000e005"]
    }
  }
}

# Acceptance is read on its own, not from the invitations, so that the
# invitations can depend on it without a cycle.
data "b2b_guests" "accepted" {
  state  = "Accepted"
  emails = keys(local.partners)
}

data "b2b_guests" "pending" {
  state  = "PendingAcceptance"
  emails = keys(local.partners)
}

locals {
  accepted = toset([for g in data.b2b_guests.accepted.guests : lower(g.email)])
}

resource "b2b_invitation" "partner" {
  for_each = local.partners

  email        = each.key
  display_name = each.value.name
  redirect_url = "https://myapps.microsoft.com"
  message = {
    body = "Welcome to the Contoso partner portal, ${each.value.name}."
  }

  group_ids = each.value.groups
  app_role_assignments = concat(
    [
      { resource_id = local.partner_portal, app_role_id = local.portal_reader },
      { resource_id = local.expenses_app, app_role_id = local.default_access },
    ],
    contains(local.accepted, lower(each.key)) ? [{ resource_id = local.partner_portal, app_role_id = local.portal_admin }] : [],
  )
}

check "stale_invitations" {
  assert {
    condition = length([
      for g in data.b2b_guests.pending.guests : g
      if timecmp(g.created_at, timeadd(plantimestamp(), "-336h")) < 0
    ]) == 0
    error_message = "Some guests have not accepted their invitation for more than 14 days; see output pending_guests."
  }
}

output "guests" {
  value = { for email, g in b2b_invitation.partner : email => {
    user_id = g.user_id
    state   = g.external_user_state
    groups  = length(g.group_ids)
    roles   = length(g.app_role_assignments)
  } }
}

output "pending_guests" {
  description = "Guests who have not accepted yet, for a reminder job."
  value       = [for g in data.b2b_guests.pending.guests : g.email]
}

output "redeem_urls" {
  value     = { for email, g in b2b_invitation.partner : email => g.redeem_url }
  sensitive = true
}
