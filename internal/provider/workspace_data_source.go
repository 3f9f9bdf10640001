package provider

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

var (
	_ datasource.DataSource              = (*WorkspaceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*WorkspaceDataSource)(nil)
)

// NewWorkspaceDataSource returns the gitpod_workspace data source.
func NewWorkspaceDataSource() datasource.DataSource { return &WorkspaceDataSource{} }

// WorkspaceDataSource reads one of the caller's workspaces.
type WorkspaceDataSource struct{ data *providerData }

func (d *WorkspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *WorkspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads one of the provider user's workspaces by ID: where it came from, and its current instance, phase, URL, admission level and ports.",
		Attributes:  workspaceAttributes(true),
	}
}

func (d *WorkspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *WorkspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg WorkspaceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	out, err := d.data.client.Workspaces.GetWorkspace(ctx, connect.NewRequest(&gitpodv1.GetWorkspaceRequest{WorkspaceId: id}))
	if api.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Workspace not found",
			fmt.Sprintf("Workspace %q was not found. Only the provider user's own workspaces can be read: check the ID, and that the token belongs to the workspace's owner.", id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "workspace "+id, err)
		return
	}
	m := workspaceFromAPI(out.Msg.GetResult())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
