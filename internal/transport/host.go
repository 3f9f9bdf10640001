package transport

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"
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
// machine. It looks at the parsed address, never at the text: the name
// "localhost" (with or without a final dot), and IPs in 127.0.0.0/8 or ::1
// (IPv4-mapped forms included). Names under ".localhost" are not loopback:
// the system resolver may ask the network's DNS for them, which can answer
// with any address. "127.attacker.example.com" is not loopback either.
func IsLoopback(host string) bool {
	host = strings.ToLower(host)
	if host == "localhost" || host == "localhost." {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validHostname reports whether a URL's host name is an IP address or a
// name made of letters, digits, marks, dots, hyphens and underscores, so
// that it is safe to show and cannot hide another address.
func validHostname(h string) bool {
	if h == "" {
		return false
	}
	if net.ParseIP(h) != nil {
		return true
	}
	for _, r := range h {
		switch {
		case r == '.' || r == '-' || r == '_':
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		default:
			return false
		}
	}
	return true
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
	if !validHostname(u.Hostname()) {
		return nil, fmt.Errorf("invalid host name %q", Sanitize(u.Hostname()))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("invalid port %q", Sanitize(p))
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, errors.New("empty port after the host name")
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
