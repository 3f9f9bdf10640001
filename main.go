// Command terraform-provider-gitpod is the Terraform provider for Gitpod.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider"
)

// The protobuf stubs and the documentation are generated with `make generate`.

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()
	for k, v := range quietSDKLogs(os.Getenv) {
		_ = os.Setenv(k, v)
	}
	if limit, ok := memoryLimit(os.Getenv); ok {
		debug.SetMemoryLimit(limit)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         provider.RegistryAddress,
		Debug:           debugMode,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// defaultMemoryLimit is the soft memory limit the provider runs with unless
// GOMEMLIMIT says otherwise. Ordinary runs stay far below it. A very large
// answer (tens of thousands of workspaces) is copied several times by the
// plugin framework on its way to Terraform; near the limit the Go runtime
// collects those copies sooner, instead of letting the process grow to
// twice its live size. It is soft: nothing fails above it.
const defaultMemoryLimit = 112 << 20

// memoryLimit returns the soft memory limit to set, unless GOMEMLIMIT is
// set (the Go runtime reads that itself).
func memoryLimit(getenv func(string) string) (int64, bool) {
	if getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	return defaultMemoryLimit, true
}

// quietSDKLogs returns the environment to add so that the plugin SDK's own
// trace logs are not produced when nobody will read them. Without TF_LOG (or
// TF_LOG_PROVIDER, or a log path) Terraform discards every line a provider
// logs, yet the SDK still formats a JSON trace line for each step of every
// call; on a 1000-resource plan that was a third of the provider's CPU time.
// Any explicit logging setting leaves everything as it is.
func quietSDKLogs(getenv func(string) string) map[string]string {
	for _, k := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if getenv(k) != "" {
			return nil
		}
	}
	return map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"}
}
