package transport

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Origin is the scheme, host and port that credentials may be sent to.
type Origin struct {
	Scheme string
	Host   string // host name or IP, lower case, without brackets
	Port   string // always set: the scheme's default when the URL has none
}

func (o Origin) String() string {
	host := o.Host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if (o.Scheme == "https" && o.Port == "443") || (o.Scheme == "http" && o.Port == "80") {
		return o.Scheme + "://" + host
	}
	return o.Scheme + "://" + host + ":" + o.Port
}

// OriginOf returns the origin of an absolute URL.
func OriginOf(u *url.URL) Origin {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return Origin{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Hostname()), Port: port}
}

// IsLoopback reports whether a host name or IP address can only reach this
// machine. It looks at the parsed address, never at the text: "localhost" and
// names under ".localhost" (RFC 6761), and IPs in 127.0.0.0/8 or ::1.
// "127.attacker.example.com" is not loopback.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseHost checks the provider's host argument and returns it as a URL
// without a trailing slash. It must be an absolute https URL (plain http only
// for loopback hosts, where no token can cross a network), with no user
// information, query or fragment.
func ParseHost(host string) (*url.URL, error) {
	if strings.TrimSpace(host) != host {
		return nil, errors.New("must not start or end with white space")
	}
	u, err := url.Parse(host)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme == "" || u.Host == "" {
		return nil, errors.New("must be an absolute URL such as https://app.gitpod.io")
	}
	if u.User != nil {
		return nil, errors.New("must not contain user information (user:password@); put the token in the provider's token argument or GITPOD_TOKEN")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, errors.New("must not contain a query (?...) or fragment (#...)")
	}
	if u.Port() != "" {
		if _, err := net.LookupPort("tcp", u.Port()); err != nil {
			return nil, fmt.Errorf("invalid port %q", u.Port())
		}
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("plain http is only allowed for loopback hosts (localhost, 127.0.0.0/8, ::1), not %q; use https", u.Hostname())
		}
	default:
		return nil, fmt.Errorf("scheme must be https (or http for loopback hosts), not %q", u.Scheme)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
