// Package server is the serving path of the provider binary: it wraps the
// framework's protocol 6 server the way the released binary runs it, so that
// the acceptance tests' provider factories serve exactly what ships.
package server

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// New returns the factory of the provider's protocol 6 server. With lean
// set, per-resource RPCs run with a context that keeps nothing once they
// return (see leanServer); that is what the binary does when logs are off.
// A provider that is an UnchangedPlanner, a CurrentUpgrader or a
// CurrentReader, or hands one over as a ShortcutProvider, answers the
// plans, upgrades and reads it can before the framework does.
//
// Each server gets a provider of its own, as each Terraform walk starts a
// provider process of its own: what a provider learns when it is configured
// then belongs to one server, even where tests run several side by side.
func New(p func() provider.Provider, lean bool) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		prov := p()
		serve := providerserver.NewProtocol6(prov)()
		if lean {
			serve = wrapLean(serve)
		}
		return wrapShortcuts(serve, prov)
	}
}

// Serve runs the provider as a plugin of Terraform at the registry address,
// until Terraform stops it. It switches off logs nobody reads and tunes the
// garbage collector first, as both decide how lean the server can be.
func Serve(address string, p func() provider.Provider, debug bool) error {
	quiet := SilenceUnreadLogs()
	tuneGC()
	stopProfile := startCPUProfile()
	defer stopProfile()
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, New(p, quiet), opts...)
}
