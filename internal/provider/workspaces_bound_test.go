package provider_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// endlessEnvironments is a gitpod.v1 server whose ListEnvironments always
// has another page of 100 environments.
func endlessEnvironments(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !strings.HasSuffix(r.URL.Path, "/gitpod.v1.EnvironmentService/ListEnvironments") {
			http.NotFound(w, r)
			return
		}
		n := calls.Add(1)
		var b strings.Builder
		fmt.Fprintf(&b, `{"pagination":{"nextToken":"page-%d"},"environments":[`, n)
		for i := range 100 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"01970a4e-8b2c-7d3e-9f40-%012d","metadata":{"name":"env-%d-%d"},"status":{"phase":"ENVIRONMENT_PHASE_RUNNING"}}`, n*100+int64(i), n, i)
		}
		b.WriteString("]}")
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// TestAccWorkspaces_endlessListingIsBounded: a gitpod.v1 server whose
// listing never ends makes gitpod_workspaces fail once the listing holds
// more than the provider's item bound, long before its page bound, with an
// error that states the bound and the filters that narrow the listing.
// (Classic lists one page of at most 100 and cannot do this.)
func TestAccWorkspaces_endlessListingIsBounded(t *testing.T) {
	srv, calls := endlessEnvironments(t)
	cfg := requiredProviders + fmt.Sprintf(`
provider "gitpod" {
  host  = %q
  api   = "v1"
  token = "gitpod_pat_test"
}

data "gitpod_workspaces" "all" {}
`, srv.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: newTestEnv(t, "v1").factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ExpectError: errorMatching("did not end within the provider's bounds", fmt.Sprintf("more than %d items", gitpod.DefaultListBounds.Items),
				"phase, owner_id, project_id or search"),
		}},
	})
	// The bound is reached after 250 pages of 100 (the 251st passes it):
	// a listing is never held past it. Terraform plans (and refreshes)
	// once per step, so the listing ran at most twice.
	pages := int64(gitpod.DefaultListBounds.Items/100 + 1)
	t.Logf("%d ListEnvironments calls", calls.Load())
	if n := calls.Load(); n == 0 || n%pages != 0 || n > 2*pages {
		t.Errorf("%d ListEnvironments calls, want %d per listing", n, pages)
	}
}
