package v1mock_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	return out
}

func TestValidationRules(t *testing.T) {
	t.Parallel()
	h := start(t)
	c := h.as(aliceTok)
	e := func(_ any, err error) error { return err }
	long := strings.Repeat("x", 257)
	page := func(n int32) *v1.PaginationRequest { return &v1.PaginationRequest{PageSize: n} }
	cases := []struct {
		name  string
		call  func(ctx context.Context) error
		field string
		rule  string
	}{
		{"GetUser empty", func(ctx context.Context) error { return e(c.user.GetUser(ctx, req(&v1.GetUserRequest{}))) }, "user_id", "string.uuid_empty"},
		{"GetUser not uuid", func(ctx context.Context) error {
			return e(c.user.GetUser(ctx, req(&v1.GetUserRequest{UserId: "alice"})))
		}, "user_id", "string.uuid"},
		{"CreatePAT user_id", func(ctx context.Context) error {
			return e(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: "me"})))
		}, "user_id", "string.uuid"},
		{"CreatePAT valid_for negative", func(ctx context.Context) error {
			return e(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ValidFor: durationpb.New(-time.Second)})))
		}, "valid_for", "duration.gte_lte"},
		{"CreatePAT valid_for over 90 days", func(ctx context.Context) error {
			return e(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ValidFor: durationpb.New(90*24*time.Hour + time.Second)})))
		}, "valid_for", "duration.gte_lte"},
		{"GetPAT", func(ctx context.Context) error {
			return e(c.user.GetPersonalAccessToken(ctx, req(&v1.GetPersonalAccessTokenRequest{PersonalAccessTokenId: "x"})))
		}, "personal_access_token_id", "string.uuid"},
		{"DeletePAT", func(ctx context.Context) error {
			return e(c.user.DeletePersonalAccessToken(ctx, req(&v1.DeletePersonalAccessTokenRequest{})))
		}, "personal_access_token_id", "string.uuid_empty"},
		{"ListPATs too many users", func(ctx context.Context) error {
			return e(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Filter: &v1.ListPersonalAccessTokensRequest_Filter{UserIds: ids(26)}})))
		}, "filter.user_ids", "repeated.max_items"},
		{"ListPATs bad user id", func(ctx context.Context) error {
			return e(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Filter: &v1.ListPersonalAccessTokensRequest_Filter{UserIds: []string{alice, "bob"}}})))
		}, "filter.user_ids[1]", "string.uuid"},
		{"ListPATs page size 101", func(ctx context.Context) error {
			return e(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Pagination: page(101)})))
		}, "pagination.page_size", "int32.gte_lte"},
		{"ListTeams page size -1", func(ctx context.Context) error {
			return e(c.team.ListTeams(ctx, req(&v1.ListTeamsRequest{Pagination: page(-1)})))
		}, "pagination.page_size", "int32.gte_lte"},
		{"ListTeams search", func(ctx context.Context) error {
			return e(c.team.ListTeams(ctx, req(&v1.ListTeamsRequest{Filter: &v1.ListTeamsRequest_Filter{Search: long}})))
		}, "filter.search", "string.max_len"},
		{"CreateTeam organization_id", func(ctx context.Context) error {
			return e(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{Name: "Good"})))
		}, "organization_id", "string.uuid_empty"},
		{"CreateTeam short name", func(ctx context.Context) error {
			return e(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "ab"})))
		}, "name", "string.min_len"},
		{"CreateTeam long name", func(ctx context.Context) error {
			return e(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: strings.Repeat("n", 81)})))
		}, "name", "string.max_len"},
		{"GetTeam", func(ctx context.Context) error { return e(c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: "t"}))) }, "team_id", "string.uuid"},
		{"UpdateTeam team_id", func(ctx context.Context) error {
			return e(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{Name: ptr("Fine")})))
		}, "team_id", "string.uuid_empty"},
		{"UpdateTeam set but empty name", func(ctx context.Context) error {
			return e(c.team.UpdateTeam(ctx, req(&v1.UpdateTeamRequest{TeamId: teamPlatform, Name: ptr("")})))
		}, "name", "string.min_len"},
		{"DeleteTeam", func(ctx context.Context) error {
			return e(c.team.DeleteTeam(ctx, req(&v1.DeleteTeamRequest{TeamId: "t"})))
		}, "team_id", "string.uuid"},
		{"AddTeamMember user_id", func(ctx context.Context) error {
			return e(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: teamPlatform})))
		}, "user_id", "string.uuid_empty"},
		{"AddTeamMember team_id", func(ctx context.Context) error {
			return e(c.team.AddTeamMember(ctx, req(&v1.AddTeamMemberRequest{TeamId: "x", UserId: carol})))
		}, "team_id", "string.uuid"},
		{"RemoveTeamMember", func(ctx context.Context) error {
			return e(c.team.RemoveTeamMember(ctx, req(&v1.RemoveTeamMemberRequest{TeamMemberId: bob + "0"})))
		}, "team_member_id", "string.uuid"},
		{"ListTeamMembers team_id", func(ctx context.Context) error {
			return e(c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{})))
		}, "team_id", "string.uuid_empty"},
		{"ListTeamMembers page size", func(ctx context.Context) error {
			return e(c.team.ListTeamMembers(ctx, req(&v1.ListTeamMembersRequest{TeamId: teamPlatform, Pagination: page(1000)})))
		}, "pagination.page_size", "int32.gte_lte"},
		{"GetOrganization empty", func(ctx context.Context) error {
			return e(c.org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{})))
		}, "organization_id", "required"},
		{"GetOrganization not uuid", func(ctx context.Context) error {
			return e(c.org.GetOrganization(ctx, req(&v1.GetOrganizationRequest{OrganizationId: "acme"})))
		}, "organization_id", "string.uuid"},
		{"ListMembers organization_id", func(ctx context.Context) error {
			return e(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{})))
		}, "organization_id", "required"},
		{"ListMembers search", func(ctx context.Context) error {
			return e(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{Search: long}})))
		}, "filter.search", "string.max_len"},
		{"ListMembers user_ids", func(ctx context.Context) error {
			return e(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{UserIds: ids(26)}})))
		}, "filter.user_ids", "repeated.max_items"},
		{"ListMembers exclude_group_ids", func(ctx context.Context) error {
			return e(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{ExcludeGroupIds: []string{"g"}}})))
		}, "filter.exclude_group_ids[0]", "string.uuid"},
		{"SetRole organization_id", func(ctx context.Context) error {
			return e(c.org.SetRole(ctx, req(&v1.SetRoleRequest{UserId: bob, Role: v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN})))
		}, "organization_id", "required"},
		{"SetRole user_id", func(ctx context.Context) error {
			return e(c.org.SetRole(ctx, req(&v1.SetRoleRequest{OrganizationId: orgA, UserId: "bob", Role: v1.OrganizationRole_ORGANIZATION_ROLE_ADMIN})))
		}, "user_id", "string.uuid"},
		{"GetEnvironment", func(ctx context.Context) error {
			return e(c.env.GetEnvironment(ctx, req(&v1.GetEnvironmentRequest{})))
		}, "environment_id", "required"},
		{"StopEnvironment", func(ctx context.Context) error {
			return e(c.env.StopEnvironment(ctx, req(&v1.StopEnvironmentRequest{})))
		}, "environment_id", "string.uuid_empty"},
		{"ListEnvironments runner_ids", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{RunnerIds: ids(26)}})))
		}, "filter.runner_ids", "repeated.max_items"},
		{"ListEnvironments status_phases", func(ctx context.Context) error {
			phases := make([]v1.EnvironmentPhase, 26)
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{StatusPhases: phases}})))
		}, "filter.status_phases", "repeated.max_items"},
		{"ListEnvironments creator_ids", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{CreatorIds: []string{"alice"}}})))
		}, "filter.creator_ids[0]", "string.uuid"},
		{"ListEnvironments project_ids", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{ProjectIds: []string{""}}})))
		}, "filter.project_ids[0]", "string.uuid_empty"},
		{"ListEnvironments session_ids", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{SessionIds: ids(26)}})))
		}, "filter.session_ids", "repeated.max_items"},
		{"ListEnvironments runner_kinds", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{RunnerKinds: []v1.RunnerKind{v1.RunnerKind_RUNNER_KIND_REMOTE, 99}}})))
		}, "filter.runner_kinds[1]", "enum.defined_only"},
		{"ListEnvironments roles", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{Roles: []v1.EnvironmentRole{7}}})))
		}, "filter.roles[0]", "enum.defined_only"},
		{"ListEnvironments archival_status", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{ArchivalStatus: ptr(v1.ListEnvironmentsRequest_ArchivalStatus(9))}})))
		}, "filter.archival_status", "enum.defined_only"},
		{"ListEnvironments search", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{Search: long}})))
		}, "filter.search", "string.max_len"},
		{"ListEnvironments sort.field", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Sort: &v1.ListEnvironmentsRequest_Sort{Field: 5}})))
		}, "sort.field", "enum.defined_only"},
		{"ListEnvironments page size", func(ctx context.Context) error {
			return e(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Pagination: page(101)})))
		}, "pagination.page_size", "int32.gte_lte"},
	}
	for _, tc := range cases {
		err := tc.call(t.Context())
		if err == nil {
			t.Fatalf("%s: accepted", tc.name)
		}
		wantErr(t, err, connect.CodeInvalidArgument, tc.field+": ", "["+tc.rule+"]")
	}
}

// Values at the edges of the rules pass validation.
func TestValidationEdgesAccepted(t *testing.T) {
	t.Parallel()
	h := start(t)
	ctx := t.Context()
	c := h.as(aliceTok)
	// 80 characters, 160 bytes: lengths count characters.
	res(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: strings.Repeat("é", 80)}))).ok(t)
	res(c.team.CreateTeam(ctx, req(&v1.CreateTeamRequest{OrganizationId: orgA, Name: "abc"}))).ok(t)
	res(c.team.ListTeams(ctx, req(&v1.ListTeamsRequest{Pagination: &v1.PaginationRequest{PageSize: 100}, Filter: &v1.ListTeamsRequest_Filter{Search: strings.Repeat("s", 256)}}))).ok(t)
	res(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, ValidFor: durationpb.New(90 * 24 * time.Hour), Description: strings.Repeat("d", 5000)}))).ok(t)
	res(c.user.CreatePersonalAccessToken(ctx, req(&v1.CreatePersonalAccessTokenRequest{UserId: alice, Description: ""}))).ok(t)
	res(c.user.ListPersonalAccessTokens(ctx, req(&v1.ListPersonalAccessTokensRequest{Filter: &v1.ListPersonalAccessTokensRequest_Filter{UserIds: append(ids(24), alice)}}))).ok(t)
	// status_phases items are not checked against the enum.
	res(c.env.ListEnvironments(ctx, req(&v1.ListEnvironmentsRequest{Filter: &v1.ListEnvironmentsRequest_Filter{StatusPhases: []v1.EnvironmentPhase{99}}}))).ok(t)
	// ListMembers roles and statuses have no limits.
	roles := make([]v1.OrganizationRole, 40)
	res(c.org.ListMembers(ctx, req(&v1.ListMembersRequest{OrganizationId: orgA, Filter: &v1.ListMembersRequest_Filter{Roles: roles}}))).ok(t)
	// protovalidate's UUID accepts upper case; such an id names nothing.
	_, err := c.team.GetTeam(ctx, req(&v1.GetTeamRequest{TeamId: strings.ToUpper(teamPlatform)}))
	wantErr(t, err, connect.CodeNotFound)
}

func TestValidationReportsEveryViolation(t *testing.T) {
	t.Parallel()
	h := start(t)
	_, err := h.as(aliceTok).team.CreateTeam(t.Context(), req(&v1.CreateTeamRequest{OrganizationId: "x", Name: "y"}))
	wantErr(t, err, connect.CodeInvalidArgument, "organization_id: ", "[string.uuid]", "name: ", "[string.min_len]")
}
