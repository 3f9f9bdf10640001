package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

func stringIdentity(desc string) identityschema.StringAttribute {
	return identityschema.StringAttribute{Description: desc, RequiredForImport: true}
}

func setIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if id == nil {
		return
	}
	diags.Append(id.Set(ctx, v)...)
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

var (
	_ resource.ResourceWithIdentity = (*TeamMemberResource)(nil)
	_ resource.ResourceWithIdentity = (*TeamMembersResource)(nil)
	_ resource.ResourceWithIdentity = (*PersonalAccessTokenResource)(nil)
)
