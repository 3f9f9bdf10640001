package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

var (
	_ datasource.DataSource              = (*WorkspaceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*WorkspaceDataSource)(nil)
)

// NewWorkspaceDataSource returns the gitpod_workspace data source.
func NewWorkspaceDataSource() datasource.DataSource { return &WorkspaceDataSource{} }

// WorkspaceDataSource reads one workspace.
type WorkspaceDataSource struct{ data *providerData }

func (d *WorkspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *WorkspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads one workspace: a Classic workspace, or a `gitpod.v1` environment.",
		Attributes:  workspaceAttributes(true),
	}
}

func (d *WorkspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *WorkspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m WorkspaceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := m.ID.ValueString()
	if c.API() == gitpod.V1 && !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid environment ID",
			fmt.Sprintf("%q looks like a Gitpod Classic workspace ID, but %s names environments by UUID.", id, c.API().Describe()))
		return
	}
	w, err := c.Workspace(ctx, id)
	if gitpod.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Workspace not found",
			fmt.Sprintf("No workspace with ID %s is visible to the provider's user on %s.", id, c.Host()))
		return
	}
	if err != nil {
		addAttributeError(&resp.Diagnostics, path.Root("id"), err)
		return
	}
	out := workspaceModel(w)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
