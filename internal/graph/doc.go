// Package graph is the only code in the provider that talks to Microsoft
// Graph. It wraps msgraph-sdk-go and azidentity in a few typed operations in
// the provider's own words (guests, memberships, app role assignments), maps
// Graph's errors to kinds a resource can act on, and owns retries, pacing and
// $batch. SDK types end at this package's boundary.
//
// The rest of this comment records what Microsoft Graph, Entra ID and the
// SDKs do that the code relies on, from Microsoft's v1.0 reference and from
// running the SDKs against a local TLS server. Comments across the
// repository (the emulator's included) point at its headings. Each fact
// names the page of Microsoft's reference it was checked against.
//
// # Invitations
//
//   - POST /invitations answers 201 with the invitation; the user is
//     invitedUser.id, not the invitation's own id, which nothing can read back
//     (https://learn.microsoft.com/graph/api/invitation-post).
//   - invitedUserEmailAddress refuses ~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : " < > ? ,
//     and a . or - at the start or end of the user name; _ is allowed
//     (https://learn.microsoft.com/graph/api/resources/invitation).
//   - invitedUserMessageInfo takes one cc recipient at most. No limit on the
//     length of customizedMessageBody is documented
//     (https://learn.microsoft.com/graph/api/resources/invitedusermessageinfo).
//   - invitedUserSponsors wants bare {"id": …} references; the SDK's typed
//     setter serialises whole directory objects instead
//     (https://learn.microsoft.com/graph/api/resources/invitation, invitedUserSponsors).
//   - Inviting an email that already has a user answers with that user; what
//     the status is then is not documented
//     (https://learn.microsoft.com/entra/external-id/customize-invitation-api).
//   - resetRedemption needs invitedUser.id and User.ReadWrite.All, keeps the
//     object id, groups and app roles, and resets only to an address the user
//     already has in mail or otherMails
//     (https://learn.microsoft.com/entra/external-id/reset-redemption-status).
//   - The invitation manager takes 150 invitations per 5 s per tenant, for
//     all apps together (https://learn.microsoft.com/graph/throttling-limits).
//
// # Users
//
//   - A user's sponsors (users or groups) are listed at
//     /users/{id}/sponsors, added with POST …/sponsors/$ref and removed with
//     DELETE …/sponsors/{id}/$ref; a user or a list of users takes
//     $expand=sponsors($select=id). Reading needs User.Read.All, changing
//     User.ReadWrite.All. Graph v1.0 offers the sponsors API in the global
//     cloud only, not in the US Government or China clouds
//     (https://learn.microsoft.com/graph/api/user-list-sponsors, https://learn.microsoft.com/graph/api/user-post-sponsors).
//   - PATCH /users/{id} takes givenName, surname, jobTitle, department,
//     companyName, usageLocation (two capital letters), employeeType and
//     accountEnabled, with User.ReadWrite.All; a property sent as null is
//     cleared. department, companyName, usageLocation, employeeType and
//     accountEnabled come back only when $select names them
//     (https://learn.microsoft.com/graph/api/user-update, https://learn.microsoft.com/graph/api/resources/user).
//   - Every property of the user model is selectable. aboutMe, birthday,
//     hireDate, interests, mailboxSettings, mySite, pastProjects,
//     preferredName, responsibilities, schools and skills are returned only
//     when one user is read; a list that selects one answers 501
//     NotImplemented (https://learn.microsoft.com/graph/api/user-list, optional query parameters).
//     A PATCH of a read-only property answers 400.
//   - userType, externalUserState (PendingAcceptance or Accepted),
//     externalUserStateChangeDateTime, creationType, otherMails and
//     identities come back only when $select names them
//     (https://learn.microsoft.com/graph/api/resources/user).
//   - These filters work without an advanced query: userType eq,
//     externalUserState eq, mail eq and startsWith, otherMails/any(…),
//     creationType eq. endsWith, ne, not and $count need the header
//     ConsistencyLevel: eventual and $count=true, and answer 400
//     Request_UnsupportedQuery without them. createdDateTime is not among the
//     default filters (https://learn.microsoft.com/graph/aad-advanced-queries).
//   - A guest's UPN holds #EXT#; the '#' must reach Graph as %23 in a path
//     (https://learn.microsoft.com/graph/api/user-get).
//   - A page of users holds 100 by default; $top goes from 1 to 999, and
//     further pages come as an absolute @odata.nextLink
//     (https://learn.microsoft.com/graph/api/user-list, https://learn.microsoft.com/graph/paging).
//   - DELETE /users/{id} moves the user to deleted items for 30 days, with
//     its memberships (https://learn.microsoft.com/graph/api/user-delete).
//
// # Group members and app role assignments
//
//   - POST /groups/{id}/members/$ref answers 204; its members may be users
//     or groups (nested groups). Adding a member twice answers 400 ("One or
//     more added object references already exist" is the text seen, not
//     documented); removing one that is not a member answers 404
//     (https://learn.microsoft.com/graph/api/group-post-members, https://learn.microsoft.com/graph/api/group-delete-members).
//   - PATCH /groups/{id} with members@odata.bind adds up to 20 members in
//     one request, with the same permission, and adds none of them if any
//     fails (https://learn.microsoft.com/graph/api/group-post-members). It
//     is one request, so it costs one write of the app's budget where 20
//     members/$ref requests cost 20 (group_binds.go).
//   - DELETE /groups/{id}/members/{id} without /$ref deletes the user itself
//     when the app holds User.ReadWrite.All (https://learn.microsoft.com/graph/api/group-delete-members);
//     only the /$ref form is ever sent.
//   - memberOf, transitiveMemberOf and members take casts
//     (microsoft.graph.group, .user, .directoryRole, …), and $filter,
//     $count=true and the /$count segment as advanced queries, with
//     ConsistencyLevel: eventual (https://learn.microsoft.com/graph/api/user-list-memberof,
//     https://learn.microsoft.com/graph/aad-advanced-queries).
//   - POST /users/{id}/checkMemberGroups is transitive and takes at most 20
//     group ids (https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups).
//   - POST /users/{id}/appRoleAssignments takes principalId, resourceId and
//     appRoleId; the all-zero app role id grants default access to an app
//     without roles. A duplicate answers 400 "Permission being assigned
//     already exists on the object" (the text seen, not documented)
//     (https://learn.microsoft.com/graph/api/user-post-approleassignments).
//   - GET /users/{id}?$expand=memberOf holds at most 20 items and no
//     nextLink, so a user in more groups must be listed through memberOf
//     (https://learn.microsoft.com/graph/known-issues).
//
// # Tenants
//
//   - GET /tenantRelationships/findTenantInformationByDomainName(domainName='…')
//     and findTenantInformationByTenantId(tenantId='…') answer a
//     tenantInformation: tenantId, displayName, defaultDomainName and
//     federationBrandName, the caller's own tenant included. They need
//     CrossTenantInformation.ReadBasic.All, and Graph serves them in every
//     cloud (global, US Government L4 and L5, China). Graph documents no
//     answer for a domain that no tenant holds; a 404 is read as that
//     (https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname,
//     https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbytenantid).
//
// # Cross-tenant access
//
//   - A partner configuration lives at
//     /policies/crossTenantAccessPolicy/partners/{tenantId}: POST creates
//     it (201, with the object), GET reads it, PATCH replaces each top-level
//     property it names (204), DELETE removes it (204). Reading needs
//     Policy.Read.All, writing Policy.ReadWrite.CrossTenantAccess
//     (https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyconfigurationpartner).
//   - A property that is null inherits the tenant's default cross-tenant
//     settings. b2bCollaborationInbound and b2bCollaborationOutbound hold
//     usersAndGroups and applications, each {accessType: allowed|blocked,
//     targets: [{target, targetType}]}, with the keywords AllUsers and
//     AllApplications (and Office365 for applications)
//     (https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyb2bsetting,
//     https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicytarget).
//   - automaticUserConsentSettings (inboundAllowed, outboundAllowed) is
//     automatic redemption: the consent prompt is skipped only where the
//     resource tenant allows it inbound and the home tenant outbound. On a
//     partner that leaves it to the defaults, Graph answers
//     {"inboundAllowed": null, "outboundAllowed": null}: a null direction
//     follows the default, and false is "no" whatever the default says
//     (https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-get,
//     https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-update).
//   - The default settings live at /policies/crossTenantAccessPolicy/default
//     (GET, PATCH 204, POST …/resetToSystemDefault), with isServiceDefault
//     and invitationRedemptionIdentityProviderConfiguration
//     (https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyconfigurationdefault).
//   - A deleted configuration goes to deleted items for a time, and an
//     application can neither restore nor purge it there. Graph does not
//     document what a create for the same tenant answers meanwhile; a 409 is
//     read as that, or as a configuration that exists. The beta routes
//     /policies/deletedItems/crossTenantPartners list, restore and purge
//     them, with application permissions not supported
//     (https://learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-delete,
//     https://learn.microsoft.com/graph/api/policydeletableitem-delete?view=graph-rest-beta).
//
// # Collaboration settings
//
//   - GET|PATCH /policies/authorizationPolicy (v1.0) is a singleton;
//     allowInvitesFrom is none, adminsAndGuestInviters,
//     adminsGuestInvitersAndAllMembers or everyone; guestUserRoleId is one of
//     three role ids (same as members, limited, restricted);
//     allowEmailVerifiedUsersToJoinOrganization is a bool. Writing needs
//     Policy.ReadWrite.Authorization. It also carries allowedToUseSSPR,
//     blockMsolPowerShell, allowUserConsentForRiskyApps,
//     allowedToSignUpEmailBasedSubscriptions and defaultUserRolePermissions
//     (https://learn.microsoft.com/graph/api/resources/authorizationpolicy,
//     https://learn.microsoft.com/graph/api/authorizationpolicy-update).
//   - The domain allow or deny list for invitations is served in beta only,
//     as /policies/b2bManagementPolicies, whose definition is a JSON string
//     holding B2BManagementPolicy.InvitationsAllowedAndBlockedDomainsPolicy
//     with AllowedDomains or BlockedDomains. Reading needs
//     Policy.Read.B2BManagementPolicy, writing
//     Policy.ReadWrite.B2BManagementPolicy; both in the global cloud only.
//     Its definition may hold other policies (PreviewPolicy,
//     AutoRedeemPolicy), and PATCH replaces the definition whole, so a new
//     list is written beside what was read; PATCH answers 200 with the
//     policy (https://learn.microsoft.com/graph/api/resources/b2bmanagementpolicy?view=graph-rest-beta,
//     https://learn.microsoft.com/graph/api/b2bmanagementpolicy-update?view=graph-rest-beta,
//     https://learn.microsoft.com/entra/external-id/allow-deny-list).
//
// # How guests redeem
//
//   - The default cross-tenant settings hold
//     invitationRedemptionIdentityProviderConfiguration:
//     primaryIdentityProviderPrecedenceOrder, the providers tried in order
//     (azureActiveDirectory, externalFederation, socialIdentityProviders),
//     and fallbackIdentityProvider for guests none of them serves
//     (defaultConfiguredIdp: a Microsoft account the guest has, else a
//     one-time passcode if enabled, else a new Microsoft account;
//     emailOneTimePasscode; microsoftAccount). The system default is
//     externalFederation, azureActiveDirectory, socialIdentityProviders
//     with defaultConfiguredIdp. It is written with PATCH of the default,
//     Policy.ReadWrite.CrossTenantAccess (reference:
//     crossTenantAccessPolicyConfigurationDefault, "Update", example 2), and
//     resetToSystemDefault puts the system default back. Graph does not
//     document what it answers to a provider listed twice or to an empty
//     order.
//   - Email one-time passcodes for guests:
//     GET|PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email,
//     an emailAuthenticationMethodConfiguration whose
//     allowExternalIdToUseEmailOtp is default, enabled or disabled
//     (unknownFutureValue is not to be sent); default is enabled in tenants
//     that did not use the preview. The PATCH body names
//     #microsoft.graph.emailAuthenticationMethodConfiguration as its
//     @odata.type. Reading needs Policy.Read.All (or
//     Policy.Read.AuthenticationMethod), writing
//     Policy.ReadWrite.AuthenticationMethod.
//   - What a guest redeemed with shows in its identities (selected
//     explicitly) as a federated identity whose issuer Entra's user
//     properties page lists: ExternalAzureAD (an account of another
//     Microsoft Entra organization), MicrosoftAccount, mail (a one-time
//     passcode by email), google.com or facebook.com, or the issuer of a
//     SAML/WS-Fed identity provider. Before redemption a guest holds only
//     the identity of the tenant's own domain. The objectIdentity reference
//     says instead that for guests of another Entra organization the issuer
//     is that organization's domain, such as contoso.com; so an issuer that
//     is a domain name, and none of the above, is read as Entra ID too, and
//     any other (a URI) as a SAML/WS-Fed federation.
//     identities/any(i:i/issuer eq '…') is a default filter.
//
// # Errors, throttling and $batch
//
//   - Errors are OData bodies: {"error":{"code","message","innerError":{"request-id",…}}}
//     (https://learn.microsoft.com/graph/errors).
//   - A directory object that does not exist answers 404
//     Request_ResourceNotFound, "Resource '<id>' does not exist or one of its
//     queried reference-property objects are not present.", naming the object:
//     the user of the path, or a group or sponsor that a request refers to
//     (the text seen in practice; https://learn.microsoft.com/graph/aad-advanced-queries shows it).
//   - 429 carries Retry-After in seconds; kiota retries 429, 503 and 504
//     three times by default (https://learn.microsoft.com/graph/throttling).
//   - $batch takes at most 20 requests. Each is throttled on its own and may
//     answer an inner 429 with its own Retry-After while the batch answers
//     200; the SDKs do not retry inside a batch. A request whose dependsOn
//     failed answers 424 (https://learn.microsoft.com/graph/json-batching).
//   - The identity and access service budgets one app in one tenant to
//     3,000 writes per 2 min 30 s and 3,500, 5,000 or 8,000 resource units
//     per 10 s in a tenant of under 50, up to 500 or more users; the tenant
//     to 18,000 writes per 5 minutes from all apps. A request costs the
//     units of the page's table (GET users 2, users/{id}/memberOf 2,
//     groups/{id}/members 3, checkMemberGroups 4, any other 1; $select -1,
//     $expand +1, $top under 20 -1; never under 1), and a POST, PATCH, PUT or
//     DELETE one write besides; each request of a $batch counts
//     (https://learn.microsoft.com/graph/throttling-limits, "Identity and
//     access service limits").
//
// # Eventual consistency
//
// A write to Entra ID does not promise that the next read sees it, and no
// delay is documented for guests made by invitation. Meanwhile a new user
// reads as 404 Request_ResourceNotFound, adding it to a group answers 400
// "The source resource object or one of the objects being referenced don't
// exist.", and assigning it an app role answers 400 "Not a valid reference
// update.". All three are worth retrying with backoff
// (https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/,
// https://learn.microsoft.com/graph/api/group-post-members).
//
// # Tokens and clouds
//
//   - Each cloud has its own Graph host and authority (global:
//     graph.microsoft.com and login.microsoftonline.com; US Gov L4:
//     graph.microsoft.us; DoD: dod-graph.microsoft.us, both with
//     login.microsoftonline.us; China: microsoftgraph.chinacloudapi.cn and
//     login.chinacloudapi.cn). The app-only scope is the cloud's Graph host
//     with /.default (https://learn.microsoft.com/graph/deployments).
//   - The authority must be https. MSAL first asks login.microsoftonline.com
//     about any authority it does not know (instance discovery), which
//     leaves the machine; for a custom host that must be switched off. The
//     issuer of the tenant's OpenID document must have the authority's
//     scheme, host and port. The hosts MSAL trusts without discovery are
//     login.microsoftonline.com, login.microsoft.com, login.windows.net,
//     login.microsoftonline.us, login.usgovcloudapi.net,
//     login.chinacloudapi.cn and login.partner.microsoftonline.cn.
//   - A custom or private cloud publishes its endpoints in a cloud metadata
//     document, GET https://{metadata host}/metadata/endpoints?api-version=2022-09-01:
//     one JSON object whose authentication.loginEndpoint is the authority and
//     whose microsoftGraphResourceId is both Graph's address and the
//     resource its tokens are for. The azuread provider's metadata_host
//     reads the same document.
//   - A managed identity token endpoint (the instance metadata service,
//     http://169.254.169.254/metadata/identity/oauth2/token) takes a GET with
//     the header "Metadata: true" and the query api-version=2018-02-01,
//     resource (a resource, not a scope) and, for a user-assigned identity,
//     client_id. It answers access_token with expires_on and expires_in as
//     strings of seconds.
//   - AKS workload identity projects a federated token into the pod and sets
//     AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and
//     AZURE_AUTHORITY_HOST. The token rotates, so the file is read again for
//     every sign-in.
//
// # SDK pitfalls against a custom host
//
//   - The token provider sends a token only to hosts on its list, compared
//     by hostname without port or scheme; any other host gets an empty
//     token without an error.
//   - Handing the SDK a plain http.Client drops its whole middleware chain
//     (retries, $select decoding); a custom transport must be the chain's
//     parent.
//   - The base URL must be set before the service client is built, or the
//     URLs of $batch items come out absolute.
//   - Inside a $batch body an item URL keeps %24select; the server decodes it.
//   - Without an error factory registered for batches, a failed $batch
//     parses to an untyped ApiError.
//   - The default middleware gzips request bodies.
//   - MSAL sends the scope as a space-separated list with openid,
//     offline_access and profile.
package graph
