package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

var (
	_ datasource.DataSource                     = (*UserDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*UserDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*UserDataSource)(nil)
)

// NewUserDataSource returns the gitpod_user data source.
func NewUserDataSource() datasource.DataSource { return &UserDataSource{} }

// UserDataSource finds one user by ID or email.
type UserDataSource struct{ data *providerData }

func (d *UserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *UserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Finds one user by ID or by email address, so that configurations can name people by email instead of hard-coding user IDs (for example in `gitpod_team_members`). " +
			"On today's Gitpod (`gitpod.v1`) it looks among the members of the token's organization (`OrganizationService/ListMembers`, every page): by email through the server's search, then an exact match ignoring case. " +
			"On Gitpod Classic, which has no user directory, only the provider's own user and the members of the teams it belongs to can be found; their organization role, status, login provider and membership date are null there.",
		Attributes: userAttributes(true),
	}
}

func (d *UserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email"))}
}

func (d *UserDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *UserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg UserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	attr, f := path.Root("id"), gitpod.UserFilter{UserIDs: []string{cfg.ID.ValueString()}}
	if !cfg.Email.IsNull() {
		attr, f = path.Root("email"), gitpod.UserFilter{Search: cfg.Email.ValueString()}
	}
	us, err := c.Users(ctx, f)
	if err != nil {
		addAttributeError(&resp.Diagnostics, attr, err)
		return
	}
	var found []gitpod.User
	for _, u := range us {
		if (!cfg.ID.IsNull() && u.ID == cfg.ID.ValueString()) || (!cfg.Email.IsNull() && strings.EqualFold(u.Email, cfg.Email.ValueString())) {
			found = append(found, u)
		}
	}
	if len(found) != 1 {
		resp.Diagnostics.AddAttributeError(attr, userLookupSummary(len(found)), userLookupDetail(c, cfg, found, us))
		return
	}
	m := userModel(found[0])
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func userLookupSummary(n int) string {
	if n == 0 {
		return "User not found"
	}
	return "Several users match"
}

// userLookupDetail says what a lookup found instead of one user: nothing
// (and what the search did match), or several users.
func userLookupDetail(c *gitpod.Client, cfg UserModel, found, searched []gitpod.User) string {
	what := fmt.Sprintf("ID %s", cfg.ID.ValueString())
	if !cfg.Email.IsNull() {
		what = fmt.Sprintf("email %q (ignoring case)", gitpod.Sanitize(cfg.Email.ValueString()))
	}
	where := "among the members of the token's organization"
	if !c.Has(gitpod.FeatureOrganizations) {
		where = "among the users the provider's user can see on Gitpod Classic: itself and the members of the teams it belongs to"
	}
	if len(found) > 1 {
		return fmt.Sprintf("%d users have %s %s: %s. Look the user up by id instead.", len(found), what, where, names(found))
	}
	detail := fmt.Sprintf("No user has %s %s.", what, where)
	if len(searched) > 0 {
		detail += fmt.Sprintf(" Users whose name or email contains it: %s.", names(searched[:min(len(searched), 10)]))
		if len(searched) > 10 {
			detail += fmt.Sprintf(" (and %d more)", len(searched)-10)
		}
	}
	if c.Has(gitpod.FeatureOrganizations) {
		return detail + " Check the address; a user must be a member of the organization (invite them first). Members who were suspended or left are visible to organization admins only."
	}
	return detail + " Check the address; on Gitpod Classic, add the user to one of the provider user's teams first, or use their user ID."
}

func names(us []gitpod.User) string {
	out := make([]string, 0, len(us))
	for _, u := range us {
		out = append(out, describeUser(u))
	}
	return gitpod.List(out)
}
