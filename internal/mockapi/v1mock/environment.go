package v1mock

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"connectrpc.com/connect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Environments are seen in the caller's organization only. Inferred (the
// real permission model is not public): a member sees and stops the
// environments it created, an admin every environment of the
// organization; anything else is not found.

var phases = map[string]gitpodv1.EnvironmentPhase{
	"creating": gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_CREATING,
	"starting": gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_STARTING,
	"running":  gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_RUNNING,
	"updating": gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_UPDATING,
	"stopping": gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPING,
	"stopped":  gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED,
	"deleting": gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_DELETING,
	"deleted":  gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_DELETED,
}

// desiredPhase is where an environment is heading: deleting and deleted
// ones to deleted, stopping and stopped ones to stopped, the rest to
// running.
func desiredPhase(phase string) gitpodv1.EnvironmentPhase {
	switch phase {
	case "deleting", "deleted":
		return gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_DELETED
	case "stopping", "stopped":
		return gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_STOPPED
	default:
		return gitpodv1.EnvironmentPhase_ENVIRONMENT_PHASE_RUNNING
	}
}

func environmentMsg(e *store.Environment) *gitpodv1.Environment {
	md := &gitpodv1.EnvironmentMetadata{
		OrganizationId:     e.OrgID,
		Name:               e.Name,
		Creator:            subject(e.CreatorID),
		OriginalContextUrl: e.ContextURL,
		CreatedAt:          ts(e.CreatedAt),
		ProjectId:          e.ProjectID,
		LastStartedAt:      ts(e.LastStartedAt),
		ArchivedAt:         ts(e.ArchivedAt),
		Role:               gitpodv1.EnvironmentRole_ENVIRONMENT_ROLE_DEFAULT,
	}
	spec := &gitpodv1.EnvironmentSpec{
		DesiredPhase: desiredPhase(e.Phase),
		Machine:      &gitpodv1.EnvironmentSpec_Machine{Class: e.MachineClass},
	}
	var init *gitpodv1.EnvironmentInitializer_Spec
	switch {
	case e.GitRemote != "":
		init = &gitpodv1.EnvironmentInitializer_Spec{Spec: &gitpodv1.EnvironmentInitializer_Spec_Git{Git: &gitpodv1.GitInitializer{RemoteUri: e.GitRemote}}}
	case e.ContextURL != "":
		init = &gitpodv1.EnvironmentInitializer_Spec{Spec: &gitpodv1.EnvironmentInitializer_Spec_ContextUrl{ContextUrl: &gitpodv1.ContextURLInitializer{Url: e.ContextURL}}}
	}
	if init != nil {
		spec.Content = &gitpodv1.EnvironmentSpec_Content{Initializer: &gitpodv1.EnvironmentInitializer{Specs: []*gitpodv1.EnvironmentInitializer_Spec{init}}}
	}
	status := &gitpodv1.EnvironmentStatus{Phase: phases[e.Phase]}
	if e.Phase == "running" {
		urls := &gitpodv1.EnvironmentStatus_EnvironmentURLs{
			Ssh: &gitpodv1.EnvironmentStatus_EnvironmentSSHURL{Url: "ssh://" + e.ID + "@" + e.ID + ".ssh.gitpod.example"},
		}
		for _, p := range e.Ports {
			urls.Ports = append(urls.Ports, &gitpodv1.EnvironmentStatus_EnvironmentPortURL{Port: p.Port, Url: p.URL})
		}
		status.EnvironmentUrls = urls
	}
	if e.GitRemote != "" || e.Branch != "" {
		status.Content = &gitpodv1.EnvironmentStatus_Content{Git: &gitpodv1.EnvironmentGitStatus{CloneUrl: e.GitRemote, Branch: e.Branch}}
	}
	return &gitpodv1.Environment{Id: e.ID, Metadata: md, Spec: spec, Status: status}
}

// visible reports whether the caller may see an environment.
func visible(c *caller, e *store.Environment) bool {
	return e.OrgID == c.org.ID && (e.CreatorID == c.UserID || c.admin())
}

// environment returns an environment the caller may see.
func (s *service) environment(c *caller, id string) (*store.Environment, error) {
	e := s.st.Environment(id)
	if e == nil || !visible(c, e) {
		return nil, notFound("environment %s not found", id)
	}
	return e, nil
}

// GetEnvironment returns an environment.
func (s *service) GetEnvironment(_ context.Context, req *connect.Request[gitpodv1.GetEnvironmentRequest]) (*connect.Response[gitpodv1.GetEnvironmentResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.requiredUUID("environment_id", req.Msg.GetEnvironmentId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	s.st.Settle()
	e, err := s.environment(c, req.Msg.GetEnvironmentId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetEnvironmentResponse{Environment: environmentMsg(e)}), nil
}

// StopEnvironment asks an environment to stop; one stopped or on its way
// there is left alone.
func (s *service) StopEnvironment(_ context.Context, req *connect.Request[gitpodv1.StopEnvironmentRequest]) (*connect.Response[gitpodv1.StopEnvironmentResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("environment_id", req.Msg.GetEnvironmentId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	s.st.Settle()
	e, err := s.environment(c, req.Msg.GetEnvironmentId())
	if err != nil {
		return nil, err
	}
	switch e.Phase {
	case "stopping", "stopped", "deleting", "deleted":
		// Inferred for deleting and deleted: nothing to stop, so no error.
	default:
		e.Phase = "stopping"
		e.StopRequested = s.st.Now()
	}
	return connect.NewResponse(&gitpodv1.StopEnvironmentResponse{}), nil
}

func validateListEnvironments(m *gitpodv1.ListEnvironmentsRequest) error {
	f := m.GetFilter()
	var v violations
	v.pagination(m.GetPagination())
	v.uuids("filter.runner_ids", f.GetRunnerIds())
	v.maxItems("filter.status_phases", len(f.GetStatusPhases()))
	v.uuids("filter.creator_ids", f.GetCreatorIds())
	v.uuids("filter.project_ids", f.GetProjectIds())
	v.maxItems("filter.runner_kinds", len(f.GetRunnerKinds()))
	for i, k := range f.GetRunnerKinds() {
		v.defined(fmt.Sprintf("filter.runner_kinds[%d]", i), k)
	}
	if f != nil && f.ArchivalStatus != nil {
		v.defined("filter.archival_status", f.GetArchivalStatus())
	}
	v.maxItems("filter.roles", len(f.GetRoles()))
	for i, r := range f.GetRoles() {
		v.defined(fmt.Sprintf("filter.roles[%d]", i), r)
	}
	v.length("filter.search", f.GetSearch(), 0, maxSearchLen)
	v.uuids("filter.session_ids", f.GetSessionIds())
	if m.GetSort() != nil {
		v.defined("sort.field", m.GetSort().GetField())
	}
	return v.err()
}

// matches applies a ListEnvironments filter. Inferred: the mock's
// environments have no runner, session or lockdown time, so filters on
// those match nothing; every environment has the DEFAULT role; an unset
// archival_status means ACTIVE (the vendor's SDK sends ALL explicitly
// when it wants archived ones too).
func matches(f *gitpodv1.ListEnvironmentsRequest_Filter, e *store.Environment) bool {
	if len(f.GetRunnerIds()) > 0 || len(f.GetRunnerKinds()) > 0 || len(f.GetSessionIds()) > 0 || f.GetLockdownBefore() != nil {
		return false
	}
	if len(f.GetStatusPhases()) > 0 && !slices.Contains(f.GetStatusPhases(), phases[e.Phase]) {
		return false
	}
	if len(f.GetCreatorIds()) > 0 && !slices.Contains(f.GetCreatorIds(), e.CreatorID) {
		return false
	}
	if len(f.GetProjectIds()) > 0 && !slices.Contains(f.GetProjectIds(), e.ProjectID) {
		return false
	}
	if len(f.GetRoles()) > 0 && !slices.Contains(f.GetRoles(), gitpodv1.EnvironmentRole_ENVIRONMENT_ROLE_DEFAULT) {
		return false
	}
	archived := !e.ArchivedAt.IsZero()
	switch f.GetArchivalStatus() {
	case gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ALL:
	case gitpodv1.ListEnvironmentsRequest_ARCHIVAL_STATUS_ARCHIVED:
		if !archived {
			return false
		}
	default:
		if archived {
			return false
		}
	}
	if cb := f.GetCreatedBefore(); cb != nil && !e.CreatedAt.Before(cb.AsTime()) {
		return false
	}
	if q := strings.ToLower(f.GetSearch()); q != "" {
		found := false
		for _, s := range []string{e.ID, e.Name, e.ContextURL, e.GitRemote, e.Branch} {
			if strings.Contains(strings.ToLower(s), q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// ListEnvironments lists the environments the caller may see, newest
// first (creation time, then id, both descending) unless a sort is given.
func (s *service) ListEnvironments(_ context.Context, req *connect.Request[gitpodv1.ListEnvironmentsRequest]) (*connect.Response[gitpodv1.ListEnvironmentsResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	c, err := s.enter(req.Header(), read, validateListEnvironments(req.Msg))
	if err != nil {
		return nil, err
	}
	s.st.Settle()
	f := req.Msg.GetFilter()
	field := req.Msg.GetSort().GetField()
	// Inferred: with a sort field but no order, descending, like the
	// documented default (id descending).
	desc := req.Msg.GetSort().GetOrder() != gitpodv1.SortOrder_SORT_ORDER_ASC
	cmp := order(true, true)
	if field != gitpodv1.ListEnvironmentsRequest_SORT_FIELD_UNSPECIFIED {
		cmp = order(desc, desc)
	}
	var entries []entry[*store.Environment]
	for _, e := range s.st.Environments {
		if !visible(c, e) || !matches(f, e) {
			continue
		}
		var k sortKey
		switch field {
		case gitpodv1.ListEnvironmentsRequest_SORT_FIELD_ID:
			k = sortKey{e.ID}
		case gitpodv1.ListEnvironmentsRequest_SORT_FIELD_ARCHIVED_AT:
			k = sortKey{archivedKey(e), e.ID}
		default:
			k = sortKey{timeKey(e.CreatedAt), e.ID}
		}
		entries = append(entries, entry[*store.Environment]{key: k, item: e})
	}
	sc := scope("ListEnvironments", c, f, req.Msg.GetSort())
	pg, err := paginate(s.pages, sc, req.Msg.GetPagination(), req.Msg.GetCount().GetInclude(), entries, cmp)
	if err != nil {
		return nil, err
	}
	out := &gitpodv1.ListEnvironmentsResponse{Pagination: pg.resp, Count: pg.count}
	for _, e := range pg.items {
		out.Environments = append(out.Environments, environmentMsg(e))
	}
	return connect.NewResponse(out), nil
}

func archivedKey(e *store.Environment) string {
	if e.ArchivedAt.IsZero() {
		return ""
	}
	return timeKey(e.ArchivedAt)
}
