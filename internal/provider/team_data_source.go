package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ datasource.DataSource                     = (*TeamDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*TeamDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*TeamDataSource)(nil)
)

// NewTeamDataSource returns the gitpod_team data source.
func NewTeamDataSource() datasource.DataSource { return &TeamDataSource{} }

// TeamDataSource reads one team.
type TeamDataSource struct{ data *providerData }

// TeamDataSourceModel is the gitpod_team data source.
type TeamDataSourceModel struct {
	ID             types.String      `tfsdk:"id"`
	Name           types.String      `tfsdk:"name"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	InvitationID   types.String      `tfsdk:"invitation_id"`
	Members        []TeamMemberModel `tfsdk:"members"`
}

func (d *TeamDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (d *TeamDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := teamAttributes()
	attrs["id"] = schema.StringAttribute{
		Description: "The team's ID. Exactly one of `id` and `name` must be set.",
		Optional:    true,
		Computed:    true,
		Validators:  []validator.String{uuidValidator("a team ID")},
	}
	attrs["name"] = schema.StringAttribute{
		Description: "The team's exact name. Exactly one of `id` and `name` must be set. Names are unique in a `gitpod.v1` organization; on Classic several teams may share a name, which is an error that lists their IDs.",
		Optional:    true,
		Computed:    true,
		Validators:  []validator.String{textvalidator.LengthBetween(1, 256)},
	}
	attrs["invitation_id"] = schema.StringAttribute{
		Description: "Classic only: the team's current invitation ID (sensitive: anyone who has it can join). Null when the provider's user is not an owner, since only owners may see it, and always on `gitpod.v1`.",
		Computed:    true,
		Sensitive:   true,
	}
	resp.Schema = schema.Schema{
		Description: "Reads one team the provider's user can see, by `id` or by `name`, with its members. On `gitpod.v1` the members' email addresses come from the organization's member list.",
		Attributes:  attrs,
	}
}

func (d *TeamDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *TeamDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *TeamDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg TeamDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	var team gitpod.Team
	if !cfg.ID.IsNull() {
		id := cfg.ID.ValueString()
		t, err := c.Team(ctx, id)
		if gitpod.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Team not found",
				fmt.Sprintf("No team with ID %s is visible to the provider's user on %s. Check the ID; teams are visible only to their members (Classic) or to members of their organization (gitpod.v1).", id, c.Host()))
			return
		}
		if err != nil {
			addAttributeError(&resp.Diagnostics, path.Root("id"), err)
			return
		}
		team = t
	} else {
		name := cfg.Name.ValueString()
		teams, err := c.Teams(ctx, name)
		if err != nil {
			addAttributeError(&resp.Diagnostics, path.Root("name"), err)
			return
		}
		var found []gitpod.Team
		for _, t := range teams {
			if t.Name == name {
				found = append(found, t)
			}
		}
		switch len(found) {
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Team not found",
				fmt.Sprintf("No team named %q is visible to the provider's user on %s. Names are matched exactly, case included.", name, c.Host()))
			return
		case 1:
			team = found[0]
		default:
			ids := make([]string, 0, len(found))
			for _, t := range found {
				ids = append(ids, t.ID)
			}
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Several teams have this name",
				fmt.Sprintf("%d teams are named %q: %s. Look the team up by id instead.", len(found), name, strings.Join(ids, ", ")))
			return
		}
	}
	models, err := teamModels(ctx, c, []gitpod.Team{team})
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	tm := models[0]
	// Classic returns the invitation with the team, to owners only (the
	// only ones who may see it); gitpod.v1 teams have none.
	out := TeamDataSourceModel{ID: tm.ID, Name: tm.Name, OrganizationID: tm.OrganizationID, CreatedAt: tm.CreatedAt, InvitationID: stringOrNull(team.InvitationID), Members: tm.Members}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
