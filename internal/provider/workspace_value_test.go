package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// TestWorkspaceValueMatchesTheModel checks that the hand-built state value
// of a listed workspace equals the framework's conversion of the model, for
// workspaces with every attribute set and with most of them empty.
func TestWorkspaceValueMatchesTheModel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var resp datasource.SchemaResponse
	(&WorkspacesDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &resp)
	nested, ok := resp.Schema.Attributes["workspaces"].(schema.ListNestedAttribute)
	if !ok {
		t.Fatal("no workspaces list in the schema")
	}
	objType, ok := nested.NestedObject.Type().(types.ObjectType)
	if !ok {
		t.Fatal("the workspaces element is not an object")
	}
	elem, ok := objType.TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the element's Terraform type is not an object")
	}
	at := time.Date(2026, 11, 22, 9, 30, 15, 123456789, time.UTC)
	for name, w := range map[string]gitpod.Workspace{
		"full": {
			ID: "amber-heron-k2f9x1qz7mw", OrganizationID: "o", OwnerID: "u", ProjectID: "p", Name: "api", ContextURL: "https://github.com/acme/api",
			RepoOwner: "acme", RepoName: "api", GitProvider: "github", GitHost: "github.com", GitRemote: "https://github.com/acme/api.git", Branch: "main",
			Phase: "running", InstanceID: "i", InstanceCreatedAt: at, URL: "https://x", Admission: "owner_only", MachineClass: "m", SSHURL: "ssh://x",
			CreatedAt: at, LastStartedAt: at.Add(time.Hour), ArchivedAt: at.Add(2 * time.Hour),
			Ports: []gitpod.Port{{Port: 3000, Policy: "public", URL: "https://3000-x", Protocol: "https"}, {Port: 8080, URL: "https://8080-x"}},
		},
		"sparse": {ID: "01970a4e-8b2c-7d3e-9f40-a1b2c3d4e5f6", Name: "web"},
	} {
		obj, ds := types.ObjectValueFrom(ctx, objType.AttrTypes, workspaceModel(w))
		if ds.HasError() {
			t.Fatalf("%s: %v", name, ds)
		}
		want, err := obj.ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := workspaceValue(elem, w); !got.Equal(want) {
			t.Errorf("%s: hand-built value\n%s\ndiffers from the model's\n%s", name, got, want)
		}
	}
}
