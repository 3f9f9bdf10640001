package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*CurrentUserDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*CurrentUserDataSource)(nil)
)

// NewCurrentUserDataSource returns the gitpod_current_user data source.
func NewCurrentUserDataSource() datasource.DataSource { return &CurrentUserDataSource{} }

// CurrentUserDataSource reads who the provider's token belongs to.
type CurrentUserDataSource struct{ data *providerData }

// CurrentUserDataSourceModel is the gitpod_current_user data source.
type CurrentUserDataSourceModel struct {
	ID             types.String      `tfsdk:"id"`
	Name           types.String      `tfsdk:"name"`
	Email          types.String      `tfsdk:"email"`
	AvatarURL      types.String      `tfsdk:"avatar_url"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	API            types.String      `tfsdk:"api"`
}

func (d *CurrentUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_user"
}

func (d *CurrentUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		Description: "Reads the user the provider's token belongs to, so that configurations need not hard-code their own user ID (for example to keep the provider's user an owner in `gitpod_team_members`).",
		Attributes: map[string]schema.Attribute{
			"id":              str("The user's ID."),
			"name":            str("The user's name (on Classic, the user name, or the full name when there is none)."),
			"email":           str("`gitpod.v1` only: the user's email address. Null on Classic, which does not return it."),
			"avatar_url":      str("URL of the user's avatar image."),
			"organization_id": str("`gitpod.v1` only: the organization the token acts in. Null on Classic."),
			"created_at":      schema.StringAttribute{Description: "When the account was created (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"api":             str("The API generation the provider speaks to the host: `v1` or `classic`."),
		},
	}
}

func (d *CurrentUserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *CurrentUserDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	me, err := c.WhoamiDetails(ctx)
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	m := CurrentUserDataSourceModel{
		ID:             types.StringValue(me.UserID),
		Name:           types.StringValue(me.Name),
		Email:          stringOrNull(me.Email),
		AvatarURL:      types.StringValue(me.AvatarURL),
		OrganizationID: stringOrNull(me.OrganizationID),
		CreatedAt:      timeValue(me.CreatedAt),
		API:            types.StringValue(string(c.API())),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
