package main

// seedUsage lists what a seed file may hold, so that a user writing one
// needs no more than graphemu -h; the rehearsal guide has the examples.
const seedUsage = `Seed file (-seed), JSON; a field it does not know fails at start:

  tenant_id, domain            the tenant
  apps                         client_id, display_name, secrets or certificates,
                               federated_subjects, permissions
  groups                       id, display_name, members
  service_principals           id, app_id, display_name, app_roles (id, value, display_name)
  users                        id, display_name, mail, user_principal_name, other_mails,
                               user_type (Guest), external_user_state, created_ago,
                               account_enabled, groups, app_roles, sign_ins, extensions
  external_tenants             partner tenants: tenant_id, display_name, default_domain, domains,
                               groups, automatic_redemption_outbound
  consumer_domains             mail domains outside Entra: domain, microsoft_accounts
  invitations_disabled         no one may invite
  no_premium_license           sign-in activity cannot be read

  Settings, each staged through the Graph route that writes it, so that a value
  Graph would refuse fails at start, naming the field and Graph's reason:

  authorization_policy         PATCH body of /policies/authorizationPolicy
  invitation_domains           {"allowed": [domains]} or {"blocked": [domains]}
  email_method                 PATCH body of .../authenticationMethodConfigurations/email
  cross_tenant_defaults        PATCH body of /policies/crossTenantAccessPolicy/default
  partners                     POST bodies of /policies/crossTenantAccessPolicy/partners
`
