// Command terraform-provider-b2b serves the b2b provider over Terraform's
// plugin protocol version 6.
package main

import (
	"flag"
	"log"

	"github.com/b2b-guests/terraform-provider-b2b/internal/provider"
	"github.com/b2b-guests/terraform-provider-b2b/internal/server"
)

//go:generate terraform fmt -recursive ./examples/
//go:generate go tool tfplugindocs generate --provider-name b2b

// version is set by the release build with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers such as delve")
	flag.Parse()
	if err := server.Serve("registry.terraform.io/b2b-guests/b2b", provider.New(version), debug); err != nil {
		log.Fatal(err.Error())
	}
}
