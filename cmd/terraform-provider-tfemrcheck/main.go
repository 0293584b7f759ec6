// Command terraform-provider-tfemrcheck is the tfemrcheck Terraform
// provider (registry.terraform.io/tfemrcheck/tfemrcheck): the functions
// provider::tfemrcheck::findings and provider::tfemrcheck::validated and
// the data source tfemrcheck_security_configuration. Terraform starts it;
// run it with -debug to attach a debugger.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tfemrcheck/tfemrcheck/cmd/terraform-provider-tfemrcheck/internal/provider"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "start the provider in debug mode for debuggers such as delve")
	flag.Parse()
	// Rule links in the errors point at this version's documentation.
	rules.SetDocVersion(version)
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         provider.Address,
		Debug:           *debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "terraform-provider-tfemrcheck:", err)
		os.Exit(1)
	}
}
