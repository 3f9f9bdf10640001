// Package provider implements the Terraform provider for Gitpod. It holds
// Terraform types only; it speaks to Gitpod through the backend-neutral
// model in internal/gitpod, whichever API generation serves it.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
)

// RegistryAddress is the provider's source address in the Terraform Registry.
const RegistryAddress = "registry.terraform.io/gitpod-community/gitpod"

var (
	_ provider.Provider                       = (*GitpodProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*GitpodProvider)(nil)
	_ provider.ProviderWithValidateConfig     = (*GitpodProvider)(nil)
	_ provider.ProviderWithListResources      = (*GitpodProvider)(nil)
	_ provider.ProviderWithActions            = (*GitpodProvider)(nil)
)

// Option changes how the provider is built. Options exist for tests.
type Option func(*GitpodProvider)

// WithClock replaces the provider's clock, which decides token expiry and
// rotation windows, so that tests can move time without sleeping.
func WithClock(now func() time.Time) Option {
	return func(p *GitpodProvider) { p.now = now }
}

// WithRoundTripper replaces the HTTP transport under the provider's one
// client, so tests can reach local misbehaving servers.
func WithRoundTripper(rt http.RoundTripper) Option {
	return func(p *GitpodProvider) { p.rt = rt }
}

// WithCacheTTL sets how long reads are shared (negative: not at all).
func WithCacheTTL(d time.Duration) Option {
	return func(p *GitpodProvider) { p.cacheTTL = d }
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &GitpodProvider{version: version, now: time.Now}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

// GitpodProvider is the provider implementation.
type GitpodProvider struct {
	version  string
	now      func() time.Time
	rt       http.RoundTripper
	cacheTTL time.Duration
}

// GitpodProviderModel is the provider block.
type GitpodProviderModel struct {
	Host            types.String         `tfsdk:"host"`
	Token           types.String         `tfsdk:"token"`
	API             types.String         `tfsdk:"api"`
	RequestTimeout  timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries      types.Int64          `tfsdk:"max_retries"`
	RetryMaxBackoff timetypes.GoDuration `tfsdk:"retry_max_backoff"`
}

func (p *GitpodProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitpod"
	resp.Version = p.version
}

func (p *GitpodProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Gitpod personal access tokens, teams and team members, and reads workspaces, through Gitpod's public API: today's Gitpod (`gitpod.v1`, app.gitpod.io) or a Gitpod Classic installation (`gitpod.experimental.v1`).",
		Attributes: map[string]schema.Attribute{
			"host": schema.StringAttribute{
				Description: "Base URL of Gitpod. Defaults to `" + backend.EnvHost + "`, then to `" + backend.DefaultHost + "`. `gitpod.v1` calls go to `<host>/api/gitpod.v1.<Service>/<Method>`, Classic calls to `<host>/gitpod.experimental.v1.<Service>/<Method>` (for a Classic installation, its API address, such as `https://api.gitpod.example.com`). Must be `https://`; `http://` is accepted only for loopback addresses (`localhost`, `127.0.0.0/8`, `::1`). The token is only ever sent to this origin: a redirect elsewhere is an error.",
				Optional:    true,
				Validators:  []validator.String{hostValidator{}},
			},
			"token": schema.StringAttribute{
				Description: "Personal access token of the user the provider acts as, sent as the Bearer token. Defaults to `" + backend.EnvToken + "`, then to `" + backend.EnvAPIKey + "` (the variable Gitpod's own SDKs read). Prefer the environment variables, so the token stays out of configuration files. See the provider documentation for the rights it needs.",
				Optional:    true,
				Sensitive:   true,
			},
			"api": schema.StringAttribute{
				Description: "Which API generation the host serves: `v1` (today's Gitpod), `classic` (Gitpod Classic) or `auto` (the default: the provider asks the host once per run and logs its choice at debug level). Defaults to `" + backend.EnvAPI + "`, then `auto`.",
				Optional:    true,
				Validators:  []validator.String{stringvalidator.OneOf(backend.APIs...)},
			},
			"request_timeout": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "Time limit for one attempt of an API call, as a Go duration between `1s` and `10m`, such as `30s`. Defaults to `" + backend.EnvRequestTimeout + "`, then `30s`. A server that does not answer fails after at most `request_timeout` times the number of attempts.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(backend.MinRequestTimeout, backend.MaxRequestTimeout)},
			},
			"max_retries": schema.Int64Attribute{
				Description: "How many times a failed call is retried (0 to 10). Calls that are safe to repeat are retried on unavailable, rate-limited, timed-out and dropped answers; creates only when the API provably did not process them (a create whose answer was lost is reconciled instead). Defaults to `" + backend.EnvMaxRetries + "`, then `4`.",
				Optional:    true,
				Validators:  []validator.Int64{int64validator.Between(0, backend.MaxRetriesLimit)},
			},
			"retry_max_backoff": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "Longest single wait between retries, as a Go duration between `10ms` and `5m`. A server asking for a longer wait (`Retry-After`, `RateLimit-RetryAfter` or a `google.rpc.RetryInfo` detail) ends the retries with an error that says how long it asked for. Defaults to `" + backend.EnvRetryMaxBackoff + "`, then `10s`.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(backend.MinRetryMaxBackoff, backend.MaxRetryMaxBackoff)},
			},
		},
	}
}

// ValidateConfig checks known values before anything is planned.
func (p *GitpodProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg GitpodProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !cfg.Token.IsNull() && !cfg.Token.IsUnknown() {
		if err := backend.ValidateToken(cfg.Token.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("token"), "Invalid Gitpod token", err.Error()+".")
		}
	}
}

func (p *GitpodProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg GitpodProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !allKnown(cfg, &resp.Diagnostics) {
		return
	}
	conf, problems := backend.Resolve(settingsOf(cfg, p.version, req.TerraformVersion), os.Getenv)
	for _, e := range problems {
		resp.Diagnostics.AddAttributeError(path.Root(e.Setting), e.Summary, e.Detail)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	conf.RoundTripper, conf.CacheTTL, conf.Now = p.rt, p.cacheTTL, p.now
	h, err := backend.Open(conf)
	if err != nil {
		resp.Diagnostics.AddError("Unable to configure the Gitpod provider", err.Error())
		return
	}
	tflog.Debug(ctx, "configured the Gitpod provider", map[string]any{"host": h.Host(), "api": conf.API, "timeout": conf.Timeout.String(), "max_retries": conf.Retry.MaxRetries})
	data := &providerData{handle: h, now: p.now, claims: &memberClaims{}}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// allKnown reports whether every argument is known; it adds an error on
// each one that is not.
func allKnown(cfg GitpodProviderModel, diags *diag.Diagnostics) bool {
	unknown := map[string]bool{
		"host": cfg.Host.IsUnknown(), "token": cfg.Token.IsUnknown(), "api": cfg.API.IsUnknown(), "request_timeout": cfg.RequestTimeout.IsUnknown(),
		"max_retries": cfg.MaxRetries.IsUnknown(), "retry_max_backoff": cfg.RetryMaxBackoff.IsUnknown(),
	}
	for _, name := range []string{"host", "token", "api", "request_timeout", "max_retries", "retry_max_backoff"} {
		if unknown[name] {
			diags.AddAttributeError(path.Root(name), "Unknown provider argument",
				fmt.Sprintf("The provider cannot connect to Gitpod because %q depends on a value that is only known after apply. Set it to a value known at plan time, use its environment variable, or apply the resource it depends on first (terraform apply -target=...).", name))
		}
	}
	return !diags.HasError()
}

// settingsOf is the provider block as backend.Resolve takes it.
func settingsOf(cfg GitpodProviderModel, version, terraformVersion string) backend.Settings {
	s := backend.Settings{
		Host:            cfg.Host.ValueString(),
		Token:           cfg.Token.ValueString(),
		API:             cfg.API.ValueString(),
		RequestTimeout:  cfg.RequestTimeout.ValueString(),
		RetryMaxBackoff: cfg.RetryMaxBackoff.ValueString(),
		UserAgent:       fmt.Sprintf("terraform-provider-gitpod/%s (+https://%s) Terraform/%s", version, RegistryAddress, terraformVersion),
	}
	if !cfg.MaxRetries.IsNull() {
		n := cfg.MaxRetries.ValueInt64()
		s.MaxRetries = &n
	}
	return s
}

func (p *GitpodProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTeamResource,
		NewPersonalAccessTokenResource,
		NewTeamMemberResource,
		NewTeamMembersResource,
		NewServiceAccountResource,
		NewServiceAccountTokenResource,
	}
}

func (p *GitpodProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewPersonalAccessTokenEphemeralResource,
		NewServiceAccountTokenEphemeralResource,
	}
}

func (p *GitpodProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewTeamListResource,
		NewTeamMemberListResource,
		NewPersonalAccessTokenListResource,
		NewServiceAccountListResource,
	}
}

func (p *GitpodProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewWorkspaceStopAction,
	}
}

func (p *GitpodProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCurrentUserDataSource,
		NewTeamDataSource,
		NewTeamsDataSource,
		NewPersonalAccessTokensDataSource,
		NewWorkspaceDataSource,
		NewWorkspacesDataSource,
		NewUserDataSource,
		NewUsersDataSource,
		NewServiceAccountsDataSource,
	}
}
