package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
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
	NamePrefix types.String         `tfsdk:"name_prefix"`
	ReadOnly   types.Bool           `tfsdk:"read_only"`
	ExpiresIn  timetypes.GoDuration `tfsdk:"expires_in"`
	ID         types.String         `tfsdk:"id"`
	Name       types.String         `tfsdk:"name"`
	Token      types.String         `tfsdk:"token"`
	ExpiresAt  timetypes.RFC3339    `tfsdk:"expires_at"`
}

func (e *PersonalAccessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_personal_access_token"
}

func (e *PersonalAccessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Creates a short-lived personal access token for the length of one Terraform run (Terraform 1.10 or later) and deletes it when the run closes it. " +
			"The value is never written to state or to a plan file, which makes it the safest way to hand a Gitpod token to another provider or a provisioner. " +
			"If Gitpod creates the token but its answer is lost, the provider finds it by its unique name, so it is still used (Classic) or deleted and made again (`gitpod.v1`); no token outlives the run because of a dropped answer.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{
				Description: "Start of the token's name; a random 8-character suffix makes it unique. Defaults to `" + defaultEphemeralPrefix + "`. On Classic, names allow letters, digits, `-`, `_` and spaces, at most 63 characters in all.",
				Optional:    true,
				Validators:  []validator.String{textvalidator.LengthBetween(1, 200), textvalidator.NoControlCharacters()},
			},
			"read_only": schema.BoolAttribute{
				Description: "`gitpod.v1` only: make a read-only token (default `false`). `true` is an error on Classic, where it stays null.",
				Optional:    true,
				Computed:    true,
			},
			"expires_in": ephemeralExpiresIn(""),
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
	c := e.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	ttl := ephemeralTTL(m.ExpiresIn, &resp.Diagnostics)
	prefix := defaultEphemeralPrefix
	if !m.NamePrefix.IsNull() {
		prefix = m.NamePrefix.ValueString()
	}
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	name := prefix + hex.EncodeToString(suffix)
	checkTokenName(&resp.Diagnostics, path.Root("name_prefix"), c, name, "with its 8-character suffix, ")
	if !c.Has(gitpod.FeatureTokenReadOnly) && m.ReadOnly.ValueBool() {
		notAvailable(&resp.Diagnostics, path.Root("read_only"), c, gitpod.FeatureTokenReadOnly, "Remove read_only.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	t, value, err := c.CreateToken(ctx, gitpod.TokenSpec{Name: name, ExpiresAt: e.data.clock().Add(ttl).UTC(), ValidFor: ttl, ReadOnly: m.ReadOnly.ValueBool()})
	if err != nil || value == "" {
		discardEphemeral(ctx, c, &resp.Diagnostics, ephemeralToken{
			title: "personal access token", id: t.ID, name: name, where: "Settings > Personal Access Tokens", remove: c.DeleteToken,
		}, err)
		return
	}
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.Token = types.StringValue(value)
	m.ExpiresAt = timeValue(t.ExpiresAt)
	if m.ReadOnly.IsNull() && c.Has(gitpod.FeatureTokenReadOnly) {
		m.ReadOnly = types.BoolValue(t.ReadOnly)
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	idJSON, _ := json.Marshal(t.ID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateTokenID, idJSON)...)
}

// ephemeralToken is a token an Open made, for discardEphemeral.
type ephemeralToken struct {
	// title names the kind ("personal access token"); where says where
	// in Gitpod to delete it by hand.
	title, id, name, where string
	remove                 func(context.Context, string) error
}

// discardEphemeral ends an Open that cannot hand out the token it made (its
// value was lost, or the run was interrupted): the token is deleted, on a
// short context after an interrupt, so that it is not left behind; err is
// the Open's error, if any.
func discardEphemeral(ctx context.Context, c *gitpod.Client, diags *diag.Diagnostics, t ephemeralToken, err error) {
	if t.id != "" {
		dctx, cancel := c.ShortContext(ctx)
		defer cancel()
		if derr := t.remove(dctx, t.id); derr != nil {
			diags.AddError("Ephemeral "+t.title+" left behind",
				fmt.Sprintf("Token %s (%q) was created but could not be used, and deleting it failed: %s. Delete it in Gitpod (%s).", t.id, t.name, derr, t.where))
		}
	}
	if err != nil {
		addError(diags, err)
	}
}

// ephemeralExpiresIn is the schema of an ephemeral token's expires_in;
// extra adds to its description.
func ephemeralExpiresIn(extra string) schema.StringAttribute {
	return schema.StringAttribute{
		CustomType:  timetypes.GoDurationType{},
		Description: "How long the token stays valid, as a Go duration between `5m` and `24h`, such as `30m` or `1h` (the default)" + extra + ". It is deleted at the end of the run anyway; the expiry is the backstop if that delete never happens.",
		Optional:    true,
		Validators:  []validator.String{durationBetween(5*time.Minute, 24*time.Hour)},
	}
}

// ephemeralTTL is the validity expires_in asks for (defaultEphemeralTTL
// when null).
func ephemeralTTL(v timetypes.GoDuration, diags *diag.Diagnostics) time.Duration {
	if v.IsNull() {
		return defaultEphemeralTTL
	}
	d, ds := v.ValueGoDuration()
	diags.Append(ds...)
	return d
}

func (e *PersonalAccessTokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateTokenID)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || raw == nil {
		return
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil {
		resp.Diagnostics.AddError("Unable to delete the ephemeral personal access token", fmt.Sprintf("Its ID could not be recovered (%s); delete the token in Gitpod (Settings > Personal Access Tokens) by hand.", err))
		return
	}
	c := e.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if err := c.DeleteToken(ctx, id); err != nil {
		addError(&resp.Diagnostics, err)
	}
}
