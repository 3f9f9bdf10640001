package provider

import (
	"context"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/teamrole"
)

var (
	_ datasource.DataSource                     = (*TeamDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*TeamDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*TeamDataSource)(nil)
)

// NewTeamDataSource returns the gitpod_team data source.
func NewTeamDataSource() datasource.DataSource { return &TeamDataSource{} }

// TeamDataSource reads one team the caller belongs to.
type TeamDataSource struct{ data *providerData }

// TeamDataSourceModel is the gitpod_team data source.
type TeamDataSourceModel struct {
	ID      types.String      `tfsdk:"id"`
	Slug    types.String      `tfsdk:"slug"`
	Name    types.String      `tfsdk:"name"`
	Members []TeamMemberModel `tfsdk:"members"`
}

// TeamMemberModel is one member in the team data sources.
type TeamMemberModel struct {
	UserID       types.String      `tfsdk:"user_id"`
	Role         types.String      `tfsdk:"role"`
	FullName     types.String      `tfsdk:"full_name"`
	PrimaryEmail types.String      `tfsdk:"primary_email"`
	AvatarURL    types.String      `tfsdk:"avatar_url"`
	MemberSince  timetypes.RFC3339 `tfsdk:"member_since"`
}

func (d *TeamDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

// memberAttributes describes a team member in data sources.
func memberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"user_id":       schema.StringAttribute{Description: "The member's user ID.", Computed: true},
		"role":          schema.StringAttribute{Description: "The member's role: `owner` or `member`.", Computed: true},
		"full_name":     schema.StringAttribute{Description: "The member's full name.", Computed: true},
		"primary_email": schema.StringAttribute{Description: "The member's primary email address.", Computed: true},
		"avatar_url":    schema.StringAttribute{Description: "URL of the member's avatar image.", Computed: true},
		"member_since":  schema.StringAttribute{Description: "When the member joined the team (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
	}
}

func (d *TeamDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads a team the caller belongs to, by `id` or by `slug`, with its members.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The team's ID. Exactly one of `id` and `slug` must be set.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.RegexMatches(uuidPattern, "must be a UUID")},
			},
			"slug": schema.StringAttribute{
				Description: "The team's slug. Exactly one of `id` and `slug` must be set.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{Description: "The team's display name.", Computed: true},
			"members": schema.ListNestedAttribute{
				Description:  "The team's members, in the order the API returns them.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: memberAttributes()},
			},
		},
	}
}

func (d *TeamDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("slug")),
	}
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
	var team *gitpodv1.Team
	if !cfg.ID.IsNull() {
		var err error
		team, err = d.data.client.GetTeam(ctx, cfg.ID.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "read", "team "+cfg.ID.ValueString(), err)
			return
		}
	} else {
		out, err := d.data.client.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "teams", err)
			return
		}
		for _, t := range out.Msg.GetTeams() {
			if t.GetSlug() == cfg.Slug.ValueString() {
				team = t
				break
			}
		}
		if team == nil {
			resp.Diagnostics.AddAttributeError(path.Root("slug"), "Team not found",
				fmt.Sprintf("No team with slug %q is visible to the token's user. Teams are visible only to their members; check the slug and that the user has joined.", cfg.Slug.ValueString()))
			return
		}
	}
	state := TeamDataSourceModel{
		ID:      types.StringValue(team.GetId()),
		Slug:    types.StringValue(team.GetSlug()),
		Name:    types.StringValue(team.GetName()),
		Members: membersFromAPI(team.GetMembers()),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func membersFromAPI(in []*gitpodv1.TeamMember) []TeamMemberModel {
	out := make([]TeamMemberModel, 0, len(in))
	for _, m := range in {
		out = append(out, TeamMemberModel{
			UserID:       types.StringValue(m.GetUserId()),
			Role:         types.StringValue(teamrole.FromAPI(m.GetRole())),
			FullName:     types.StringValue(m.GetFullName()),
			PrimaryEmail: types.StringValue(m.GetPrimaryEmail()),
			AvatarURL:    types.StringValue(m.GetAvatarUrl()),
			MemberSince:  timeValue(m.GetMemberSince().AsTime(), m.GetMemberSince() != nil),
		})
	}
	return out
}

// timeValue converts an API timestamp, null when the API sent none.
func timeValue(t time.Time, present bool) timetypes.RFC3339 {
	if !present {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.NewRFC3339TimeValue(t.UTC())
}
