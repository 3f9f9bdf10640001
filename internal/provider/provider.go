// Package provider implements the Terraform provider for Gitpod. It holds
// Terraform types only; API access goes through internal/api.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
)

// RegistryAddress is the provider's source address in the Terraform Registry.
const RegistryAddress = "registry.terraform.io/gitpod-community/gitpod"

const (
	envHost  = "GITPOD_HOST"
	envToken = "GITPOD_TOKEN"
)

var (
	_ provider.Provider                       = (*GitpodProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*GitpodProvider)(nil)
)

// Option changes how the provider is built. Options exist for tests.
type Option func(*GitpodProvider)

// WithClock replaces the provider's clock, which decides token expiry and
// rotation windows, so that tests can move time without sleeping.
func WithClock(now func() time.Time) Option {
	return func(p *GitpodProvider) { p.now = now }
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
	version string
	now     func() time.Time
}

// GitpodProviderModel is the provider block.
type GitpodProviderModel struct {
	Host            types.String         `tfsdk:"host"`
	Token           types.String         `tfsdk:"token"`
	RequestTimeout  timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries      types.Int64          `tfsdk:"max_retries"`
	RetryMaxBackoff timetypes.GoDuration `tfsdk:"retry_max_backoff"`
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	client *api.Client
	now    func() time.Time
}

func (p *GitpodProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "gitpod"
	resp.Version = p.version
}

func (p *GitpodProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages Gitpod personal access tokens, teams and team members, and reads workspaces, through Gitpod's public API.",
		Attributes: map[string]schema.Attribute{
			"host": schema.StringAttribute{
				Description: "Base URL of the Gitpod API. Defaults to the `" + envHost + "` environment variable, then to `" + api.DefaultHost + "`. Must be `https://`, except for loopback hosts (`localhost`, `127.0.0.1`, `::1`), where `http://` is accepted for local testing.",
				Optional:    true,
			},
			"token": schema.StringAttribute{
				Description: "Gitpod personal access token used as the Bearer token. Defaults to the `" + envToken + "` environment variable. Prefer the environment variable, so the token stays out of configuration files.",
				Optional:    true,
				Sensitive:   true,
			},
			"request_timeout": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "Time limit for one attempt of an API call, as a Go duration between `1s` and `10m`, such as `30s` or `1m`. Defaults to `30s`.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(time.Second, 10*time.Minute)},
			},
			"max_retries": schema.Int64Attribute{
				Description: "How many times a failed call is retried (0 to 10). Reads are retried on unavailable, rate-limited and timed-out answers; writes only when the API provably did not process them. Defaults to `4`.",
				Optional:    true,
				Validators:  []validator.Int64{int64validator.Between(0, 10)},
			},
			"retry_max_backoff": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "Longest single wait between retries, as a Go duration between `10ms` and `5m`. A `Retry-After` asking for longer than this ends the retries. Defaults to `10s`.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(10*time.Millisecond, 5*time.Minute)},
			},
		},
	}
}

func (p *GitpodProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg GitpodProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unknown := map[string]bool{
		"host": cfg.Host.IsUnknown(), "token": cfg.Token.IsUnknown(), "request_timeout": cfg.RequestTimeout.IsUnknown(),
		"max_retries": cfg.MaxRetries.IsUnknown(), "retry_max_backoff": cfg.RetryMaxBackoff.IsUnknown(),
	}
	for name, isUnknown := range unknown {
		if isUnknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown provider argument",
				fmt.Sprintf("The provider cannot connect to Gitpod because %q depends on a value that is only known after apply. Set it to a value known at plan time, use the environment variable, or apply the resource it depends on first (terraform apply -target=...).", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	host := firstNonEmpty(cfg.Host.ValueString(), os.Getenv(envHost), api.DefaultHost)
	token := firstNonEmpty(cfg.Token.ValueString(), os.Getenv(envToken))
	if err := api.ValidateHost(host); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Invalid Gitpod host", fmt.Sprintf("The host %q cannot be used: %s.", host, err))
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing Gitpod token",
			"The provider needs a Gitpod personal access token. Set the "+envToken+" environment variable, or the provider's token argument. Create a token in Gitpod under Settings > Access Tokens.")
	}
	timeout := durationOr(cfg.RequestTimeout, api.DefaultTimeout, &resp.Diagnostics)
	retry := api.DefaultRetryPolicy
	if !cfg.MaxRetries.IsNull() {
		retry.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	retry.MaxBackoff = durationOr(cfg.RetryMaxBackoff, retry.MaxBackoff, &resp.Diagnostics)
	if retry.MinBackoff > retry.MaxBackoff {
		retry.MinBackoff = retry.MaxBackoff
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := api.New(api.Config{
		Host:      host,
		Token:     token,
		UserAgent: fmt.Sprintf("terraform-provider-gitpod/%s (+https://%s) Terraform/%s", p.version, RegistryAddress, req.TerraformVersion),
		Timeout:   timeout,
		Retry:     retry,
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Gitpod API client", err.Error())
		return
	}
	tflog.Debug(ctx, "configured Gitpod API client", map[string]any{"host": host, "timeout": timeout.String(), "max_retries": retry.MaxRetries})
	data := &providerData{client: client, now: p.now}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
}

func (p *GitpodProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTeamResource,
		NewPersonalAccessTokenResource,
		NewTeamMemberResource,
		NewTeamMembersResource,
	}
}

func (p *GitpodProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewPersonalAccessTokenEphemeralResource,
	}
}

func (p *GitpodProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewTeamDataSource,
		NewPersonalAccessTokensDataSource,
		NewTeamsDataSource,
		NewWorkspaceDataSource,
		NewWorkspacesDataSource,
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
