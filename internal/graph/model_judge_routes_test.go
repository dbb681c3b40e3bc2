package graph

import (
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// answer is what one emulator route sends back on success, as Microsoft's
// models name it: a model factory, no body at all, or a reason why no
// msgraph-sdk-go model applies.
type answer struct {
	model  absser.ParsableFactory
	noBody bool
	// count is OData's /$count: a number as plain text, which no model
	// describes.
	count bool
	// notGraph is why a route has no msgraph-sdk-go model: it is no Graph
	// route, or Graph serves it only in beta, whose models are not a
	// dependency.
	notGraph string
}

const (
	entraRoute    = "Entra ID's token and metadata side, not Graph"
	emulatorRoute = "the emulator's own route"
	betaOnlyRoute = "beta only: msgraph-sdk-go holds v1.0's models"
)

// answers maps every route in internal/graphemu/routes.go to its answer.
// TestModelsJudgeEmulatorAnswers fails for a route without a row, so every
// new route names its Microsoft model here.
var answers = map[string]answer{
	"POST /invitations":                                {model: models.CreateInvitationFromDiscriminatorValue},
	"GET /users":                                       {model: models.CreateUserCollectionResponseFromDiscriminatorValue},
	"GET /users/{id}":                                  {model: models.CreateUserFromDiscriminatorValue},
	"PATCH /users/{id}":                                {noBody: true},
	"DELETE /users/{id}":                               {noBody: true},
	"GET /users/{id}/memberOf":                         {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"GET /users/{id}/memberOf/{cast}":                  {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"GET /users/{id}/memberOf/{cast}/$count":           {count: true},
	"GET /users/{id}/transitiveMemberOf/{cast}/$count": {count: true},
	"GET /groups/{id}/members/{cast}/$count":           {count: true},
	"GET /users/{id}/transitiveMemberOf":               {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"GET /users/{id}/transitiveMemberOf/{cast}":        {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"POST /users/{id}/checkMemberGroups":               {model: users.CreateItemCheckMemberGroupsPostResponseFromDiscriminatorValue},
	"POST /users/{id}/revokeSignInSessions":            {model: users.CreateItemRevokeSignInSessionsPostResponseFromDiscriminatorValue},
	"GET /users/{id}/sponsors":                         {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"POST /users/{id}/sponsors/$ref":                   {noBody: true},
	"DELETE /users/{id}/sponsors/{sid}/$ref":           {noBody: true},
	"POST /users/{id}/extensions":                      {model: models.CreateExtensionFromDiscriminatorValue},
	"GET /users/{id}/extensions/{name}":                {model: models.CreateExtensionFromDiscriminatorValue},
	"DELETE /users/{id}/extensions/{name}":             {noBody: true},
	"PATCH /users/{id}/extensions/{name}":              {noBody: true},
	"GET /users/{id}/appRoleAssignments":               {model: models.CreateAppRoleAssignmentCollectionResponseFromDiscriminatorValue},
	"GET /users/{id}/appRoleAssignments/{aid}":         {model: models.CreateAppRoleAssignmentFromDiscriminatorValue},
	"POST /users/{id}/appRoleAssignments":              {model: models.CreateAppRoleAssignmentFromDiscriminatorValue},
	"DELETE /users/{id}/appRoleAssignments/{aid}":      {noBody: true},
	"GET /groups":                                      {model: models.CreateGroupCollectionResponseFromDiscriminatorValue},
	"GET /groups/{id}":                                 {model: models.CreateGroupFromDiscriminatorValue},
	"PATCH /groups/{id}":                               {noBody: true},
	"GET /groups/{id}/members":                         {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"GET /groups/{id}/members/{cast}":                  {model: models.CreateDirectoryObjectCollectionResponseFromDiscriminatorValue},
	"GET /directoryObjects/{id}":                       {model: models.CreateDirectoryObjectFromDiscriminatorValue},
	"GET /directoryObjects/{id}/{cast}":                {model: models.CreateDirectoryObjectFromDiscriminatorValue},
	"POST /groups/{id}/members/$ref":                   {noBody: true},
	"DELETE /groups/{id}/members/{mid}/$ref":           {noBody: true},
	"DELETE /groups/{id}/members/{mid}":                {noBody: true},
	"GET /tenantRelationships/{function}":              {model: models.CreateTenantInformationFromDiscriminatorValue},
	"GET /policies/authorizationPolicy":                {model: models.CreateAuthorizationPolicyFromDiscriminatorValue},
	"PATCH /policies/authorizationPolicy":              {noBody: true},
	"GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email":   {model: models.CreateAuthenticationMethodConfigurationFromDiscriminatorValue},
	"PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email": {noBody: true},
	"GET /policies/b2bManagementPolicies":                                                  {notGraph: betaOnlyRoute},
	"GET /policies/b2bManagementPolicies/{id}":                                             {notGraph: betaOnlyRoute},
	"PATCH /policies/b2bManagementPolicies/{id}":                                           {notGraph: betaOnlyRoute},
	"GET /policies/crossTenantAccessPolicy":                                                {model: models.CreateCrossTenantAccessPolicyFromDiscriminatorValue},
	"GET /policies/crossTenantAccessPolicy/default":                                        {model: models.CreateCrossTenantAccessPolicyConfigurationDefaultFromDiscriminatorValue},
	"PATCH /policies/crossTenantAccessPolicy/default":                                      {noBody: true},
	"POST /policies/crossTenantAccessPolicy/default/resetToSystemDefault":                  {noBody: true},
	"GET /policies/crossTenantAccessPolicy/partners":                                       {model: models.CreateCrossTenantAccessPolicyConfigurationPartnerCollectionResponseFromDiscriminatorValue},
	"POST /policies/crossTenantAccessPolicy/partners":                                      {model: models.CreateCrossTenantAccessPolicyConfigurationPartnerFromDiscriminatorValue},
	"GET /policies/crossTenantAccessPolicy/partners/{tenantId}":                            {model: models.CreateCrossTenantAccessPolicyConfigurationPartnerFromDiscriminatorValue},
	"PATCH /policies/crossTenantAccessPolicy/partners/{tenantId}":                          {noBody: true},
	"DELETE /policies/crossTenantAccessPolicy/partners/{tenantId}":                         {noBody: true},
	"GET /policies/deletedItems/crossTenantPartners":                                       {notGraph: betaOnlyRoute},
	"DELETE /policies/deletedItems/crossTenantPartners/{tenantId}":                         {notGraph: betaOnlyRoute},
	"POST /policies/deletedItems/crossTenantPartners/{tenantId}/restore":                   {notGraph: betaOnlyRoute},
	"GET /servicePrincipals":                                                               {model: models.CreateServicePrincipalCollectionResponseFromDiscriminatorValue},
	"GET /servicePrincipals/{id}":                                                          {model: models.CreateServicePrincipalFromDiscriminatorValue},
	"GET /servicePrincipals/{id}/appRoleAssignedTo":                                        {model: models.CreateAppRoleAssignmentCollectionResponseFromDiscriminatorValue},
	"GET /servicePrincipals/{id}/appRoleAssignedTo/{aid}":                                  {model: models.CreateAppRoleAssignmentFromDiscriminatorValue},
	"POST /servicePrincipals/{id}/appRoleAssignedTo":                                       {model: models.CreateAppRoleAssignmentFromDiscriminatorValue},
	"DELETE /servicePrincipals/{id}/appRoleAssignedTo/{aid}":                               {noBody: true},
	"GET /{tenant}/v2.0/.well-known/openid-configuration":                                  {notGraph: entraRoute},
	"POST /{tenant}/oauth2/v2.0/token":                                                     {notGraph: entraRoute},
	"POST /{tenant}/oauth2/token":                                                          {notGraph: entraRoute},
	"GET /metadata/endpoints":                                                              {notGraph: entraRoute},
	"GET /metadata/identity/oauth2/token":                                                  {notGraph: entraRoute},
	"GET /redeem/{token}":                                                                  {notGraph: entraRoute},
	"POST /redeem/{token}":                                                                 {notGraph: entraRoute},
	"GET /_emulator/stats":                                                                 {notGraph: emulatorRoute},
	"GET /_emulator/permissions":                                                           {notGraph: emulatorRoute},
	"GET /_emulator/oidc/token":                                                            {notGraph: emulatorRoute},
	"POST /_emulator/ado/oidctoken":                                                        {notGraph: emulatorRoute},
	"GET /_emulator/clock":                                                                 {notGraph: emulatorRoute},
	"POST /_emulator/clock":                                                                {notGraph: emulatorRoute},
	"POST /_emulator/sign-ins":                                                             {notGraph: emulatorRoute},
}
