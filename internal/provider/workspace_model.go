package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

// WorkspaceModel is one workspace, in gitpod_workspace and in the list of
// gitpod_workspaces.
type WorkspaceModel struct {
	ID                types.String      `tfsdk:"id"`
	OwnerID           types.String      `tfsdk:"owner_id"`
	ProjectID         types.String      `tfsdk:"project_id"`
	Description       types.String      `tfsdk:"description"`
	ContextURL        types.String      `tfsdk:"context_url"`
	RepositoryOwner   types.String      `tfsdk:"repository_owner"`
	RepositoryName    types.String      `tfsdk:"repository_name"`
	GitProvider       types.String      `tfsdk:"git_provider"`
	GitHost           types.String      `tfsdk:"git_host"`
	InstanceID        types.String      `tfsdk:"instance_id"`
	InstanceCreatedAt timetypes.RFC3339 `tfsdk:"instance_created_at"`
	Phase             types.String      `tfsdk:"phase"`
	URL               types.String      `tfsdk:"url"`
	AdmissionLevel    types.String      `tfsdk:"admission_level"`
	Ports             []WorkspacePort   `tfsdk:"ports"`
}

// WorkspacePort is one exposed port of a running workspace.
type WorkspacePort struct {
	Port     types.Int64  `tfsdk:"port"`
	Policy   types.String `tfsdk:"policy"`
	URL      types.String `tfsdk:"url"`
	Protocol types.String `tfsdk:"protocol"`
}

// WorkspacePhases are the phase names the provider shows, from the API's
// WorkspaceInstanceStatus.Phase without its prefix, in lower case.
var WorkspacePhases = []string{"preparing", "imagebuild", "pending", "creating", "initializing", "running", "interrupted", "stopping", "stopped"}

// workspaceAttributes describes a workspace. With idInput, id is the
// required lookup key; otherwise every attribute is computed.
func workspaceAttributes(idInput bool) map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	id := str("The workspace's ID.")
	if idInput {
		id = schema.StringAttribute{
			Description: "The ID of the workspace to read. It must belong to the provider's user.",
			Required:    true,
			Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	return map[string]schema.Attribute{
		"id":                  id,
		"owner_id":            str("The ID of the user who owns the workspace."),
		"project_id":          str("The ID of the project the workspace belongs to, or empty."),
		"description":         str("The workspace's description."),
		"context_url":         str("The URL the workspace was opened from."),
		"repository_owner":    str("Owner of the git repository, when the context is a git repository."),
		"repository_name":     str("Name of the git repository, when the context is a git repository."),
		"git_provider":        str("Git provider type (`github`, `gitlab`, `bitbucket`...), when known."),
		"git_host":            str("Git provider host name, when known."),
		"instance_id":         str("ID of the current instance; null when the workspace has none (not running)."),
		"instance_created_at": schema.StringAttribute{Description: "When the current instance started (RFC 3339); null without an instance.", Computed: true, CustomType: timetypes.RFC3339Type{}},
		"phase":               str("Phase of the current instance: one of `" + strings.Join(WorkspacePhases, "`, `") + "`; null without an instance."),
		"url":                 str("URL at which the instance is reachable; null without an instance."),
		"admission_level":     str("Who may reach the instance and its ports: `owner_only` or `everyone`; null without an instance."),
		"ports": schema.ListNestedAttribute{
			Description: "Ports the instance exposes; empty without an instance.",
			Computed:    true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"port":     schema.Int64Attribute{Description: "The port number.", Computed: true},
				"policy":   str("`private` (owner only) or `public`."),
				"url":      str("URL of the port."),
				"protocol": str("`http` or `https`."),
			}},
		},
	}
}

// enumName turns an API enum name into the provider's spelling:
// PHASE_RUNNING -> running, ADMISSION_LEVEL_OWNER_ONLY -> owner_only.
func enumName(name, prefix string) types.String {
	s := strings.ToLower(strings.TrimPrefix(name, prefix))
	if s == "unspecified" || s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func workspaceFromAPI(w *gitpodv1.Workspace) WorkspaceModel {
	git := w.GetContext().GetGit()
	if git == nil {
		git = w.GetContext().GetPrebuild().GetOriginalContext()
	}
	m := WorkspaceModel{
		ID:                types.StringValue(w.GetWorkspaceId()),
		OwnerID:           types.StringValue(w.GetOwnerId()),
		ProjectID:         types.StringValue(w.GetProjectId()),
		Description:       types.StringValue(w.GetDescription()),
		ContextURL:        types.StringValue(w.GetContext().GetContextUrl()),
		RepositoryOwner:   optionalString(git.GetRepository().GetOwner()),
		RepositoryName:    optionalString(git.GetRepository().GetName()),
		GitProvider:       optionalString(git.GetProvider().GetType()),
		GitHost:           optionalString(git.GetProvider().GetHostname()),
		InstanceID:        types.StringNull(),
		InstanceCreatedAt: timetypes.NewRFC3339Null(),
		Phase:             types.StringNull(),
		URL:               types.StringNull(),
		AdmissionLevel:    types.StringNull(),
		Ports:             []WorkspacePort{},
	}
	inst := w.GetStatus().GetInstance()
	if inst == nil {
		return m
	}
	st := inst.GetStatus()
	m.InstanceID = types.StringValue(inst.GetInstanceId())
	m.InstanceCreatedAt = timeValue(inst.GetCreatedAt().AsTime(), inst.GetCreatedAt() != nil)
	m.Phase = enumName(st.GetPhase().String(), "PHASE_")
	m.URL = optionalString(st.GetUrl())
	m.AdmissionLevel = enumName(st.GetAdmission().String(), "ADMISSION_LEVEL_")
	for _, p := range st.GetPorts() {
		m.Ports = append(m.Ports, WorkspacePort{
			Port:     types.Int64Value(int64(p.GetPort())), //nolint:gosec // port numbers fit in int64
			Policy:   enumName(p.GetPolicy().String(), "PORT_POLICY_"),
			URL:      types.StringValue(p.GetUrl()),
			Protocol: enumName(p.GetProtocol().String(), "PORT_PROTOCOL_"),
		})
	}
	return m
}
