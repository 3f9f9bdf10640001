package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/provider/textvalidator"
)

// UserModel is one user, as gitpod_user and gitpod_users give it.
type UserModel struct {
	ID            types.String      `tfsdk:"id"`
	Email         types.String      `tfsdk:"email"`
	FullName      types.String      `tfsdk:"full_name"`
	AvatarURL     types.String      `tfsdk:"avatar_url"`
	Role          types.String      `tfsdk:"role"`
	Status        types.String      `tfsdk:"status"`
	LoginProvider types.String      `tfsdk:"login_provider"`
	MemberSince   timetypes.RFC3339 `tfsdk:"member_since"`
}

// userAttributes are a user's attributes; id and email are computed
// unless lookup (gitpod_user, which is looked up by one of them).
func userAttributes(lookup bool) map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"id":             str("The user's ID."),
		"email":          str("The user's email address. On Classic it is known only for members of the provider user's teams (null for the provider's own user)."),
		"full_name":      str("The user's name."),
		"avatar_url":     str("URL of the user's avatar image."),
		"role":           str("`gitpod.v1` only: the user's organization role, `admin` or `member`. Null on Classic, which has no organizations (team roles are on `gitpod_team_member`)."),
		"status":         str("`gitpod.v1` only: `active`, `suspended` or `left` (organization admins also see members who were suspended or left; others see active members only). Null on Classic."),
		"login_provider": str("`gitpod.v1` only: how the user signs in: `github`, `google` or `custom` (the organization's single sign-on). Null on Classic."),
		"member_since": schema.StringAttribute{
			Description: "`gitpod.v1` only: when the user joined the organization (RFC 3339). Null on Classic.",
			Computed:    true,
			CustomType:  timetypes.RFC3339Type{},
		},
	}
	if lookup {
		attrs["id"] = schema.StringAttribute{
			Description: "The user's ID. Exactly one of `id` and `email` must be set.",
			Optional:    true,
			Computed:    true,
			Validators:  []validator.String{uuidValidator("a user ID")},
		}
		attrs["email"] = schema.StringAttribute{
			Description: "The user's email address, matched exactly but ignoring case. Exactly one of `id` and `email` must be set. On Classic only the members of the provider user's teams can be found by email.",
			Optional:    true,
			Computed:    true,
			Validators:  []validator.String{textvalidator.LengthBetween(3, 320), textvalidator.NoControlCharacters(), trimmed},
		}
	}
	return attrs
}

func userModel(u gitpod.User) UserModel {
	return UserModel{
		ID:            types.StringValue(u.ID),
		Email:         stringOrNull(u.Email),
		FullName:      stringOrNull(u.FullName),
		AvatarURL:     stringOrNull(u.AvatarURL),
		Role:          stringOrNull(u.Role),
		Status:        stringOrNull(u.Status),
		LoginProvider: stringOrNull(u.LoginProvider),
		MemberSince:   timeValue(u.MemberSince),
	}
}

// describeUser names a user for people: "Bob Example <bob@example.com>
// (id)".
func describeUser(u gitpod.User) string {
	switch {
	case u.FullName != "" && u.Email != "":
		return gitpod.Sanitize(u.FullName) + " <" + gitpod.Sanitize(u.Email) + "> (" + u.ID + ")"
	case u.Email != "":
		return "<" + gitpod.Sanitize(u.Email) + "> (" + u.ID + ")"
	case u.FullName != "":
		return gitpod.Sanitize(u.FullName) + " (" + u.ID + ")"
	default:
		return u.ID
	}
}
