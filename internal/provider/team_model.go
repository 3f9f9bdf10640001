package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// TeamMemberModel is one member in the team data sources.
type TeamMemberModel struct {
	UserID       types.String      `tfsdk:"user_id"`
	MembershipID types.String      `tfsdk:"membership_id"`
	Role         types.String      `tfsdk:"role"`
	FullName     types.String      `tfsdk:"full_name"`
	PrimaryEmail types.String      `tfsdk:"primary_email"`
	AvatarURL    types.String      `tfsdk:"avatar_url"`
	MemberSince  timetypes.RFC3339 `tfsdk:"member_since"`
}

// TeamModel is one team in the team data sources.
type TeamModel struct {
	ID             types.String      `tfsdk:"id"`
	Name           types.String      `tfsdk:"name"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	Members        []TeamMemberModel `tfsdk:"members"`
}

// memberAttributes describes a team member in data sources.
func memberAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"user_id":       str("The member's user ID."),
		"membership_id": str("`gitpod.v1` only: the membership's own ID."),
		"role":          str("Classic only: `owner`, `member` or `collaborator`. Null on `gitpod.v1`."),
		"full_name":     str("The member's name."),
		"primary_email": str("The member's email address (on `gitpod.v1` read from the organization's member list)."),
		"avatar_url":    str("URL of the member's avatar image."),
		"member_since":  schema.StringAttribute{Description: "When the member joined the team (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
	}
}

// teamAttributes describes a team in data sources, members included.
func teamAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":              schema.StringAttribute{Description: "The team's ID.", Computed: true},
		"name":            schema.StringAttribute{Description: "The team's name.", Computed: true},
		"organization_id": schema.StringAttribute{Description: "`gitpod.v1` only: the organization the team belongs to.", Computed: true},
		"created_at":      schema.StringAttribute{Description: "`gitpod.v1` only: when the team was created (RFC 3339).", Computed: true, CustomType: timetypes.RFC3339Type{}},
		"members": schema.ListNestedAttribute{
			Description:  "The team's members, in the order the API returns them (on Classic newest first).",
			Computed:     true,
			NestedObject: schema.NestedAttributeObject{Attributes: memberAttributes()},
		},
	}
}

// teamModels reads the teams' members and builds their models. On Classic
// the members come with the team; on gitpod.v1 they are listed per team,
// and their emails come from the organization's member list, read once for
// every team's members together (at most 25 user ids per call).
func teamModels(ctx context.Context, c *gitpod.Client, teams []gitpod.Team) ([]TeamModel, error) {
	members := make([][]gitpod.Member, len(teams))
	var ids []string
	seen := map[string]bool{}
	for i, t := range teams {
		ms := t.Members
		if !c.Has(gitpod.FeatureTeamIncludesMembers) || ms == nil {
			var err error
			if ms, err = c.Members(ctx, t.ID); err != nil {
				return nil, err
			}
		}
		members[i] = ms
		for _, m := range ms {
			if m.Email == "" && !seen[m.UserID] {
				seen[m.UserID] = true
				ids = append(ids, m.UserID)
			}
		}
	}
	profiles := map[string]gitpod.User{}
	if !c.Has(gitpod.FeatureMemberEmail) && len(ids) > 0 {
		var err error
		if profiles, err = c.Profiles(ctx, ids); err != nil {
			return nil, err
		}
	}
	out := make([]TeamModel, 0, len(teams))
	for i, t := range teams {
		tm := TeamModel{
			ID:             types.StringValue(t.ID),
			Name:           types.StringValue(t.Name),
			OrganizationID: stringOrNull(t.OrganizationID),
			CreatedAt:      timeValue(t.CreatedAt),
			Members:        make([]TeamMemberModel, 0, len(members[i])),
		}
		for _, m := range members[i] {
			email := m.Email
			if email == "" {
				email = profiles[m.UserID].Email
			}
			tm.Members = append(tm.Members, TeamMemberModel{
				UserID:       types.StringValue(m.UserID),
				MembershipID: stringOrNull(m.MembershipID),
				Role:         roleValue(m.Role, c),
				FullName:     types.StringValue(m.FullName),
				PrimaryEmail: stringOrNull(email),
				AvatarURL:    types.StringValue(m.AvatarURL),
				MemberSince:  timeValue(m.MemberSince),
			})
		}
		out = append(out, tm)
	}
	return out, nil
}
