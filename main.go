// Command terraform-provider-b2b serves the b2b provider over Terraform's
// plugin protocol version 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/b2b-guests/terraform-provider-b2b/internal/provider"
)

//go:generate terraform fmt -recursive ./examples/
//go:generate go tool tfplugindocs generate --provider-name b2b

// version is set by the release build with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers such as delve")
	flag.Parse()
	quiet := silenceUnreadLogs()
	tuneGC()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	serve := providerserver.NewProtocol6(provider.New(version)())
	err := tf6server.Serve("registry.terraform.io/b2b-guests/b2b", func() tfprotov6.ProviderServer {
		if quiet {
			return leanServer{serve()}
		}
		return serve()
	}, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
