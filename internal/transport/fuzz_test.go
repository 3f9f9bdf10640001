package transport

import (
	"errors"
	"math"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// loopbackOracle decides loopback independently of IsLoopback: the name
// localhost, or an address netip parses (without a zone) in 127/8 or ::1.
func loopbackOracle(h string) bool {
	if l := strings.ToLower(h); l == "localhost" || l == "localhost." {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Zone() == "" && a.Unmap().IsLoopback()
}

var hostSeeds = []string{
	"https://app.gitpod.io", "http://127.0.0.1:8080", "http://[::1]", "http://localhost", "http://127.attacker.example.com",
	"http://evil.localhost", "https://user:pw@host", "https://host?x#y", "https://host:0", "https://host:65535/a/b/",
	"HTTP://LOCALHOST.", "http://[::ffff:127.0.0.1]:1", "https://[fe80::1%25eth0]", "https://xn--gitpd-vua.example",
	"https://a\u202eb", "http://0x7f000001", "https://:443", "https://host:", "https://h/%2e%2e/", "https://h/\u00e9",
	"http://127.0.0.1%2f.example", "https://[::1]]", "//host", "https:///path", " https://h",
}

func FuzzParseHost(f *testing.F) {
	for _, s := range hostSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseHost(s)
		if err != nil {
			checkSanitized(t, "error", err.Error())
			return
		}
		if u.Scheme != "https" && u.Scheme != "http" {
			t.Fatalf("%q: scheme %q", s, u.Scheme)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.Opaque != "" {
			t.Fatalf("%q: accepted %#v", s, u)
		}
		if u.Hostname() == "" || !validHostname(u.Hostname()) {
			t.Fatalf("%q: host name %q", s, u.Hostname())
		}
		if u.Scheme == "http" && !loopbackOracle(u.Hostname()) {
			t.Fatalf("%q: plain http to %q, which is not loopback", s, u.Hostname())
		}
		if strings.HasSuffix(u.Path, "/") {
			t.Fatalf("%q: path %q ends with a slash", s, u.Path)
		}
		out := u.String()
		if Sanitize(out) != out {
			t.Fatalf("%q: canonical form %q has control characters", s, out)
		}
		again, err := ParseHost(out)
		if err != nil {
			t.Fatalf("%q: canonical form %q is refused: %v", s, out, err)
		}
		if again.String() != out || OriginOf(again) != OriginOf(u) {
			t.Fatalf("%q: %q parses to %q, origin %v, not %v", s, out, again, OriginOf(again), OriginOf(u))
		}
	})
}

func FuzzIsLoopback(f *testing.F) {
	for _, s := range []string{
		"localhost", "LocalHost.", "127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "0:0::1", "127.attacker.example.com",
		"evil.localhost", "::1%lo", "127.1", "0177.0.0.1", "2130706433", "[::1]", "", "localho\u017ft", "::FFFF:7F00:1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got := IsLoopback(h)
		if want := loopbackOracle(h); got != want {
			t.Fatalf("IsLoopback(%q) = %v, the oracle says %v", h, got, want)
		}
		if got && !strings.EqualFold(strings.TrimSuffix(h, "."), "localhost") {
			// An address: whatever the resolver does, it stays here.
			ip := net.ParseIP(h)
			if ip == nil || !ip.IsLoopback() {
				t.Fatalf("IsLoopback(%q) for a non-address", h)
			}
		}
	})
}

// tokenMessage is the shape of every ValidateToken message: fixed words,
// numbers and a code point, never a piece of the token.
var tokenMessage = regexp.MustCompile(`^the token (is empty|starts or ends with white space \(a trailing newline from file\(\)\? use trimspace\(\)\)|contains white space \(character [0-9]+\); a token is one word|contains a control character \(U\+[0-9A-F]{4,6}, character [0-9]+\)|contains a character outside printable ASCII \(character [0-9]+\); check that it was copied whole and unchanged)$`)

func FuzzValidateToken(f *testing.F) {
	for _, s := range []string{testToken, testToken + "\n", " x", "a b", "a\x1bb", "t\u00f6k", "\xff", "", "Bearer x", "a\u202eb", "x\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		err := ValidateToken(tok)
		printable := tok != ""
		for i := 0; i < len(tok); i++ {
			if tok[i] < 0x21 || tok[i] > 0x7e {
				printable = false
			}
		}
		if (err == nil) != printable {
			t.Fatalf("ValidateToken(%q) = %v; printable ASCII: %v", tok, err, printable)
		}
		if err != nil && !tokenMessage.MatchString(err.Error()) {
			t.Fatalf("ValidateToken(%q): unexpected message %q", tok, err)
		}
		if err == nil {
			h := http.Header{}
			h.Set("Authorization", "Bearer "+tok)
			if h.Get("Authorization") != "Bearer "+tok {
				t.Fatalf("header changed the token %q", tok)
			}
		}
	})
}

// secondsOracle is what secondsDelay must return, computed with big
// integers.
func secondsOracle(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 40 || strings.Trim(v, "0123456789") != "" {
		return 0, false
	}
	n, _ := new(big.Int).SetString(v, 10)
	if n.Cmp(big.NewInt(int64(maxDelay/time.Second))) > 0 {
		return maxDelay, true
	}
	return time.Duration(n.Int64()) * time.Second, true
}

func FuzzSecondsDelay(f *testing.F) {
	for _, s := range []string{"0", "5", " 7 ", "-1", "+1", "1.5", "10000000000", "99999999999999999999", "9223372036854775808", strings.Repeat("9", 41), "\u0663", "\t1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, ok := secondsDelay(v)
		want, wantOK := secondsOracle(v)
		if got != want || ok != wantOK {
			t.Fatalf("secondsDelay(%q) = %v, %v; want %v, %v", v, got, ok, want, wantOK)
		}
		if got < 0 || got > maxDelay {
			t.Fatalf("secondsDelay(%q) = %v out of range", v, got)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	f.Add("120", "", int64(0))
	f.Add("10000000000", "", int64(1e9))
	f.Add("", "99999999999999999999", int64(1e9))
	f.Add("Fri, 31 Dec 9999 23:59:59 GMT", "", int64(math.MinInt64))
	f.Add("Mon, 02 Jan 2006 15:04:05 GMT", "5", int64(math.MaxInt64))
	f.Add("Monday, 02-Jan-06 15:04:05 GMT", "", int64(-62135596800))
	f.Add("-5", "-5", int64(0))
	f.Add("soon", "3", int64(0))
	f.Fuzz(func(t *testing.T, retryAfter, rateLimit string, nowUnix int64) {
		h := http.Header{}
		if retryAfter != "" {
			h["Retry-After"] = []string{retryAfter}
		}
		if rateLimit != "" {
			h["Ratelimit-Retryafter"] = []string{rateLimit}
		}
		now := time.Unix(nowUnix, 0)
		d, ok := RetryAfter(h, now)
		if d < 0 || d > maxDelay || (!ok && d != 0) {
			t.Fatalf("RetryAfter(%q, %q, %v) = %v, %v", retryAfter, rateLimit, now, d, ok)
		}
		if want, wantOK := secondsOracle(retryAfter); wantOK && (d != want || !ok) {
			t.Fatalf("RetryAfter(%q) = %v, %v; want %v", retryAfter, d, ok, want)
		}
		if _, isNum := secondsOracle(retryAfter); !isNum {
			if _, err := http.ParseTime(retryAfter); err != nil {
				want, wantOK := secondsOracle(rateLimit)
				if d != want || ok != wantOK {
					t.Fatalf("RetryAfter(%q, %q) = %v, %v; want the RateLimit-RetryAfter %v, %v", retryAfter, rateLimit, d, ok, want, wantOK)
				}
			}
		}
	})
}

var sanitizeSeeds = []string{"", "plain", "\x1b[31mred", "a\rb\nc\td", "\u202e\u2066\u200b\ufeff", "\xff\xfe", "\U000E0041", "\u2028", `\u001B`, "日本語\u0085"}

func FuzzSanitize(f *testing.F) {
	for _, s := range sanitizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		checkSanitized(t, "Sanitize output", out)
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize is not idempotent on %q: %q then %q", s, out, again)
		}
		clean := utf8.ValidString(s)
		for _, r := range s {
			if unsafeRune(r) {
				clean = false
			}
		}
		if clean != (out == s) {
			t.Fatalf("Sanitize(%q) = %q; input clean: %v", s, out, clean)
		}
		if len(out) > 10*len(s) {
			t.Fatalf("Sanitize(%q) grew to %d bytes", s, len(out))
		}
	})
}

func FuzzServerDelay(f *testing.F) {
	f.Add(int64(2), int32(5e8), []byte(nil), "", "", true)
	f.Add(int64(1e12), int32(0), []byte(nil), "", "", true)
	f.Add(int64(math.MaxInt64), int32(math.MaxInt32), []byte(nil), "1", "", true)
	f.Add(int64(math.MinInt64), int32(math.MinInt32), []byte(nil), "", "2", true)
	f.Add(int64(-1), int32(1), []byte{0x0a, 0x02, 0x08, 0x05}, "10000000000", "99999999999999999999", false)
	f.Add(int64(3153600000), int32(999999999), []byte{0x0a, 0x00}, "", "", true)
	policy := RetryPolicy{MaxRetries: 3, MinBackoff: 250 * time.Millisecond, MaxBackoff: 10 * time.Second, MaxElapsed: time.Minute}
	f.Fuzz(func(t *testing.T, secs int64, nanos int32, raw []byte, retryAfter, rateLimit string, withInfo bool) {
		ce := connect.NewWireError(connect.CodeResourceExhausted, errors.New("slow down"))
		if withInfo {
			ri := &errdetails.RetryInfo{RetryDelay: &durationpb.Duration{Seconds: secs, Nanos: nanos}}
			if raw != nil {
				ri = &errdetails.RetryInfo{}
				if proto.Unmarshal(raw, ri) != nil {
					ri = &errdetails.RetryInfo{}
				}
			}
			if d, err := connect.NewErrorDetail(ri); err == nil {
				ce.AddDetail(d)
			}
		}
		if retryAfter != "" {
			ce.Meta()["Retry-After"] = []string{retryAfter}
		}
		if rateLimit != "" {
			ce.Meta()["Ratelimit-Retryafter"] = []string{rateLimit}
		}
		err := &CallError{Err: ce}
		d, ok := ServerDelay(err, epoch)
		if d < 0 || d > maxDelay || (!ok && d != 0) {
			t.Fatalf("ServerDelay = %v, %v", d, ok)
		}
		dec := policy.Next(false, 1, err, 0, epoch, func() float64 { return 0.5 })
		if dec.Wait < 0 || dec.Wait > policy.MaxBackoff {
			t.Fatalf("Next waits %v (server asked %v, %v)", dec.Wait, d, ok)
		}
		if ok && d > policy.MaxBackoff && (dec.Retry || !strings.Contains(dec.Why, "asked to wait")) {
			t.Fatalf("a %v delay gave %+v", d, dec)
		}
		if ok && d <= policy.MaxBackoff && (!dec.Retry || dec.Wait < d) {
			t.Fatalf("a %v delay gave %+v", d, dec)
		}
	})
}

func FuzzBackoff(f *testing.F) {
	f.Add(int64(250*time.Millisecond), int64(10*time.Second), 1, 0.5)
	f.Add(int64(0), int64(time.Second), math.MaxInt, 0.99)
	f.Add(int64(time.Hour), int64(math.MaxInt64), 200, 0.999999)
	f.Add(int64(-1), int64(1), -5, 0.0)
	f.Fuzz(func(t *testing.T, minB, maxB int64, attempt int, r float64) {
		if maxB <= 0 || math.IsNaN(r) || math.IsInf(r, 0) {
			return // New never builds such a policy, and jitter is in [0,1)
		}
		r = math.Abs(r - math.Trunc(r))
		p := RetryPolicy{MinBackoff: time.Duration(minB), MaxBackoff: time.Duration(maxB)}
		got := p.Backoff(attempt, func() float64 { return r })
		if got < 0 || got > p.MaxBackoff {
			t.Fatalf("%+v.Backoff(%d, %v) = %v", p, attempt, r, got)
		}
	})
}
