package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

var (
	_ list.ListResource              = (*TeamMemberListResource)(nil)
	_ list.ListResourceWithConfigure = (*TeamMemberListResource)(nil)
)

// NewTeamMemberListResource returns the gitpod_team_member list resource.
func NewTeamMemberListResource() list.ListResource { return &TeamMemberListResource{} }

// TeamMemberListResource finds the memberships of a team.
type TeamMemberListResource struct{ data *providerData }

// TeamMemberListConfigModel is the list block's config.
type TeamMemberListConfigModel struct {
	TeamID              types.String `tfsdk:"team_id"`
	IncludeProviderUser types.Bool   `tfsdk:"include_provider_user"`
}

func (l *TeamMemberListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team_member"
}

func (l *TeamMemberListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the members of a team, for `terraform query` and `-generate-config-out`. The provider's own membership is left out unless `include_provider_user` is set (managing it is rarely wanted: destroying it would not remove it on Classic).",
		Attributes: map[string]listschema.Attribute{
			"team_id": listschema.StringAttribute{
				Description: "The team whose members to find.",
				Required:    true,
				Validators:  []validator.String{uuidValidator("a team ID")},
			},
			"include_provider_user": listschema.BoolAttribute{
				Description: "Also list the provider user's own membership. Defaults to false.",
				Optional:    true,
			},
		},
	}
}

func (l *TeamMemberListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *TeamMemberListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg TeamMemberListConfigModel
	c, ok := listConfig(ctx, l.data, req, stream, &cfg)
	if !ok {
		return
	}
	teamID := cfg.TeamID.ValueString()
	ms, err := c.Members(ctx, teamID)
	if err != nil {
		listFailed(stream, err)
		return
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		listFailed(stream, err)
		return
	}
	keep := func(m gitpod.Member) bool { return cfg.IncludeProviderUser.ValueBool() || m.UserID != me.UserID }
	stream.Results = listResults(ctx, req, ms, keep, func(m gitpod.Member, r *list.ListResult) {
		r.DisplayName = firstNonEmpty(m.FullName, m.UserID)
		r.Diagnostics.Append(r.Identity.Set(ctx, MemberIdentityModel{TeamID: types.StringValue(teamID), UserID: types.StringValue(m.UserID)})...)
		if req.IncludeResource {
			model := TeamMemberResourceModel{MoveFrom: types.SetNull(types.StringType)}
			setMemberState(&model, teamID, m, c)
			r.Diagnostics.Append(r.Resource.Set(ctx, &model)...)
		}
	})
}
