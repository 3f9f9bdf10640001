package v1mock_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

func getEnv(t *testing.T, c *clients, id string) *v1.Environment {
	t.Helper()
	return res(c.env.GetEnvironment(t.Context(), req(&v1.GetEnvironmentRequest{EnvironmentId: id}))).ok(t).GetEnvironment()
}

func TestEnvironmentFields(t *testing.T) {
	t.Parallel()
	h := start(t)
	c := h.as(aliceTok)
	e := getEnv(t, c, envAliceRunning)
	md, spec, st := e.GetMetadata(), e.GetSpec(), e.GetStatus()
	if e.GetId() != envAliceRunning || md.GetOrganizationId() != orgA || md.GetName() != "api" ||
		md.GetCreator().GetId() != alice || md.GetCreator().GetPrincipal() != v1.Principal_PRINCIPAL_USER ||
		md.GetOriginalContextUrl() != "https://github.com/acme/api" || !md.GetCreatedAt().AsTime().Equal(epoch.Add(-5*time.Hour)) ||
		md.GetProjectId() != project1 || md.GetLastStartedAt() == nil || md.GetArchivedAt() != nil {
		t.Fatalf("metadata: %v", md)
	}
	if spec.GetDesiredPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_RUNNING || spec.GetMachine().GetClass() == "" ||
		spec.GetContent().GetInitializer().GetSpecs()[0].GetGit().GetRemoteUri() != "https://github.com/acme/api.git" {
		t.Fatalf("spec: %v", spec)
	}
	urls := st.GetEnvironmentUrls()
	if st.GetPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_RUNNING || !strings.HasPrefix(urls.GetSsh().GetUrl(), "ssh://") ||
		len(urls.GetPorts()) != 1 || urls.GetPorts()[0].GetPort() != 3000 || urls.GetPorts()[0].GetUrl() == "" ||
		st.GetContent().GetGit().GetCloneUrl() != "https://github.com/acme/api.git" || st.GetContent().GetGit().GetBranch() != "main" {
		t.Fatalf("status: %v", st)
	}
	stopped := getEnv(t, c, envAliceStopped)
	if stopped.GetStatus().GetPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED || stopped.GetStatus().GetEnvironmentUrls() != nil ||
		stopped.GetSpec().GetDesiredPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED {
		t.Fatalf("stopped: %v", stopped)
	}
	archived := getEnv(t, c, envAliceArchive)
	if archived.GetMetadata().GetArchivedAt() == nil {
		t.Fatalf("archived: %v", archived.GetMetadata())
	}
	// Without a git remote the initializer is the context URL.
	ctxEnv := getEnv(t, h.as(carolTok), envCarolContext)
	if got := ctxEnv.GetSpec().GetContent().GetInitializer().GetSpecs()[0].GetContextUrl().GetUrl(); got != "https://gitlab.example/acme/notes" ||
		ctxEnv.GetStatus().GetPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_CREATING || ctxEnv.GetStatus().GetContent() != nil {
		t.Fatalf("context env: %v", ctxEnv)
	}
}

// Inferred: creator or admin; anyone else gets not_found.
func TestGetEnvironmentVisibility(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	getEnv(t, h.as(bobTok), envBobRunning)
	getEnv(t, h.as(aliceTok), envBobRunning)
	for _, tc := range []struct{ tok, id string }{{carolTok, envBobRunning}, {bobTok, envAliceRunning}, {aliceTok, envEve}, {aliceTok, missing}} {
		_, err := h.as(tc.tok).env.GetEnvironment(ctx, req(&v1.GetEnvironmentRequest{EnvironmentId: tc.id}))
		wantErr(t, err, connect.CodeNotFound)
	}
}

func envIDs(es []*v1.Environment) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.GetId())
	}
	return out
}

func TestListEnvironmentsFilters(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	list := func(tok string, f *v1.ListEnvironmentsRequest_Filter) string {
		return fmt.Sprint(envIDs(res(h.as(tok).env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: f}))).ok(t).GetEnvironments()))
	}
	all := ptr(v1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ALL)
	cases := []struct {
		name string
		tok  string
		f    *v1.ListEnvironmentsRequest_Filter
		want []string
	}{
		// Newest first; archived ones only when asked for.
		{"admin default", aliceTok, nil, []string{envCarolContext, envBobRunning, envAliceStopped, envAliceRunning}},
		{"member sees own", bobTok, nil, []string{envBobRunning}},
		{"member naming another creator", bobTok, &v1.ListEnvironmentsRequest_Filter{CreatorIds: []string{alice}}, []string{}},
		{"org B", eveTok, nil, []string{envEve}},
		{"all", aliceTok, &v1.ListEnvironmentsRequest_Filter{ArchivalStatus: all}, []string{envCarolContext, envAliceArchive, envBobRunning, envAliceStopped, envAliceRunning}},
		{"archived", aliceTok, &v1.ListEnvironmentsRequest_Filter{ArchivalStatus: ptr(v1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ARCHIVED)}, []string{envAliceArchive}},
		{"active", aliceTok, &v1.ListEnvironmentsRequest_Filter{ArchivalStatus: ptr(v1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ACTIVE)}, []string{envCarolContext, envBobRunning, envAliceStopped, envAliceRunning}},
		{"phases", aliceTok, &v1.ListEnvironmentsRequest_Filter{StatusPhases: []v1.EnvironmentPhase{v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED, v1.EnvironmentPhase_ENVIRONMENT_PHASE_CREATING}, ArchivalStatus: all}, []string{envCarolContext, envAliceArchive, envAliceStopped}},
		{"creators", aliceTok, &v1.ListEnvironmentsRequest_Filter{CreatorIds: []string{bob, carol}}, []string{envCarolContext, envBobRunning}},
		{"projects", aliceTok, &v1.ListEnvironmentsRequest_Filter{ProjectIds: []string{project1}}, []string{envAliceRunning}},
		{"search id", aliceTok, &v1.ListEnvironmentsRequest_Filter{Search: strings.ToUpper(envAliceStopped[30:])}, []string{envAliceStopped}},
		{"search name", aliceTok, &v1.ListEnvironmentsRequest_Filter{Search: "NOTES"}, []string{envCarolContext}},
		{"search context url", aliceTok, &v1.ListEnvironmentsRequest_Filter{Search: "tree/FIX"}, []string{envBobRunning}},
		{"search remote", aliceTok, &v1.ListEnvironmentsRequest_Filter{Search: "web.git"}, []string{envAliceStopped}},
		{"search branch", aliceTok, &v1.ListEnvironmentsRequest_Filter{Search: "develop"}, []string{envAliceStopped}},
		{"created before", aliceTok, &v1.ListEnvironmentsRequest_Filter{CreatedBefore: timestamppb.New(epoch.Add(-4 * time.Hour))}, []string{envAliceRunning}},
		{"role default", aliceTok, &v1.ListEnvironmentsRequest_Filter{Roles: []v1.EnvironmentRole{v1.EnvironmentRole_ENVIRONMENT_ROLE_DEFAULT}, CreatorIds: []string{bob}}, []string{envBobRunning}},
		{"role prebuild", aliceTok, &v1.ListEnvironmentsRequest_Filter{Roles: []v1.EnvironmentRole{v1.EnvironmentRole_ENVIRONMENT_ROLE_PREBUILD}}, []string{}},
		{"runner ids", aliceTok, &v1.ListEnvironmentsRequest_Filter{RunnerIds: []string{missing}}, []string{}},
	}
	for _, tc := range cases {
		if got := list(tc.tok, tc.f); got != fmt.Sprint(tc.want) {
			t.Fatalf("%s: %s, want %v", tc.name, got, tc.want)
		}
	}
}

func TestListEnvironmentsSort(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	list := func(s *v1.ListEnvironmentsRequest_Sort) string {
		return fmt.Sprint(envIDs(res(h.as(aliceTok).env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Sort: s}))).ok(t).GetEnvironments()))
	}
	asc := []string{envAliceRunning, envAliceStopped, envBobRunning, envCarolContext}
	if got := list(&v1.ListEnvironmentsRequest_Sort{Field: v1.ListEnvironmentsRequest_SORT_FIELD_ID, Order: v1.SortOrder_SORT_ORDER_ASC}); got != fmt.Sprint(asc) {
		t.Fatalf("id asc: %s", got)
	}
	desc := []string{envCarolContext, envBobRunning, envAliceStopped, envAliceRunning}
	if got := list(&v1.ListEnvironmentsRequest_Sort{Field: v1.ListEnvironmentsRequest_SORT_FIELD_ID}); got != fmt.Sprint(desc) {
		t.Fatalf("id (default desc): %s", got)
	}
}

func TestStopEnvironment(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	h.srv.SetStopDelay(time.Minute)
	a := h.as(aliceTok)
	stop := func(c *clients, id string) error {
		_, err := c.env.StopEnvironment(ctx, req(&v1.StopEnvironmentRequest{EnvironmentId: id}))
		return err
	}
	wantErr(t, stop(h.as(carolTok), envAliceRunning), connect.CodeNotFound)
	wantErr(t, stop(a, envEve), connect.CodeNotFound)
	if err := stop(a, envAliceRunning); err != nil {
		t.Fatal(err)
	}
	e := getEnv(t, a, envAliceRunning)
	if e.GetStatus().GetPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPING || e.GetSpec().GetDesiredPhase() != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED ||
		e.GetStatus().GetEnvironmentUrls() != nil {
		t.Fatalf("after stop: %v", e)
	}
	if got := h.srv.Environment(envAliceRunning).StopRequested; !got.Equal(epoch) {
		t.Fatalf("stop requested at %v", got)
	}
	// Stopping again, or stopping a stopped environment, is a no-op: the
	// stop time stays, the stopped one stays stopped.
	h.clk.advance(30 * time.Second)
	if err := stop(a, envAliceRunning); err != nil {
		t.Fatal(err)
	}
	if got := h.srv.Environment(envAliceRunning).StopRequested; !got.Equal(epoch) {
		t.Fatalf("a second stop moved the stop time to %v", got)
	}
	if err := stop(a, envAliceStopped); err != nil {
		t.Fatal(err)
	}
	if p := getEnv(t, a, envAliceStopped).GetStatus().GetPhase(); p != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED {
		t.Fatalf("stopped environment went to %v", p)
	}
	h.clk.advance(30*time.Second - time.Nanosecond)
	if p := getEnv(t, a, envAliceRunning).GetStatus().GetPhase(); p != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPING {
		t.Fatalf("phase %v before the delay ran out", p)
	}
	h.clk.advance(time.Nanosecond)
	list := res(a.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{StatusPhases: []v1.EnvironmentPhase{v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED}}}))).ok(t)
	if got := fmt.Sprint(envIDs(list.GetEnvironments())); got != fmt.Sprint([]string{envAliceStopped, envAliceRunning}) {
		t.Fatalf("stopped: %s", got)
	}
	// An admin stops a member's environment; with no delay it is stopped
	// at the next read.
	h.srv.SetStopDelay(0)
	if err := stop(a, envBobRunning); err != nil {
		t.Fatal(err)
	}
	if p := getEnv(t, h.as(bobTok), envBobRunning).GetStatus().GetPhase(); p != v1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED {
		t.Fatalf("bob's env: %v", p)
	}
}
