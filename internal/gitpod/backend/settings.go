package backend

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// Environment variables the provider reads.
const (
	EnvHost            = "GITPOD_HOST"
	EnvToken           = "GITPOD_TOKEN"
	EnvAPIKey          = "GITPOD_API_KEY" // the vendor SDKs' variable
	EnvAPI             = "GITPOD_API"
	EnvRequestTimeout  = "GITPOD_REQUEST_TIMEOUT"
	EnvMaxRetries      = "GITPOD_MAX_RETRIES"
	EnvRetryMaxBackoff = "GITPOD_RETRY_MAX_BACKOFF"
)

// Bounds of the settings.
const (
	MinRequestTimeout  = time.Second
	MaxRequestTimeout  = 10 * time.Minute
	MinRetryMaxBackoff = 10 * time.Millisecond
	MaxRetryMaxBackoff = 5 * time.Minute
	// MaxRetriesLimit is the most retries a setting may ask for.
	MaxRetriesLimit = transport.MaxRetriesLimit
)

// Defaults of the settings.
const (
	DefaultRequestTimeout = transport.DefaultTimeout
)

// DefaultMaxRetries and DefaultRetryMaxBackoff are the retry defaults.
var (
	DefaultMaxRetries      = transport.DefaultRetryPolicy.MaxRetries
	DefaultRetryMaxBackoff = transport.DefaultRetryPolicy.MaxBackoff
)

// Settings are the provider's arguments as configured, "" (or nil) where
// unset. Values set in configuration were checked by their validators.
type Settings struct {
	Host, Token, API                string
	RequestTimeout, RetryMaxBackoff string
	MaxRetries                      *int64
	// UserAgent identifies the provider and the CLI.
	UserAgent string
}

// SettingError is a setting that cannot be used: which one (the
// argument's name), and the diagnostic's summary and detail.
type SettingError struct {
	Setting, Summary, Detail string
}

// Resolve fills in what the configuration leaves unset from the
// environment (getenv), then the defaults, and checks the result. It
// returns the connection settings, or what is wrong, per setting.
func Resolve(s Settings, getenv func(string) string) (Config, []SettingError) {
	var errs []SettingError
	fail := func(setting, summary, detail string) {
		errs = append(errs, SettingError{Setting: setting, Summary: summary, Detail: detail})
	}
	hostSet := s.Host != "" || getenv(EnvHost) != ""
	host := firstNonEmpty(s.Host, getenv(EnvHost), DefaultHost)
	token, tokenSource := resolveToken(s.Token, getenv)
	api := firstNonEmpty(s.API, getenv(EnvAPI), APIAuto)
	if _, err := transport.ParseHost(host); err != nil {
		fail("host", "Invalid Gitpod host", fmt.Sprintf("The host %q cannot be used: %s.", transport.Sanitize(host), err))
	}
	switch token {
	case "":
		fail("token", "Missing Gitpod token",
			"The provider needs a Gitpod personal access token. Set the "+EnvToken+" environment variable (or "+EnvAPIKey+"), or the provider's token argument. Create one in Gitpod under Settings > Personal Access Tokens.")
	default:
		if err := transport.ValidateToken(token); err != nil {
			fail("token", "Invalid Gitpod token", fmt.Sprintf("The token from %s cannot be used: %s.", tokenSource, err))
		}
	}
	switch api {
	case APIAuto, APIV1, APIClassic:
	default:
		fail("api", "Invalid API generation", fmt.Sprintf("%s is %q; it must be auto, v1 or classic.", EnvAPI, transport.Sanitize(api)))
	}
	if api == APIClassic && !hostSet {
		fail("host", "Gitpod Classic needs a host",
			"api is \"classic\", but no host is set: the default host, "+DefaultHost+", serves today's Gitpod, and Gitpod Classic's SaaS (api.gitpod.io) has been shut down. Set host (or "+EnvHost+") to your Gitpod Classic installation's API address, such as https://api.gitpod.example.com.")
	}
	timeout, problem := durationSetting(s.RequestTimeout, getenv(EnvRequestTimeout), EnvRequestTimeout, DefaultRequestTimeout, MinRequestTimeout, MaxRequestTimeout)
	if problem != "" {
		fail("request_timeout", "Invalid "+EnvRequestTimeout, problem)
	}
	retry := transport.DefaultRetryPolicy
	if retry.MaxRetries, problem = intSetting(s.MaxRetries, getenv(EnvMaxRetries), EnvMaxRetries, retry.MaxRetries, 0, MaxRetriesLimit); problem != "" {
		fail("max_retries", "Invalid "+EnvMaxRetries, problem)
	}
	if retry.MaxBackoff, problem = durationSetting(s.RetryMaxBackoff, getenv(EnvRetryMaxBackoff), EnvRetryMaxBackoff, retry.MaxBackoff, MinRetryMaxBackoff, MaxRetryMaxBackoff); problem != "" {
		fail("retry_max_backoff", "Invalid "+EnvRetryMaxBackoff, problem)
	}
	retry.MinBackoff = min(retry.MinBackoff, retry.MaxBackoff)
	// A call, attempts and waits included, never takes longer than
	// request_timeout times the number of attempts.
	retry.MaxElapsed = time.Duration(retry.MaxRetries+1) * timeout
	return Config{Host: host, Token: token, API: api, UserAgent: s.UserAgent, Timeout: timeout, Retry: retry}, errs
}

// resolveToken is the configured token, else GITPOD_TOKEN, else
// GITPOD_API_KEY, with where it came from.
func resolveToken(configured string, getenv func(string) string) (token, source string) {
	switch {
	case configured != "":
		return configured, "the provider's token argument"
	case getenv(EnvToken) != "":
		return getenv(EnvToken), EnvToken
	default:
		return getenv(EnvAPIKey), EnvAPIKey
	}
}

// durationSetting is a configured duration, else the environment's (raw,
// checked like the argument), else def; problem says what is wrong with
// the environment's value.
func durationSetting(configured, raw, env string, def, lo, hi time.Duration) (d time.Duration, problem string) {
	if configured != "" {
		if d, err := time.ParseDuration(configured); err == nil {
			return d, ""
		}
		return def, ""
	}
	if raw == "" {
		return def, ""
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < lo || d > hi {
		return def, fmt.Sprintf("%s is %q; it must be a Go duration between %s and %s, such as 30s.", env, transport.Sanitize(raw), lo, hi)
	}
	return d, ""
}

// intSetting is a configured integer, else the environment's, else def.
func intSetting(configured *int64, raw, env string, def, lo, hi int) (n int, problem string) {
	if configured != nil {
		return int(*configured), ""
	}
	if raw == "" {
		return def, ""
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return def, fmt.Sprintf("%s is %q; it must be a whole number from %d to %d.", env, transport.Sanitize(raw), lo, hi)
	}
	return n, ""
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// ValidateToken checks that a token can be sent (no white space, no
// control characters), without contacting the API.
func ValidateToken(token string) error { return transport.ValidateToken(token) }

// CheckHost checks that a host can be used, without contacting the API.
func CheckHost(host string) error {
	_, err := transport.ParseHost(host)
	return err
}
