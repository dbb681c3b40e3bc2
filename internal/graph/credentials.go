package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// federatedAudience is the audience Entra requires of workload identity
// federation tokens.
const federatedAudience = "api://AzureADTokenExchange"

// newCredential picks the credential the configuration asks for, in
// CredentialOrder. Its errors never contain a secret.
func newCredential(c Config, cl Cloud, hc *http.Client) (azcore.TokenCredential, string, error) {
	opts := azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: cl.AuthorityHost + "/"},
		Transport: hc,
		Retry:     policy.RetryOptions{MaxRetries: 2},
	}
	noDiscovery := cl.needsNoDiscovery()
	a := c.Auth
	switch {
	case len(a.ClientCertificate) > 0 || a.ClientCertificatePath != "":
		data := a.ClientCertificate
		if len(data) == 0 {
			var err error
			if data, err = os.ReadFile(a.ClientCertificatePath); err != nil {
				return nil, "", fmt.Errorf("reading client_certificate_path: %w", err)
			}
		}
		certs, key, err := azidentity.ParseCertificates(data, []byte(a.ClientCertificatePassword))
		if err != nil {
			return nil, "", fmt.Errorf("the client certificate could not be read: check the file is a PKCS#12 (.pfx) or PEM bundle with its private key, and that client_certificate_password is right (%s)", sanitizeCertError(err))
		}
		cred, err := azidentity.NewClientCertificateCredential(c.TenantID, c.ClientID, certs, key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: noDiscovery})
		return cred, "client certificate", err
	case a.ClientSecret != "":
		cred, err := azidentity.NewClientSecretCredential(c.TenantID, c.ClientID, a.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: noDiscovery})
		return cred, "client secret", err
	case a.UseOIDC && a.ADOServiceConnectionID != "" && a.OIDCToken == "" && a.OIDCTokenFilePath == "":
		cred, err := azidentity.NewAzurePipelinesCredential(c.TenantID, c.ClientID, a.ADOServiceConnectionID, a.ADOSystemAccessToken,
			&azidentity.AzurePipelinesCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: noDiscovery})
		return cred, "Azure Pipelines OIDC", err
	case a.UseOIDC:
		get, kind, err := assertionSource(a, hc)
		if err != nil {
			return nil, "", err
		}
		cred, err := azidentity.NewClientAssertionCredential(c.TenantID, c.ClientID, get,
			&azidentity.ClientAssertionCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: noDiscovery})
		return cred, kind, err
	case a.UseMSI && a.MSIEndpoint != "":
		return &msiEndpointCredential{endpoint: a.MSIEndpoint, clientID: c.ClientID, hc: hc}, "managed identity (msi_endpoint)", nil
	case a.UseMSI:
		mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: opts}
		if c.ClientID != "" {
			mo.ID = azidentity.ClientID(c.ClientID)
		}
		cred, err := azidentity.NewManagedIdentityCredential(mo)
		return cred, "managed identity", err
	case a.UseCLI:
		cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: c.TenantID})
		return cred, "Azure CLI", err
	}
	return nil, "", errors.New("no credentials configured")
}

// assertionSource returns the callback that yields a federated token: a
// literal token, a file re-read on every call (tokens in files rotate), or
// GitHub Actions' token request endpoint.
func assertionSource(a Auth, hc *http.Client) (func(context.Context) (string, error), string, error) {
	switch {
	case a.OIDCToken != "":
		tok := a.OIDCToken
		return func(context.Context) (string, error) { return tok, nil }, "OIDC token", nil
	case a.OIDCTokenFilePath != "":
		path := a.OIDCTokenFilePath
		return func(context.Context) (string, error) {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("reading oidc_token_file_path: %w", err)
			}
			return strings.TrimSpace(string(b)), nil
		}, "OIDC token file", nil
	case a.OIDCRequestURL != "" && a.OIDCRequestToken != "":
		reqURL, reqToken := a.OIDCRequestURL, a.OIDCRequestToken
		return func(ctx context.Context) (string, error) { return githubToken(ctx, hc, reqURL, reqToken) }, "GitHub Actions OIDC", nil
	}
	return nil, "", errors.New("use_oidc is set, but none of oidc_token, oidc_token_file_path, oidc_request_url with oidc_request_token, or ado_pipeline_service_connection_id is")
}

func githubToken(ctx context.Context, hc *http.Client, reqURL, reqToken string) (string, error) {
	u, err := url.Parse(reqURL)
	if err != nil {
		return "", errors.New("oidc_request_url is not a URL")
	}
	q := u.Query()
	q.Set("audience", federatedAudience)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+reqToken)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("requesting a GitHub Actions OIDC token from %s: %w", u.Host, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("the GitHub Actions OIDC token endpoint at %s answered %d: check that the workflow has `permissions: id-token: write`", u.Host, resp.StatusCode)
	}
	var out struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Value == "" {
		return "", fmt.Errorf("the GitHub Actions OIDC token endpoint at %s gave no token", u.Host)
	}
	return out.Value, nil
}

// sanitizeCertError keeps the parser's reason but never the password.
func sanitizeCertError(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i > 0 {
		msg = msg[:i]
	}
	return msg
}
