package gitpod

import "context"

// Workspaces is the workspaces domain (environments on gitpod.v1), which
// every API generation has.
type Workspaces interface {
	WorkspaceTraits() WorkspaceTraits
	GetWorkspace(ctx context.Context, id string) (Workspace, error)
	// ListWorkspaces calls visit with each page of the caller's workspaces.
	ListWorkspaces(ctx context.Context, f WorkspaceFilter, visit func([]Workspace) error) (ListInfo, error)
	StopWorkspace(ctx context.Context, id string) error
}

// WorkspaceTraits are the values of an API's workspaces.
type WorkspaceTraits struct {
	// PageSize is the most workspaces one listing call returns.
	PageSize int
	// ListComplete: a listing pages through everything
	// (FeatureWorkspaceListComplete).
	ListComplete bool
	// OrganizationFilter: workspaces are listed by organization
	// (FeatureWorkspaceOrgFilter).
	OrganizationFilter bool
	// Archived: workspaces can be archived (FeatureArchivedWorkspaces).
	Archived bool
	// Search: the server filters by a search text
	// (FeatureWorkspaceSearch); otherwise the provider does.
	Search bool
	// Phases are the phases a workspace can be in.
	Phases []string
}

func workspaceObject(id string) string { return "workspace " + id }

// Workspace reads one workspace (environment on v1).
func (c *Client) Workspace(ctx context.Context, id string) (Workspace, error) {
	w, err := c.f.workspaces.GetWorkspace(ctx, id)
	return w, c.wrap(err, "read", workspaceObject(id))
}

// Workspaces calls visit with every page of the caller's workspaces.
func (c *Client) Workspaces(ctx context.Context, f WorkspaceFilter, visit func([]Workspace) error) (ListInfo, error) {
	info, err := c.f.workspaces.ListWorkspaces(ctx, f, visit)
	return info, c.wrap(err, "list", "workspaces")
}

// StopWorkspace asks a workspace to stop; one that is not running is fine.
func (c *Client) StopWorkspace(ctx context.Context, id string) error {
	return c.wrap(c.f.workspaces.StopWorkspace(ctx, id), "stop", workspaceObject(id))
}
