package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/textrule"
)

var (
	_ resource.Resource                = (*TeamResource)(nil)
	_ resource.ResourceWithConfigure   = (*TeamResource)(nil)
	_ resource.ResourceWithImportState = (*TeamResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*TeamResource)(nil)
)

// NewTeamResource returns the gitpod_team resource.
func NewTeamResource() resource.Resource { return &TeamResource{} }

// TeamResource manages a Gitpod team.
type TeamResource struct{ data *providerData }

// TeamResourceModel is the gitpod_team resource's state.
type TeamResourceModel struct {
	ID                      types.String      `tfsdk:"id"`
	Name                    types.String      `tfsdk:"name"`
	OrganizationID          types.String      `tfsdk:"organization_id"`
	CreatedAt               timetypes.RFC3339 `tfsdk:"created_at"`
	InvitationID            types.String      `tfsdk:"invitation_id"`
	InvitationResetTriggers types.Map         `tfsdk:"invitation_reset_triggers"`
}

func (r *TeamResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_team"
}

func (r *TeamResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		Description: "Manages a Gitpod team. On today's Gitpod (`gitpod.v1`) the team belongs to the organization of the provider's token; only organization admins may manage teams, and a user belongs to at most one team per organization. " +
			"On Gitpod Classic a team is an organization: the provider's user becomes its first owner, and other users join through its invitation or are added with `gitpod_team_member` / `gitpod_team_members`.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The team's ID (a UUID), assigned by Gitpod."),
			"name": schema.StringAttribute{
				Description: "The team's name: 3 to 80 characters on `gitpod.v1`, where it must be unique in the organization, and 3 to 64 on Classic (whose server counts UTF-16 code units, so an emoji counts twice). Lengths count characters, not bytes; control characters and bidirectional-override characters are refused. " +
					"On `gitpod.v1` a change renames the team in place. Gitpod Classic cannot rename a team, so there a change **replaces** the team: a new ID and invitation, and none of its members but the provider's user; the plan warns about it. Consider `lifecycle { prevent_destroy = true }` on Classic teams with many members.",
				Required:   true,
				Validators: []validator.String{textvalidator.LengthBetween(3, 80), textvalidator.NoControlCharacters(), notBlank, trimmed},
			},
			"organization_id": computed("`gitpod.v1` only: the organization the team belongs to (the token's). Null on Classic, where the team is itself an organization."),
			"created_at": schema.StringAttribute{
				Description:   "`gitpod.v1` only: when the team was created (RFC 3339). Null on Classic.",
				Computed:      true,
				CustomType:    timetypes.RFC3339Type{},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"invitation_id": schema.StringAttribute{
				Description: "Classic only: the current invitation ID. Anyone who has it can join the team, so it is sensitive. Only team owners may see it: it is null when the provider's user is not an owner, and always null on `gitpod.v1`, whose teams have no invitation. Change `invitation_reset_triggers` to issue a new one.",
				Computed:    true,
				Sensitive:   true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
				},
			},
			"invitation_reset_triggers": schema.MapAttribute{
				Description: "Classic only (an error on `gitpod.v1`). Arbitrary key/value pairs; any change to them resets the team's invitation in place: the old invitation stops working and `invitation_id` gets a new value, for example to rotate it on a schedule or after someone leaves.",
				ElementType: types.StringType,
				Optional:    true,
			},
		},
	}
}

func (r *TeamResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan applies the API generation's rules: name lengths, rename in
// place or replace, Classic-only arguments, and the invitation reset.
func (r *TeamResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	limits := c.Limits()
	if !plan.Name.IsUnknown() {
		n, unit := textrule.Len(plan.Name.ValueString()), "characters"
		if limits.TeamNameUTF16 {
			n, unit = textrule.UTF16Len(plan.Name.ValueString()), "characters (counted in UTF-16 code units: characters outside the Basic Multilingual Plane, such as emoji, count twice)"
		}
		if n < limits.TeamNameMin || n > limits.TeamNameMax {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Team name length out of range",
				fmt.Sprintf("%s takes team names of %d to %d %s; %q has %d.", c.API().Describe(), limits.TeamNameMin, limits.TeamNameMax, unit, plan.Name.ValueString(), n))
		}
	}
	invitations := c.Has(gitpod.FeatureTeamInvitation)
	if !invitations {
		if !plan.InvitationResetTriggers.IsNull() {
			notAvailable(&resp.Diagnostics, path.Root("invitation_reset_triggers"), c, gitpod.FeatureTeamInvitation,
				"Users are added by organization admins (gitpod_team_member); remove invitation_reset_triggers.")
		}
		plan.InvitationID = types.StringNull()
	} else {
		plan.OrganizationID = types.StringNull()
		plan.CreatedAt = timetypes.NewRFC3339Null()
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var state TeamResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Name.Equal(state.Name) && !c.Has(gitpod.FeatureTeamRename) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("name"))
		resp.Diagnostics.AddAttributeWarning(path.Root("name"), "Renaming this team replaces it",
			fmt.Sprintf("Gitpod Classic cannot rename a team, so renaming team %q (%s) to %q deletes it and creates a new one: a new ID and invitation, and only the provider's user as a member. Everyone else loses access until added again (gitpod_team_member / gitpod_team_members add them back in the same apply when they reference the team). Keep the old name to avoid this.",
				gitpod.Sanitize(state.Name.ValueString()), state.ID.ValueString(), plan.Name.ValueString()))
	}
	if invitations && !plan.InvitationResetTriggers.Equal(state.InvitationResetTriggers) {
		plan.InvitationID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *TeamResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	team, err := c.CreateTeam(ctx, plan.Name.ValueString())
	if team.ID == "" {
		addError(&resp.Diagnostics, err)
		return
	}
	setTeamState(&plan, team, c)
	if err != nil {
		// The team exists (an interrupt after it was made): save it.
		addError(&resp.Diagnostics, err)
	} else if c.Has(gitpod.FeatureTeamInvitation) && team.InvitationID == "" {
		inv, ierr := c.Invitation(ctx, team.ID)
		if ierr != nil {
			resp.Diagnostics.AddWarning("Could not read the team's invitation", fmt.Sprintf("Team %s was created, but reading its invitation failed; invitation_id stays empty until the next refresh. %s", team.ID, ierr))
		}
		plan.InvitationID = stringOrNull(inv)
	}
	rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, TeamIdentityModel{ID: types.StringValue(team.ID)}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *TeamResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TeamResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	// The identity is known before the API answers, and the framework
	// wants it after every Read, one that removes the resource included.
	setIdentity(ctx, resp.Identity, TeamIdentityModel{ID: types.StringValue(id)}, &resp.Diagnostics)
	team, err := c.Team(ctx, id)
	if gitpod.IsNotFound(err) {
		if !checkOwner(ctx, c, req.Private, "Team "+id, c.API() == gitpod.V1, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddWarning("Team no longer exists",
			fmt.Sprintf("%s was not found (deleted outside Terraform, or the provider's user is no longer a member). It has been removed from state, so the plan will create it again.", capitalize(teamLabel(state))))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addError(&resp.Diagnostics, gitpod.About(err, teamLabel(state)))
		return
	}
	setTeamState(&state, team, c)
	if raw, _ := req.Private.GetKey(ctx, privateOwner); len(raw) == 0 {
		rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TeamResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state TeamResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	next := state
	next.InvitationResetTriggers = plan.InvitationResetTriggers
	if !plan.Name.Equal(state.Name) {
		team, err := c.RenameTeam(ctx, id, plan.Name.ValueString())
		if err != nil {
			addAttributeError(&resp.Diagnostics, path.Root("name"), gitpod.About(err, teamLabel(state)))
			return
		}
		setTeamState(&next, team, c)
	}
	if c.Has(gitpod.FeatureTeamInvitation) && !plan.InvitationResetTriggers.Equal(state.InvitationResetTriggers) {
		inv, err := c.ResetInvitation(ctx, id)
		if err != nil {
			addAttributeError(&resp.Diagnostics, path.Root("invitation_reset_triggers"), gitpod.About(err, teamLabel(state)))
			return
		}
		next.InvitationID = stringOrNull(inv)
	}
	setIdentity(ctx, resp.Identity, TeamIdentityModel{ID: types.StringValue(id)}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

func (r *TeamResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TeamResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if err := c.DeleteTeam(ctx, state.ID.ValueString()); err != nil {
		addError(&resp.Diagnostics, gitpod.About(err, teamLabel(state)))
	}
}

func (r *TeamResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, func(i TeamIdentityModel) string { return i.ID.ValueString() })
	if !uuidPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid team ID",
			fmt.Sprintf("Import gitpod_team by the team's ID, a lower-case UUID such as 5b0e7c1d-2f3a-4b5c-8d9e-0a1b2c3d4e5f; got %q. The gitpod_teams data source lists the teams and their IDs.", gitpod.Sanitize(id)))
		return
	}
	importInto(ctx, resp, TeamIdentityModel{ID: types.StringValue(id)}, "id", id)
}

// teamLabel names a team resource in messages: `team "Platform" (id)`.
func teamLabel(m TeamResourceModel) string {
	return teamTarget{id: m.ID.ValueString(), name: m.Name.ValueString()}.String()
}

func setTeamState(m *TeamResourceModel, t gitpod.Team, c *gitpod.Client) {
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.OrganizationID = stringOrNull(t.OrganizationID)
	m.CreatedAt = timeValue(t.CreatedAt)
	if c.Has(gitpod.FeatureTeamInvitation) {
		m.InvitationID = stringOrNull(t.InvitationID)
		m.OrganizationID = types.StringNull()
		m.CreatedAt = timetypes.NewRFC3339Null()
	} else {
		m.InvitationID = types.StringNull()
	}
}
