package classicmock_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func listWorkspaces(t *testing.T, c api, r *v1.ListWorkspacesRequest) []string {
	t.Helper()
	resp := try(c.ws.ListWorkspaces(bg, req(r))).must(t)
	if resp.Msg.GetNextPageToken() != "" {
		t.Fatalf("nextPageToken %q", resp.Msg.GetNextPageToken())
	}
	var ids []string
	for _, w := range resp.Msg.GetResult() {
		ids = append(ids, w.GetWorkspaceId())
	}
	return ids
}

func getWorkspace(t *testing.T, c api, id string) *v1.Workspace {
	t.Helper()
	return try(c.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: id}))).must(t).Msg.GetResult()
}

func phaseOf(w *v1.Workspace) v1.WorkspaceInstanceStatus_Phase {
	return w.GetStatus().GetInstance().GetStatus().GetPhase()
}

func TestWorkspaceIDFormat(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bad := []string{
		"", " " + wsRunning, wsRunning + " ", strings.ToUpper(wsRunning), strings.ToUpper(wsUUID), "{" + wsUUID + "}",
		"a-heron-k2f9x1qz7mw", "amber-heron-k2f9x1q", "amber-heron-k2f9x1qz7mwab", "amber_heron_k2f9x1qz7mw", "amberheronk2f9x1qz7mw",
		"g1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
	}
	for _, id := range bad {
		for _, tok := range []string{unknownTok, aliceTok} {
			c := e.as(tok)
			wantCode(t, drop(c.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: id}))), connect.CodeInvalidArgument)
			wantCode(t, drop(c.ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: id}))), connect.CodeInvalidArgument)
			wantCode(t, drop(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: id}))), connect.CodeInvalidArgument)
		}
	}
	// Both shapes pass the check (the unknown token is refused next).
	for _, id := range []string{wsRunning, wsUUID, "ab-cd-12345678", "0123456789abcdef-0123456789abcdef-0123456789a"} {
		wantCode(t, drop(e.as(unknownTok).ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: id}))), connect.CodeUnauthenticated)
	}
	if got := getWorkspace(t, e.as(aliceTok), wsUUID); got.GetWorkspaceId() != wsUUID {
		t.Fatalf("got %s", got.GetWorkspaceId())
	}
}

func TestListWorkspacesPageSize(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 120 {
		noErr(t, e.srv.AddWorkspace(mockapi.WorkspaceFixture{ID: fmt.Sprintf("extra-ws-%08d", i), OwnerID: frankID, ContextURL: "https://github.com/frank/x"}))
	}
	c := e.as(frankTok)
	for _, size := range []int32{-1, 101, -2147483648} {
		for _, tok := range []string{unknownTok, frankTok} {
			wantCode(t, drop(e.as(tok).ws.ListWorkspaces(bg, req(&v1.ListWorkspacesRequest{Pagination: &v1.Pagination{PageSize: size}}))), connect.CodeInvalidArgument)
		}
	}
	for _, tc := range []struct {
		pg   *v1.Pagination
		want int
	}{
		{nil, 20},
		{&v1.Pagination{}, 20},
		{&v1.Pagination{PageSize: 1}, 1},
		{&v1.Pagination{PageSize: 7}, 7},
		{&v1.Pagination{PageSize: 100}, 100},
	} {
		if got := listWorkspaces(t, c, &v1.ListWorkspacesRequest{Pagination: tc.pg}); len(got) != tc.want {
			t.Errorf("%v: %d workspaces, want %d", tc.pg, len(got), tc.want)
		}
	}
	// page is ignored.
	first := listWorkspaces(t, c, &v1.ListWorkspacesRequest{Pagination: &v1.Pagination{PageSize: 5}})
	second := listWorkspaces(t, c, &v1.ListWorkspacesRequest{Pagination: &v1.Pagination{PageSize: 5, Page: 2}})
	if !slices.Equal(first, second) {
		t.Fatalf("page changed the answer: %v, %v", first, second)
	}
}

func TestListWorkspacesContentsAndOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	// Running first, then the most recent activity first.
	want := []string{wsUUID, wsRunning, wsNever, wsStopped}
	if got := listWorkspaces(t, c, &v1.ListWorkspacesRequest{}); !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := listWorkspaces(t, c, &v1.ListWorkspacesRequest{OrganizationId: orgB}); !slices.Equal(got, []string{wsUUID}) {
		t.Fatalf("org B: %v", got)
	}
	for _, org := range []string{strings.ToUpper(orgB), "nope", " " + orgB} {
		if got := listWorkspaces(t, c, &v1.ListWorkspacesRequest{OrganizationId: org}); len(got) != 0 {
			t.Fatalf("org %q: %v", org, got)
		}
	}
	// Soft-deleted workspaces leave the list; stopped ones fall back.
	try(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsNever}))).must(t)
	e.srv.SetStopDelay(0)
	try(c.ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: wsUUID}))).must(t)
	if got := listWorkspaces(t, c, &v1.ListWorkspacesRequest{}); !slices.Equal(got, []string{wsRunning, wsUUID, wsStopped}) {
		t.Fatalf("after delete and stop: %v", got)
	}
	// Only one's own, even shared ones of others are not listed.
	if got := listWorkspaces(t, e.as(bobTok), &v1.ListWorkspacesRequest{}); !slices.Equal(got, []string{wsBobShare, wsBob}) {
		t.Fatalf("bob: %v", got)
	}
	if got := listWorkspaces(t, e.as(erinTok), &v1.ListWorkspacesRequest{}); len(got) != 0 {
		t.Fatalf("erin: %v", got)
	}
}

func TestGetWorkspaceVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.as(aliceTok)
	if w := getWorkspace(t, alice, wsBobShare); w.GetOwnerId() != bobID || w.GetStatus().GetInstance() == nil {
		t.Fatalf("shared: %v", w)
	}
	// Shared workspaces are readable from outside the organization too.
	getWorkspace(t, e.as(frankTok), wsBobShare)
	wantCode(t, drop(alice.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsBob}))), connect.CodePermissionDenied)
	wantCode(t, drop(e.as(carolTok).ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsBob}))), connect.CodePermissionDenied)
	wantCode(t, drop(alice.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsFrank}))), connect.CodeNotFound)
	wantCode(t, drop(e.as(frankTok).ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsBob}))), connect.CodeNotFound)
	wantCode(t, drop(alice.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: "unknown-name-abcdefgh"}))), connect.CodeNotFound)
	// Soft-deleted workspaces are still returned.
	try(alice.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsStopped}))).must(t)
	if w := getWorkspace(t, alice, wsStopped); w.GetWorkspaceId() != wsStopped {
		t.Fatalf("deleted: %v", w)
	}
}

func TestStopWorkspace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	stop := func(c api, id string) (*v1.Workspace, error) {
		resp, err := c.ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: id}))
		if err != nil {
			return nil, err
		}
		return resp.Msg.GetResult(), nil
	}
	// Only the owner: others in the organization are refused, shared or
	// not; outsiders do not find it.
	wantCode(t, drop(stop(e.as(bobTok), wsRunning)), connect.CodePermissionDenied)
	wantCode(t, drop(stop(c, wsBobShare)), connect.CodePermissionDenied)
	wantCode(t, drop(stop(c, wsBob)), connect.CodePermissionDenied)
	wantCode(t, drop(stop(c, wsFrank)), connect.CodeNotFound)
	if w := e.srv.Workspace(wsBobShare); w.Phase != "running" {
		t.Fatalf("someone else's workspace was stopped: %s", w.Phase)
	}

	// The answer is read afresh: stopping until the delay has passed.
	w := try(stop(c, wsRunning)).must(t)
	if phaseOf(w) != v1.WorkspaceInstanceStatus_PHASE_STOPPING {
		t.Fatalf("answer phase %v", phaseOf(w))
	}
	if st := e.srv.Workspace(wsRunning); !st.StopRequested.Equal(e.clock.Now()) {
		t.Fatalf("stop requested at %v", st.StopRequested)
	}
	e.clock.Advance(400 * time.Millisecond)
	if p := phaseOf(getWorkspace(t, c, wsRunning)); p != v1.WorkspaceInstanceStatus_PHASE_STOPPING {
		t.Fatalf("too early: %v", p)
	}
	// Stopping again does not restart the delay (500ms by default).
	try(stop(c, wsRunning)).must(t)
	e.clock.Advance(100 * time.Millisecond)
	w = getWorkspace(t, c, wsRunning)
	if p := phaseOf(w); p != v1.WorkspaceInstanceStatus_PHASE_STOPPED {
		t.Fatalf("after the delay: %v", p)
	}
	if ports := w.GetStatus().GetInstance().GetStatus().GetPorts(); len(ports) != 0 {
		t.Fatalf("a stopped instance exposes %v", ports)
	}
	// Nothing running: a successful no-op.
	for _, id := range []string{wsStopped, wsNever, wsRunning} {
		before := e.srv.Workspace(id)
		w := try(stop(c, id)).must(t)
		after := e.srv.Workspace(id)
		if before.Phase != after.Phase || !before.StopRequested.Equal(after.StopRequested) {
			t.Fatalf("%s changed: %+v -> %+v", id, before, after)
		}
		if (id == wsNever) != (w.GetStatus().GetInstance() == nil) {
			t.Fatalf("%s: instance %v", id, w.GetStatus().GetInstance())
		}
	}
	// With no delay the answer already shows the instance stopped.
	e.srv.SetStopDelay(0)
	if p := phaseOf(try(stop(c, wsUUID)).must(t)); p != v1.WorkspaceInstanceStatus_PHASE_STOPPED {
		t.Fatalf("no delay: %v", p)
	}
}

func TestDeleteWorkspace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.as(aliceTok)
	wantCode(t, drop(e.as(bobTok).ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsRunning}))), connect.CodePermissionDenied)
	wantCode(t, drop(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsBobShare}))), connect.CodePermissionDenied)
	wantCode(t, drop(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsFrank}))), connect.CodeNotFound)
	if e.srv.Workspace(wsBobShare).SoftDeleted || e.srv.Workspace(wsRunning).SoftDeleted {
		t.Fatal("a refused delete deleted")
	}
	try(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsRunning}))).must(t)
	w := e.srv.Workspace(wsRunning)
	if !w.SoftDeleted || w.Phase != "stopping" || w.StopRequested.IsZero() {
		t.Fatalf("after delete: %+v", w)
	}
	// A second delete succeeds too.
	try(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsRunning}))).must(t)
	if slices.Contains(listWorkspaces(t, c, &v1.ListWorkspacesRequest{}), wsRunning) {
		t.Fatal("deleted workspace listed")
	}
}

func TestWorkspaceFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := getWorkspace(t, e.as(aliceTok), wsRunning)
	stored := e.srv.Workspace(wsRunning)
	if w.GetOwnerId() != aliceID || w.GetProjectId() != "" || w.GetDescription() != "api" {
		t.Errorf("workspace %v", w)
	}
	git := w.GetContext().GetGit()
	if w.GetContext().GetContextUrl() != "https://github.com/acme/api" || git.GetNormalizedContextUrl() != "https://github.com/acme/api" ||
		git.GetRepository().GetOwner() != "acme" || git.GetRepository().GetName() != "api" || git.GetProvider() != nil {
		t.Errorf("context %v", w.GetContext())
	}
	inst := w.GetStatus().GetInstance()
	st := inst.GetStatus()
	if inst.GetInstanceId() != stored.InstanceID || inst.GetWorkspaceId() != wsRunning || !inst.GetCreatedAt().AsTime().Equal(stored.InstanceCreatedAt) {
		t.Errorf("instance %v", inst)
	}
	if st.GetPhase() != v1.WorkspaceInstanceStatus_PHASE_RUNNING || st.GetStatusVersion() == 0 || st.GetUrl() == "" ||
		st.GetAdmission() != v1.AdmissionLevel_ADMISSION_LEVEL_OWNER_ONLY || st.GetConditions() == nil || st.GetConditions().StoppedByRequest != nil {
		t.Errorf("status %v", st)
	}
	if !slices.Equal(st.GetRecentFolders(), []string{"/workspace/api"}) || st.GetGitStatus().GetBranch() != "main" {
		t.Errorf("folders %v git %v", st.GetRecentFolders(), st.GetGitStatus())
	}
	if len(st.GetPorts()) != 1 || st.GetPorts()[0].GetPort() != 3000 || st.GetPorts()[0].GetPolicy() != v1.PortPolicy_PORT_POLICY_PRIVATE ||
		st.GetPorts()[0].GetProtocol() != v1.PortProtocol_PORT_PROTOCOL_HTTP || st.GetPorts()[0].GetUrl() == "" {
		t.Errorf("ports %v", st.GetPorts())
	}
	// Public https ports.
	e.srv.Store().Mu.Lock()
	e.srv.Store().Workspace(wsRunning).Ports[0].Policy, e.srv.Store().Workspace(wsRunning).Ports[0].Protocol = "public", "https"
	e.srv.Store().Mu.Unlock()
	p := getWorkspace(t, e.as(aliceTok), wsRunning).GetStatus().GetInstance().GetStatus().GetPorts()[0]
	if p.GetPolicy() != v1.PortPolicy_PORT_POLICY_PUBLIC || p.GetProtocol() != v1.PortProtocol_PORT_PROTOCOL_HTTPS {
		t.Errorf("port %v", p)
	}
	// Shared workspaces admit everyone.
	if a := getWorkspace(t, e.as(aliceTok), wsBobShare).GetStatus().GetInstance().GetStatus().GetAdmission(); a != v1.AdmissionLevel_ADMISSION_LEVEL_EVERYONE {
		t.Errorf("shared admission %v", a)
	}
	// A stopped workspace still has its instance; a never-started one has
	// none, but a status and a git context.
	if s := getWorkspace(t, e.as(aliceTok), wsStopped); phaseOf(s) != v1.WorkspaceInstanceStatus_PHASE_STOPPED ||
		s.GetContext().GetGit().GetRepository().GetName() != "web" || !slices.Equal(s.GetStatus().GetInstance().GetStatus().GetRecentFolders(), []string{"/workspace/web"}) {
		t.Errorf("stopped %v", s)
	}
	n := getWorkspace(t, e.as(aliceTok), wsNever)
	if n.GetStatus() == nil || n.GetStatus().GetInstance() != nil {
		t.Errorf("never started: %v", n.GetStatus())
	}
	if g := n.GetContext().GetGit(); g.GetNormalizedContextUrl() != "https://github.com/acme/docs/tree/main" || g.GetRepository().GetOwner() != "acme" || g.GetRepository().GetName() != "docs" {
		t.Errorf("prefixed context %v", n.GetContext())
	}
}
