# A pipeline's configuration, rehearsed against the Graph emulator started
# with seed.json: the same group and app as the real tenant's, under the same
# ids, so the configuration needs no change to run against either.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

locals {
  suppliers = {
    "orders@tailspin.example"  = "Supplier.Submit"
    "quality@tailspin.example" = "Supplier.Read"
  }
}

data "b2b_service_principal" "portal" {
  application_id = "b41e7a90-2c5d-4f8e-a1b3-9d0c6e2f7a01"
}

resource "b2b_invitation" "supplier" {
  for_each = local.suppliers

  email        = each.key
  redirect_url = "https://myapps.microsoft.com"
  company_name = "Tailspin Toys"
  sponsor_ids  = ["1e5b7c90-0001-4a2d-8f3e-5c6d7e8f9a01"]
  group_ids    = ["6a0e4c21-0001-4f5a-9b3d-7c2e1f0a9b01"]
  app_role_assignments = [{
    resource_id = data.b2b_service_principal.portal.object_id
    app_role_id = data.b2b_service_principal.portal.app_role_ids[each.value]
  }]
}

output "redeem_links" {
  description = "Each supplier's redeem link, which a rehearsal opens with graphemu redeem; Graph also emails it. Sensitive: it signs the guest in."
  value       = { for email, guest in b2b_invitation.supplier : email => guest.redeem_url }
  sensitive   = true
}
