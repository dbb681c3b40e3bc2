# Keeping guests tidy: find the guests who never accepted and those who
# stopped signing in, remind or offboard them on purpose, and leave alone
# the guests this configuration manages itself.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

variable "partner_domain" {
  description = "Review the guests of this domain only."
  type        = string
  default     = "partner.example"
}

# The guests this configuration manages. Each reports on every plan when it
# has been pending for more than 30 days; it is offboarded by changing or
# removing its resource, never by the actions below.
resource "b2b_invitation" "partners" {
  for_each = toset(["ana@${var.partner_domain}"])

  email                = each.key
  redirect_url         = "https://myapps.microsoft.com"
  expire_pending_after = "30d"
}

# Invited more than 30 days ago, and not accepted.
data "b2b_guests" "pending" {
  email_domain        = var.partner_domain
  pending_longer_than = "30d"
}

# Accepted, but no successful sign-in for 90 days. Needs AuditLog.Read.All
# and an Entra ID P1 or P2 license.
data "b2b_guests" "inactive" {
  email_domain      = var.partner_domain
  state             = "Accepted"
  not_signed_in_for = "90d"
}

locals {
  # Referring to the resources also makes Terraform read them before it
  # plans the actions, so the provider knows which guests they hold.
  managed_ids  = toset([for g in b2b_invitation.partners : g.id])
  pending_ids  = [for g in data.b2b_guests.pending.guests : g.user_id if !contains(local.managed_ids, g.user_id)]
  inactive_ids = [for g in data.b2b_guests.inactive.guests : g.user_id if !contains(local.managed_ids, g.user_id)]
}

output "pending_days" {
  description = "Each guest pending for more than 30 days, with the days it has waited."
  value       = { for g in data.b2b_guests.pending.guests : g.email => g.pending_days }
}

output "inactive_since" {
  description = "Each accepted guest without a sign-in for 90 days, with its last successful sign-in."
  value       = { for g in data.b2b_guests.inactive.guests : g.email => coalesce(g.last_successful_sign_in_at, "never") }
}

# terraform apply -invoke=action.b2b_resend_invitation.pending
action "b2b_resend_invitation" "pending" {
  config {
    user_ids = local.pending_ids
    message = {
      body = "Your invitation from Contoso is still waiting. It will be withdrawn in two weeks."
    }
  }
}

# terraform apply -invoke=action.b2b_offboard_guests.pending
action "b2b_offboard_guests" "pending" {
  config {
    user_ids = local.pending_ids
    steps    = ["block_sign_in", "remove_access", "delete"]
  }
}

# terraform apply -invoke=action.b2b_offboard_guests.inactive
action "b2b_offboard_guests" "inactive" {
  config {
    user_ids = local.inactive_ids
    steps    = ["block_sign_in", "revoke_sessions", "remove_access"]
  }
}
