# No organization's users come in unless their b2b_partner allows them, and
# MFA done at a partner's counts here. Destroying this resource puts the
# system default back: everyone allowed in and out, nothing trusted.
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
}
