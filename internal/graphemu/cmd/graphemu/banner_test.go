package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func TestBannerPrintsTheEndpointAsExported(t *testing.T) {
	srv, err := graphemu.Start(graphemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	var out bytes.Buffer
	printBanner(&out, srv)
	want := "  graph endpoint: " + srv.Env()["B2B_GRAPH_ENDPOINT"] + " "
	if !strings.Contains(out.String(), want) {
		t.Errorf("the banner does not print B2B_GRAPH_ENDPOINT as exported (%q):\n%s", want, out.String())
	}
}
