package classic

import (
	"context"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	expv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// GetWorkspace implements gitpod.Workspaces.
func (a *Adapter) GetWorkspace(ctx context.Context, id string) (gitpod.Workspace, error) {
	resp, err := a.workspaces.GetWorkspace(ctx, connect.NewRequest(&expv1.GetWorkspaceRequest{WorkspaceId: id}))
	if err != nil {
		return gitpod.Workspace{}, err
	}
	return workspaceFrom("WorkspacesService/GetWorkspace", resp.Msg.GetResult())
}

// ListWorkspaces implements gitpod.Workspaces. Classic's page size is a plain
// limit and it never offers a next page: one call of 100 is all it gives.
func (a *Adapter) ListWorkspaces(ctx context.Context, f gitpod.WorkspaceFilter, visit func([]gitpod.Workspace) error) (gitpod.ListInfo, error) {
	resp, err := a.workspaces.ListWorkspaces(ctx, connect.NewRequest(&expv1.ListWorkspacesRequest{
		Pagination:     &expv1.Pagination{PageSize: PageSize},
		OrganizationId: f.OrganizationID,
	}))
	if err != nil {
		return gitpod.ListInfo{}, err
	}
	out := make([]gitpod.Workspace, 0, len(resp.Msg.GetResult()))
	for _, w := range resp.Msg.GetResult() {
		ws, err := workspaceFrom("WorkspacesService/ListWorkspaces", w)
		if err != nil {
			return gitpod.ListInfo{}, err
		}
		out = append(out, ws)
	}
	if err := visit(out); err != nil {
		return gitpod.ListInfo{}, err
	}
	return gitpod.ListInfo{Pages: 1, Truncated: len(out) >= PageSize}, nil
}

// StopWorkspace implements gitpod.Workspaces.
func (a *Adapter) StopWorkspace(ctx context.Context, id string) error {
	_, err := a.workspaces.StopWorkspace(ctx, connect.NewRequest(&expv1.StopWorkspaceRequest{WorkspaceId: id}))
	return err
}

func enumName(name, prefix string) string {
	s := strings.ToLower(strings.TrimPrefix(name, prefix))
	if s == "unspecified" {
		return ""
	}
	return s
}

func workspaceFrom(procedure string, w *expv1.Workspace) (gitpod.Workspace, error) {
	if w.GetWorkspaceId() == "" {
		return gitpod.Workspace{}, bad(procedure, "workspace id")
	}
	git := w.GetContext().GetGit()
	if git == nil {
		git = w.GetContext().GetPrebuild().GetOriginalContext()
	}
	out := gitpod.Workspace{
		ID:          w.GetWorkspaceId(),
		OwnerID:     w.GetOwnerId(),
		ProjectID:   w.GetProjectId(),
		Name:        w.GetDescription(),
		ContextURL:  w.GetContext().GetContextUrl(),
		RepoOwner:   git.GetRepository().GetOwner(),
		RepoName:    git.GetRepository().GetName(),
		GitProvider: git.GetProvider().GetType(),
		GitHost:     git.GetProvider().GetHostname(),
	}
	inst := w.GetStatus().GetInstance()
	if inst == nil {
		return out, nil
	}
	st := inst.GetStatus()
	out.InstanceID = inst.GetInstanceId()
	out.InstanceCreatedAt = timeOf(inst.GetCreatedAt())
	out.Phase = enumName(st.GetPhase().String(), "PHASE_")
	out.URL = st.GetUrl()
	out.Admission = enumName(st.GetAdmission().String(), "ADMISSION_LEVEL_")
	out.Branch = st.GetGitStatus().GetBranch()
	for _, p := range st.GetPorts() {
		if p.GetPort() > 65535 {
			return gitpod.Workspace{}, bad(procedure, "a valid port number")
		}
		out.Ports = append(out.Ports, gitpod.Port{
			Port:     int64(p.GetPort()), //nolint:gosec // at most 65535, checked just above
			Policy:   enumName(p.GetPolicy().String(), "PORT_POLICY_"),
			URL:      p.GetUrl(),
			Protocol: enumName(p.GetProtocol().String(), "PORT_PROTOCOL_"),
		})
	}
	return out, nil
}

func timeOf(ts *timestamppb.Timestamp) time.Time {
	if ts == nil || ts.CheckValid() != nil {
		return time.Time{}
	}
	return ts.AsTime().UTC()
}
