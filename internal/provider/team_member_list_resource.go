package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	c := l.data.client(ctx, &diags)
	if diags.HasError() || c == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	teamID := cfg.TeamID.ValueString()
	ms, err := c.Members(ctx, teamID)
	if err == nil {
		me, werr := c.Whoami(ctx)
		err = werr
		if werr == nil && !cfg.IncludeProviderUser.ValueBool() {
			kept := ms[:0]
			for _, m := range ms {
				if m.UserID != me.UserID {
					kept = append(kept, m)
				}
			}
			ms = kept
		}
	}
	if err != nil {
		addError(&diags, err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, m := range ms {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			r := req.NewListResult(ctx)
			r.DisplayName = m.FullName
			if r.DisplayName == "" {
				r.DisplayName = m.UserID
			}
			r.Diagnostics.Append(r.Identity.Set(ctx, MemberIdentityModel{TeamID: types.StringValue(teamID), UserID: types.StringValue(m.UserID)})...)
			if req.IncludeResource {
				var model TeamMemberResourceModel
				setMemberState(&model, teamID, m, c.Capabilities())
				r.Diagnostics.Append(r.Resource.Set(ctx, &model)...)
			}
			if !push(r) {
				return
			}
		}
	}
}
