package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*WorkspacesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*WorkspacesDataSource)(nil)
)

// NewWorkspacesDataSource returns the gitpod_workspaces data source.
func NewWorkspacesDataSource() datasource.DataSource { return &WorkspacesDataSource{} }

// WorkspacesDataSource lists the caller's workspaces, every page.
type WorkspacesDataSource struct{ data *providerData }

// WorkspacesDataSourceModel is the gitpod_workspaces data source.
type WorkspacesDataSourceModel struct {
	OrganizationID  types.String     `tfsdk:"organization_id"`
	Phase           types.String     `tfsdk:"phase"`
	ContextURLRegex types.String     `tfsdk:"context_url_regex"`
	OwnerID         types.String     `tfsdk:"owner_id"`
	IDs             []types.String   `tfsdk:"ids"`
	Workspaces      []WorkspaceModel `tfsdk:"workspaces"`
}

func (d *WorkspacesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspaces"
}

func (d *WorkspacesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the provider user's workspaces. It reads every page, 100 workspaces at a time (the most the API serves), and keeps the order the API returns them in. The filters other than `organization_id` are applied by the provider.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Description: "Only workspaces of this organization (team); sent to the API.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"phase": schema.StringAttribute{
				Description: "Only workspaces whose current instance is in this phase. Workspaces without an instance never match.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(WorkspacePhases...)},
			},
			"context_url_regex": schema.StringAttribute{
				Description: "Only workspaces whose context URL matches this RE2 regular expression (unanchored).",
				Optional:    true,
				Validators:  []validator.String{validRegex()},
			},
			"owner_id": schema.StringAttribute{
				Description: "Only workspaces owned by this user ID.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")},
			},
			"ids": schema.ListAttribute{
				Description: "IDs of the matching workspaces, in the same order as `workspaces`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"workspaces": schema.ListNestedAttribute{
				Description:  "The matching workspaces.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: workspaceAttributes(false)},
			},
		},
	}
}

func (d *WorkspacesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *WorkspacesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m WorkspacesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var urlRE *regexp.Regexp
	if !m.ContextURLRegex.IsNull() {
		urlRE = regexp.MustCompile(m.ContextURLRegex.ValueString()) // validated at plan time
	}
	all, err := d.data.client.ListAllWorkspaces(ctx, m.OrganizationID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "workspaces", err)
		return
	}
	m.IDs, m.Workspaces = []types.String{}, []WorkspaceModel{}
	for _, w := range all {
		ws := workspaceFromAPI(w)
		if !m.Phase.IsNull() && !ws.Phase.Equal(m.Phase) {
			continue
		}
		if urlRE != nil && !urlRE.MatchString(ws.ContextURL.ValueString()) {
			continue
		}
		if !m.OwnerID.IsNull() && !ws.OwnerID.Equal(m.OwnerID) {
			continue
		}
		m.IDs = append(m.IDs, ws.ID)
		m.Workspaces = append(m.Workspaces, ws)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
