package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ datasource.DataSource              = (*WorkspacesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*WorkspacesDataSource)(nil)
)

// classicPageSize is the most workspaces Gitpod Classic lists, for the
// schema's descriptions (which exist before any API is contacted).
var classicPageSize = func() int {
	_, l := backend.Offers(gitpod.Classic)
	return l.WorkspacePageSize
}()

// NewWorkspacesDataSource returns the gitpod_workspaces data source.
func NewWorkspacesDataSource() datasource.DataSource { return &WorkspacesDataSource{} }

// WorkspacesDataSource lists workspaces.
type WorkspacesDataSource struct{ data *providerData }

// WorkspacesDataSourceModel is the gitpod_workspaces data source.
type WorkspacesDataSourceModel struct {
	OrganizationID  types.String     `tfsdk:"organization_id"`
	Phase           types.String     `tfsdk:"phase"`
	OwnerID         types.String     `tfsdk:"owner_id"`
	ProjectID       types.String     `tfsdk:"project_id"`
	Search          types.String     `tfsdk:"search"`
	ContextURLRegex types.String     `tfsdk:"context_url_regex"`
	IncludeArchived types.Bool       `tfsdk:"include_archived"`
	Truncated       types.Bool       `tfsdk:"truncated"`
	IDs             []string         `tfsdk:"ids"`
	Workspaces      []WorkspaceModel `tfsdk:"workspaces"`
}

func (d *WorkspacesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspaces"
}

func (d *WorkspacesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists workspaces. On today's Gitpod (`gitpod.v1`) it reads every page of the organization's environments that the provider's user may see, newest first, with the filters applied by the server. " +
			fmt.Sprintf("On Gitpod Classic it lists the provider's user's own workspaces: the API gives at most %d (running ones first, then by last activity) in one call and offers no further page, so `truncated` is set and the plan warns when exactly %d came back. ", classicPageSize, classicPageSize) +
			"Filters the API does not have are applied by the provider.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Description: "Classic only: only workspaces of this organization (team). On `gitpod.v1` the token's organization is always used; setting it there is an error.",
				Optional:    true,
				Validators:  []validator.String{uuidValidator("an organization ID")},
			},
			"phase": schema.StringAttribute{
				Description: "Only workspaces in this phase. Classic phases: `" + strings.Join(gitpod.ClassicWorkspacePhases, "`, `") + "` (a workspace that never started has none); `gitpod.v1` phases: `" + strings.Join(gitpod.V1EnvironmentPhases, "`, `") + "`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(WorkspacePhases()...)},
			},
			"owner_id": schema.StringAttribute{
				Description: "Only workspaces owned (Classic) or created (`gitpod.v1`) by this user.",
				Optional:    true,
				Validators:  []validator.String{uuidValidator("a user ID")},
			},
			"project_id": schema.StringAttribute{
				Description: "Only workspaces of this project.",
				Optional:    true,
				Validators:  []validator.String{uuidValidator("a project ID")},
			},
			"search": schema.StringAttribute{
				Description: "Only workspaces whose ID, name, context URL, repository or branch contains this text, ignoring case (up to 256 characters).",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256)},
			},
			"context_url_regex": schema.StringAttribute{
				Description: "Only workspaces whose context URL matches this RE2 regular expression (unanchored).",
				Optional:    true,
				Validators:  []validator.String{validRegex()},
			},
			"include_archived": schema.BoolAttribute{
				Description: "`gitpod.v1` only: also list archived environments. Defaults to false; `true` is an error on Classic.",
				Optional:    true,
			},
			"truncated": schema.BoolAttribute{
				Description: fmt.Sprintf("Set when the list may be incomplete: on Classic when exactly %d workspaces came back, the most its API gives.", classicPageSize),
				Computed:    true,
			},
			"ids": schema.ListAttribute{
				Description: "IDs of the matching workspaces, in the same order as `workspaces`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"workspaces": schema.ListNestedAttribute{
				Description:  "The matching workspaces, in the order the API returns them.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: workspaceAttributes(false)},
			},
		},
	}
}

func (d *WorkspacesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *WorkspacesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m WorkspacesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	keep := checkWorkspaceFilter(c, m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// Each workspace is turned into its final form as its page arrives:
	// tens of thousands of them would otherwise be held three times over
	// (models, framework values, the state's own values).
	elem, ok := workspaceElementType(ctx, resp.State.Schema.TypeAtPath)
	if !ok {
		resp.Diagnostics.AddError("Unexpected schema", "The gitpod_workspaces schema has no workspaces list of objects. This is a bug in the provider; please report it.")
		return
	}
	var ids, list []tftypes.Value
	values := newWorkspaceValues(elem)
	info, err := c.Workspaces(ctx, workspaceFilter(m), func(page []gitpod.Workspace) error {
		for _, w := range page {
			if keep(w) {
				el, id := values.element(w)
				ids = append(ids, id)
				list = append(list, el)
			}
		}
		return nil
	})
	if gitpod.KindOf(err) == gitpod.KindTooManyPages {
		err = gitpod.WithHint(err, "Narrow it with the filters the server applies: phase, owner_id, project_id or search (and include_archived = false).")
	}
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	m.Truncated = types.BoolValue(info.Truncated)
	if info.Truncated {
		resp.Diagnostics.AddWarning("Workspace list may be incomplete",
			fmt.Sprintf("%s returned %d workspaces, the most its API gives in one listing, and offers no further page: the provider's user may have more, which this list (and its filters) cannot see. Running workspaces come first, then the most recently active.", c.API().Describe(), c.Limits().WorkspacePageSize))
	}
	setWorkspaceLists(ctx, resp, m, elem, ids, list)
}

// checkWorkspaceFilter applies the API's rules to the filters and returns
// the provider's own filter, for what the server does not filter.
func checkWorkspaceFilter(c *gitpod.Client, m WorkspacesDataSourceModel, diags *diag.Diagnostics) func(gitpod.Workspace) bool {
	switch phases := c.Limits().WorkspacePhases; {
	case !m.OrganizationID.IsNull() && !c.Has(gitpod.FeatureWorkspaceOrgFilter):
		notAvailable(diags, path.Root("organization_id"), c, gitpod.FeatureWorkspaceOrgFilter, "Remove organization_id, or use a token of the other organization.")
	case m.IncludeArchived.ValueBool() && !c.Has(gitpod.FeatureArchivedWorkspaces):
		notAvailable(diags, path.Root("include_archived"), c, gitpod.FeatureArchivedWorkspaces, "Remove include_archived.")
	case !m.Phase.IsNull() && !slices.Contains(phases, m.Phase.ValueString()):
		diags.AddAttributeError(path.Root("phase"), "Phase not available on this API",
			fmt.Sprintf("%q is a phase of the other API generation; workspaces of %s have the phases %s.", m.Phase.ValueString(), c.API().Describe(), strings.Join(phases, ", ")))
	}
	var urlRE *regexp.Regexp
	if !m.ContextURLRegex.IsNull() {
		var err error
		if urlRE, err = regexp.Compile(m.ContextURLRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("context_url_regex"), "Invalid regular expression", err.Error())
		}
	}
	search := ""
	if !c.Has(gitpod.FeatureWorkspaceSearch) {
		search = strings.ToLower(m.Search.ValueString())
	}
	return func(w gitpod.Workspace) bool {
		switch {
		case !m.Phase.IsNull() && w.Phase != m.Phase.ValueString(),
			!m.OwnerID.IsNull() && w.OwnerID != m.OwnerID.ValueString(),
			!m.ProjectID.IsNull() && w.ProjectID != m.ProjectID.ValueString(),
			search != "" && !strings.Contains(strings.ToLower(strings.Join([]string{w.ID, w.Name, w.ContextURL, w.RepoOwner + "/" + w.RepoName, w.Branch}, " ")), search),
			urlRE != nil && !urlRE.MatchString(w.ContextURL):
			return false
		}
		return true
	}
}

// workspaceFilter is what the server is asked to filter; an API filters
// what it can, and the provider the rest.
func workspaceFilter(m WorkspacesDataSourceModel) gitpod.WorkspaceFilter {
	f := gitpod.WorkspaceFilter{OrganizationID: m.OrganizationID.ValueString(), Search: m.Search.ValueString(), Archived: m.IncludeArchived.ValueBool()}
	if !m.Phase.IsNull() {
		f.Phases = []string{m.Phase.ValueString()}
	}
	if !m.OwnerID.IsNull() {
		f.CreatorIDs = []string{m.OwnerID.ValueString()}
	}
	if !m.ProjectID.IsNull() {
		f.ProjectIDs = []string{m.ProjectID.ValueString()}
	}
	return f
}

// setWorkspaceLists saves the data source with the lists put in place in
// the state's own values.
func setWorkspaceLists(ctx context.Context, resp *datasource.ReadResponse, m WorkspacesDataSourceModel, elem tftypes.Object, ids, list []tftypes.Value) {
	m.IDs, m.Workspaces = []string{}, []WorkspaceModel{}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var attrs map[string]tftypes.Value
	if err := resp.State.Raw.As(&attrs); err != nil {
		resp.Diagnostics.AddError("Unexpected state", err.Error())
		return
	}
	attrs["ids"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, ids)
	attrs["workspaces"] = tftypes.NewValue(tftypes.List{ElementType: elem}, list)
	resp.State.Raw = tftypes.NewValue(resp.State.Raw.Type(), attrs)
}

// workspaceElementType is the Terraform type of one element of the
// workspaces list, read from the schema, shared by every element.
func workspaceElementType(ctx context.Context, typeAt func(context.Context, path.Path) (attr.Type, diag.Diagnostics)) (tftypes.Object, bool) {
	ot, ok := workspaceObjectType(ctx, typeAt)
	if !ok {
		return tftypes.Object{}, false
	}
	elem, ok := ot.TerraformType(ctx).(tftypes.Object)
	return elem, ok
}

// workspaceObjectType is the type of one element of the workspaces list,
// read from the schema through typeAt.
func workspaceObjectType(ctx context.Context, typeAt func(context.Context, path.Path) (attr.Type, diag.Diagnostics)) (types.ObjectType, bool) {
	t, ds := typeAt(ctx, path.Root("workspaces"))
	lt, ok := t.(types.ListType)
	if ds.HasError() || !ok {
		return types.ObjectType{}, false
	}
	ot, ok := lt.ElemType.(types.ObjectType)
	return ot, ok
}
