package api

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/sync/singleflight"
	"google.golang.org/protobuf/proto"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1/gitpodv1connect"
)

// DefaultTeamCacheTTL is how long one GetTeam answer serves further reads.
// Terraform refreshes every resource of a plan within seconds, so a short TTL
// is enough to turn N reads of one team into one call.
const DefaultTeamCacheTTL = 5 * time.Second

// TeamCache coalesces concurrent GetTeam calls for the same team into one
// (singleflight) and serves repeated reads from a short-lived cache. Every
// write through the TeamsService bumps the generation, so no read that starts
// after a write is answered with data from before it.
type TeamCache struct {
	ttl   time.Duration
	now   func() time.Time
	group singleflight.Group

	mu      sync.Mutex
	gen     uint64
	entries map[string]teamEntry
}

type teamEntry struct {
	team *gitpodv1.Team
	at   time.Time
	gen  uint64
}

func newTeamCache(ttl time.Duration, now func() time.Time) *TeamCache {
	if ttl == 0 {
		ttl = DefaultTeamCacheTTL
	}
	return &TeamCache{ttl: ttl, now: now, entries: map[string]teamEntry{}}
}

// Invalidate drops every cached team. Called after any write to a team.
func (tc *TeamCache) Invalidate() {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.gen++
	clear(tc.entries)
}

// get returns the team from cache or through one shared call of fetch.
func (tc *TeamCache) get(ctx context.Context, id string, fetch func(context.Context) (*gitpodv1.Team, error)) (*gitpodv1.Team, error) {
	if tc.ttl < 0 {
		return fetch(ctx)
	}
	tc.mu.Lock()
	gen := tc.gen
	if e, ok := tc.entries[id]; ok && e.gen == gen && tc.now().Sub(e.at) < tc.ttl {
		tc.mu.Unlock()
		return proto.CloneOf(e.team), nil
	}
	tc.mu.Unlock()

	// The key includes the generation so that a read starting after a write
	// never joins a call that started before it.
	v, err, _ := tc.group.Do(id+"#"+strconv.FormatUint(gen, 10), func() (any, error) {
		// The shared call must not fail because the first caller gave up.
		team, err := fetch(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		tc.mu.Lock()
		if tc.gen == gen {
			tc.entries[id] = teamEntry{team: team, at: tc.now(), gen: gen}
		}
		tc.mu.Unlock()
		return team, nil
	})
	if err != nil {
		return nil, err
	}
	team, ok := v.(*gitpodv1.Team)
	if !ok {
		return nil, fmt.Errorf("team cache: unexpected %T", v)
	}
	return proto.CloneOf(team), nil
}

// GetTeam reads a team, sharing the call with concurrent and recent reads of
// the same team. Use it from Read; use GetTeamFresh where a decision that
// leads to a write depends on the answer.
func (c *Client) GetTeam(ctx context.Context, id string) (*gitpodv1.Team, error) {
	return c.TeamCache.get(ctx, id, func(ctx context.Context) (*gitpodv1.Team, error) {
		return c.GetTeamFresh(ctx, id)
	})
}

// GetTeamFresh reads a team from the API, bypassing the cache.
func (c *Client) GetTeamFresh(ctx context.Context, id string) (*gitpodv1.Team, error) {
	resp, err := c.Teams.GetTeam(ctx, connect.NewRequest(&gitpodv1.GetTeamRequest{TeamId: id}))
	if err != nil {
		return nil, err
	}
	return resp.Msg.GetTeam(), nil
}

// invalidateOnTeamWrite drops the team cache after every TeamsService write,
// whether it succeeded or not (a failed call may still have been processed).
func (c *Client) invalidateOnTeamWrite(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		resp, err := next(ctx, req)
		if !IsReadProcedure(req.Spec().Procedure) && isTeamsProcedure(req.Spec().Procedure) {
			c.TeamCache.Invalidate()
		}
		return resp, err
	}
}

func isTeamsProcedure(p string) bool {
	return strings.HasPrefix(p, "/"+gitpodv1connect.TeamsServiceName+"/")
}
