package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ datasource.DataSource              = (*UsersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*UsersDataSource)(nil)
)

// NewUsersDataSource returns the gitpod_users data source.
func NewUsersDataSource() datasource.DataSource { return &UsersDataSource{} }

// UsersDataSource lists users.
type UsersDataSource struct{ data *providerData }

// UsersDataSourceModel is the gitpod_users data source.
type UsersDataSourceModel struct {
	Search                  types.String `tfsdk:"search"`
	Roles                   []string     `tfsdk:"roles"`
	Statuses                []string     `tfsdk:"statuses"`
	ExcludeMembersInAnyTeam types.Bool   `tfsdk:"exclude_members_in_any_team"`
	IDs                     []string     `tfsdk:"ids"`
	Users                   []UserModel  `tfsdk:"users"`
}

func (d *UsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *UsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists users: on today's Gitpod (`gitpod.v1`) the members of the token's organization (every page of `OrganizationService/ListMembers`, filtered by the server); on Gitpod Classic, which has no user directory, the provider's own user and the members of the teams it belongs to. " +
			"The list is sorted by email address (ignoring case), then by ID, so that it does not change order between runs.",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				Description: "Only users whose name or email address contains this text, ignoring case (up to 256 characters).",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256)},
			},
			"roles": schema.SetAttribute{
				Description: "`gitpod.v1` only: only users with one of these organization roles (`admin`, `member`). An error on Classic.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(gitpod.UserRoles...))},
			},
			"statuses": schema.SetAttribute{
				Description: "`gitpod.v1` only: only users with one of these statuses (`active`, `suspended`, `left`). Without it the server decides: organization admins see every status, other users active members only. An error on Classic.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(gitpod.UserStatuses...))},
			},
			"exclude_members_in_any_team": schema.BoolAttribute{
				Description: "`gitpod.v1` only: leave out users who already belong to a team (a user belongs to at most one team per organization), for example to find whom a new team can take. An error on Classic.",
				Optional:    true,
			},
			"ids": schema.ListAttribute{
				Description: "IDs of the users, in the same order as `users`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"users": schema.ListNestedAttribute{
				Description:  "The users, sorted by email address (ignoring case), then by ID.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: userAttributes(false)},
			},
		},
	}
}

func (d *UsersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *UsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m UsersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	checkUserFilter(c, m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	us, err := c.Users(ctx, gitpod.UserFilter{Search: m.Search.ValueString(), Roles: m.Roles, Statuses: m.Statuses, ExcludeMembersInAnyTeam: m.ExcludeMembersInAnyTeam.ValueBool()})
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	slices.SortFunc(us, func(a, b gitpod.User) int {
		if c := strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	m.IDs, m.Users = make([]string, 0, len(us)), make([]UserModel, 0, len(us))
	for _, u := range us {
		m.IDs = append(m.IDs, u.ID)
		m.Users = append(m.Users, userModel(u))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// checkUserFilter refuses the filters the API in use lacks, on their
// attributes.
func checkUserFilter(c *gitpod.Client, m UsersDataSourceModel, diags *diag.Diagnostics) {
	if c.Has(gitpod.FeatureOrganizations) {
		return
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"roles", m.Roles != nil}, {"statuses", m.Statuses != nil}, {"exclude_members_in_any_team", m.ExcludeMembersInAnyTeam.ValueBool()}} {
		if f.set {
			notAvailable(diags, path.Root(f.name), c, gitpod.FeatureOrganizations, "Remove "+f.name+"; on Gitpod Classic the list holds the provider's user and the members of its teams.")
		}
	}
}
