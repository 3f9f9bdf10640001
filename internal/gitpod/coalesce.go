package gitpod

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// coalescer shares one fetch among concurrent reads of the same key and
// serves repeated reads from a short-lived cache. Invalidate starts a new
// generation: no read that starts after it is answered with data fetched
// before it.
//
// A waiter whose context ends returns at once; the shared fetch runs on its
// own context, which is cancelled when the last waiter has gone, so an
// interrupt stops the call instead of leaving it running.
type coalescer[V any] struct {
	ttl time.Duration
	now func() time.Time

	mu       sync.Mutex
	gen      uint64
	entries  map[string]cached[V]
	inflight map[string]*flight[V]
}

type cached[V any] struct {
	val V
	at  time.Time
	gen uint64
}

type flight[V any] struct {
	done    chan struct{}
	val     V
	err     error
	waiters int
	cancel  context.CancelFunc
}

func newCoalescer[V any](ttl time.Duration, now func() time.Time) *coalescer[V] {
	return &coalescer[V]{ttl: ttl, now: now, entries: map[string]cached[V]{}, inflight: map[string]*flight[V]{}}
}

// invalidate drops every cached value.
func (c *coalescer[V]) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// cachedValue returns a fresh cached value without fetching.
func (c *coalescer[V]) cachedValue(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if ok && e.gen == c.gen && (c.ttl < 0 || c.now().Sub(e.at) < c.ttl) {
		return e.val, true
	}
	var zero V
	return zero, false
}

// get returns the value for key, from the cache or from one shared fetch.
// fresh reports whether this call waited for a fetch (rather than reading
// the cache).
func (c *coalescer[V]) get(ctx context.Context, key string, fetch func(context.Context) (V, error)) (val V, fresh bool, err error) {
	if v, ok := c.cachedValue(key); ok && c.ttl != 0 {
		return v, false, nil
	}
	c.mu.Lock()
	gen := c.gen
	fk := key + "#" + strconv.FormatUint(gen, 10)
	f := c.inflight[fk]
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight[V]{done: make(chan struct{}), cancel: cancel}
		c.inflight[fk] = f
		go func() {
			v, ferr := fetch(fctx)
			c.mu.Lock()
			f.val, f.err = v, ferr
			if c.inflight[fk] == f {
				delete(c.inflight, fk)
			}
			if ferr == nil && c.gen == gen && c.ttl != 0 {
				c.entries[key] = cached[V]{val: v, at: c.now(), gen: gen}
			}
			c.mu.Unlock()
			cancel()
			close(f.done)
		}()
	}
	f.waiters++
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.val, true, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if c.inflight[fk] == f {
				delete(c.inflight, fk)
			}
		}
		c.mu.Unlock()
		var zero V
		return zero, true, ctx.Err()
	}
}

// keyedMutex serialises work per key; waiting for the lock honours ctx.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]chan struct{}
}

func (k *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]chan struct{}{}
	}
	ch := k.locks[key]
	if ch == nil {
		ch = make(chan struct{}, 1)
		k.locks[key] = ch
	}
	k.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
