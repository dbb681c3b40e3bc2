// Package graphemu is a small Microsoft Graph and Entra ID token service for
// tests, demos and pipeline rehearsals. It keeps one in-memory tenant behind a
// mutex and serves, over TLS on 127.0.0.1, the token endpoints and the Graph
// v1.0 (and /beta) routes that terraform-provider-b2b uses, with the bodies,
// status codes and error texts that internal/graph's package doc records.
//
// It imports neither internal/graph nor any Microsoft SDK: it is the other side
// of the wire, and tests drive it through the real SDKs.
//
// # Choices where Graph is not documented
//
// Where Microsoft documents no behaviour, the emulator decides so:
//
//   - Inviting an email that already belongs to a user (mail, otherMails or the
//     UPN) returns 201 with that user's id in invitedUser. The status is
//     "Completed" when the user has accepted or is not a guest, and
//     "PendingAcceptance" otherwise. No second user is created.
//   - customizedMessageBody has no length limit on Graph; the emulator refuses a
//     body over 10,000 characters with 400 Request_BadRequest so that the
//     provider's oversized-input path can be exercised.
//   - An invitation in a tenant whose B2B invitations are switched off gets 403
//     Authorization_RequestDenied "Guest invitations not allowed for your
//     company. Contact your company administrator for more details."
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
//   - GET /users/{id} takes $expand=memberOf or memberOf($select=id), and no
//     other relationship. The expansion holds at most 20 groups and no
//     nextLink (Graph's known issue says 20, later 100), so a client must
//     list memberOf itself when it gets 20.
//   - Access tokens live for Options.TokenLifetime (one hour by default).
//   - GET /metadata/identity/oauth2/token speaks the managed identity
//     protocol. A request without client_id gets a token for the seed's first
//     app, which stands in for the host's system-assigned identity; with
//     client_id, for that app of the seed.
//   - The cloud metadata document (GET /metadata/endpoints) names the
//     emulator itself as the login endpoint and as Graph, so a client that
//     reads it asks for tokens scoped to the emulator's own address, which
//     the token endpoint accepts beside the real clouds' Graph scopes.
//   - The page size of GET /users is Options.PageSize (100 by default), or
//     $top when it is smaller.
package graphemu
