package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

var (
	_ ephemeral.EphemeralResource              = (*ServiceAccountTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*ServiceAccountTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*ServiceAccountTokenEphemeralResource)(nil)
)

// privateServiceAccountToken is the ephemeral service account token's
// private key: the token to delete when the run closes it, with its
// account (only the account can delete it).
const privateServiceAccountToken = "service_account_token"

type ephemeralServiceAccountToken struct {
	ServiceAccountID string `json:"service_account_id"`
	ID               string `json:"id"`
}

// NewServiceAccountTokenEphemeralResource returns the ephemeral gitpod_service_account_token.
func NewServiceAccountTokenEphemeralResource() ephemeral.EphemeralResource {
	return &ServiceAccountTokenEphemeralResource{}
}

// ServiceAccountTokenEphemeralResource creates a short-lived token of a
// service account for the length of one Terraform run and deletes it when
// the run is done with it.
type ServiceAccountTokenEphemeralResource struct{ data *providerData }

// ServiceAccountTokenEphemeralModel is the ephemeral resource's data.
type ServiceAccountTokenEphemeralModel struct {
	ServiceAccountID types.String         `tfsdk:"service_account_id"`
	Description      types.String         `tfsdk:"description"`
	ExpiresIn        timetypes.GoDuration `tfsdk:"expires_in"`
	ID               types.String         `tfsdk:"id"`
	Token            types.String         `tfsdk:"token"`
	ExpiresAt        timetypes.RFC3339    `tfsdk:"expires_at"`
}

func (e *ServiceAccountTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account_token"
}

func (e *ServiceAccountTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Creates a short-lived token of a service account on today's Gitpod (`gitpod.v1`) for the length of one Terraform run (Terraform 1.10 or later) and deletes it when the run closes it. " +
			"The value is never written to state or to a plan file. The provider's token must be an organization admin's (the provider acts as the account). " +
			"If Gitpod creates the token but its answer is lost, the provider finds it, deletes it and makes another, so no token outlives the run because of a dropped answer. Not available on Gitpod Classic (an error).",
		Attributes: map[string]schema.Attribute{
			"service_account_id": schema.StringAttribute{
				Description: "The ID of the service account the token acts as.",
				Required:    true,
				Validators:  []validator.String{uuidValidator("a service account ID")},
			},
			"description": schema.StringAttribute{
				Description: "The token's description, 1 to 255 characters. Defaults to `" + defaultEphemeralPrefix + "` followed by 8 random characters, so that concurrent runs tell their tokens apart.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 255), textvalidator.NoControlCharacters()},
			},
			"expires_in": ephemeralExpiresIn(", but never past the account's `valid_until`"),
			"id":         schema.StringAttribute{Description: "The token's ID.", Computed: true},
			"token":      schema.StringAttribute{Description: "The secret token value.", Computed: true, Sensitive: true},
			"expires_at": schema.StringAttribute{Description: "When the token stops working (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
		},
	}
}

func (e *ServiceAccountTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *ServiceAccountTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m ServiceAccountTokenEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := serviceAccountsClient(ctx, e.data, &resp.Diagnostics, "Use the ephemeral gitpod_personal_access_token there.")
	if c == nil {
		return
	}
	if serviceAccountCeiling(ctx, c, m.ServiceAccountID, true, e.data.clock(), &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	ttl := ephemeralTTL(m.ExpiresIn, &resp.Diagnostics)
	description := m.Description.ValueString()
	if m.Description.IsNull() {
		suffix := make([]byte, 4)
		_, _ = rand.Read(suffix)
		description = defaultEphemeralPrefix + hex.EncodeToString(suffix)
	}
	accountID := m.ServiceAccountID.ValueString()
	t, value, err := c.CreateServiceAccountToken(ctx, accountID, gitpod.ServiceAccountTokenSpec{Description: description, ValidFor: ttl})
	if err != nil || value == "" {
		discardEphemeral(ctx, c, &resp.Diagnostics, ephemeralToken{
			title: "service account token", id: t.ID, name: description, where: "the organization's service account " + accountID,
			remove: func(ctx context.Context, id string) error { return c.DeleteServiceAccountToken(ctx, accountID, id) },
		}, err)
		return
	}
	m.ID = types.StringValue(t.ID)
	m.Description = types.StringValue(t.Description)
	m.Token = types.StringValue(value)
	m.ExpiresAt = timeValue(t.ExpiresAt)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	raw, _ := json.Marshal(ephemeralServiceAccountToken{ServiceAccountID: accountID, ID: t.ID})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateServiceAccountToken, raw)...)
}

func (e *ServiceAccountTokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateServiceAccountToken)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || raw == nil {
		return
	}
	var tok ephemeralServiceAccountToken
	if err := json.Unmarshal(raw, &tok); err != nil || tok.ID == "" {
		resp.Diagnostics.AddError("Unable to delete the ephemeral service account token", fmt.Sprintf("Its ID could not be recovered (%v); delete the token in Gitpod (the organization's service accounts) by hand.", err))
		return
	}
	c := e.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if err := c.DeleteServiceAccountToken(ctx, tok.ServiceAccountID, tok.ID); err != nil {
		addError(&resp.Diagnostics, err)
	}
}
