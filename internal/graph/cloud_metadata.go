package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// cloudFromMetadata reads the cloud metadata document that an Azure metadata
// service publishes (package doc, "Tokens and clouds") and returns its login
// endpoint and Graph. The error names the host and what was wrong, and the
// document holds nothing secret.
func cloudFromMetadata(ctx context.Context, hc *http.Client, host string) (Cloud, error) {
	host = strings.TrimRight(strings.TrimPrefix(strings.TrimSpace(host), "https://"), "/")
	u := "https://" + host + "/metadata/endpoints?api-version=2022-09-01"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Cloud{}, fmt.Errorf("metadata_host %q is not a host name", host)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return Cloud{}, fmt.Errorf("reading the cloud metadata from metadata_host %s: %w", host, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return Cloud{}, fmt.Errorf("the metadata service at metadata_host %s answered %d to GET /metadata/endpoints: check the host name", host, resp.StatusCode)
	}
	var doc struct {
		Name           string `json:"name"`
		Authentication struct {
			LoginEndpoint string `json:"loginEndpoint"`
		} `json:"authentication"`
		MicrosoftGraphResourceID string `json:"microsoftGraphResourceId"`
	}
	// Some metadata services start the document with a byte order mark.
	if err := json.Unmarshal([]byte(strings.TrimPrefix(string(body), "\ufeff")), &doc); err != nil {
		return Cloud{}, fmt.Errorf("the metadata service at metadata_host %s did not answer with a cloud metadata document: %v", host, err)
	}
	login := strings.TrimRight(doc.Authentication.LoginEndpoint, "/")
	graph := strings.TrimRight(doc.MicrosoftGraphResourceID, "/")
	if login == "" || graph == "" {
		return Cloud{}, fmt.Errorf("the cloud metadata from metadata_host %s has no authentication.loginEndpoint or microsoftGraphResourceId, which this provider needs", host)
	}
	return Cloud{GraphEndpoint: graph, AuthorityHost: login, GraphResource: graph}, nil
}
