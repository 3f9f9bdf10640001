package v1mock_test

import (
	"context"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

// method is one gitpod.v1 method called with a valid request, as Alice
// (admin of organization A) would call it.
type method struct {
	name  string
	write bool
	call  func(ctx context.Context, c *clients) (proto.Message, error)
}

func answer[T any](resp *connect.Response[T], err error) (proto.Message, error) {
	if err != nil {
		return nil, err
	}
	m, _ := any(resp.Msg).(proto.Message)
	return m, nil
}

func ptr[T any](v T) *T { return &v }

// methods lists every method the mock serves: reads first, then writes.
func methods() []method {
	return []method{
		{"GetAuthenticatedIdentity", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.id.GetAuthenticatedIdentity(ctx, req(&v1.GetAuthenticatedIdentityRequest{})))
		}},
		{"GetAuthenticatedUser", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.GetAuthenticatedUser(ctx, req(&v1.GetAuthenticatedUserRequest{})))
		}},
		{"GetUser", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.GetUser(ctx, req(&v1.GetUserRequest{UserId: bob})))
		}},
		{"ListPersonalAccessTokens", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{})))
		}},
		{"GetPersonalAccessToken", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: missing})))
		}},
		{"GetTeam", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: teamPlatform})))
		}},
		{"ListTeams", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.ListTeams(ctx, req(&v1.ListTeamsRequest{})))
		}},
		{"ListTeamMembers", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamPlatform, Count: &v1.CountRequest{Include: true}})))
		}},
		{"GetOrganization", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{OrganizationId: orgA})))
		}},
		{"ListMembers", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Count: &v1.CountRequest{Include: true}})))
		}},
		{"GetEnvironment", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.env.GetEnvironment(ctx, req(&v1.GetEnvironmentRequest{EnvironmentId: envAliceRunning})))
		}},
		{"ListEnvironments", false, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Count: &v1.CountRequest{Include: true}})))
		}},
		{"CreatePersonalAccessToken", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: "ci", ValidFor: durationpb.New(3600e9)})))
		}},
		{"DeletePersonalAccessToken", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{PersonalAccessTokenId: missing})))
		}},
		{"CreateTeam", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "Data"})))
		}},
		{"UpdateTeam", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform, Name: ptr("Platform Eng")})))
		}},
		{"AddTeamMember", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamFrontend, UserId: carol})))
		}},
		{"RemoveTeamMember", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: missing})))
		}},
		{"DeleteTeam", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: teamFrontend})))
		}},
		{"SetRole", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.org.SetRole(ctx, req(&v1.SetRoleRequest{OrganizationId: orgA, UserId: bob, Role: v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN})))
		}},
		{"StopEnvironment", true, func(ctx context.Context, c *clients) (proto.Message, error) {
			return answer(c.env.StopEnvironment(ctx, req(&v1.StopEnvironmentRequest{EnvironmentId: envAliceRunning})))
		}},
	}
}

// invalidCalls calls every method that takes arguments with a request
// that fails validation.
func invalidCalls() map[string]func(ctx context.Context, c *clients) error {
	e := func(_ any, err error) error { return err }
	return map[string]func(ctx context.Context, c *clients) error{
		"GetUser": func(ctx context.Context, c *clients) error {
			return e(c.user.GetUser(ctx, req(&v1.GetUserRequest{})))
		},
		"ListPersonalAccessTokens": func(ctx context.Context, c *clients) error {
			return e(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Pagination: &v1.PaginationRequest{PageSize: 101}})))
		},
		"GetPersonalAccessToken": func(ctx context.Context, c *clients) error {
			return e(c.user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{})))
		},
		"CreatePersonalAccessToken": func(ctx context.Context, c *clients) error {
			return e(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{})))
		},
		"DeletePersonalAccessToken": func(ctx context.Context, c *clients) error {
			return e(c.user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{})))
		},
		"CreateTeam": func(ctx context.Context, c *clients) error {
			return e(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{})))
		},
		"GetTeam": func(ctx context.Context, c *clients) error {
			return e(c.team.GetTeam(ctx, req(&v1.GetTeamRequest{})))
		},
		"ListTeams": func(ctx context.Context, c *clients) error {
			return e(c.team.ListTeams(ctx, req(&v1.ListTeamsRequest{Pagination: &v1.PaginationRequest{PageSize: -1}})))
		},
		"UpdateTeam": func(ctx context.Context, c *clients) error {
			return e(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{})))
		},
		"DeleteTeam": func(ctx context.Context, c *clients) error {
			return e(c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{})))
		},
		"AddTeamMember": func(ctx context.Context, c *clients) error {
			return e(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{})))
		},
		"RemoveTeamMember": func(ctx context.Context, c *clients) error {
			return e(c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{})))
		},
		"ListTeamMembers": func(ctx context.Context, c *clients) error {
			return e(c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{})))
		},
		"GetOrganization": func(ctx context.Context, c *clients) error {
			return e(c.org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{})))
		},
		"ListMembers": func(ctx context.Context, c *clients) error {
			return e(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{})))
		},
		"SetRole": func(ctx context.Context, c *clients) error {
			return e(c.org.SetRole(ctx, req(&v1.SetRoleRequest{})))
		},
		"GetEnvironment": func(ctx context.Context, c *clients) error {
			return e(c.env.GetEnvironment(ctx, req(&v1.GetEnvironmentRequest{})))
		},
		"ListEnvironments": func(ctx context.Context, c *clients) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Pagination: &v1.PaginationRequest{PageSize: 101}})))
		},
		"StopEnvironment": func(ctx context.Context, c *clients) error {
			return e(c.env.StopEnvironment(ctx, req(&v1.StopEnvironmentRequest{})))
		},
	}
}
