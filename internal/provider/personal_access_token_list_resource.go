package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

var (
	_ list.ListResource              = (*PersonalAccessTokenListResource)(nil)
	_ list.ListResourceWithConfigure = (*PersonalAccessTokenListResource)(nil)
)

// NewPersonalAccessTokenListResource returns the gitpod_personal_access_token list resource.
func NewPersonalAccessTokenListResource() list.ListResource {
	return &PersonalAccessTokenListResource{}
}

// PersonalAccessTokenListResource finds the provider user's tokens.
type PersonalAccessTokenListResource struct{ data *providerData }

// PersonalAccessTokenListConfigModel is the list block's config.
type PersonalAccessTokenListConfigModel struct {
	NameRegex      types.String `tfsdk:"name_regex"`
	IncludeExpired types.Bool   `tfsdk:"include_expired"`
}

func (l *PersonalAccessTokenListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_token"
}

func (l *PersonalAccessTokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the provider user's personal access tokens (every page), without their values, for `terraform query` and `-generate-config-out`. An adopted token has no value in state until its first rotation (change `rotation_triggers`).",
		Attributes: map[string]listschema.Attribute{
			"name_regex": listschema.StringAttribute{
				Description: "Only tokens whose name (Classic) or description (`gitpod.v1`) matches this RE2 regular expression (unanchored).",
				Optional:    true,
				Validators:  []validator.String{validRegex()},
			},
			"include_expired": listschema.BoolAttribute{
				Description: "Also list expired tokens. Defaults to false.",
				Optional:    true,
			},
		},
	}
}

func (l *PersonalAccessTokenListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *PersonalAccessTokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg PersonalAccessTokenListConfigModel
	c, ok := listConfig(ctx, l.data, req, stream, &cfg)
	if !ok {
		return
	}
	var re *regexp.Regexp
	if !cfg.NameRegex.IsNull() {
		var err error
		if re, err = regexp.Compile(cfg.NameRegex.ValueString()); err != nil {
			var diags diag.Diagnostics
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
	}
	tokens, err := c.Tokens(ctx)
	if err != nil {
		listFailed(stream, err)
		return
	}
	now := l.data.clock()
	keep := func(t gitpod.Token) bool {
		return (re == nil || re.MatchString(t.Name)) && (cfg.IncludeExpired.ValueBool() || now.Before(t.ExpiresAt))
	}
	stream.Results = listResults(ctx, req, tokens, keep, func(t gitpod.Token, r *list.ListResult) {
		r.DisplayName = t.Name
		r.Diagnostics.Append(r.Identity.Set(ctx, TokenIdentityModel{ID: types.StringValue(t.ID)})...)
		if req.IncludeResource {
			r.Diagnostics.Append(r.Resource.Set(ctx, adoptedToken(t, c))...)
		}
	})
}

// adoptedToken is the state of a token adopted without its value, with its
// expiry said one way only, as after an import, so that a configuration
// generated from it plans no change.
func adoptedToken(t gitpod.Token, c *gitpod.Client) *PersonalAccessTokenResourceModel {
	m := &PersonalAccessTokenResourceModel{
		ExpiresInDays:      types.Int64Null(),
		RotateBeforeDays:   types.Int64Null(),
		RotationTriggers:   types.MapNull(types.StringType),
		Token:              types.StringNull(),
		PendingRevocations: idList(nil),
	}
	m.ExpiresAt = timetypes.NewRFC3339Null()
	setTokenState(m, t)
	m.ExpiresInDays, m.ExpiresAt = expiryOneWay(c, t)
	return m
}

// expiryOneWay says a token's expiry one way only, as after an import: in
// whole days when it was made for whole days the API allows, else as a
// fixed time where the API takes one (both null otherwise).
func expiryOneWay(c *gitpod.Client, t gitpod.Token) (types.Int64, timetypes.RFC3339) {
	if days, ok := tokenlife.WholeDays(t.CreatedAt, t.ExpiresAt); ok && days*int64(tokenlife.Day) <= int64(c.Limits().TokenMaxValidity) {
		return types.Int64Value(days), timetypes.NewRFC3339Null()
	}
	if c.Has(gitpod.FeatureTokenFixedExpiry) {
		return types.Int64Null(), timeValue(t.ExpiresAt)
	}
	return types.Int64Null(), timetypes.NewRFC3339Null()
}
