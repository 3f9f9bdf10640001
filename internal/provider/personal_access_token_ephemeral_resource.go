package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

var (
	_ ephemeral.EphemeralResource              = (*PersonalAccessTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*PersonalAccessTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*PersonalAccessTokenEphemeralResource)(nil)
)

const (
	defaultEphemeralPrefix = "terraform-ephemeral-"
	defaultEphemeralTTL    = time.Hour
	privateTokenID         = "token_id"
)

// NewPersonalAccessTokenEphemeralResource returns the ephemeral gitpod_personal_access_token.
func NewPersonalAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &PersonalAccessTokenEphemeralResource{}
}

// PersonalAccessTokenEphemeralResource creates a short-lived token for the
// length of one Terraform run and deletes it when the run is done with it.
type PersonalAccessTokenEphemeralResource struct{ data *providerData }

// PersonalAccessTokenEphemeralModel is the ephemeral resource's data.
type PersonalAccessTokenEphemeralModel struct {
	NamePrefix  types.String         `tfsdk:"name_prefix"`
	Description types.String         `tfsdk:"description"`
	Scopes      types.Set            `tfsdk:"scopes"`
	ExpiresIn   timetypes.GoDuration `tfsdk:"expires_in"`
	ID          types.String         `tfsdk:"id"`
	Name        types.String         `tfsdk:"name"`
	Token       types.String         `tfsdk:"token"`
	ExpiresAt   timetypes.RFC3339    `tfsdk:"expires_at"`
}

func (e *PersonalAccessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_token"
}

func (e *PersonalAccessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Creates a short-lived personal access token for the length of one Terraform run (Terraform 1.10 or later) and deletes it when the run closes it. " +
			"The value is never written to state or to a plan file, which makes it the safest way to hand a Gitpod token to another provider or a provisioner. " +
			"If Gitpod creates the token but its answer is lost, the provider finds it by its unique name, so it is still used and deleted.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{
				Description: "Start of the token's name; a random suffix makes it unique. Defaults to `" + defaultEphemeralPrefix + "`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"description": schema.StringAttribute{
				Description: "Description of the token.",
				Optional:    true,
			},
			"scopes": schema.SetAttribute{
				Description: "Permission scopes. With no scopes the token grants no access at all; `[\"*\"]` grants everything the provider's user may do.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"expires_in": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "How long the token stays valid, as a Go duration between `5m` and `24h`, such as `30m` or `1h` (the default). It is deleted at the end of the run anyway; the expiry is the backstop if that delete never happens.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(5*time.Minute, 24*time.Hour)},
			},
			"id":         schema.StringAttribute{Description: "The token's ID.", Computed: true},
			"name":       schema.StringAttribute{Description: "The token's full, unique name.", Computed: true},
			"token":      schema.StringAttribute{Description: "The secret token value.", Computed: true, Sensitive: true},
			"expires_at": schema.StringAttribute{Description: "When the token stops working (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
		},
	}
}

func (e *PersonalAccessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *PersonalAccessTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m PersonalAccessTokenEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ttl := durationOr(m.ExpiresIn, defaultEphemeralTTL, &resp.Diagnostics)
	prefix := m.NamePrefix.ValueString()
	if m.NamePrefix.IsNull() {
		prefix = defaultEphemeralPrefix
	}
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	name := prefix + hex.EncodeToString(suffix)
	scopes := stringSet(ctx, m.Scopes, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The name is unique, so a create whose answer is lost is recovered by
	// name alone: no token outlives the run because of a dropped answer.
	t := createToken(ctx, e.data.client, &gitpodv1.PersonalAccessToken{
		Name:           name,
		Description:    m.Description.ValueString(),
		Scopes:         scopes,
		ExpirationTime: timestamppb.New(e.data.now().Add(ttl)),
	}, nil, &resp.Diagnostics)
	if t == nil {
		return
	}
	m.ID = types.StringValue(t.GetId())
	m.Name = types.StringValue(t.GetName())
	m.Token = types.StringValue(t.GetValue())
	m.ExpiresAt = timeValue(t.GetExpirationTime().AsTime(), t.GetExpirationTime() != nil)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	idJSON, err := json.Marshal(t.GetId())
	if err != nil {
		resp.Diagnostics.AddError("Unable to remember the ephemeral token's ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateTokenID, idJSON)...)
}

func (e *PersonalAccessTokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateTokenID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || raw == nil {
		return
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil {
		resp.Diagnostics.AddError("Unable to delete the ephemeral personal access token", fmt.Sprintf("Its ID could not be recovered (%s); delete the token in Gitpod (Settings > Access Tokens) by hand.", err))
		return
	}
	_, err := e.data.client.Tokens.DeletePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.DeletePersonalAccessTokenRequest{Id: id}))
	if err != nil && !api.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete", "ephemeral personal access token "+id, err)
	}
}
