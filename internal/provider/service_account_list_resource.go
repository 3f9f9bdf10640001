package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ list.ListResource              = (*ServiceAccountListResource)(nil)
	_ list.ListResourceWithConfigure = (*ServiceAccountListResource)(nil)
)

// NewServiceAccountListResource returns the gitpod_service_account list resource (terraform query).
func NewServiceAccountListResource() list.ListResource { return &ServiceAccountListResource{} }

// ServiceAccountListResource finds service accounts to adopt.
type ServiceAccountListResource struct{ data *providerData }

// ServiceAccountListConfigModel is the list block's config.
type ServiceAccountListConfigModel struct {
	Search types.String `tfsdk:"search"`
}

func (l *ServiceAccountListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (l *ServiceAccountListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Finds the service accounts of the provider's organization that Terraform can manage (every page, oldest first), for `terraform query` and `-generate-config-out`: deleted (suspended) and system-managed accounts are left out, as they cannot be managed. `gitpod.v1` only.",
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				Description: "Only accounts whose name, description or ID contains this text, ignoring case.",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 256), textvalidator.NoControlCharacters()},
			},
		},
	}
}

func (l *ServiceAccountListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *ServiceAccountListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg ServiceAccountListConfigModel
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	c := serviceAccountsClient(ctx, l.data, &diags, "Remove this list block, or point the provider at today's Gitpod.")
	if diags.HasError() || c == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	accounts, err := c.ServiceAccounts(ctx, gitpod.ServiceAccountFilter{Search: cfg.Search.ValueString()})
	if err != nil {
		listFailed(stream, err)
		return
	}
	keep := func(a gitpod.ServiceAccount) bool { return !a.Suspended && !a.SystemManaged }
	stream.Results = listResults(ctx, req, accounts, keep, func(a gitpod.ServiceAccount, r *list.ListResult) {
		r.DisplayName = a.Name
		r.Diagnostics.Append(r.Identity.Set(ctx, ServiceAccountIdentityModel{ID: types.StringValue(a.ID)})...)
		if req.IncludeResource {
			var m ServiceAccountResourceModel
			setServiceAccountState(&m, a)
			r.Diagnostics.Append(r.Resource.Set(ctx, &m)...)
		}
	})
}
