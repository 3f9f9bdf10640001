package mockapi

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

type workspacesService struct{ s *Server }

const (
	defaultPageSize = 25
	maxPageSize     = 100
)

var (
	workspaceIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,62}$`)
	gitURLPattern      = regexp.MustCompile(`^https?://([^/]+)/([^/]+)/([^/#?]+)`)
)

func (s *Server) workspaceFromFixture(w Workspace) (*workspace, error) {
	if !workspaceIDPattern.MatchString(w.ID) {
		return nil, fmt.Errorf("workspace %q: id must match %s", w.ID, workspaceIDPattern)
	}
	msg := &gitpodv1.Workspace{
		WorkspaceId: w.ID,
		OwnerId:     w.OwnerID,
		ProjectId:   w.ProjectID,
		Description: w.Description,
		Context:     &gitpodv1.WorkspaceContext{ContextUrl: w.ContextURL},
		Status:      &gitpodv1.WorkspaceStatus{},
	}
	if m := gitURLPattern.FindStringSubmatch(w.ContextURL); m != nil {
		providerType := map[string]string{"github.com": "github", "gitlab.com": "gitlab", "bitbucket.org": "bitbucket"}[m[1]]
		msg.Context.Details = &gitpodv1.WorkspaceContext_Git_{Git: &gitpodv1.WorkspaceContext_Git{
			NormalizedContextUrl: m[0],
			Repository:           &gitpodv1.WorkspaceContext_Repository{Owner: m[2], Name: m[3]},
			Provider:             &gitpodv1.WorkspaceContext_GitProvider{Type: providerType, Hostname: m[1]},
		}}
	}
	if w.Phase != "" {
		phase, ok := gitpodv1.WorkspaceInstanceStatus_Phase_value[w.Phase]
		if !ok {
			return nil, fmt.Errorf("workspace %s: unknown phase %q", w.ID, w.Phase)
		}
		msg.Status.Instance = &gitpodv1.WorkspaceInstance{
			InstanceId:  w.ID + "-instance",
			WorkspaceId: w.ID,
			CreatedAt:   timestamppb.New(s.now()),
			Status: &gitpodv1.WorkspaceInstanceStatus{
				StatusVersion: 1,
				Phase:         gitpodv1.WorkspaceInstanceStatus_Phase(phase),
				Url:           "https://" + w.ID + ".ws.gitpod.example",
				Admission:     gitpodv1.AdmissionLevel_ADMISSION_LEVEL_OWNER_ONLY,
				Ports: []*gitpodv1.Port{{
					Port:     3000,
					Policy:   gitpodv1.PortPolicy_PORT_POLICY_PRIVATE,
					Url:      "https://3000-" + w.ID + ".ws.gitpod.example",
					Protocol: gitpodv1.PortProtocol_PORT_PROTOCOL_HTTP,
				}},
			},
		}
	}
	return &workspace{orgID: w.OrganizationID, msg: msg}, nil
}

func (s *Server) visibleWorkspace(caller, id string) (*workspace, error) {
	if id == "" {
		return nil, invalid("workspace_id is required")
	}
	if !workspaceIDPattern.MatchString(id) {
		return nil, invalid("workspace_id %q is malformed", id)
	}
	for _, w := range s.workspaces {
		if w.msg.GetWorkspaceId() == id && w.msg.GetOwnerId() == caller {
			return w, nil
		}
	}
	return nil, notFound("workspace %s not found", id)
}

func (ws workspacesService) ListWorkspaces(ctx context.Context, req *connect.Request[gitpodv1.ListWorkspacesRequest]) (*connect.Response[gitpodv1.ListWorkspacesResponse], error) {
	s := ws.s
	size, page := req.Msg.GetPagination().GetPageSize(), req.Msg.GetPagination().GetPage()
	if size < 0 || size > maxPageSize {
		return nil, invalid("pagination.page_size must be between 0 and %d", maxPageSize)
	}
	if page < 0 {
		return nil, invalid("pagination.page must not be negative")
	}
	if size == 0 {
		size = defaultPageSize
	}
	if page == 0 {
		page = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	org := req.Msg.GetOrganizationId()
	var mine []*gitpodv1.Workspace
	for _, w := range s.workspaces {
		if w.msg.GetOwnerId() == caller && (org == "" || w.orgID == org) {
			mine = append(mine, w.msg)
		}
	}
	out := &gitpodv1.ListWorkspacesResponse{}
	start := int((page - 1) * size)
	for i := start; i < len(mine) && i < start+int(size); i++ {
		out.Result = append(out.Result, proto.CloneOf(mine[i]))
	}
	if start+int(size) < len(mine) {
		out.NextPageToken = strconv.Itoa(int(page) + 1)
	}
	return connect.NewResponse(out), nil
}

func (ws workspacesService) GetWorkspace(ctx context.Context, req *connect.Request[gitpodv1.GetWorkspaceRequest]) (*connect.Response[gitpodv1.GetWorkspaceResponse], error) {
	s := ws.s
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.visibleWorkspace(callerOf(ctx), req.Msg.GetWorkspaceId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetWorkspaceResponse{Result: proto.CloneOf(w.msg)}), nil
}

func running(w *workspace) bool {
	phase := w.msg.GetStatus().GetInstance().GetStatus().GetPhase()
	return w.msg.GetStatus().GetInstance() != nil && phase != gitpodv1.WorkspaceInstanceStatus_PHASE_STOPPED && phase != gitpodv1.WorkspaceInstanceStatus_PHASE_STOPPING
}

func (ws workspacesService) StopWorkspace(ctx context.Context, req *connect.Request[gitpodv1.StopWorkspaceRequest]) (*connect.Response[gitpodv1.StopWorkspaceResponse], error) {
	s := ws.s
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.visibleWorkspace(callerOf(ctx), req.Msg.GetWorkspaceId())
	if err != nil {
		return nil, err
	}
	if !running(w) {
		return nil, connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("workspace %s has no running instance", w.msg.GetWorkspaceId()))
	}
	st := w.msg.GetStatus().GetInstance().GetStatus()
	st.Phase = gitpodv1.WorkspaceInstanceStatus_PHASE_STOPPED
	st.StatusVersion++
	return connect.NewResponse(&gitpodv1.StopWorkspaceResponse{Result: proto.CloneOf(w.msg)}), nil
}

func (ws workspacesService) DeleteWorkspace(ctx context.Context, req *connect.Request[gitpodv1.DeleteWorkspaceRequest]) (*connect.Response[gitpodv1.DeleteWorkspaceResponse], error) {
	s := ws.s
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.visibleWorkspace(callerOf(ctx), req.Msg.GetWorkspaceId())
	if err != nil {
		return nil, err
	}
	for i, x := range s.workspaces {
		if x == w {
			s.workspaces = append(s.workspaces[:i], s.workspaces[i+1:]...)
			break
		}
	}
	return connect.NewResponse(&gitpodv1.DeleteWorkspaceResponse{}), nil
}
