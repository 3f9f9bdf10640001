package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identities (Terraform 1.12 and later, OpenTofu 1.12). A resource
// sets its identity on create, on import, and at the start of every Read:
// the framework wants one after every Read, a removal included. Under a CLI
// without identities the framework passes a nil identity, and nothing is
// set.

// TeamIdentityModel identifies a team.
type TeamIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// MemberIdentityModel identifies a membership.
type MemberIdentityModel struct {
	TeamID types.String `tfsdk:"team_id"`
	UserID types.String `tfsdk:"user_id"`
}

// TeamMembersIdentityModel identifies a team's member list.
type TeamMembersIdentityModel struct {
	TeamID types.String `tfsdk:"team_id"`
}

// TokenIdentityModel identifies a personal access token.
type TokenIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// ServiceAccountIdentityModel identifies a service account.
type ServiceAccountIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// ServiceAccountTokenIdentityModel identifies a service account token: its
// account too, since only the account can read it.
type ServiceAccountTokenIdentityModel struct {
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	ID               types.String `tfsdk:"id"`
}

func stringIdentity(desc string) identityschema.StringAttribute {
	return identityschema.StringAttribute{Description: desc, RequiredForImport: true}
}

func setIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if id == nil {
		return
	}
	diags.Append(id.Set(ctx, v)...)
}

// importID is an import's ID: the one given (terraform import, or an import
// block's id), else the one an import block's identity makes (join).
func importID[I any](ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics, join func(I) string) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var ident I
	diags.Append(req.Identity.Get(ctx, &ident)...)
	return join(ident)
}

// importInto saves what an import knows: the identity, and attributes as
// name, value pairs.
func importInto(ctx context.Context, resp *resource.ImportStateResponse, identity any, attrs ...string) {
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	for i := 0; i+1 < len(attrs); i += 2 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attrs[i]), attrs[i+1])...)
	}
}

// parseMemberID splits an import ID "<team_id>/<user_id>" into two
// canonical UUIDs.
func parseMemberID(id string) (teamID, userID string, ok bool) {
	teamID, userID, ok = strings.Cut(id, "/")
	if !ok || !uuidPattern.MatchString(teamID) || !uuidPattern.MatchString(userID) {
		return "", "", false
	}
	return teamID, userID, true
}

func (r *TeamResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": stringIdentity("The team's ID."),
	}}
}

func (r *TeamMemberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"team_id": stringIdentity("The team's ID."),
		"user_id": stringIdentity("The member's user ID."),
	}}
}

func (r *TeamMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"team_id": stringIdentity("The team's ID."),
	}}
}

func (r *PersonalAccessTokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": stringIdentity("The token's ID. On `gitpod.v1` it changes when the token is rotated (a new token replaces it)."),
	}}
}

func (r *ServiceAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": stringIdentity("The service account's ID."),
	}}
}

func (r *ServiceAccountTokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_account_id": stringIdentity("The ID of the service account the token belongs to."),
		"id":                 stringIdentity("The token's ID. It changes when the token is rotated (a new token replaces it)."),
	}}
}

var (
	_ resource.ResourceWithIdentity = (*ServiceAccountResource)(nil)
	_ resource.ResourceWithIdentity = (*ServiceAccountTokenResource)(nil)
)

var (
	_ resource.ResourceWithIdentity = (*TeamResource)(nil)
	_ resource.ResourceWithIdentity = (*TeamMemberResource)(nil)
	_ resource.ResourceWithIdentity = (*TeamMembersResource)(nil)
	_ resource.ResourceWithIdentity = (*PersonalAccessTokenResource)(nil)
)
