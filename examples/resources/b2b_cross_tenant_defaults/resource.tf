# No organization's users come in unless their b2b_partner allows them, and
# MFA done at a partner's counts here. A partner's people sign in with their
# own Microsoft Entra accounts; everyone else gets a one-time passcode by
# mail rather than a Microsoft account. Destroying this resource puts the
# system default back: everyone allowed in and out, nothing trusted, and
# Microsoft's redemption order.
resource "b2b_cross_tenant_defaults" "this" {
  inbound_trust = {
    mfa_accepted                  = true
    compliant_device_accepted     = false
    hybrid_joined_device_accepted = false
  }

  b2b_collaboration_inbound = {
    users_and_groups = {
      access    = "blocked"
      all_users = true
    }
    applications = {
      access           = "blocked"
      all_applications = true
    }
  }

  redemption = {
    order    = ["azureActiveDirectory", "externalFederation"]
    fallback = "emailOneTimePasscode"
  }
}
