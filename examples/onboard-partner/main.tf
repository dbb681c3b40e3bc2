# Onboarding a partner organization end to end: its tenant found by domain,
# its MFA trusted, one of its groups let into two apps without a consent
# prompt, and three of its people invited with groups and app roles.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

variable "partner_domain" {
  description = "The domain the partner's people's emails carry."
  type        = string
  default     = "fabrikam.example"
}

variable "partner_group_id" {
  description = "The object id of the group, in the partner's tenant, whose members may come in."
  type        = string
  default     = "f0000000-0000-4000-8000-0000000000a1"
}

variable "collaboration" {
  description = "allowed while the partnership lasts; blocked to offboard the partner."
  type        = string
  default     = "allowed"

  validation {
    condition     = contains(["allowed", "blocked"], var.collaboration)
    error_message = "collaboration is allowed or blocked."
  }
}

data "b2b_tenant" "partner" {
  domain_name = var.partner_domain
}

data "b2b_service_principal" "portal" {
  application_id = "ae000000-0001-4000-8000-0000000000a1"
}

data "b2b_service_principal" "expenses" {
  application_id = "ae000000-0002-4000-8000-0000000000a2"
}

resource "b2b_partner" "this" {
  tenant_id = data.b2b_tenant.partner.tenant_id

  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }

  b2b_collaboration_inbound = {
    # Onboarded, only the group's members may come in. Offboarded, every
    # user of the partner is blocked: blocking the group alone would let
    # everyone else in the partner's tenant in.
    users_and_groups = {
      access    = var.collaboration
      all_users = var.collaboration == "blocked" ? true : null
      group_ids = var.collaboration == "blocked" ? null : [var.partner_group_id]
    }
    applications = {
      access = "allowed"
      application_ids = [
        data.b2b_service_principal.portal.application_id,
        data.b2b_service_principal.expenses.application_id,
      ]
    }
  }

  automatic_redemption = {
    inbound  = true
    outbound = false
  }
}

locals {
  people = {
    "ana@${var.partner_domain}" = { groups = ["a1b2c3d4-0001-4000-8000-00000000e001"], role = "Portal.Write" }
    "ben@${var.partner_domain}" = { groups = ["a1b2c3d4-0001-4000-8000-00000000e001"], role = "Portal.Read" }
    "cy@${var.partner_domain}"  = { groups = ["a1b2c3d4-0002-4000-8000-00000000e002"], role = "Portal.Read" }
  }
}

resource "b2b_invitation" "people" {
  for_each = local.people

  email        = each.key
  redirect_url = "https://myapps.microsoft.com"
  company_name = data.b2b_tenant.partner.display_name
  group_ids    = each.value.groups
  app_role_assignments = [
    {
      resource_id = data.b2b_service_principal.portal.object_id
      app_role_id = data.b2b_service_principal.portal.app_role_ids[each.value.role]
    },
    {
      resource_id = data.b2b_service_principal.expenses.object_id
      app_role_id = data.b2b_service_principal.expenses.app_role_ids["default"]
    },
  ]

  # Invite once the partner's settings are in place.
  depends_on = [b2b_partner.this]
}

output "redeem_links" {
  description = "Each guest's redeem link, for a rehearsal to open; Graph also emails it. Sensitive: it signs the guest in."
  value       = { for email, guest in b2b_invitation.people : email => guest.redeem_url }
  sensitive   = true
}

output "redemption" {
  description = "Each guest's redemption state, as the last refresh read it."
  value       = { for email, guest in b2b_invitation.people : email => guest.external_user_state }
}
