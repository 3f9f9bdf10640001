package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ list.ListResource              = (*TeamListResource)(nil)
	_ list.ListResourceWithConfigure = (*TeamListResource)(nil)
)

// NewTeamListResource returns the gitpod_team list resource (terraform query).
func NewTeamListResource() list.ListResource { return &TeamListResource{} }

// TeamListResource finds existing teams, so they can be adopted.
type TeamListResource struct{ data *providerData }

// TeamListConfigModel is the list block's config.
type TeamListConfigModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *TeamListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (l *TeamListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the teams the provider's user can see (Classic: the teams it belongs to; `gitpod.v1`: the teams of the token's organization), for `terraform query` and `-generate-config-out`.",
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				Description: "Only teams whose name contains this text, ignoring case.",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256)},
			},
		},
	}
}

func (l *TeamListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *TeamListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg TeamListConfigModel
	c, ok := listConfig(ctx, l.data, req, stream, &cfg)
	if !ok {
		return
	}
	search := strings.ToLower(cfg.Search.ValueString())
	teams, err := c.Teams(ctx, cfg.Search.ValueString())
	if err != nil {
		listFailed(stream, err)
		return
	}
	// Not every API searches: filter here too.
	keep := func(t gitpod.Team) bool { return strings.Contains(strings.ToLower(t.Name), search) }
	stream.Results = listResults(ctx, req, teams, keep, func(t gitpod.Team, r *list.ListResult) {
		r.DisplayName = t.Name
		r.Diagnostics.Append(r.Identity.Set(ctx, TeamIdentityModel{ID: types.StringValue(t.ID)})...)
		if req.IncludeResource {
			var m TeamResourceModel
			m.InvitationResetTriggers = types.MapNull(types.StringType)
			setTeamState(&m, t, c)
			r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
		}
	})
}
