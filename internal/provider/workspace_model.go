package provider

import (
	"math/big"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// WorkspaceModel is one workspace (an environment on gitpod.v1), in
// gitpod_workspace and in the list of gitpod_workspaces.
type WorkspaceModel struct {
	ID                types.String      `tfsdk:"id"`
	OrganizationID    types.String      `tfsdk:"organization_id"`
	OwnerID           types.String      `tfsdk:"owner_id"`
	ProjectID         types.String      `tfsdk:"project_id"`
	Name              types.String      `tfsdk:"name"`
	ContextURL        types.String      `tfsdk:"context_url"`
	RepositoryOwner   types.String      `tfsdk:"repository_owner"`
	RepositoryName    types.String      `tfsdk:"repository_name"`
	GitProvider       types.String      `tfsdk:"git_provider"`
	GitHost           types.String      `tfsdk:"git_host"`
	GitRemote         types.String      `tfsdk:"git_remote"`
	Branch            types.String      `tfsdk:"branch"`
	Phase             types.String      `tfsdk:"phase"`
	InstanceID        types.String      `tfsdk:"instance_id"`
	InstanceCreatedAt timetypes.RFC3339 `tfsdk:"instance_created_at"`
	URL               types.String      `tfsdk:"url"`
	AdmissionLevel    types.String      `tfsdk:"admission_level"`
	MachineClass      types.String      `tfsdk:"machine_class"`
	SSHURL            types.String      `tfsdk:"ssh_url"`
	CreatedAt         timetypes.RFC3339 `tfsdk:"created_at"`
	LastStartedAt     timetypes.RFC3339 `tfsdk:"last_started_at"`
	ArchivedAt        timetypes.RFC3339 `tfsdk:"archived_at"`
	Ports             []WorkspacePort   `tfsdk:"ports"`
}

// WorkspacePort is one exposed port.
type WorkspacePort struct {
	Port     types.Int64  `tfsdk:"port"`
	Policy   types.String `tfsdk:"policy"`
	URL      types.String `tfsdk:"url"`
	Protocol types.String `tfsdk:"protocol"`
}

// WorkspacePhases are every phase name either generation reports.
func WorkspacePhases() []string {
	out := append([]string(nil), gitpod.ClassicWorkspacePhases...)
	for _, p := range gitpod.V1EnvironmentPhases {
		if !strings.Contains(","+strings.Join(out, ",")+",", ","+p+",") {
			out = append(out, p)
		}
	}
	return out
}

// workspaceAttributes describes a workspace. With idInput, id is the
// required lookup key; otherwise every attribute is computed.
func workspaceAttributes(idInput bool) map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	rfc := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, CustomType: timetypes.RFC3339Type{}}
	}
	id := str("The workspace's ID (the environment's on `gitpod.v1`).")
	if idInput {
		id = schema.StringAttribute{
			Description: "The ID of the workspace to read: on `gitpod.v1` an environment ID (a lower-case UUID); on Classic a workspace ID such as `amber-heron-k2f9x1qz7mw` (or a lower-case UUID).",
			Required:    true,
			Validators:  []validator.String{workspaceIDValidator()},
		}
	}
	return map[string]schema.Attribute{
		"id":                  id,
		"organization_id":     str("The organization the workspace belongs to (on Classic only when the listing filtered by it)."),
		"owner_id":            str("The user who owns (Classic) or created (`gitpod.v1`) the workspace."),
		"project_id":          str("The project the workspace belongs to; null when none."),
		"name":                str("The workspace's name (`gitpod.v1`) or description (Classic)."),
		"context_url":         str("The URL the workspace was opened from."),
		"repository_owner":    str("Owner of the git repository, when the context is one."),
		"repository_name":     str("Name of the git repository, when the context is one."),
		"git_provider":        str("Git provider (`github`, `gitlab`, `bitbucket`), when known."),
		"git_host":            str("Host name of the git repository, when known."),
		"git_remote":          str("`gitpod.v1`: the repository's clone URL, when known."),
		"branch":              str("The checked-out branch, when known."),
		"phase":               str("The current phase: on Classic the latest instance's (`" + strings.Join(gitpod.ClassicWorkspacePhases, "`, `") + "`; null when the workspace never started), on `gitpod.v1` the environment's (`" + strings.Join(gitpod.V1EnvironmentPhases, "`, `") + "`)."),
		"instance_id":         str("Classic only: the latest instance's ID; null when the workspace never started."),
		"instance_created_at": rfc("Classic only: when the latest instance started (RFC 3339)."),
		"url":                 str("Classic only: the URL of the running IDE."),
		"admission_level":     str("Who may reach the workspace and its ports: `owner_only` or `everyone` (Classic), `creator_only`, `everyone` or `organization` (`gitpod.v1`)."),
		"machine_class":       str("`gitpod.v1` only: the environment class."),
		"ssh_url":             str("`gitpod.v1` only: the SSH URL, while running."),
		"created_at":          rfc("`gitpod.v1` only: when the environment was created (RFC 3339)."),
		"last_started_at":     rfc("`gitpod.v1` only: when it last started (RFC 3339)."),
		"archived_at":         rfc("`gitpod.v1` only: when it was archived (RFC 3339); null when it is not."),
		"ports": schema.ListNestedAttribute{
			Description: "Ports the workspace exposes; empty when it is not running.",
			Computed:    true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"port":     schema.Int64Attribute{Description: "The port number.", Computed: true},
				"policy":   str("Classic only: `private` (owner only) or `public`."),
				"url":      str("URL of the port."),
				"protocol": str("Classic only: `http` or `https`."),
			}},
		},
	}
}

func workspaceModel(w gitpod.Workspace) WorkspaceModel {
	m := WorkspaceModel{
		ID:                types.StringValue(w.ID),
		OrganizationID:    stringOrNull(w.OrganizationID),
		OwnerID:           stringOrNull(w.OwnerID),
		ProjectID:         stringOrNull(w.ProjectID),
		Name:              types.StringValue(w.Name),
		ContextURL:        types.StringValue(w.ContextURL),
		RepositoryOwner:   stringOrNull(w.RepoOwner),
		RepositoryName:    stringOrNull(w.RepoName),
		GitProvider:       stringOrNull(w.GitProvider),
		GitHost:           stringOrNull(w.GitHost),
		GitRemote:         stringOrNull(w.GitRemote),
		Branch:            stringOrNull(w.Branch),
		Phase:             stringOrNull(w.Phase),
		InstanceID:        stringOrNull(w.InstanceID),
		InstanceCreatedAt: timeValue(w.InstanceCreatedAt),
		URL:               stringOrNull(w.URL),
		AdmissionLevel:    stringOrNull(w.Admission),
		MachineClass:      stringOrNull(w.MachineClass),
		SSHURL:            stringOrNull(w.SSHURL),
		CreatedAt:         timeValue(w.CreatedAt),
		LastStartedAt:     timeValue(w.LastStartedAt),
		ArchivedAt:        timeValue(w.ArchivedAt),
		Ports:             []WorkspacePort{},
	}
	for _, p := range w.Ports {
		m.Ports = append(m.Ports, WorkspacePort{
			Port:     types.Int64Value(p.Port),
			Policy:   stringOrNull(p.Policy),
			URL:      types.StringValue(p.URL),
			Protocol: stringOrNull(p.Protocol),
		})
	}
	return m
}

// workspaceValue is a workspace as the state's own value, of the element
// type elem (shared by every element). Listings of tens of thousands of
// workspaces are built this way: the framework's conversion from models
// makes a copy of the element type for each of them. A test checks that
// both ways give equal values.
func workspaceValue(elem tftypes.Object, w gitpod.Workspace) tftypes.Value {
	el, _ := newWorkspaceValues(elem).element(w)
	return el
}

// workspaceValues builds workspace elements and shares one tftypes value
// among the elements that hold the same string (a phase, an organization,
// a repository): values are immutable, and tens of thousands of elements
// would otherwise each hold their own copies.
type workspaceValues struct {
	elem     tftypes.Object
	portType tftypes.List
	portObj  tftypes.Object
	null     tftypes.Value
	shared   map[string]tftypes.Value
}

func newWorkspaceValues(elem tftypes.Object) *workspaceValues {
	portType, _ := elem.AttributeTypes["ports"].(tftypes.List)
	portObj, _ := portType.ElementType.(tftypes.Object)
	return &workspaceValues{elem: elem, portType: portType, portObj: portObj, null: tftypes.NewValue(tftypes.String, nil), shared: map[string]tftypes.Value{}}
}

// str is s as a value, shared with every other use of s.
func (v *workspaceValues) str(s string) tftypes.Value {
	if tv, ok := v.shared[s]; ok {
		return tv
	}
	tv := tftypes.NewValue(tftypes.String, s)
	v.shared[s] = tv
	return tv
}

// unique is s as a value that no other element holds (an ID).
func (v *workspaceValues) unique(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func (v *workspaceValues) strOrNull(s string) tftypes.Value {
	if s == "" {
		return v.null
	}
	return v.str(s)
}

func (v *workspaceValues) rfc(t time.Time) tftypes.Value {
	if t.IsZero() {
		return v.null
	}
	return v.unique(t.UTC().Format(time.RFC3339))
}

// element is a workspace's element, and its ID's value (for ids, which
// shares it).
func (v *workspaceValues) element(w gitpod.Workspace) (tftypes.Value, tftypes.Value) {
	id := v.unique(w.ID)
	ports := make([]tftypes.Value, 0, len(w.Ports))
	for _, p := range w.Ports {
		ports = append(ports, tftypes.NewValue(v.portObj, map[string]tftypes.Value{
			"port":     tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(p.Port)),
			"policy":   v.strOrNull(p.Policy),
			"url":      v.unique(p.URL),
			"protocol": v.strOrNull(p.Protocol),
		}))
	}
	return tftypes.NewValue(v.elem, map[string]tftypes.Value{
		"id":                  id,
		"organization_id":     v.strOrNull(w.OrganizationID),
		"owner_id":            v.strOrNull(w.OwnerID),
		"project_id":          v.strOrNull(w.ProjectID),
		"name":                v.unique(w.Name),
		"context_url":         v.str(w.ContextURL),
		"repository_owner":    v.strOrNull(w.RepoOwner),
		"repository_name":     v.strOrNull(w.RepoName),
		"git_provider":        v.strOrNull(w.GitProvider),
		"git_host":            v.strOrNull(w.GitHost),
		"git_remote":          v.strOrNull(w.GitRemote),
		"branch":              v.strOrNull(w.Branch),
		"phase":               v.strOrNull(w.Phase),
		"instance_id":         v.strOrNull(w.InstanceID),
		"instance_created_at": v.rfc(w.InstanceCreatedAt),
		"url":                 v.strOrNull(w.URL),
		"admission_level":     v.strOrNull(w.Admission),
		"machine_class":       v.strOrNull(w.MachineClass),
		"ssh_url":             v.strOrNull(w.SSHURL),
		"created_at":          v.rfc(w.CreatedAt),
		"last_started_at":     v.rfc(w.LastStartedAt),
		"archived_at":         v.rfc(w.ArchivedAt),
		"ports":               tftypes.NewValue(v.portType, ports),
	}), id
}
