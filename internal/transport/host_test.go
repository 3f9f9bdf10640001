package transport

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"localhost":                 true,
		"LOCALHOST":                 true,
		"localhost.":                true,
		"127.0.0.1":                 true,
		"127.1.2.3":                 true,
		"::1":                       true,
		"0:0:0:0:0:0:0:1":           true,
		"::ffff:127.0.0.1":          true,
		"127.attacker.example.com":  false,
		"127.0.0.1.nip.io":          false,
		"localhost.attacker.com":    false,
		"evil.localhost":            false, // resolved by the network's DNS, which may say anything
		"localhost.localdomain":     false,
		"127.0.0.1.":                false,
		"0x7f.0.0.1":                false,
		"2130706433":                false,
		"127.1":                     false,
		"0177.0.0.1":                false,
		"::1%lo":                    false,
		"[::1]":                     false, // brackets belong to URLs, not host names
		"0.0.0.0":                   false,
		"::":                        false,
		"10.0.0.1":                  false,
		"":                          false,
		"local\u0127host":           false,
		"localho\u017ft":            false, // long s, which IDNA maps to s
		"app.gitpod.io":             false,
		"128.0.0.1":                 false,
		"::ffff:10.0.0.1":           false,
		"0:0:0:0:0:ffff:7f00:0001":  true,
		"127.000.000.001":           false,
		"localhost\x00.example.com": false,
	}
	cases["\t127.0.0.1"] = false // white space is not trimmed
	for host, want := range cases {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestParseHost(t *testing.T) {
	t.Parallel()
	ok := map[string]string{
		"https://app.gitpod.io":           "https://app.gitpod.io",
		"https://app.gitpod.io/":          "https://app.gitpod.io",
		"HTTPS://app.gitpod.io//":         "https://app.gitpod.io",
		"https://gitpod.example.com/x/":   "https://gitpod.example.com/x",
		"https://gitpod.example.com:8443": "https://gitpod.example.com:8443",
		"http://127.0.0.1":                "http://127.0.0.1",
		"http://127.0.0.1:8080":           "http://127.0.0.1:8080",
		"http://[::1]":                    "http://[::1]",
		"http://[::1]:3000":               "http://[::1]:3000",
		"http://localhost":                "http://localhost",
		"http://LocalHost:9000":           "http://LocalHost:9000",
		"https://127.0.0.1:1":             "https://127.0.0.1:1",
		"https://xn--gitpd-vua.example":   "https://xn--gitpd-vua.example",
	}
	for in, want := range ok {
		u, err := ParseHost(in)
		if err != nil {
			t.Errorf("ParseHost(%q): %v", in, err)
			continue
		}
		if u.String() != want {
			t.Errorf("ParseHost(%q) = %q, want %q", in, u.String(), want)
		}
	}
	bad := map[string]string{
		"":                                  "absolute URL",
		"app.gitpod.io":                     "absolute URL",
		"https:app.gitpod.io":               "absolute URL",
		"/api":                              "absolute URL",
		" https://app.gitpod.io":            "white space",
		"https://app.gitpod.io\n":           "white space",
		"http://app.gitpod.io":              "plain http",
		"http://127.attacker.example.com":   "plain http",
		"http://127.0.0.1.nip.io":           "plain http",
		"http://evil.localhost":             "plain http",
		"http://localhost.attacker.example": "plain http",
		"http://0.0.0.0":                    "plain http",
		"http://10.0.0.1:8080":              "plain http",
		"ftp://app.gitpod.io":               "scheme",
		"ws://localhost":                    "scheme",
		"file:///etc/passwd":                "absolute URL",
		"https://user:pass@app.gitpod.io":   "user information",
		"https://token@app.gitpod.io":       "user information",
		"https://app.gitpod.io?x=1":         "query",
		"https://app.gitpod.io/?":           "query",
		"https://app.gitpod.io#frag":        "fragment",
		"https://app.gitpod.io:0":           "invalid port",
		"https://app.gitpod.io:65536":       "invalid port",
		"https://app.gitpod.io:99999999999": "invalid port",
		"https://app.gitpod.io:":            "empty port",
		"https://:443":                      "host name",
		"https://app\u202egitpod.io":        "host name",
		"https://app gitpod.io":             "",
		"https://app.gitpod.io/\x1b[31m":    "",
		"https://[::1":                      "",
		"https://a%2fb.example":             "",
		"https://a%2Eb.example":             "",
	}
	for in, want := range bad {
		u, err := ParseHost(in)
		if err == nil {
			t.Errorf("ParseHost(%q) = %v, want an error", in, u)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseHost(%q) error %q, want it to mention %q", in, err, want)
		}
		if strings.ContainsAny(err.Error(), "\x1b\r\n\u202e") {
			t.Errorf("ParseHost(%q) error %q has control characters", in, err)
		}
	}
}

func TestOriginOf(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"https://App.Gitpod.IO/api":   "https://app.gitpod.io",
		"https://app.gitpod.io:443/":  "https://app.gitpod.io",
		"https://app.gitpod.io:8443/": "https://app.gitpod.io:8443",
		"http://127.0.0.1/":           "http://127.0.0.1",
		"http://127.0.0.1:80/":        "http://127.0.0.1",
		"http://[::1]:8080/":          "http://[::1]:8080",
		"HTTP://LOCALHOST:1/":         "http://localhost:1",
	}
	for in, want := range cases {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := OriginOf(u).String(); got != want {
			t.Errorf("OriginOf(%q) = %q, want %q", in, got, want)
		}
	}
	a, _ := url.Parse("https://app.gitpod.io/x")
	b, _ := url.Parse("https://app.gitpod.io:443/y")
	c, _ := url.Parse("http://app.gitpod.io:443/y")
	if OriginOf(a) != OriginOf(b) {
		t.Error("an explicit default port is another origin")
	}
	if OriginOf(b) == OriginOf(c) {
		t.Error("http and https on one port are the same origin")
	}
}

// TestLoopbackOnlyDial: with plain http the dialer refuses addresses that
// are not loopback, whatever the name resolved to.
func TestLoopbackOnlyDial(t *testing.T) {
	t.Parallel()
	for addr, ok := range map[string]bool{
		"127.0.0.1:80":       true,
		"[::1]:8080":         true,
		"10.1.2.3:80":        false,
		"[2001:db8::1]:80":   false,
		"93.184.216.34:80":   false,
		"not-an-address":     false,
		"localhost:80":       false, // never dialled by name: resolution comes first
		"[::ffff:7f00:1]:80": true,
	} {
		err := loopbackOnly(context.Background(), "tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("loopbackOnly(%q) = %v, want allowed=%v", addr, err, ok)
		}
	}
}

func TestNewRefusesBadSettings(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{
		{Host: "http://127.attacker.example.com", Token: testToken},
		{Host: "https://app.gitpod.io", Token: testToken + "\n"},
		{Host: "https://app.gitpod.io", Token: ""},
		{Host: "https://app.gitpod.io/\x1b]0;title\x07", Token: testToken},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+q) succeeded", cfg.Host)
		} else if strings.ContainsAny(err.Error(), "\x1b\x07\n") {
			t.Errorf("New(%+q) error %q has control characters", cfg.Host, err)
		}
	}
}
