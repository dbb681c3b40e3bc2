data "b2b_tenant" "fabrikam" {
  domain_name = "fabrikam.example"
}

# Fabrikam's project group comes in with the MFA it did at home, to two
# apps, and skips the consent prompt when it redeems.
resource "b2b_partner" "fabrikam" {
  tenant_id = data.b2b_tenant.fabrikam.tenant_id

  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }

  b2b_collaboration_inbound = {
    # Only this group's members come in. `access = "blocked"` with the same
    # group would block them and let the rest of Fabrikam in: to shut
    # Fabrikam out, block with `all_users = true` instead.
    users_and_groups = {
      access    = "allowed"
      group_ids = ["f0000000-0000-4000-8000-0000000000a1"] # a group of Fabrikam's tenant
    }
    applications = {
      access = "allowed"
      application_ids = [
        "ae000000-0001-4000-8000-0000000000a1", # Partner Portal
        "ae000000-0002-4000-8000-0000000000a2", # Expenses
      ]
    }
  }

  automatic_redemption = {
    inbound  = true
    outbound = false
  }
}
