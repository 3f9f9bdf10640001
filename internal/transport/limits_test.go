package transport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const gib = 1 << 30

// streamer answers with status and a body of size bytes, written lazily
// in chunks: prefix, then filler. It records how much it wrote.
type streamer struct {
	srv     *httptest.Server
	written atomic.Int64
}

func newStreamer(t *testing.T, status int, size int64, prefix string) *streamer {
	t.Helper()
	s := &streamer{}
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(status)
		n, err := io.WriteString(w, prefix)
		s.written.Add(int64(n))
		for left := size - int64(n); left > 0 && err == nil; left -= int64(n) {
			n, err = w.Write(chunk[:min(int64(len(chunk)), left)])
			s.written.Add(int64(n))
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// peakRSS resets the process's peak resident set size (Linux) and returns
// a function that reads it; both report false where that is impossible.
func peakRSS() (reset func() bool, read func() (int64, bool)) {
	reset = func() bool { return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil }
	read = func() (int64, bool) {
		f, err := os.Open("/proc/self/status")
		if err != nil {
			return 0, false
		}
		defer func() { _ = f.Close() }()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				return kb << 10, err == nil
			}
		}
		return 0, false
	}
	return reset, read
}

// measure runs f and returns the bytes allocated meanwhile (by the whole
// process) and the peak resident set size, when known.
func measure(f func()) (allocated uint64, peak int64, peakKnown bool) {
	reset, read := peakRSS()
	debug.FreeOSMemory() // so that the peak starts from what is in use
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	canPeak := reset()
	f()
	runtime.ReadMemStats(&after)
	if canPeak {
		peak, peakKnown = read()
	}
	return after.TotalAlloc - before.TotalAlloc, peak, peakKnown
}

// TestHugeAnswerIsNotBuffered: a 1 GiB answer fails as too large after the
// limit, quickly, without the process holding more than about the limit.
// Not parallel: it measures the process's allocations.
func TestHugeAnswerIsNotBuffered(t *testing.T) {
	for _, limit := range []int64{DefaultMaxAnswerBytes, 1 << 20} {
		t.Run(sizeString(limit), func(t *testing.T) {
			s := newStreamer(t, http.StatusOK, gib, `{"team":{"id":"team-1","name":"`)
			tr := newTestTransport(t, s.srv.URL, func(c *Config) { c.MaxAnswerBytes = limit })
			var err error
			start := time.Now()
			alloc, peak, peakKnown := measure(func() { _, err = getTeam(t.Context(), tr) })
			elapsed := time.Since(start)
			s.srv.CloseClientConnections()
			t.Logf("limit %s: %v, allocated %.1f MiB, peak RSS %.1f MiB (known: %v), server wrote %.1f MiB",
				sizeString(limit), elapsed.Round(time.Millisecond), float64(alloc)/(1<<20), float64(peak)/(1<<20), peakKnown, float64(s.written.Load())/(1<<20))
			if ClassOf(err) != ClassTooLarge {
				t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassTooLarge, err)
			}
			var tl *TooLargeError
			if !errors.As(err, &tl) || tl.Limit != limit {
				t.Errorf("%v does not carry the limit %d", err, limit)
			}
			mustContain(t, "message", ServerMessage(err), strconv.FormatInt(limit, 10), sizeString(limit))
			// Reading into a growing buffer allocates about four times
			// what it holds (eight under the race detector, which does
			// not reuse pooled buffers); a buffered 1 GiB would be far more.
			if bound := uint64(8*limit + 64<<20); alloc > bound {
				t.Errorf("allocated %d bytes reading the answer, want under %d", alloc, bound)
			}
			if peakKnown && peak > 1<<30 {
				t.Errorf("peak RSS %d bytes", peak)
			}
			within(t, "failing on a 1 GiB answer", elapsed, 20*time.Second)
			if s.written.Load() >= gib {
				t.Errorf("the client read the whole answer")
			}
		})
	}
}

// TestCompressedBombIsRefused: an answer that is small on the wire but
// expands to 64 MiB is never expanded past the limit.
func TestCompressedBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = io.WriteString(zw, `{"team":{"id":"team-1","name":"`)
	filler := bytes.Repeat([]byte("a"), 1<<20)
	for range 64 {
		_, _ = zw.Write(filler)
	}
	_, _ = io.WriteString(zw, `"}}`)
	_ = zw.Close()
	bomb := buf.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	}))
	t.Cleanup(srv.Close)
	const limit = 1 << 20
	tr := newTestTransport(t, srv.URL, func(c *Config) { c.MaxAnswerBytes = limit })
	var err error
	alloc, _, _ := measure(func() { _, err = getTeam(t.Context(), tr) })
	t.Logf("%d compressed bytes: allocated %.1f MiB; %v", len(bomb), float64(alloc)/(1<<20), err)
	if err == nil {
		t.Fatal("the compressed answer was expanded and accepted")
	}
	if c := ClassOf(err); c != ClassTooLarge && c != ClassBadAnswer {
		t.Errorf("class %v, want too large or malformed (%v)", c, err)
	}
	if alloc > 32<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
}

// TestHugeErrorAnswerIsTooLarge: an error answer (non-200, JSON) is bounded
// too, and fails as too large rather than with its HTTP status.
func TestHugeErrorAnswerIsTooLarge(t *testing.T) {
	t.Parallel()
	s := newStreamer(t, http.StatusInternalServerError, gib, `{"code":"internal","message":"`)
	tr := newTestTransport(t, s.srv.URL, nil)
	start := time.Now()
	_, err := getTeam(t.Context(), tr)
	within(t, "failing on a 1 GiB error answer", time.Since(start), 20*time.Second)
	if ClassOf(err) != ClassTooLarge {
		t.Fatalf("class %v, want %v (%v)", ClassOf(err), ClassTooLarge, err)
	}
	mustContain(t, "message", ServerMessage(err), strconv.Itoa(maxErrorBytes))
}

// TestHugeNonConnectErrorIsBounded: a non-Connect error page is drained
// only a little and reported by its status.
func TestHugeNonConnectErrorIsBounded(t *testing.T) {
	t.Parallel()
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		chunk := bytes.Repeat([]byte("<p>"), 16<<10)
		for written.Load() < gib {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, func(c *Config) { c.Retry.MaxRetries = 0 }))
	var se *HTTPStatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadGateway {
		t.Fatalf("%v, want an HTTP 502 status error", err)
	}
	if ClassOf(err) != ClassUnavailable {
		t.Errorf("class %v", ClassOf(err))
	}
	srv.CloseClientConnections()
	if written.Load() >= gib {
		t.Error("the whole page was read")
	}
}

// TestHugeHeadersAreRefused: the header block is bounded too.
func TestHugeHeadersAreRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for i := range 64 {
			w.Header().Set("X-Filler-"+strconv.Itoa(i), strings.Repeat("x", 64<<10))
		}
		writeJSON(w, http.StatusOK, teamAnswer)
	}))
	t.Cleanup(srv.Close)
	_, err := getTeam(t.Context(), newTestTransport(t, srv.URL, func(c *Config) { c.Retry.MaxRetries = 0 }))
	if err == nil {
		t.Fatal("4 MiB of headers were accepted")
	}
	mustContain(t, "error", err.Error(), "headers exceeded")
}

func TestLimitedBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		size, limit int64
		tooLarge    bool
	}{{0, 0, false}, {0, 10, false}, {10, 10, false}, {11, 10, true}, {1, 0, true}, {1 << 20, 1<<20 - 1, true}, {1 << 20, 1 << 20, false}} {
		b := &limitedBody{rc: io.NopCloser(bytes.NewReader(make([]byte, tc.size))), left: tc.limit, limit: tc.limit}
		got, err := io.ReadAll(b)
		var tl *TooLargeError
		if tc.tooLarge != errors.As(err, &tl) {
			t.Errorf("size %d, limit %d: err %v", tc.size, tc.limit, err)
		}
		if int64(len(got)) > tc.limit {
			t.Errorf("size %d, limit %d: read %d bytes", tc.size, tc.limit, len(got))
		}
		if !tc.tooLarge && int64(len(got)) != tc.size {
			t.Errorf("size %d, limit %d: read %d bytes", tc.size, tc.limit, len(got))
		}
	}
}
