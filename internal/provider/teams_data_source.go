package provider

import (
	"context"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

var (
	_ datasource.DataSource              = (*TeamsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*TeamsDataSource)(nil)
)

// NewTeamsDataSource returns the gitpod_teams data source.
func NewTeamsDataSource() datasource.DataSource { return &TeamsDataSource{} }

// TeamsDataSource lists every team the caller belongs to.
type TeamsDataSource struct{ data *providerData }

// TeamsDataSourceModel is the gitpod_teams data source.
type TeamsDataSourceModel struct {
	IDs   []types.String   `tfsdk:"ids"`
	Teams []TeamsListEntry `tfsdk:"teams"`
}

// TeamsListEntry is one team in the list.
type TeamsListEntry struct {
	ID      types.String      `tfsdk:"id"`
	Name    types.String      `tfsdk:"name"`
	Slug    types.String      `tfsdk:"slug"`
	Members []TeamMemberModel `tfsdk:"members"`
}

func (d *TeamsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_teams"
}

func (d *TeamsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists every team the provider's user belongs to, with their members, in the order the API returns them.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.ListAttribute{Description: "The teams' IDs, in the same order as `teams`.", ElementType: types.StringType, Computed: true},
			"teams": schema.ListNestedAttribute{
				Description: "The teams.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.StringAttribute{Description: "The team's ID.", Computed: true},
					"name": schema.StringAttribute{Description: "The team's display name.", Computed: true},
					"slug": schema.StringAttribute{Description: "The team's slug.", Computed: true},
					"members": schema.ListNestedAttribute{
						Description:  "The team's members.",
						Computed:     true,
						NestedObject: schema.NestedAttributeObject{Attributes: memberAttributes()},
					},
				}},
			},
		},
	}
}

func (d *TeamsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *TeamsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	out, err := d.data.client.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "teams", err)
		return
	}
	m := TeamsDataSourceModel{IDs: []types.String{}, Teams: []TeamsListEntry{}}
	for _, t := range out.Msg.GetTeams() {
		m.IDs = append(m.IDs, types.StringValue(t.GetId()))
		m.Teams = append(m.Teams, TeamsListEntry{
			ID:      types.StringValue(t.GetId()),
			Name:    types.StringValue(t.GetName()),
			Slug:    types.StringValue(t.GetSlug()),
			Members: membersFromAPI(t.GetMembers()),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
