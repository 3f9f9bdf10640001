package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ datasource.DataSource              = (*ServiceAccountsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*ServiceAccountsDataSource)(nil)
)

// NewServiceAccountsDataSource returns the gitpod_service_accounts data source.
func NewServiceAccountsDataSource() datasource.DataSource { return &ServiceAccountsDataSource{} }

// ServiceAccountsDataSource lists the organization's service accounts.
type ServiceAccountsDataSource struct{ data *providerData }

// ServiceAccountsDataSourceModel is the data source.
type ServiceAccountsDataSourceModel struct {
	Search           types.String          `tfsdk:"search"`
	IncludeSuspended types.Bool            `tfsdk:"include_suspended"`
	IDs              []string              `tfsdk:"ids"`
	ServiceAccounts  []ServiceAccountModel `tfsdk:"service_accounts"`
}

// ServiceAccountModel is one listed account.
type ServiceAccountModel struct {
	ID             types.String      `tfsdk:"id"`
	Name           types.String      `tfsdk:"name"`
	Description    types.String      `tfsdk:"description"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	CreatorID      types.String      `tfsdk:"creator_id"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	ValidUntil     timetypes.RFC3339 `tfsdk:"valid_until"`
	Suspended      types.Bool        `tfsdk:"suspended"`
	SystemManaged  types.Bool        `tfsdk:"system_managed"`
	Expired        types.Bool        `tfsdk:"expired"`
}

func (d *ServiceAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_accounts"
}

func (d *ServiceAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	rfc := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, CustomType: timetypes.RFC3339Type{}}
	}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		Description: "Lists the service accounts of the provider's organization on today's Gitpod (`gitpod.v1`), every page, oldest first; system-managed ones included. Only organization admins may list them. Not available on Gitpod Classic (an error).",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				Description: "Only accounts whose name, description or ID contains this text, ignoring case (1 to 256 characters).",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256), textvalidator.NoControlCharacters()},
			},
			"include_suspended": schema.BoolAttribute{
				Description: "Also list deleted (suspended) accounts, which authenticate nothing. Defaults to false.",
				Optional:    true,
			},
			"ids": schema.ListAttribute{Description: "IDs of the matching accounts, in the same order as `service_accounts`.", ElementType: types.StringType, Computed: true},
			"service_accounts": schema.ListNestedAttribute{
				Description: "The matching accounts, oldest first (by ID among those made at the same time).",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              computed("The account's ID."),
					"name":            computed("Its name."),
					"description":     computed("Its description."),
					"organization_id": computed("Its organization."),
					"creator_id":      computed("The user who created it; null for system-managed accounts."),
					"created_at":      rfc("When it was created (RFC 3339)."),
					"valid_until":     rfc("When it, and its tokens, stop working (RFC 3339)."),
					"suspended":       schema.BoolAttribute{Description: "Whether it was deleted (it then authenticates nothing).", Computed: true},
					"system_managed":  schema.BoolAttribute{Description: "Whether Gitpod manages it: no one can change, delete or act as it.", Computed: true},
					"expired":         schema.BoolAttribute{Description: "Whether `valid_until` has passed.", Computed: true},
				}},
			},
		},
	}
}

func (d *ServiceAccountsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *ServiceAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m ServiceAccountsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := serviceAccountsClient(ctx, d.data, &resp.Diagnostics, "Remove the gitpod_service_accounts data source, or point the provider at today's Gitpod.")
	if c == nil {
		return
	}
	accounts, err := c.ServiceAccounts(ctx, gitpod.ServiceAccountFilter{Search: m.Search.ValueString(), IncludeSuspended: m.IncludeSuspended.ValueBool()})
	if err != nil {
		addError(&resp.Diagnostics, err)
		return
	}
	now := d.data.clock()
	m.IDs, m.ServiceAccounts = []string{}, []ServiceAccountModel{}
	for _, a := range accounts {
		m.IDs = append(m.IDs, a.ID)
		m.ServiceAccounts = append(m.ServiceAccounts, ServiceAccountModel{
			ID:             types.StringValue(a.ID),
			Name:           types.StringValue(a.Name),
			Description:    types.StringValue(a.Description),
			OrganizationID: stringOrNull(a.OrganizationID),
			CreatorID:      stringOrNull(a.CreatorID),
			CreatedAt:      timeValue(a.CreatedAt),
			ValidUntil:     timeValue(a.ValidUntil),
			Suspended:      types.BoolValue(a.Suspended),
			SystemManaged:  types.BoolValue(a.SystemManaged),
			Expired:        types.BoolValue(!now.Before(a.ValidUntil)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
