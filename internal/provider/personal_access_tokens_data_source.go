package provider

import (
	"context"
	"regexp"
	"sort"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ datasource.DataSource              = (*PersonalAccessTokensDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*PersonalAccessTokensDataSource)(nil)
)

// NewPersonalAccessTokensDataSource returns the gitpod_personal_access_tokens data source.
func NewPersonalAccessTokensDataSource() datasource.DataSource {
	return &PersonalAccessTokensDataSource{}
}

// PersonalAccessTokensDataSource lists the caller's tokens, without secrets.
type PersonalAccessTokensDataSource struct{ data *providerData }

// PersonalAccessTokensDataSourceModel is the data source.
type PersonalAccessTokensDataSourceModel struct {
	NameRegex          types.String                  `tfsdk:"name_regex"`
	ExpiringWithinDays types.Int64                   `tfsdk:"expiring_within_days"`
	IDs                []types.String                `tfsdk:"ids"`
	Tokens             []PersonalAccessTokenListItem `tfsdk:"tokens"`
}

// PersonalAccessTokenListItem is one token in the list.
type PersonalAccessTokenListItem struct {
	ID          types.String      `tfsdk:"id"`
	Name        types.String      `tfsdk:"name"`
	Description types.String      `tfsdk:"description"`
	Scopes      types.Set         `tfsdk:"scopes"`
	CreatedAt   timetypes.RFC3339 `tfsdk:"created_at"`
	ExpiresAt   timetypes.RFC3339 `tfsdk:"expires_at"`
	Expired     types.Bool        `tfsdk:"expired"`
}

func (d *PersonalAccessTokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_tokens"
}

func (d *PersonalAccessTokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the provider user's personal access tokens, without their secret values, for audits such as \"which CI tokens expire this month\". Tokens come sorted by creation time, then ID.",
		Attributes: map[string]schema.Attribute{
			"name_regex": schema.StringAttribute{
				Description: "Keep only tokens whose name matches this RE2 regular expression (unanchored: use `^` and `$` to match whole names).",
				Optional:    true,
				Validators:  []validator.String{validRegex()},
			},
			"expiring_within_days": schema.Int64Attribute{
				Description: "Keep only tokens that expire within this many days from now, including tokens that have already expired (see `expired`).",
				Optional:    true,
				Validators:  []validator.Int64{int64validator.AtLeast(0)},
			},
			"ids": schema.ListAttribute{
				Description: "IDs of the tokens that passed the filters, in the same order as `tokens`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"tokens": schema.ListNestedAttribute{
				Description: "The tokens that passed the filters.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Description: "The token's ID.", Computed: true},
					"name":        schema.StringAttribute{Description: "The token's name.", Computed: true},
					"description": schema.StringAttribute{Description: "The token's description.", Computed: true},
					"scopes":      schema.SetAttribute{Description: "The token's scopes; empty grants no access, `*` grants all.", ElementType: types.StringType, Computed: true},
					"created_at":  schema.StringAttribute{Description: "When the token was created (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
					"expires_at":  schema.StringAttribute{Description: "When the token expires (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
					"expired":     schema.BoolAttribute{Description: "Whether the token had expired when the data source was read.", Computed: true},
				}},
			},
		},
	}
}

func (d *PersonalAccessTokensDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *PersonalAccessTokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m PersonalAccessTokensDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var nameRE *regexp.Regexp
	if !m.NameRegex.IsNull() {
		nameRE = regexp.MustCompile(m.NameRegex.ValueString()) // validated at plan time
	}
	out, err := d.data.client.Tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{}))
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "personal access tokens", err)
		return
	}
	tokens := out.Msg.GetTokens()
	sort.SliceStable(tokens, func(i, j int) bool {
		a, b := tokens[i].GetCreatedAt().AsTime(), tokens[j].GetCreatedAt().AsTime()
		if !a.Equal(b) {
			return a.Before(b)
		}
		return tokens[i].GetId() < tokens[j].GetId()
	})
	now := d.data.now()
	m.IDs = []types.String{}
	m.Tokens = []PersonalAccessTokenListItem{}
	for _, t := range tokens {
		expires := t.GetExpirationTime().AsTime()
		if nameRE != nil && !nameRE.MatchString(t.GetName()) {
			continue
		}
		if !m.ExpiringWithinDays.IsNull() && expires.After(now.Add(time.Duration(m.ExpiringWithinDays.ValueInt64())*tokenlife.Day)) {
			continue
		}
		m.IDs = append(m.IDs, types.StringValue(t.GetId()))
		m.Tokens = append(m.Tokens, PersonalAccessTokenListItem{
			ID:          types.StringValue(t.GetId()),
			Name:        types.StringValue(t.GetName()),
			Description: types.StringValue(t.GetDescription()),
			Scopes:      stringSetValue(t.GetScopes()),
			CreatedAt:   timeValue(t.GetCreatedAt().AsTime(), t.GetCreatedAt() != nil),
			ExpiresAt:   timeValue(expires, t.GetExpirationTime() != nil),
			Expired:     types.BoolValue(!now.Before(expires)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
