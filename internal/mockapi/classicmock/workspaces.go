package classicmock

import (
	"context"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// workspaces is WorkspacesService over the store's Classic workspaces.
type workspaces struct{ *base }

// workspaceIDPattern accepts a lower-case UUID or a generated name such as
// amber-heron-k2f9x1qz7mw. Nothing is trimmed.
var workspaceIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^[0-9a-z]{2,16}-[0-9a-z]{2,16}-[0-9a-z]{8,11}$`)

const (
	defaultWorkspaceLimit = 20
	maxWorkspaceLimit     = 100
)

// phases maps the store's phase names to the API's, with a status
// version that grows as an instance moves through them.
var phases = map[string]struct {
	phase   v1.WorkspaceInstanceStatus_Phase
	version uint64
}{
	"preparing":    {v1.WorkspaceInstanceStatus_PHASE_PREPARING, 1},
	"imagebuild":   {v1.WorkspaceInstanceStatus_PHASE_IMAGEBUILD, 2},
	"pending":      {v1.WorkspaceInstanceStatus_PHASE_PENDING, 3},
	"creating":     {v1.WorkspaceInstanceStatus_PHASE_CREATING, 4},
	"initializing": {v1.WorkspaceInstanceStatus_PHASE_INITIALIZING, 5},
	"running":      {v1.WorkspaceInstanceStatus_PHASE_RUNNING, 6},
	"interrupted":  {v1.WorkspaceInstanceStatus_PHASE_INTERRUPTED, 7},
	"stopping":     {v1.WorkspaceInstanceStatus_PHASE_STOPPING, 8},
	"stopped":      {v1.WorkspaceInstanceStatus_PHASE_STOPPED, 9},
}

func checkWorkspaceID(id string) error {
	if id == "" {
		return errorf(connect.CodeInvalidArgument, "a workspace id is required")
	}
	if !workspaceIDPattern.MatchString(id) {
		return errorf(connect.CodeInvalidArgument, "workspace id %q does not match %s", id, workspaceIDPattern)
	}
	return nil
}

// visibleWorkspace returns a workspace the caller may read in full: their
// own or a shared one. Another user's workspace in one of the caller's
// organizations is permission_denied, anything else not_found. Mu held.
func (s *workspaces) visibleWorkspace(p store.Principal, id string) (*store.Workspace, error) {
	w := s.st.Workspace(id)
	if w == nil {
		return nil, errorf(connect.CodeNotFound, "workspace %s not found", id)
	}
	if w.OwnerID == p.UserID || w.Shared {
		return w, nil
	}
	if o := s.st.Org(w.OrgID); o != nil && o.Member(p.UserID) != nil {
		return nil, errorf(connect.CodePermissionDenied, "workspace %s belongs to another user", id)
	}
	return nil, errorf(connect.CodeNotFound, "workspace %s not found", id)
}

// ownWorkspace is visibleWorkspace for actions only the owner may take.
// Mu held.
func (s *workspaces) ownWorkspace(p store.Principal, id string) (*store.Workspace, error) {
	w, err := s.visibleWorkspace(p, id)
	if err != nil {
		return nil, err
	}
	if w.OwnerID != p.UserID {
		return nil, errorf(connect.CodePermissionDenied, "only the owner may do this to workspace %s", id)
	}
	return w, nil
}

// stop asks a workspace's instance to stop; nothing happens when none runs.
// Mu held.
func (s *workspaces) stop(w *store.Workspace) {
	if w.Phase == "" || w.Phase == "stopped" {
		return
	}
	if w.Phase != "stopping" || w.StopRequested.IsZero() {
		w.Phase = "stopping"
		w.StopRequested = s.st.Now()
	}
	s.st.Settle()
}

// repository splits a context URL into the URL without Gitpod's prefixes
// (such as "prebuild/") and the repository's owner and name.
func repository(contextURL string) (normalized, owner, name string) {
	normalized = contextURL
	for _, scheme := range []string{"https://", "http://"} {
		if i := strings.Index(contextURL, scheme); i > 0 {
			normalized = contextURL[i:]
			break
		}
	}
	u, err := url.Parse(normalized)
	if err != nil {
		return normalized, "", ""
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(parts) > 0 {
		owner = parts[0]
	}
	if len(parts) > 1 {
		name = strings.TrimSuffix(parts[1], ".git")
	}
	return normalized, owner, name
}

func workspaceMessage(w *store.Workspace) *v1.Workspace {
	normalized, owner, name := repository(w.ContextURL)
	out := &v1.Workspace{
		WorkspaceId: w.ID,
		OwnerId:     w.OwnerID,
		ProjectId:   "",
		Description: w.Description,
		Context: &v1.WorkspaceContext{
			ContextUrl: w.ContextURL,
			Details: &v1.WorkspaceContext_Git_{Git: &v1.WorkspaceContext_Git{
				NormalizedContextUrl: normalized,
				Repository:           &v1.WorkspaceContext_Repository{Name: name, Owner: owner},
			}},
		},
		Status: &v1.WorkspaceStatus{},
	}
	if w.Phase == "" {
		return out // never started: no instance
	}
	admission := v1.AdmissionLevel_ADMISSION_LEVEL_OWNER_ONLY
	if w.Shared {
		admission = v1.AdmissionLevel_ADMISSION_LEVEL_EVERYONE
	}
	st := &v1.WorkspaceInstanceStatus{
		StatusVersion: phases[w.Phase].version,
		Phase:         phases[w.Phase].phase,
		Conditions:    &v1.WorkspaceInstanceStatus_Conditions{},
		Url:           "https://" + w.ID + ".ws.gitpod.example",
		Admission:     admission,
		RecentFolders: []string{path.Join("/workspace", name)},
	}
	if w.Phase == "running" {
		for _, p := range w.Ports {
			port := &v1.Port{Port: uint64(max(p.Port, 0)), Url: p.URL, Policy: v1.PortPolicy_PORT_POLICY_PRIVATE, Protocol: v1.PortProtocol_PORT_PROTOCOL_HTTP}
			if p.Policy == "public" {
				port.Policy = v1.PortPolicy_PORT_POLICY_PUBLIC
			}
			if p.Protocol == "https" {
				port.Protocol = v1.PortProtocol_PORT_PROTOCOL_HTTPS
			}
			st.Ports = append(st.Ports, port)
		}
	}
	if w.Branch != "" {
		st.GitStatus = &v1.GitStatus{Branch: w.Branch}
	}
	out.Status.Instance = &v1.WorkspaceInstance{
		InstanceId:  w.InstanceID,
		WorkspaceId: w.ID,
		CreatedAt:   timestamppb.New(w.InstanceCreatedAt),
		Status:      st,
	}
	return out
}

func (s *workspaces) ListWorkspaces(ctx context.Context, req *connect.Request[v1.ListWorkspacesRequest]) (*connect.Response[v1.ListWorkspacesResponse], error) {
	limit := int(req.Msg.GetPagination().GetPageSize())
	switch {
	case limit == 0:
		limit = defaultWorkspaceLimit
	case limit < 0 || limit > maxWorkspaceLimit:
		return nil, errorf(connect.CodeInvalidArgument, "pagination.pageSize must be between 1 and %d (0 means %d)", maxWorkspaceLimit, defaultWorkspaceLimit)
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	s.st.Settle()
	org := req.Msg.GetOrganizationId()
	var mine []*store.Workspace
	for _, w := range s.st.Workspaces {
		if w.OwnerID == p.UserID && !w.SoftDeleted && (org == "" || w.OrgID == org) {
			mine = append(mine, w)
		}
	}
	slices.SortStableFunc(mine, func(a, b *store.Workspace) int {
		if ra, rb := a.Phase == "running", b.Phase == "running"; ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return b.LastActivity.Compare(a.LastActivity)
	})
	out := &v1.ListWorkspacesResponse{}
	for _, w := range mine[:min(limit, len(mine))] {
		out.Result = append(out.Result, workspaceMessage(w))
	}
	return connect.NewResponse(out), nil
}

// enterWorkspace starts a handler on one workspace: the id is checked
// before the token, then, under the store's lock, the caller is resolved,
// the store settled and the workspace looked up (ownerOnly: for actions
// only its owner may take). The returned unlock releases the lock and must
// always be called.
func (s *workspaces) enterWorkspace(ctx context.Context, id string, ownerOnly bool) (*store.Workspace, func(), error) {
	if err := checkWorkspaceID(id); err != nil {
		return nil, func() {}, err
	}
	s.st.Mu.Lock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, s.st.Mu.Unlock, err
	}
	s.st.Settle()
	var w *store.Workspace
	if ownerOnly {
		w, err = s.ownWorkspace(p, id)
	} else {
		w, err = s.visibleWorkspace(p, id)
	}
	return w, s.st.Mu.Unlock, err
}

func (s *workspaces) GetWorkspace(ctx context.Context, req *connect.Request[v1.GetWorkspaceRequest]) (*connect.Response[v1.GetWorkspaceResponse], error) {
	w, unlock, err := s.enterWorkspace(ctx, req.Msg.GetWorkspaceId(), false)
	defer unlock()
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.GetWorkspaceResponse{Result: workspaceMessage(w)}), nil
}

func (s *workspaces) StopWorkspace(ctx context.Context, req *connect.Request[v1.StopWorkspaceRequest]) (*connect.Response[v1.StopWorkspaceResponse], error) {
	w, unlock, err := s.enterWorkspace(ctx, req.Msg.GetWorkspaceId(), true)
	defer unlock()
	if err != nil {
		return nil, err
	}
	s.stop(w)
	return connect.NewResponse(&v1.StopWorkspaceResponse{Result: workspaceMessage(w)}), nil
}

func (s *workspaces) DeleteWorkspace(ctx context.Context, req *connect.Request[v1.DeleteWorkspaceRequest]) (*connect.Response[v1.DeleteWorkspaceResponse], error) {
	w, unlock, err := s.enterWorkspace(ctx, req.Msg.GetWorkspaceId(), true)
	defer unlock()
	if err != nil {
		return nil, err
	}
	s.stop(w)
	w.SoftDeleted = true
	return connect.NewResponse(&v1.DeleteWorkspaceResponse{}), nil
}
