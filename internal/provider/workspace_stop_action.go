package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/poll"
)

var (
	_ action.Action              = (*WorkspaceStopAction)(nil)
	_ action.ActionWithConfigure = (*WorkspaceStopAction)(nil)
)

const defaultStopTimeout = 10 * time.Minute

// NewWorkspaceStopAction returns the gitpod_workspace_stop action.
func NewWorkspaceStopAction() action.Action { return &WorkspaceStopAction{} }

// WorkspaceStopAction stops one workspace (environment) and waits for it.
type WorkspaceStopAction struct {
	data *providerData
	// pollFirst and pollMax are the wait's intervals (tests shorten them).
	pollFirst, pollMax time.Duration
}

// WorkspaceStopActionModel is the action's configuration.
type WorkspaceStopActionModel struct {
	WorkspaceID types.String         `tfsdk:"workspace_id"`
	Timeout     timetypes.GoDuration `tfsdk:"timeout"`
}

func (a *WorkspaceStopAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_stop"
}

func (a *WorkspaceStopAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Stops one workspace (a `gitpod.v1` environment, with `StopEnvironment`; a Classic workspace, with `StopWorkspace`) and waits until it has stopped, or until `timeout` passes. " +
			"A workspace that is not running is left as it is. Terraform 1.14 or later: invoke it with `terraform apply -invoke=action.gitpod_workspace_stop.<name>`, or from a resource's `lifecycle { action_trigger { ... } }`.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{
				Description: "The workspace to stop: an environment ID (a lower-case UUID) on `gitpod.v1`, a workspace ID on Classic.",
				Required:    true,
				Validators:  []validator.String{workspaceIDValidator()},
			},
			"timeout": schema.StringAttribute{
				CustomType:  timetypes.GoDurationType{},
				Description: "How long to wait for the workspace to stop, as a Go duration between `1s` and `1h`. Defaults to `10m`.",
				Optional:    true,
				Validators:  []validator.String{durationBetween(time.Second, time.Hour)},
			},
		},
	}
}

func (a *WorkspaceStopAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// stopped reports whether a workspace in phase has stopped: Classic's last
// instance stopped (or none ever started), an environment stopped or gone.
func stopped(api gitpod.API, phase string) bool {
	if api == gitpod.Classic {
		return phase == "" || phase == "stopped"
	}
	return slices.Contains([]string{"stopped", "deleting", "deleted"}, phase)
}

func (a *WorkspaceStopAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m WorkspaceStopActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := m.WorkspaceID.ValueString()
	timeout := defaultStopTimeout
	if !m.Timeout.IsNull() {
		d, ds := m.Timeout.ValueGoDuration()
		resp.Diagnostics.Append(ds...)
		timeout = d
	}
	if c.API() == gitpod.V1 && !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Invalid environment ID",
			fmt.Sprintf("%q looks like a Gitpod Classic workspace ID, but %s names environments by UUID.", id, c.API().Describe()))
		return
	}
	progress := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	w, err := c.Workspace(ctx, id)
	if gitpod.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Workspace not found",
			fmt.Sprintf("No workspace with ID %s is visible to the provider's user on %s.", id, c.Host()))
		return
	}
	if err != nil {
		addAttributeError(&resp.Diagnostics, path.Root("workspace_id"), err)
		return
	}
	if stopped(c.API(), w.Phase) {
		progress(fmt.Sprintf("workspace %s is not running (%s); nothing to stop", id, phaseName(w.Phase)))
		return
	}
	if err := c.StopWorkspace(ctx, id); err != nil {
		addAttributeError(&resp.Diagnostics, path.Root("workspace_id"), err)
		return
	}
	progress(fmt.Sprintf("asked workspace %s to stop", id))
	last, err := poll.Until(ctx, func(ctx context.Context) (bool, string, error) {
		w, err := c.Workspace(ctx, id)
		if gitpod.IsNotFound(err) {
			return true, "gone", nil
		}
		if err != nil {
			return false, "", err
		}
		return stopped(c.API(), w.Phase), phaseName(w.Phase), nil
	}, func(status string) {
		progress(fmt.Sprintf("workspace %s: %s", id, status))
	}, poll.Options{Timeout: timeout, First: a.pollFirst, Max: a.pollMax})
	switch {
	case err == nil:
	case errors.Is(err, poll.ErrTimeout):
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Workspace did not stop in time",
			fmt.Sprintf("Workspace %s was asked to stop, but after %s it is still %s. It may stop later; raise timeout to wait longer.", id, timeout, last))
	default:
		addError(&resp.Diagnostics, gitpod.Wrap(err, "wait for", "workspace "+id+" to stop"))
	}
}

func phaseName(p string) string {
	if p == "" {
		return "never started"
	}
	return p
}
