package provider

import "github.com/b2b-guests/terraform-provider-b2b/internal/graph"

// signInAdvice names the setting to fix for the AADSTS codes that point at
// one. Entra's own description says what is wrong; it does not know the
// provider's argument and environment variable names.
var signInAdvice = map[string]string{
	"AADSTS90002": "Check tenant_id (or ARM_TENANT_ID): Entra ID knows no tenant by it in this cloud. " +
		"Give the directory (tenant) id of the tenant the app is registered in, and set environment (ARM_ENVIRONMENT) if that tenant is in a national cloud.",
	"AADSTS900023":  "Check tenant_id (or ARM_TENANT_ID): it is neither a tenant id nor a domain of a tenant.",
	"AADSTS700016":  "Check client_id (or ARM_CLIENT_ID), and that tenant_id (or ARM_TENANT_ID) is the tenant the app is registered in.",
	"AADSTS7000215": "Check client_secret (or ARM_CLIENT_SECRET): give the secret's value, not its id.",
}

// signInFailure is the detail of a failed sign-in at Configure: who signed
// in, Entra's answer, and the setting to check where the answer names one.
// It never holds a secret: graph's errors carry none.
func signInFailure(kind, clientID, tenantID string, err error) string {
	detail := "The " + kind + " credential of client " + clientID + " in tenant " + tenantID + " was refused or could not be used: " + err.Error()
	if advice, ok := signInAdvice[graph.SignInCode(err)]; ok {
		detail += "\n\n" + advice
	}
	return detail
}
