// Package graphemu is a small Microsoft Graph and Entra ID token service for
// tests, demos and pipeline rehearsals. It keeps one in-memory tenant behind a
// mutex and serves, over TLS on 127.0.0.1, the token endpoints and the Graph
// v1.0 (and /beta) routes that terraform-provider-b2b uses, with the bodies,
// status codes and error texts that internal/graph's package doc records.
//
// It imports neither internal/graph nor any Microsoft SDK: it is the other side
// of the wire, and tests drive it through the real SDKs.
//
// # Routes
//
// Every route, what Microsoft documents for it, and what the emulator does.
// Graph routes are served under /v1.0 and /beta alike, alone or inside
// POST /v1.0/$batch (at most 20 requests, dependsOn followed). Every Graph
// route answers 401 without a valid token and 403
// Authorization_RequestDenied without one of the permissions it accepts;
// an unknown id answers 404 Request_ResourceNotFound.
//
//	POST /{tenant}/oauth2/v2.0/token                    | client credentials, scope=<resource>/.default          | secret, certificate or federated assertion; access token of Options.AccessTokenVersion
//	POST /{tenant}/oauth2/token                         | v1 endpoint: resource= instead of scope=                | as above; numbers in the answer are strings, as on the v1 endpoint
//	GET  /{tenant}/v2.0/.well-known/openid-configuration | OpenID metadata; issuer on the authority's host          | as documented
//	GET  /metadata/endpoints                            | cloud metadata document (api-version=2022-09-01)         | names the emulator as the login endpoint and as Graph
//	GET  /metadata/identity/oauth2/token                | managed identity (instance metadata service protocol)  | needs Metadata: true; resource must be a Graph; client_id optional
//	DELETE /v1.0/groups/{id}/members/{mid}              | without /$ref: deletes the member user itself; 204      | Graph's reference warns of exactly this; an app without User.ReadWrite.All gets 403 (groups.go)
//	POST /v1.0/invitations                              | invite, or reset redemption with invitedUser.id         | 201; an existing email answers its user; sponsors must exist
//	GET  /v1.0/users                                    | list; $filter, $select, $top, $count, paging            | 100 a page, $top up to 999; filters of the package doc; advanced queries need ConsistencyLevel; $expand as below
//	GET  /v1.0/users/{id}                               | get by id or UPN; $select; $expand one relationship     | default properties without $select; $expand=memberOf or sponsors
//	PATCH /v1.0/users/{id}                              | update writable properties; 204                         | every property of the user model (user_model.go); read-only ones answer 400 "is read-only and cannot be set"; all or nothing
//	DELETE /v1.0/users/{id}                             | soft delete; 204                                        | drops memberships and assignments; no restore
//	GET  /v1.0/users/{id}/memberOf                      | list the groups and roles the user is in; $filter, $select, $count=true, /$count | groups only (no roles here); filters Graph serves by default (eq, in) work alone, as Graph's own memberOf example and azuread's membership reads show; ne, not and endsWith need ConsistencyLevel: eventual and $count=true; $count=true without the header is ignored, as the advanced-queries page says (a choice where the memberOf page asks the header for every $filter, directory_collections.go)
//	GET  /v1.0/users/{id}/memberOf/{cast}               | the same, cast to microsoft.graph.group, .directoryRole, .administrativeUnit, .user, or graph.… | roles and units: an empty collection; another segment answers 400 "Resource not found for the segment"
//	GET  /v1.0/users/{id}/memberOf/{cast}/$count        | the number of objects of the cast, as plain text        | needs ConsistencyLevel: eventual, else 400 "$count is not currently supported."
//	GET  /v1.0/users/{id}/transitiveMemberOf            | groups held directly or through other groups            | nested groups followed; query options as memberOf
//	GET  /v1.0/users/{id}/transitiveMemberOf/{cast}     | the same, cast                                          | as memberOf/{cast}
//	GET  /v1.0/users/{id}/transitiveMemberOf/{cast}/$count | the number, as plain text                            | as memberOf/{cast}/$count
//	POST /v1.0/users/{id}/checkMemberGroups             | which of up to 20 group ids hold the user, transitively | as documented, nested groups followed
//	POST /v1.0/users/{id}/revokeSignInSessions          | invalidate the user's sessions; {"value": true}         | sets signInSessionsValidFromDateTime; User.RevokeSessions.All or User.ReadWrite.All
//	GET  /v1.0/users/{id}/sponsors                      | list sponsors (users and groups)                        | as documented
//	POST /v1.0/users/{id}/sponsors/$ref                 | add a sponsor by @odata.id; 204                         | a second add answers the duplicate-reference 400
//	DELETE /v1.0/users/{id}/sponsors/{sid}/$ref         | remove a sponsor; 204                                   | 404 when not a sponsor
//	POST /v1.0/users/{id}/extensions                    | add an open extension (openTypeExtension); 201           | at most 2 per user; a second of one name answers 409 NameAlreadyExists (a choice)
//	GET  /v1.0/users/{id}/extensions/{name}             | get an open extension by its name                       | 404 Request_ResourceNotFound when the user has none of that name
//	DELETE /v1.0/users/{id}/extensions/{name}           | delete an open extension; 204                           | 404 as for GET
//	PATCH /v1.0/users/{id}/extensions/{name}            | update an open extension's data; 204                    | 404 as for GET; data over 2 KB answers 400 Request_BadRequest (a choice), as on POST
//	GET  /v1.0/users/{id}/appRoleAssignments            | list the user's app role assignments                    | as documented
//	GET  /v1.0/users/{id}/appRoleAssignments/{aid}      | get one assignment                                      | 404 unless it is the user's
//	POST /v1.0/users/{id}/appRoleAssignments            | assign; 201                                             | the duplicate and unknown-role 400s of this doc
//	DELETE /v1.0/users/{id}/appRoleAssignments/{aid}    | remove; 204                                             | 404 unless it is the user's
//	GET  /v1.0/groups                                   | list groups                                             | one page
//	GET  /v1.0/groups/{id}                              | get a group                                             | as documented
//	PATCH /v1.0/groups/{id}                             | displayName; members@odata.bind adds up to 20 members; 204 | whole or nothing, each reference checked as members/$ref checks one; more than 20 answers 400 (a choice: Graph gives the limit, not its error); other writable group properties answer 501 NotImplemented (a choice, group_patch.go)
//	GET  /v1.0/groups/{id}/members                      | list members; $filter, $select, $count=true, /$count, $top | users and groups; query options as memberOf; pages of 100 by default, $top up to 999, as users (directory_collections.go)
//	GET  /v1.0/groups/{id}/members/{cast}               | the same, cast to microsoft.graph.user, .group, .servicePrincipal, .device, .orgContact, .application | the last four: an empty collection
//	GET  /v1.0/groups/{id}/members/{cast}/$count        | the number, as plain text                               | as memberOf/{cast}/$count
//	GET  /v1.0/directoryObjects/{id}                    | a user or group by id, with its @odata.type             | as documented
//	GET  /v1.0/directoryObjects/{id}/{cast}             | the same, cast                                          | 404 when the object is of another type
//	POST /v1.0/groups/{id}/members/$ref                 | add a member (a user, or a group: nested groups) by @odata.id; 204 | duplicate answers 400 "already exist"; a lagging user the documented 400
//	DELETE /v1.0/groups/{id}/members/{mid}/$ref         | remove a member; 204                                    | 404 when not a member
//	GET  /v1.0/tenantRelationships/{function}          | findTenantInformationByDomainName(domainName='…') and findTenantInformationByTenantId(tenantId='…') | the caller's own tenant and the seed's external tenants; the choices below
//	GET  /v1.0/policies/authorizationPolicy             | who may invite, guests' access, email-verified joining | the singleton; the documented properties, defaults until written
//	PATCH /v1.0/policies/authorizationPolicy            | change the properties the update page lists; 204        | body read as Graph's reader does (write_schema.go); allowInvitesFrom none refuses every invitation
//	GET  /beta/policies/b2bManagementPolicies           | the domain allow or deny list for invitations (beta only) | one policy (@odata.type, GUID id, displayName, description, definition, isOrganizationDefault); its definition is a JSON string; 400 under /v1.0
//	GET  /beta/policies/b2bManagementPolicies/{id}      | the policy by id (beta only)                            | as in the list; 404 for another id
//	PATCH /beta/policies/b2bManagementPolicies/{id}     | definition, displayName, description, isOrganizationDefault; 200 and the updated policy (beta only) | body read as the update page's type; an allow list or a deny list, not both; invitations follow it while it is the organization default
//	GET  /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email | the email one-time passcode method | state and allowExternalIdToUseEmailOtp, `default` until changed; Policy.Read.AuthenticationMethod, Policy.Read.All or the ReadWrite one
//	PATCH /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email | change it; 204 | body read as Graph's reader does (write_schema.go); Policy.ReadWrite.AuthenticationMethod
//	GET  /v1.0/policies/crossTenantAccessPolicy         | the cross-tenant access policy itself                   | id, displayName and allowedCloudEndpoints, the v1.0 type's properties; no other cloud allowed (a choice)
//	GET  /v1.0/policies/crossTenantAccessPolicy/default | the tenant's default cross-tenant settings            | the system default until changed; isServiceDefault; invitationRedemptionIdentityProviderConfiguration
//	PATCH /v1.0/policies/crossTenantAccessPolicy/default | replace the named settings; 204                       | body read as Graph's reader does; checked as on a partner; isServiceDefault read-only, then false
//	POST /v1.0/policies/crossTenantAccessPolicy/default/resetToSystemDefault | back to the system default; 204  | as documented
//	GET  /v1.0/policies/crossTenantAccessPolicy/partners | list partner configurations                            | one page
//	POST /v1.0/policies/crossTenantAccessPolicy/partners | create one for a tenant id; 201                         | the tenant must exist; a live or deleted one for the tenant answers 409 (a choice)
//	GET  /v1.0/policies/crossTenantAccessPolicy/partners/{tenantId} | get one                                       | 404 Request_ResourceNotFound when there is none
//	PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{tenantId} | replace the named properties; 204            | body read as Graph's reader does; outbound targets checked; all or nothing
//	DELETE /v1.0/policies/crossTenantAccessPolicy/partners/{tenantId} | delete; 204                                 | it stays in deleted items for 30 days (a choice)
//	GET  /beta/policies/deletedItems/crossTenantPartners | deleted partner configurations (beta only); applications: not supported | 403 Authorization_RequestDenied to every app-only token; 400 under /v1.0 (deleted_partners.go)
//	DELETE /beta/policies/deletedItems/crossTenantPartners/{tenantId} | purge one (beta only); applications: not supported | as the list
//	POST /beta/policies/deletedItems/crossTenantPartners/{tenantId}/restore | restore one (beta only); applications: not supported | as the list
//	GET  /v1.0/servicePrincipals                        | list; $filter                                           | appId eq only
//	GET  /v1.0/servicePrincipals/{id}                   | get a service principal                                 | as documented
//	GET  /v1.0/servicePrincipals/{id}/appRoleAssignedTo | list assignments granted for the app                    | as documented
//	GET  /v1.0/servicePrincipals/{id}/appRoleAssignedTo/{aid} | get one                                           | 404 unless it is the app's
//	POST /v1.0/servicePrincipals/{id}/appRoleAssignedTo | assign; 201                                             | as the user side
//	DELETE /v1.0/servicePrincipals/{id}/appRoleAssignedTo/{aid} | remove; 204                                     | 404 unless it is the app's
//	GET  /redeem/{token}                                | (emulator only) what a guest's click on the redeem URL does | the consent page, which names how the guest signs in, or Accepted at once with automatic redemption; 403 when inbound collaboration blocks the guest, or when no provider of the redemption order or its fallback serves it (redemption.go)
//	POST /redeem/{token}                                | (emulator only) the consent page's Accept               | the guest becomes Accepted, unless inbound collaboration blocks it
//	GET  /_emulator/stats                               | (emulator only) round trips, operations, throttling, budgets spent | JSON
//	GET  /_emulator/clock                               | (emulator only) the tenant's time                        | {"now"} (rehearsal_controls.go)
//	POST /_emulator/clock                               | (emulator only) move the tenant's clock forward          | {"advance": "720h" or "30d"} in, {"now"} out
//	POST /_emulator/sign-ins                            | (emulator only) record a sign-in, as signInActivity shows it | {"user", "ago" or "at", "non_interactive", "failed"} in
//	GET  /_emulator/permissions                         | (emulator only) per app, what its requests needed       | operations, needed, fewest_permissions, why; see PermissionsReport
//	GET  /_emulator/oidc/token                          | (emulator only) GitHub Actions' token request endpoint  | bearer request token in, {"value": jwt} out
//	POST /_emulator/ado/oidctoken                       | (emulator only) Azure Pipelines' SYSTEM_OIDCREQUESTURI  | {"oidcToken": jwt}
//
// # References
//
// The reference pages each route follows (learn.microsoft.com/graph/…):
//
//	token, OpenID metadata, managed identity | https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow, https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token
//	invitations                              | https://learn.microsoft.com/graph/api/invitation-post
//	users: list, get, update, delete         | https://learn.microsoft.com/graph/api/user-list, …/api/user-get, …/api/user-update, …/api/user-delete, …/api/resources/user
//	paging and $top                          | https://learn.microsoft.com/graph/paging, https://learn.microsoft.com/graph/api/user-list
//	advanced queries, $count, casts          | https://learn.microsoft.com/graph/aad-advanced-queries, https://learn.microsoft.com/graph/api/user-list-memberof, …/api/user-list-transitivememberof, …/api/group-list-members
//	checkMemberGroups                        | https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
//	revokeSignInSessions, signInActivity     | https://learn.microsoft.com/graph/api/user-revokesigninsessions, …/api/resources/signinactivity
//	sponsors                                 | https://learn.microsoft.com/graph/api/user-list-sponsors, …/api/user-post-sponsors, …/api/user-delete-sponsors
//	open extensions                          | https://learn.microsoft.com/graph/api/opentypeextension-post-opentypeextension, …/api/opentypeextension-update, https://learn.microsoft.com/graph/extensibility-overview
//	app role assignments                     | https://learn.microsoft.com/graph/api/user-post-approleassignments, …/api/serviceprincipal-post-approleassignedto
//	groups and members (nested groups)       | https://learn.microsoft.com/graph/api/group-post-members, …/api/group-delete-members
//	directoryObjects                         | https://learn.microsoft.com/graph/api/directoryobject-get
//	tenant lookup                            | https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname, …/api/tenantrelationship-findtenantinformationbytenantid
//	authorization policy                     | https://learn.microsoft.com/graph/api/resources/authorizationpolicy, …/api/authorizationpolicy-update
//	B2B management policy (beta)             | https://learn.microsoft.com/graph/api/resources/b2bmanagementpolicy?view=graph-rest-beta, …/api/b2bmanagementpolicy-get?view=graph-rest-beta, …/api/b2bmanagementpolicy-update?view=graph-rest-beta
//	cross-tenant access policy and default   | https://learn.microsoft.com/graph/api/crosstenantaccesspolicy-get, …/api/crosstenantaccesspolicyconfigurationdefault-update, …/api/crosstenantaccesspolicyconfigurationdefault-resettosystemdefault
//	cross-tenant partners                    | https://learn.microsoft.com/graph/api/crosstenantaccesspolicy-post-partners, …/api/crosstenantaccesspolicyconfigurationpartner-get, …/api/crosstenantaccesspolicyconfigurationpartner-update, …/api/crosstenantaccesspolicyconfigurationpartner-delete
//	deleted partners (beta)                  | https://learn.microsoft.com/graph/api/policydeletableitem-delete?view=graph-rest-beta, …/api/resources/policydeletableroot?view=graph-rest-beta
//	errors, throttling, $batch               | https://learn.microsoft.com/graph/errors, …/throttling, …/throttling-limits, …/json-batching
//
// # Budgets
//
// Graph's throttling limits for the identity and access service
// (https://learn.microsoft.com/graph/throttling-limits, "Identity and
// access service limits"), each switched on by a field of Faults and a flag
// of the graphemu command (on there by default), and answered with 429
// TooManyRequests, Retry-After, x-ms-throttle-scope and
// x-ms-throttle-information when spent (budgets.go):
//
//	invitations      | 150 per 5 s for the tenant, all apps together       | Faults.InviteThrottle, -invite-throttle
//	writes, app      | 3,000 per 2 min 30 s for one app in the tenant      | Faults.AppWriteBudget, -app-write-budget
//	writes, tenant   | 18,000 per 5 min for the tenant, all apps together  | Faults.TenantWriteBudget, -tenant-write-budget
//	resource units   | 3,500 / 5,000 / 8,000 per 10 s for one app in a tenant of under 50 / 50 to 500 / over 500 users | Faults.ReadBudget, -read-budget; Faults.TenantSize, -tenant-size
//
// A request costs the resource units of the page's table: 1, or 2 for GET
// users, users/{id}/memberOf, transitiveMemberOf, licenseDetails and
// ownedObjects and servicePrincipals/{id}/appRoleAssignments, 3 for GET
// groups/{id}/members, 5 for transitiveMembers, 4 for POST checkMemberGroups,
// and the other rows as listed; $select takes 1 off, $expand adds 1, $top
// under 20 takes 1 off, and no request costs less than 1. A POST (but the
// table's reads), PATCH, PUT or DELETE also costs 1 write. Each answer
// carries its units in x-ms-resource-unit, and Stats adds them up.
//
// # Choices where Graph is not documented
//
// Where Microsoft documents no behaviour, the emulator decides so:
//
//   - Inviting an email that already belongs to a user (mail, otherMails or the
//     UPN) returns 201 with that user's id in invitedUser. The status is
//     "Completed" when the user has accepted or is not a guest, and
//     "PendingAcceptance" otherwise. No second user is created.
//   - customizedMessageBody has no documented length limit, and the emulator
//     sets none: it invents no error that Graph does not document.
//   - The tenant lookup answers a domain that no tenant holds, and a tenant
//     id that no tenant has, with 404 Request_ResourceNotFound; a tenant id
//     that is not a GUID gets 400. Graph documents neither answer. The
//     caller's own tenant is found by its id and by the seed's domain, as
//     on Graph; since the seed names no organization, its displayName is
//     the domain's first label ("contoso").
//   - An invitation to a domain that the B2B management policy's lists refuse
//     (on the deny list, or missing from an allow list) gets 400 BadRequest
//     "The invitation to <email> is not allowed by the collaboration
//     restrictions of this organization." Graph documents the lists, not
//     the text of its refusal. A redemption reset (resetRedemption with
//     invitedUser.id) to such an address is refused alike, with the same
//     status and body: it is an invitation, which the lists govern. The
//     policy's id is the GUID 5c2b1a7e-8d3f-4e6a-9b0c-1f2e3d4c5b6a, and
//     until written its displayName and description are
//     "B2BManagementPolicy". The definition's other policies
//     (PreviewPolicy, AutoRedeemPolicy, …) are kept as written. The update
//     page's example sends isOrganizationDefault as the string "true"; the
//     property is Boolean and the emulator, as an OData reader, refuses the
//     string with the wrong-type 400 of write_schema.go. Reading it needs
//     Policy.Read.B2BManagementPolicy (or the ReadWrite one), writing it
//     Policy.ReadWrite.B2BManagementPolicy, as Graph's beta reference says.
//   - A deleted cross-tenant partner configuration stays in deleted items
//     for 30 days, where it still holds its tenant: a POST for that tenant
//     answers 409 Conflict, as one for a tenant with a live configuration
//     does. Graph documents deleted items for these configurations, and that
//     an application cannot restore or purge them, but not what a create
//     meanwhile answers. PurgeDeletedPartner stands for an administrator's
//     permanent delete.
//   - An invitation in a tenant whose B2B invitations are switched off gets 403
//     Authorization_RequestDenied "Guest invitations not allowed for your
//     company. Contact your company administrator for more details."
//   - Sign-in activity (sign_in_activity.go): AuditLog.Read.All is checked
//     before the license; a $filter that puts signInActivity beside another
//     property answers 400 Request_UnsupportedQuery; values are filled at
//     once, where Graph's lag by hours.
//   - The tenant has its own clock (clock.go), which a test or the
//     -clock-ahead flag moves forward; the Date header of Graph answers
//     tells it.
//   - A seed's settings (seed_settings.go: authorization_policy,
//     invitation_domains, email_method, cross_tenant_defaults, partners) are
//     Graph's own request bodies, which the emulator sends at start to the
//     routes that write them, with no permission asked; a body a route
//     refuses stops the start with the seed field's name and the route's
//     message. A seeded default is a changed one (isServiceDefault false),
//     as after a PATCH. A field the seed file does not know stops the start.
//   - With a state directory (persist.go) the tenant, its clock's advance
//     and its address outlive the process: every request that may write is
//     saved to tenant.json (a temporary file renamed over the last) before
//     its answer ends, and so is the tenant at Close. A restart reads it
//     instead of the seed and listens where it did when that port is free.
//     Tokens, the throttling window and the statistics start afresh.
//   - Replication lag: for Options.ReplicationLag after an invite, the new user
//     is invisible. GET /users/{id}, memberOf and appRoleAssignments answer the
//     404 Request_ResourceNotFound shape; adding it to a group answers 400 "The
//     source resource object or one of the objects being referenced don't
//     exist."; assigning it an app role answers 400 "Not a valid reference
//     update." (the error seen in msgraph-sdk-dotnet#2508).
//   - A duplicate app role assignment answers 400 Request_BadRequest
//     "Permission being assigned already exists on the object"; an unknown
//     appRoleId answers 400 "Permission being assigned was not found on
//     application '<sp id>'".
//   - Removing a group member that is not a member answers 404
//     Request_ResourceNotFound.
//   - Reading memberOf and appRoleAssignments of a user is allowed with
//     User.Read.All as well as with the Directory.* permissions; reading
//     service principals needs Application.Read.All, Directory.Read.All or
//     AppRoleAssignment.ReadWrite.All.
//   - Federated credentials trust assertions signed by the emulator's own
//     OIDC issuer (Server.IssuerURL, which also serves a GitHub-Actions-style
//     token request endpoint). Tokens from other issuers cannot be verified
//     offline and are refused with AADSTS700211.
//   - A $batch sub-request that is throttled answers an inner 429 with its own
//     Retry-After; the batch itself answers 200 (the batching page's version).
//   - Graph's budgets (see "Budgets" below) are windows that slide: a
//     request is admitted when what it costs fits beside everything spent
//     in the last window, never more than the limit in any window, where
//     Graph's token bucket may let a burst through. Their Retry-After is
//     when enough of the window's oldest spends have aged out. A refused
//     request spends nothing. POST /invitations spends the invitation
//     manager's budget alone, no identity write. The outer $batch request
//     spends nothing; each of its requests is priced and throttled on its
//     own. Every other Graph route counts as identity and access. The
//     windows run on real time, not on the tenant's clock, which tests
//     move forward by days.
//   - GET /users/{id} takes $expand=memberOf or memberOf($select=id), and no
//     other relationship. The expansion holds at most 20 groups and no
//     nextLink (Graph's known issue says 20, later 100), so a client must
//     list memberOf itself when it gets 20.
//   - Access tokens live for Options.TokenLifetime (one hour by default).
//     Their claims are Entra's for an app-only Graph token: version 1.0
//     (aud https://graph.microsoft.com as one string, iss sts.windows.net,
//     appid, appidacr, idp, idtyp app, oid, sub, tid, roles, wids, times),
//     which Entra issues for Graph from either token endpoint; or, with
//     Options.AccessTokenVersion 2, version 2.0 (aud Graph's application id,
//     iss the v2.0 authority, azp and azpacr instead of appid and
//     appidacr).
//   - PATCH /users/{id} refuses a property it does not know with 400
//     "Property '<name>' does not exist as a declared property or extension
//     property.", and an invalid usageLocation (not two capital letters)
//     with Graph's "Invalid value specified" 400.
//   - The user model (user_model.go): every property of microsoft.graph.user
//     is known, and internal/graph's TestEveryUserPropertyHasGraphsAnswer
//     holds the list to msgraph-sdk-go's model. The emulator acts on id,
//     displayName, mail, otherMails, userPrincipalName (unique: another
//     user's answers 400 "Another object with the same value for property
//     userPrincipalName already exists."), userType, identities,
//     businessPhones (one number at most, as the reference says),
//     accountEnabled, createdDateTime, creationType, externalUserState and
//     its change time, signInActivity, signInSessionsValidFromDateTime and
//     the profile strings of user_profile.go. The other writable properties
//     of the reference's update page (aboutMe, ageGroup, authorizationInfo,
//     birthday, consentProvidedForMinor, customSecurityAttributes,
//     employeeHireDate, employeeLeaveDateTime, employeeOrgData, faxNumber,
//     hireDate, interests, mailNickname, mySite,
//     onPremisesExtensionAttributes, onPremisesImmutableId, passwordPolicies,
//     passwordProfile, pastProjects, preferredDataLocation, preferredName,
//     responsibilities, schools, showInAddressList, skills) are type-checked
//     as write_schema.go checks bodies and kept as written; until written
//     they select null (interests, pastProjects, responsibilities, schools,
//     skills: []). passwordProfile always selects null: a password is never
//     read back. The read-only properties hold no data and select null
//     (assignedLicenses, assignedPlans, imAddresses,
//     licenseAssignmentStates, onPremisesProvisioningErrors,
//     provisionedPlans, proxyAddresses, serviceProvisioningErrors: []):
//     deletedDateTime, deviceEnrollmentLimit, isManagementRestricted,
//     isResourceAccount, lastPasswordChangeDateTime,
//     legalAgeGroupClassification, mailboxSettings, the onPremises*
//     properties, print, securityIdentifier; PATCH of any read-only property
//     answers 400 "Property '<name>' is read-only and cannot be set.".
//     GET /users with aboutMe, birthday, hireDate, interests,
//     mailboxSettings, mySite, pastProjects, preferredName,
//     responsibilities, schools or skills in $select answers 501
//     NotImplemented "This operation target is not yet supported.": the
//     reference for listing users says they are returned only when one user
//     is read, and that is Graph's answer to a list. A relationship
//     (manager, memberOf, …) in $select is left out of the answer, as OData
//     selects a navigation property that is not expanded; in a PATCH body it
//     answers 400 "Property '<name>' is a relationship of
//     'microsoft.graph.user'; it cannot be set with PATCH of the user." (the
//     text is a choice; relationships have routes of their own).
//   - GET /metadata/identity/oauth2/token speaks the managed identity
//     protocol. A request without client_id gets a token for the seed's first
//     app, which stands in for the host's system-assigned identity; with
//     client_id, for that app of the seed.
//   - The cloud metadata document (GET /metadata/endpoints) names the
//     emulator itself as the login endpoint and as Graph, so a client that
//     reads it asks for tokens scoped to the emulator's own address, which
//     the token endpoint accepts beside the real clouds' Graph scopes.
//   - A page of GET /users holds Graph's 100 users, or $top (1 to 999, as
//     the reference for listing users says; another $top answers 400
//     Request_BadRequest "Invalid page size specified: '<top>'. Must be
//     between 1 and 999 inclusive.", the text Graph sends), and with
//     signInActivity selected at most 120. Options.PageSize, when a test
//     sets it, caps every page further, so that paging happens on a small
//     tenant.
//   - A POST or PATCH body of a cross-tenant partner configuration, of the
//     default cross-tenant settings or of the authorization policy is read
//     as Graph's OData reader reads the object's type (write_schema.go, which
//     internal/graph's model judge holds to msgraph-sdk-go's models): before
//     anything is stored, it answers 400 Request_BadRequest, the code Graph
//     documents for a bad request to the directory, with "Property '<name>'
//     does not exist on type '<type>'." for a property the type does not
//     declare (isServiceProvider on the default is one), "Cannot convert the
//     literal '<value>' to the expected type 'Edm.Boolean' of property
//     '<path>'." (or Edm.String, Edm.Guid) for a wrong JSON type, "The value
//     '<value>' of property '<path>' is not a member of the enum type
//     '<enum>'." for an enum value the type does not list (unknownFutureValue
//     included, which the reference says not to send), and "Invalid value
//     for property '<path>': an object of type '<type>' is expected." (or a
//     collection) for a wrong shape. Graph documents that it refuses such
//     bodies with 400, not the texts. null is taken for any property.
//   - A partner configuration whose automatic redemption follows the
//     default answers {"inboundAllowed": null, "outboundAllowed": null}, as
//     the reference's examples do; a null direction follows the default's at
//     redemption.
//   - How a guest redeems (redemption_order.go): the redemption order of the
//     default settings, tried in turn, then its fallback. Entra ID serves a
//     guest whose domain is an external tenant's of the seed; federation
//     and social providers serve no one, since the tenant configures none;
//     the seed's consumer domains say which addresses hold a Microsoft
//     account. A guest that no allowed provider serves (the fallback is
//     emailOneTimePasscode while guests may not use passcodes) gets 403 from
//     the redeem URL and stays PendingAcceptance. The consent page names how
//     the guest will sign in; automatic redemption skips it only for a guest
//     who signs in with Entra ID. Acceptance adds the identity
//     {signInType: federated, issuer: ExternalAzureAD, MicrosoftAccount or
//     mail, issuerAssignedId: the email}; a redemption reset removes it.
//     Graph documents neither duplicates nor an empty list in the order as
//     refused, and the emulator takes both.
//   - The email method's allowExternalIdToUseEmailOtp starts as `default`,
//     which counts as enabled, as in tenants that did not use the preview;
//     its excludeTargets and state are kept as written.
//   - The authorization policy's properties that the emulator does not act
//     on (allowedToUseSSPR, blockMsolPowerShell, allowUserConsentForRiskyApps,
//     allowedToSignUpEmailBasedSubscriptions, defaultUserRolePermissions) are
//     kept as written; a complex value replaces the one held, whole. Until
//     written they answer the reference's example values.
package graphemu
