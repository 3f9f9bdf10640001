package v1

import (
	"context"
	"net/url"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// GetWorkspace implements gitpod.Workspaces with GetEnvironment.
func (a *Adapter) GetWorkspace(ctx context.Context, id string) (gitpod.Workspace, error) {
	resp, err := a.environments.GetEnvironment(ctx, connect.NewRequest(&gitpodv1.GetEnvironmentRequest{EnvironmentId: id}))
	if err != nil {
		return gitpod.Workspace{}, err
	}
	return environmentFrom("EnvironmentService/GetEnvironment", resp.Msg.GetEnvironment())
}

// PhaseValue maps a phase name ("running") to the API's enum, or false.
func PhaseValue(name string) (gitpodv1.EnvironmentPhase, bool) {
	v, ok := gitpodv1.EnvironmentPhase_value["ENVIRONMENT_PHASE_"+strings.ToUpper(name)]
	return gitpodv1.EnvironmentPhase(v), ok && v != 0
}

// ListWorkspaces implements gitpod.Workspaces with ListEnvironments: every
// page, newest first, each page handed to visit as it arrives.
func (a *Adapter) ListWorkspaces(ctx context.Context, f gitpod.WorkspaceFilter, visit func([]gitpod.Workspace) error) (gitpod.ListInfo, error) {
	filter := &gitpodv1.ListEnvironmentsRequest_Filter{
		CreatorIds: f.CreatorIDs,
		ProjectIds: f.ProjectIDs,
		Search:     f.Search,
	}
	archival := gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ACTIVE
	if f.Archived {
		archival = gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ALL
	}
	filter.ArchivalStatus = &archival
	for _, name := range f.Phases {
		if v, ok := PhaseValue(name); ok {
			filter.StatusPhases = append(filter.StatusPhases, v)
		}
	}
	p := pager{procedure: "EnvironmentService/ListEnvironments"}
	for {
		resp, err := a.environments.ListEnvironments(ctx, connect.NewRequest(&gitpodv1.ListEnvironmentsRequest{Pagination: p.request(), Filter: filter}))
		if err != nil {
			return gitpod.ListInfo{Pages: p.pages()}, err
		}
		page := make([]gitpod.Workspace, 0, len(resp.Msg.GetEnvironments()))
		for _, e := range resp.Msg.GetEnvironments() {
			w, err := environmentFrom(p.procedure, e)
			if err != nil {
				return gitpod.ListInfo{Pages: p.pages()}, err
			}
			page = append(page, w)
		}
		if err := visit(page); err != nil {
			return gitpod.ListInfo{Pages: p.pages()}, err
		}
		more, err := p.next(resp.Msg.GetPagination(), resp.Msg, len(resp.Msg.GetEnvironments()))
		if err != nil || !more {
			return gitpod.ListInfo{Pages: p.pages()}, err
		}
	}
}

// StopWorkspace implements gitpod.Workspaces with StopEnvironment.
func (a *Adapter) StopWorkspace(ctx context.Context, id string) error {
	_, err := a.environments.StopEnvironment(ctx, connect.NewRequest(&gitpodv1.StopEnvironmentRequest{EnvironmentId: id}))
	return err
}

func environmentFrom(procedure string, e *gitpodv1.Environment) (gitpod.Workspace, error) {
	if e.GetId() == "" {
		return gitpod.Workspace{}, bad(procedure, "environment id")
	}
	md, spec, st := e.GetMetadata(), e.GetSpec(), e.GetStatus()
	out := gitpod.Workspace{
		ID:             e.GetId(),
		OrganizationID: md.GetOrganizationId(),
		OwnerID:        md.GetCreator().GetId(),
		ProjectID:      md.GetProjectId(),
		Name:           md.GetName(),
		ContextURL:     md.GetOriginalContextUrl(),
		Phase:          strings.ToLower(strings.TrimPrefix(st.GetPhase().String(), "ENVIRONMENT_PHASE_")),
		MachineClass:   spec.GetMachine().GetClass(),
		SSHURL:         st.GetEnvironmentUrls().GetSsh().GetUrl(),
		Admission:      strings.ToLower(strings.TrimPrefix(spec.GetAdmission().String(), "ADMISSION_LEVEL_")),
		CreatedAt:      timeOf(md.GetCreatedAt()),
		LastStartedAt:  timeOf(md.GetLastStartedAt()),
		ArchivedAt:     timeOf(md.GetArchivedAt()),
	}
	if out.Phase == "unspecified" {
		out.Phase = ""
	}
	if out.Admission == "unspecified" {
		out.Admission = ""
	}
	for _, s := range spec.GetContent().GetInitializer().GetSpecs() {
		if g := s.GetGit(); g != nil && out.GitRemote == "" {
			out.GitRemote = g.GetRemoteUri()
		}
		if c := s.GetContextUrl(); c != nil && out.ContextURL == "" {
			out.ContextURL = c.GetUrl()
		}
	}
	if g := st.GetContent().GetGit(); g != nil {
		out.Branch = g.GetBranch()
		if out.GitRemote == "" {
			out.GitRemote = g.GetCloneUrl()
		}
	}
	out.GitHost, out.RepoOwner, out.RepoName = parseRemote(out.GitRemote)
	if out.GitHost == "" {
		out.GitHost, out.RepoOwner, out.RepoName = parseRemote(out.ContextURL)
	}
	out.GitProvider = providerOf(out.GitHost)
	for _, p := range st.GetEnvironmentUrls().GetPorts() {
		out.Ports = append(out.Ports, gitpod.Port{Port: int64(p.GetPort()), URL: p.GetUrl()})
	}
	return out, nil
}

// parseRemote splits https://host/owner/repo(.git) into its parts.
func parseRemote(raw string) (host, owner, repo string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", "", ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 {
		return u.Hostname(), "", ""
	}
	return u.Hostname(), parts[0], strings.TrimSuffix(parts[1], ".git")
}

func providerOf(host string) string {
	switch {
	case host == "github.com" || strings.HasPrefix(host, "github."):
		return "github"
	case host == "gitlab.com" || strings.HasPrefix(host, "gitlab."):
		return "gitlab"
	case host == "bitbucket.org" || strings.HasPrefix(host, "bitbucket."):
		return "bitbucket"
	default:
		return ""
	}
}

func timeOf(ts *timestamppb.Timestamp) time.Time {
	if ts == nil || ts.CheckValid() != nil {
		return time.Time{}
	}
	return ts.AsTime().UTC()
}
