package graphemu

import "net/http"

// handleCloudMetadata serves Azure's cloud metadata document, so that tools
// built on go-azure-sdk (the azuread provider's metadata_host) can be pointed
// at the emulator too.
func (s *Server) handleCloudMetadata(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"name":                       "AzureCloud",
		"resourceManager":            s.baseURL + "/",
		"microsoftGraphResourceId":   s.baseURL + "/",
		"activeDirectoryDataLake":    "",
		"batch":                      "",
		"gallery":                    "",
		"graph":                      s.baseURL + "/",
		"graphAudience":              graphAudience,
		"management":                 s.baseURL + "/",
		"sqlManagement":              "",
		"vmImageAliasDoc":            "",
		"media":                      "",
		"attestationResourceId":      "",
		"synapseAnalyticsResourceId": "",
		"suffixes":                   map[string]any{"storage": "core.windows.net", "keyVaultDns": "vault.azure.net"},
		"authentication": map[string]any{
			"loginEndpoint":    s.baseURL + "/",
			"audiences":        []string{graphAudience, s.baseURL + "/"},
			"tenant":           "common",
			"identityProvider": "AAD",
		},
	})
}
