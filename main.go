// Command terraform-provider-supplychain serves the supplychain Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/nexabrands/supplychain/provider"
)

// version is set at build time by ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/nexabrands/supplychain",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
