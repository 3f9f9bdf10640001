package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ datasource.DataSource              = (*TeamsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*TeamsDataSource)(nil)
)

// NewTeamsDataSource returns the gitpod_teams data source.
func NewTeamsDataSource() datasource.DataSource { return &TeamsDataSource{} }

// TeamsDataSource lists the teams the caller can see.
type TeamsDataSource struct{ data *providerData }

// TeamsDataSourceModel is the gitpod_teams data source.
type TeamsDataSourceModel struct {
	Search types.String `tfsdk:"search"`
	IDs    []string     `tfsdk:"ids"`
	Teams  []TeamModel  `tfsdk:"teams"`
}

func (d *TeamsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_teams"
}

func (d *TeamsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the teams the provider's user can see, with their members: on Classic the teams it belongs to, on `gitpod.v1` the teams of the token's organization (every page).",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				Description: "Only teams whose name contains this text, ignoring case (up to 256 characters).",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256)},
			},
			"ids": schema.ListAttribute{Description: "IDs of the teams, in the same order as `teams`.", ElementType: types.StringType, Computed: true},
			"teams": schema.ListNestedAttribute{
				Description:  "The teams.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: teamAttributes()},
			},
		},
	}
}

func (d *TeamsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *TeamsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m TeamsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	search := m.Search.ValueString()
	teams, err := c.Teams(ctx, search)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	var matching []gitpod.Team
	for _, t := range teams {
		if search == "" || strings.Contains(strings.ToLower(t.Name), strings.ToLower(search)) {
			matching = append(matching, t)
		}
	}
	models, err := teamModels(ctx, c, matching)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	m.IDs, m.Teams = make([]string, 0, len(models)), models
	for _, t := range models {
		m.IDs = append(m.IDs, t.ID.ValueString())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
