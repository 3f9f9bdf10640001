package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ datasource.DataSource              = (*PersonalAccessTokensDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*PersonalAccessTokensDataSource)(nil)
)

// maxExpiringWithinDays bounds expiring_within_days so that no arithmetic on
// it can overflow (100 years).
const maxExpiringWithinDays = 36500

// NewPersonalAccessTokensDataSource returns the gitpod_personal_access_tokens data source.
func NewPersonalAccessTokensDataSource() datasource.DataSource {
	return &PersonalAccessTokensDataSource{}
}

// PersonalAccessTokensDataSource lists tokens, never their values.
type PersonalAccessTokensDataSource struct{ data *providerData }

// PersonalAccessTokensDataSourceModel is the data source.
type PersonalAccessTokensDataSourceModel struct {
	UserIDs            []types.String `tfsdk:"user_ids"`
	NameRegex          types.String   `tfsdk:"name_regex"`
	ExpiringWithinDays types.Int64    `tfsdk:"expiring_within_days"`
	IDs                []string       `tfsdk:"ids"`
	Tokens             []TokenModel   `tfsdk:"tokens"`
}

// TokenModel is one listed token.
type TokenModel struct {
	ID               types.String      `tfsdk:"id"`
	Name             types.String      `tfsdk:"name"`
	UserID           types.String      `tfsdk:"user_id"`
	ReadOnly         types.Bool        `tfsdk:"read_only"`
	FullAccess       types.Bool        `tfsdk:"full_access"`
	ExpiresAt        timetypes.RFC3339 `tfsdk:"expires_at"`
	CreatedAt        timetypes.RFC3339 `tfsdk:"created_at"`
	LastUsed         timetypes.RFC3339 `tfsdk:"last_used"`
	CreatorID        types.String      `tfsdk:"creator_id"`
	CreatorPrincipal types.String      `tfsdk:"creator_principal"`
	Expired          types.Bool        `tfsdk:"expired"`
}

func (d *PersonalAccessTokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_tokens"
}

func (d *PersonalAccessTokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	rfc := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, CustomType: timetypes.RFC3339Type{}}
	}
	resp.Schema = schema.Schema{
		Description: "Lists personal access tokens, every page, without their values (Gitpod never shows a value again), for audits and expiry checks. By default the provider's user's own tokens; on `gitpod.v1` organization admins may list other members' tokens with `user_ids`.",
		Attributes: map[string]schema.Attribute{
			"user_ids": schema.ListAttribute{
				Description: "`gitpod.v1` only: list the tokens of these users (organization admins may list any member's). Defaults to the provider's user. An error on Classic, which lists only the caller's own tokens.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.SizeBetween(1, 100), listvalidator.ValueStringsAre(uuidValidator("a user ID")), listvalidator.UniqueValues()},
			},
			"name_regex": schema.StringAttribute{
				Description: "Only tokens whose name (Classic) or description (`gitpod.v1`) matches this RE2 regular expression (unanchored).",
				Optional:    true,
				Validators:  []validator.String{validRegex()},
			},
			"expiring_within_days": schema.Int64Attribute{
				Description: fmt.Sprintf("Only tokens that expire within this many days from now (0 to %d), expired ones included.", maxExpiringWithinDays),
				Optional:    true,
				Validators:  []validator.Int64{int64validator.Between(0, maxExpiringWithinDays)},
			},
			"ids": schema.ListAttribute{Description: "IDs of the matching tokens, in the same order as `tokens`.", ElementType: types.StringType, Computed: true},
			"tokens": schema.ListNestedAttribute{
				Description: "The matching tokens, in the order the API returns them (oldest first).",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                schema.StringAttribute{Description: "The token's ID.", Computed: true},
					"name":              schema.StringAttribute{Description: "Its name (Classic) or description (`gitpod.v1`).", Computed: true},
					"user_id":           schema.StringAttribute{Description: "The user it belongs to.", Computed: true},
					"read_only":         schema.BoolAttribute{Description: "`gitpod.v1`: whether it is read-only (always false on Classic).", Computed: true},
					"full_access":       schema.BoolAttribute{Description: "Classic: whether it grants its user's full rights (a Classic token without scopes grants nothing). On `gitpod.v1`, true unless read-only.", Computed: true},
					"expires_at":        rfc("When it stops working (RFC 3339)."),
					"created_at":        rfc("When it was created (RFC 3339)."),
					"last_used":         rfc("`gitpod.v1` only: when it was last used (RFC 3339); null when never, and on Classic."),
					"creator_id":        schema.StringAttribute{Description: "`gitpod.v1` only: who created it.", Computed: true},
					"creator_principal": schema.StringAttribute{Description: "`gitpod.v1` only: what kind of subject created it (`user`, `service_account`...).", Computed: true},
					"expired":           schema.BoolAttribute{Description: "Whether it has expired.", Computed: true},
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
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	var userIDs []string
	for _, u := range m.UserIDs {
		userIDs = append(userIDs, u.ValueString())
	}
	if len(userIDs) > 0 && !c.Has(gitpod.FeatureTokensOfOthers) {
		notAvailable(&resp.Diagnostics, path.Root("user_ids"), c, gitpod.FeatureTokensOfOthers, "Remove user_ids.")
		return
	}
	var re *regexp.Regexp
	if !m.NameRegex.IsNull() {
		var err error
		if re, err = regexp.Compile(m.NameRegex.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			return
		}
	}
	tokens, err := c.TokensOf(ctx, userIDs)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	now := d.data.clock()
	m.IDs, m.Tokens = []string{}, []TokenModel{}
	for _, t := range tokens {
		if re != nil && !re.MatchString(t.Name) {
			continue
		}
		if !m.ExpiringWithinDays.IsNull() && t.ExpiresAt.After(now.Add(time.Duration(m.ExpiringWithinDays.ValueInt64())*tokenlife.Day)) {
			continue
		}
		full := !t.ReadOnly
		if c.API() == gitpod.Classic {
			full = slices.Equal(sortedCopy(t.Scopes), sortedCopy(gitpod.FullAccessScopes))
		}
		m.IDs = append(m.IDs, t.ID)
		m.Tokens = append(m.Tokens, TokenModel{
			ID:               types.StringValue(t.ID),
			Name:             types.StringValue(t.Name),
			UserID:           stringOrNull(t.UserID),
			ReadOnly:         types.BoolValue(t.ReadOnly),
			FullAccess:       types.BoolValue(full),
			ExpiresAt:        timeValue(t.ExpiresAt),
			CreatedAt:        timeValue(t.CreatedAt),
			LastUsed:         timeValue(t.LastUsed),
			CreatorID:        stringOrNull(t.CreatorID),
			CreatorPrincipal: stringOrNull(t.CreatorPrincipal),
			Expired:          types.BoolValue(!now.Before(t.ExpiresAt)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
