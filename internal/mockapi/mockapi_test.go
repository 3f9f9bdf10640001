package mockapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1/experimentalv1connect"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

const goodFixtures = `{
  "users": [{"id": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "name": "Alice", "email": "a@example.com", "avatarUrl": "", "token": "t-alice"}],
  "organizations": [{"id": "5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "name": "Platform",
    "members": [{"userId": "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01", "role": "owner"}]}]
}`

func TestParseFixturesIsStrict(t *testing.T) {
	t.Parallel()
	if _, err := mockapi.ParseFixtures(strings.NewReader(goodFixtures)); err != nil {
		t.Fatalf("good fixtures refused: %v", err)
	}
	for name, doc := range map[string]string{
		"case-insensitive key":  strings.Replace(goodFixtures, `"avatarUrl"`, `"avatarURL"`, 1),
		"unknown key":           strings.Replace(goodFixtures, `"email"`, `"mail"`, 1),
		"trailing data":         goodFixtures + ` {}`,
		"wrong type":            strings.Replace(goodFixtures, `"name": "Alice"`, `"name": 3`, 1),
		"nested unknown key":    strings.Replace(goodFixtures, `"role": "owner"`, `"role": "owner", "rol": "x"`, 1),
		"not an object":         `[]`,
		"deeply nested garbage": `{"users": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := mockapi.ParseFixtures(strings.NewReader(doc)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestFixturesRules(t *testing.T) {
	t.Parallel()
	base := func() mockapi.Fixtures {
		f, err := mockapi.ParseFixtures(strings.NewReader(goodFixtures))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for name, change := range map[string]func(f *mockapi.Fixtures){
		"upper-case user id":    func(f *mockapi.Fixtures) { f.Users[0].ID = strings.ToUpper(f.Users[0].ID) },
		"token with newline":    func(f *mockapi.Fixtures) { f.Users[0].Token = "t-alice\n" },
		"organization no owner": func(f *mockapi.Fixtures) { f.Organizations[0].Members[0].Role = "member" },
		"bad role":              func(f *mockapi.Fixtures) { f.Organizations[0].Members[0].Role = "admin" },
		"short org name":        func(f *mockapi.Fixtures) { f.Organizations[0].Name = "ab" },
		"team in unknown org": func(f *mockapi.Fixtures) {
			f.Teams = []mockapi.TeamFixture{{ID: store.New().NewID(), OrganizationID: store.New().NewID(), Name: "abc"}}
		},
		"bad workspace id": func(f *mockapi.Fixtures) {
			f.Workspaces = []mockapi.WorkspaceFixture{{ID: "Bad_ID", OwnerID: f.Users[0].ID}}
		},
		"bad workspace phase": func(f *mockapi.Fixtures) {
			f.Workspaces = []mockapi.WorkspaceFixture{{ID: "amber-heron-k2f9x1qz", OwnerID: f.Users[0].ID, Phase: "PHASE_RUNNING"}}
		},
		"bad environment phase": func(f *mockapi.Fixtures) {
			f.Environments = []mockapi.EnvironmentFixture{{ID: store.New().NewID(), OrganizationID: f.Organizations[0].ID, CreatorID: f.Users[0].ID, Phase: "preparing"}}
		},
		"user token org not his": func(f *mockapi.Fixtures) { f.Users[0].OrganizationID = store.New().NewID() },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := base()
			change(&f)
			if _, err := mockapi.New(f); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	method, f, err := mockapi.ParseFault("CreateTeam:drop=true,times=1,latency=5ms,latency-after=7ms")
	if err != nil || method != "CreateTeam" || !f.DropAfterWork || f.Times != 1 || f.Latency != 5*time.Millisecond || f.LatencyAfter != 7*time.Millisecond {
		t.Fatalf("got %q %+v %v", method, f, err)
	}
	_, f, err = mockapi.ParseFault("ListTeams:code=resource_exhausted,retry-after=2s,signal=retryinfo")
	if err != nil || f.Code != connect.CodeResourceExhausted || f.RetryAfter != 2*time.Second || f.Signal != mockapi.SignalRetryInfo {
		t.Fatalf("got %+v %v", f, err)
	}
	for _, bad := range []string{"", ":code=unavailable", "X:code=ok", "X:code=nope", "X:times=-1", "X:latency=-1s", "X:signal=smoke", "X:drop", "X:what=1"} {
		if _, _, err := mockapi.ParseFault(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestFaultsAndCounters checks that a queued fault applies to its number of
// calls, counters match by method name, and a rate limit's Retry-After makes
// early retries count.
func TestFaultsAndCounters(t *testing.T) {
	t.Parallel()
	srv, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	url := srv.Start(t).URL
	client := experimentalv1connect.NewTeamsServiceClient(http.DefaultClient, url, connect.WithProtoJSON())
	call := func() error {
		req := connect.NewRequest(&expv1.ListTeamsRequest{})
		req.Header().Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
		_, err := client.ListTeams(context.Background(), req)
		return err
	}
	srv.Inject("TeamsService/ListTeams", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
	if err := call(); connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("first call: %v, want unavailable", err)
	}
	if err := call(); err != nil {
		t.Fatalf("second call: %v", err)
	}
	srv.Inject("ListTeams", mockapi.Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Hour, Times: 1})
	if err := call(); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("rate limited call: %v", err)
	}
	if err := call(); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("early retry: %v, want still rate limited", err)
	}
	if got := srv.EarlyRetries("ListTeams"); got != 1 {
		t.Fatalf("EarlyRetries = %d, want 1", got)
	}
	if got := srv.Calls("ListTeams"); got != 4 {
		t.Fatalf("Calls(ListTeams) = %d, want 4", got)
	}
	if got := srv.Calls("gitpod.v1.TeamService/ListTeams"); got != 0 {
		t.Fatalf("v1 ListTeams counted %d calls of Classic's", got)
	}
	srv.ResetCalls()
	if srv.TotalCalls() != 0 {
		t.Fatal("ResetCalls left counts")
	}
}

// TestDropAfterWork checks that a dropped answer still did the work.
func TestDropAfterWork(t *testing.T) {
	t.Parallel()
	srv, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	url := srv.Start(t).URL
	client := experimentalv1connect.NewTeamsServiceClient(http.DefaultClient, url, connect.WithProtoJSON())
	srv.Inject("CreateTeam", mockapi.Fault{DropAfterWork: true, Times: 1})
	req := connect.NewRequest(&expv1.CreateTeamRequest{Name: "Dropped"})
	req.Header().Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
	if _, err := client.CreateTeam(context.Background(), req); err == nil {
		t.Fatal("dropped answer arrived")
	}
	found := false
	for _, o := range srv.Organizations() {
		found = found || o.Name == "Dropped"
	}
	if !found {
		t.Fatal("the work was not done")
	}
}

// TestChaosIsRepeatable checks that the same seed injects the same faults.
func TestChaosIsRepeatable(t *testing.T) {
	t.Parallel()
	run := func() mockapi.ChaosStats {
		srv, err := mockapi.New(mockapi.DemoFixtures())
		if err != nil {
			t.Fatal(err)
		}
		url := srv.Start(t).URL
		srv.SetChaos(mockapi.Chaos{Seed: 7, Unavailable: 0.3, RateLimited: 0.2})
		client := experimentalv1connect.NewTeamsServiceClient(http.DefaultClient, url, connect.WithProtoJSON())
		for range 40 {
			req := connect.NewRequest(&expv1.ListTeamsRequest{})
			req.Header().Set("Authorization", "Bearer "+mockapi.DemoAliceToken)
			_, _ = client.ListTeams(context.Background(), req)
		}
		return srv.ChaosStats()
	}
	a, b := run(), run()
	if a != b || a.Calls != 40 || a.Unavailable == 0 || a.RateLimited == 0 {
		t.Fatalf("chaos runs differ or injected nothing: %+v vs %+v", a, b)
	}
}

func FuzzParseFixtures(f *testing.F) {
	f.Add(goodFixtures)
	f.Add(`{"users":[]}`)
	f.Add(`{"users":[{"id":"x"}]}`)
	f.Add(`{"organizations":[{"members":[{"role":"owner"}]}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		fx, err := mockapi.ParseFixtures(strings.NewReader(doc))
		if err != nil {
			return
		}
		// Whatever parses either loads or is refused with an error; it
		// never panics.
		_, _ = mockapi.New(fx)
	})
}

func FuzzParseFault(f *testing.F) {
	f.Add("CreateTeam:drop=true,times=1")
	f.Add("ListTeams:code=resource_exhausted,retry-after=2s,signal=ratelimit")
	f.Add("X:latency=1h")
	f.Fuzz(func(t *testing.T, spec string) {
		method, fault, err := mockapi.ParseFault(spec)
		if err != nil {
			return
		}
		if method == "" || fault.Times < 0 || fault.Latency < 0 || fault.LatencyAfter < 0 || fault.RetryAfter < 0 {
			t.Fatalf("%q parsed to an invalid fault: %q %+v", spec, method, fault)
		}
	})
}
