package backend

import (
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

// TestResolve: configuration wins over the environment, which wins over
// the defaults, and each unusable value is an error on its own setting.
func TestResolve(t *testing.T) {
	five := int64(5)
	cases := []struct {
		name     string
		s        Settings
		env      map[string]string
		check    func(t *testing.T, c Config)
		wantErrs map[string]string // setting -> part of the detail
	}{
		{
			name: "defaults", s: Settings{Token: "tok"},
			check: func(t *testing.T, c Config) {
				if c.Host != DefaultHost || c.API != APIAuto || c.Timeout != DefaultRequestTimeout || c.Retry.MaxRetries != DefaultMaxRetries || c.Retry.MaxBackoff != DefaultRetryMaxBackoff {
					t.Errorf("%+v", c)
				}
				if c.Retry.MaxElapsed != time.Duration(DefaultMaxRetries+1)*DefaultRequestTimeout {
					t.Errorf("whole-call budget %s", c.Retry.MaxElapsed)
				}
			},
		},
		{
			name: "environment", env: map[string]string{EnvHost: "https://gitpod.example.com", EnvToken: "env-tok", EnvAPI: "v1", EnvRequestTimeout: "5s", EnvMaxRetries: "2", EnvRetryMaxBackoff: "1s"},
			check: func(t *testing.T, c Config) {
				if c.Host != "https://gitpod.example.com" || c.Token != "env-tok" || c.API != "v1" || c.Timeout != 5*time.Second || c.Retry.MaxRetries != 2 || c.Retry.MaxBackoff != time.Second || c.Retry.MaxElapsed != 15*time.Second {
					t.Errorf("%+v", c)
				}
			},
		},
		{
			name: "configuration wins", s: Settings{Host: "https://a.example.com", Token: "cfg", API: "classic", RequestTimeout: "2s", MaxRetries: &five, RetryMaxBackoff: "20ms"},
			env: map[string]string{EnvHost: "https://b.example.com", EnvToken: "env", EnvAPI: "v1", EnvRequestTimeout: "9s", EnvMaxRetries: "1", EnvRetryMaxBackoff: "3s"},
			check: func(t *testing.T, c Config) {
				if c.Host != "https://a.example.com" || c.Token != "cfg" || c.API != "classic" || c.Timeout != 2*time.Second || c.Retry.MaxRetries != 5 || c.Retry.MaxBackoff != 20*time.Millisecond || c.Retry.MinBackoff > c.Retry.MaxBackoff {
					t.Errorf("%+v", c)
				}
			},
		},
		{
			name: "GITPOD_API_KEY when GITPOD_TOKEN is unset", env: map[string]string{EnvAPIKey: "key"},
			check: func(t *testing.T, c Config) {
				if c.Token != "key" {
					t.Errorf("token %q", c.Token)
				}
			},
		},
		{name: "no token", wantErrs: map[string]string{"token": "GITPOD_TOKEN"}},
		{name: "a token with white space names its source", env: map[string]string{EnvAPIKey: "a b"}, wantErrs: map[string]string{"token": "from GITPOD_API_KEY"}},
		{name: "a bad host", s: Settings{Token: "t", Host: "http://gitpod.example.com"}, wantErrs: map[string]string{"host": "cannot be used"}},
		{name: "classic needs a host", s: Settings{Token: "t", API: "classic"}, wantErrs: map[string]string{"host": "no host is set"}},
		{name: "a bad api from the environment", s: Settings{Token: "t"}, env: map[string]string{EnvAPI: "v2"}, wantErrs: map[string]string{"api": `GITPOD_API is "v2"`}},
		{
			name: "bad numbers from the environment", s: Settings{Token: "t"},
			env:      map[string]string{EnvRequestTimeout: "1h", EnvMaxRetries: "eleven", EnvRetryMaxBackoff: "1ns"},
			wantErrs: map[string]string{"request_timeout": "between 1s and 10m0s", "max_retries": "from 0 to 10", "retry_max_backoff": "between 10ms and 5m0s"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, errs := Resolve(tc.s, env(tc.env))
			got := map[string]string{}
			for _, e := range errs {
				got[e.Setting] = e.Summary + ": " + e.Detail
			}
			if len(got) != len(tc.wantErrs) {
				t.Fatalf("errors %v, want on %v", got, tc.wantErrs)
			}
			for setting, part := range tc.wantErrs {
				if !strings.Contains(got[setting], part) {
					t.Errorf("%s: %q does not say %q", setting, got[setting], part)
				}
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}
