package graph

// Permissions named in Forbidden errors, least privileged first.
const (
	PermInvite      = "User.Invite.All"
	PermReadUsers   = "User.Read.All"
	PermWriteUsers  = "User.ReadWrite.All"
	PermMembers     = "GroupMember.ReadWrite.All"
	PermAssignments = "AppRoleAssignment.ReadWrite.All"
	PermReadApps    = "Application.Read.All"
	PermReadTenants = "CrossTenantInformation.ReadBasic.All"
	PermReadPolicy  = "Policy.Read.All"

	PermWriteCrossTenant   = "Policy.ReadWrite.CrossTenantAccess"
	PermWriteAuthorization = "Policy.ReadWrite.Authorization"
	PermWriteB2BManagement = "Policy.ReadWrite.B2BManagementPolicy"
	PermReadB2BManagement  = "Policy.Read.B2BManagementPolicy"
	PermWriteAuthMethod    = "Policy.ReadWrite.AuthenticationMethod"
	PermReadAuthMethod     = "Policy.Read.AuthenticationMethod"
)
