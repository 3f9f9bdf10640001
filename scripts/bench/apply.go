package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

// applyResult is one kind of apply, measured: the median wall time of the
// runs and the most API calls a run made.
type applyResult struct {
	apply    time.Duration
	calls    int
	byMethod string
}

// applyCreate measures a `terraform apply` (default parallelism, through
// the mock's latency) that creates teams gitpod_team resources and perTeam
// members in each, on gitpod.v1: with one gitpod_team_member per
// membership (shape "member"), or one gitpod_team_members per team
// ("members"). Every run starts from a fresh mock.
func (b *bench) applyCreate(shape string, teams, perTeam int) (applyResult, error) {
	var r applyResult
	var times []time.Duration
	for run := range b.runs {
		d, calls, err := b.applyOnce(shape, teams, perTeam, run)
		if err != nil {
			return r, err
		}
		times = append(times, d)
		if n := total(calls); n >= r.calls {
			r.calls, r.byMethod = n, byMethod(calls)
		}
	}
	r.apply = median(times)
	return r, nil
}

func (b *bench) applyOnce(shape string, teams, perTeam, run int) (time.Duration, map[string]int, error) {
	f, users := applyFixtures(teams * perTeam)
	srv, url, stop, err := serve(f)
	if err != nil {
		return 0, nil, err
	}
	defer stop()
	cfg := applyConfig(url, shape, users, teams, perTeam)
	dir := filepath.Join(b.work, fmt.Sprintf("apply-%s-%d", shape, run))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return 0, nil, err
	}
	env := slices.Concat(b.env, []string{"GITPOD_TOKEN=" + mockapi.DemoAliceToken})
	srv.SetLatency(b.latency)
	srv.ResetCalls()
	start := time.Now()
	if out, err := command(b.tf, dir, env, "apply", "-auto-approve", "-input=false").CombinedOutput(); err != nil {
		return 0, nil, fmt.Errorf("terraform apply (%s): %w\n%s", shape, err, out)
	}
	d := time.Since(start)
	calls := srv.AllCalls()
	srv.SetLatency(0)
	// The next plan must be empty: the apply's answers were trusted.
	if _, err := b.plan(dir, env, nil); err != nil {
		return 0, nil, err
	}
	return d, calls, nil
}

// applyFixtures are an organization with n members besides its admin, and
// their IDs quoted for HCL.
func applyFixtures(n int) (mockapi.Fixtures, []string) {
	orgID := uuid.NewString()
	f := mockapi.Fixtures{
		Users:         []mockapi.UserFixture{{ID: mockapi.DemoAliceID, Name: "Alice", Email: "alice@example.com", Token: mockapi.DemoAliceToken, OrganizationID: orgID}},
		Organizations: []mockapi.OrganizationFixture{{ID: orgID, Name: "Bench", Members: []mockapi.OrgMemberFixture{{UserID: mockapi.DemoAliceID, Role: "owner"}}}},
	}
	var users []string
	for i := range n {
		u := mockapi.UserFixture{ID: uuid.NewString(), Name: fmt.Sprintf("User %d", i), Email: fmt.Sprintf("u%d@example.com", i), Token: uuid.NewString()}
		f.Users = append(f.Users, u)
		f.Organizations[0].Members = append(f.Organizations[0].Members, mockapi.OrgMemberFixture{UserID: u.ID, Role: "member"})
		users = append(users, fmt.Sprintf("%q", u.ID))
	}
	return f, users
}

// applyConfig creates teams teams with perTeam of users each, as one
// gitpod_team_member per membership ("member") or one gitpod_team_members
// per team ("members").
func applyConfig(url, shape string, users []string, teams, perTeam int) string {
	body := fmt.Sprintf(`
locals {
  users = [%s]
}

resource "gitpod_team" "t" {
  count = %d
  name  = "Team ${count.index}"
}
`, strings.Join(users, ", "), teams)
	switch shape {
	case "member":
		body += fmt.Sprintf(`
resource "gitpod_team_member" "m" {
  count   = %d
  team_id = gitpod_team.t[floor(count.index / %d)].id
  user_id = local.users[count.index]
}
`, teams*perTeam, perTeam)
	default:
		body += fmt.Sprintf(`
resource "gitpod_team_members" "m" {
  count   = %d
  team_id = gitpod_team.t[count.index].id
  members = [for u in slice(local.users, count.index * %d, (count.index + 1) * %d) : { user_id = u }]
}
`, teams, perTeam, perTeam)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    gitpod = { source = "gitpod-community/gitpod" }
  }
}

provider "gitpod" {
  host = %q
  api  = "v1"
}
%s`, url, body)
}

func total(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

// byMethod lists calls per method ("CreateTeam 10, ...").
func byMethod(calls map[string]int) string {
	names := make([]string, 0, len(calls))
	for k := range calls {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%s %d", k[strings.LastIndex(k[:strings.LastIndex(k, "/")], ".")+1:], calls[k]))
	}
	return strings.Join(parts, ", ")
}
