package main

import (
	"fmt"
	"io"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

// printBanner says where the emulator listens. The Graph endpoint is
// printed exactly as B2B_GRAPH_ENDPOINT takes it, so that it can be copied.
func printBanner(w io.Writer, srv *graphemu.Server) {
	fmt.Fprintf(w, "graphemu serving tenant %s\n", srv.TenantID())
	if srv.Restored {
		// A seed given with a saved tenant is not read: say so, or its
		// changes would seem lost.
		fmt.Fprintf(w, "  restored from:  %s (the seed is not read; delete it to start afresh)\n", srv.SavedTenantPath())
	}
	fmt.Fprintf(w, "  authority host: %s\n  graph endpoint: %s (requests go to /v1.0 below it)\n  CA certificate: %s\n  stats:          %s/_emulator/stats\n  permissions:    %s/_emulator/permissions\n\n",
		srv.URL(), srv.GraphEndpoint(), srv.CAPath(), srv.URL(), srv.URL())
}
