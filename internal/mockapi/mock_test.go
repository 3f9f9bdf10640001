package mockapi_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

type env struct {
	srv        *mockapi.Server
	url        string
	alice, bob *api.Client
}

func newEnv(t *testing.T) env {
	t.Helper()
	srv, err := mockapi.New(mockapi.DemoFixtures())
	if err != nil {
		t.Fatal(err)
	}
	ts := srv.Start(t)
	return env{srv: srv, url: ts.URL, alice: client(t, ts.URL, mockapi.DemoAliceToken), bob: client(t, ts.URL, mockapi.DemoBobToken)}
}

func client(t *testing.T, url, token string) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{Host: url, Token: token, Retry: api.RetryPolicy{MaxRetries: 0, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}, TeamCacheTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if connect.CodeOf(err) != code || err == nil {
		t.Fatalf("want %v, got %v", code, err)
	}
}

func createTeam(t *testing.T, c *api.Client, name string) *gitpodv1.Team {
	t.Helper()
	resp, err := c.Teams.CreateTeam(context.Background(), connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: name}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetTeam()
}

func join(t *testing.T, c *api.Client, team *gitpodv1.Team) {
	t.Helper()
	if _, err := c.Teams.JoinTeam(context.Background(), connect.NewRequest(&gitpodv1.JoinTeamRequest{InvitationId: team.GetTeamInvitation().GetId()})); err != nil {
		t.Fatal(err)
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for name, token := range map[string]string{"unknown token": "nope", "empty-looking token": " "} {
		c := client(t, e.url, token)
		_, err := c.Teams.ListTeams(context.Background(), connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
		if connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Errorf("%s: want unauthenticated, got %v", name, err)
		}
	}
}

func TestCreateTeamMakesCallerOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	team := createTeam(t, e.alice, "Platform Team")
	if len(team.GetMembers()) != 1 || team.GetMembers()[0].GetUserId() != mockapi.DemoAliceID || team.GetMembers()[0].GetRole() != gitpodv1.TeamRole_TEAM_ROLE_OWNER {
		t.Fatalf("creator is not the only owner: %v", team.GetMembers())
	}
	if team.GetSlug() != "platform-team" {
		t.Errorf("slug = %q", team.GetSlug())
	}
	if other := createTeam(t, e.alice, "Platform team!"); other.GetSlug() != "platform-team-2" {
		t.Errorf("second slug = %q, want a unique one", other.GetSlug())
	}
}

func TestTeamsVisibleToMembersOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	team := createTeam(t, e.alice, "Private")
	_, err := e.bob.GetTeamFresh(ctx, team.GetId())
	wantCode(t, err, connect.CodeNotFound)
	list, err := e.bob.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
	if err != nil || len(list.Msg.GetTeams()) != 0 {
		t.Fatalf("bob lists %v, %v", list, err)
	}
	join(t, e.bob, team)
	if _, err := e.bob.GetTeamFresh(ctx, team.GetId()); err != nil {
		t.Fatalf("member cannot read team: %v", err)
	}
}

func TestOwnerOnlyOperations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	team := createTeam(t, e.alice, "Owners")
	join(t, e.bob, team)
	calls := map[string]func() error{
		"DeleteTeam": func() error {
			_, err := e.bob.Teams.DeleteTeam(ctx, connect.NewRequest(&gitpodv1.DeleteTeamRequest{TeamId: team.GetId()}))
			return err
		},
		"ResetTeamInvitation": func() error {
			_, err := e.bob.Teams.ResetTeamInvitation(ctx, connect.NewRequest(&gitpodv1.ResetTeamInvitationRequest{TeamId: team.GetId()}))
			return err
		},
		"UpdateTeamMember": func() error {
			_, err := e.bob.Teams.UpdateTeamMember(ctx, connect.NewRequest(&gitpodv1.UpdateTeamMemberRequest{TeamId: team.GetId(), TeamMember: &gitpodv1.TeamMember{UserId: mockapi.DemoBobID, Role: gitpodv1.TeamRole_TEAM_ROLE_OWNER}}))
			return err
		},
		"DeleteTeamMember of another": func() error {
			_, err := e.bob.Teams.DeleteTeamMember(ctx, connect.NewRequest(&gitpodv1.DeleteTeamMemberRequest{TeamId: team.GetId(), TeamMemberId: mockapi.DemoAliceID}))
			return err
		},
	}
	for name, call := range calls {
		if err := call(); connect.CodeOf(err) != connect.CodePermissionDenied {
			t.Errorf("%s by a member: want permission_denied, got %v", name, err)
		}
	}
	// A member may leave on its own.
	if _, err := e.bob.Teams.DeleteTeamMember(ctx, connect.NewRequest(&gitpodv1.DeleteTeamMemberRequest{TeamId: team.GetId(), TeamMemberId: mockapi.DemoBobID})); err != nil {
		t.Fatalf("member cannot leave: %v", err)
	}
	if got := len(e.srv.Team(team.GetId()).GetMembers()); got != 1 {
		t.Fatalf("members after leaving = %d", got)
	}
}

func TestTeamKeepsAnOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	team := createTeam(t, e.alice, "Keep")
	demote := func(c *api.Client, user string) error {
		_, err := c.Teams.UpdateTeamMember(ctx, connect.NewRequest(&gitpodv1.UpdateTeamMemberRequest{TeamId: team.GetId(), TeamMember: &gitpodv1.TeamMember{UserId: user, Role: gitpodv1.TeamRole_TEAM_ROLE_MEMBER}}))
		return err
	}
	remove := func(c *api.Client, user string) error {
		_, err := c.Teams.DeleteTeamMember(ctx, connect.NewRequest(&gitpodv1.DeleteTeamMemberRequest{TeamId: team.GetId(), TeamMemberId: user}))
		return err
	}
	wantCode(t, demote(e.alice, mockapi.DemoAliceID), connect.CodeFailedPrecondition)
	wantCode(t, remove(e.alice, mockapi.DemoAliceID), connect.CodeFailedPrecondition)

	// With a second owner, the first may step down.
	join(t, e.bob, team)
	if _, err := e.alice.Teams.UpdateTeamMember(ctx, connect.NewRequest(&gitpodv1.UpdateTeamMemberRequest{TeamId: team.GetId(), TeamMember: &gitpodv1.TeamMember{UserId: mockapi.DemoBobID, Role: gitpodv1.TeamRole_TEAM_ROLE_OWNER}})); err != nil {
		t.Fatal(err)
	}
	if err := demote(e.alice, mockapi.DemoAliceID); err != nil {
		t.Fatalf("demoting one of two owners: %v", err)
	}
	wantCode(t, remove(e.bob, mockapi.DemoBobID), connect.CodeFailedPrecondition)
}

func TestJoinNeedsCurrentInvitation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	team := createTeam(t, e.alice, "Invite")
	old := team.GetTeamInvitation().GetId()
	resp, err := e.alice.Teams.ResetTeamInvitation(ctx, connect.NewRequest(&gitpodv1.ResetTeamInvitationRequest{TeamId: team.GetId()}))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Msg.GetTeamInvitation().GetId() == old {
		t.Fatal("invitation did not change")
	}
	_, err = e.bob.Teams.JoinTeam(ctx, connect.NewRequest(&gitpodv1.JoinTeamRequest{InvitationId: old}))
	wantCode(t, err, connect.CodeNotFound)
	if _, err := e.bob.Teams.JoinTeam(ctx, connect.NewRequest(&gitpodv1.JoinTeamRequest{InvitationId: resp.Msg.GetTeamInvitation().GetId()})); err != nil {
		t.Fatalf("join with current invitation: %v", err)
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	cases := map[string]func() error{
		"empty team name": func() error {
			_, err := e.alice.Teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "  "}))
			return err
		},
		"malformed team id": func() error { _, err := e.alice.GetTeamFresh(ctx, "not-a-uuid"); return err },
		"malformed token id": func() error {
			_, err := e.alice.Tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{Id: "x"}))
			return err
		},
		"empty token name": func() error {
			_, err := e.alice.Tokens.CreatePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.CreatePersonalAccessTokenRequest{Token: &gitpodv1.PersonalAccessToken{ExpirationTime: timestamppb.New(time.Now().Add(time.Hour))}}))
			return err
		},
		"token expiry in the past": func() error {
			_, err := e.alice.Tokens.CreatePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.CreatePersonalAccessTokenRequest{Token: &gitpodv1.PersonalAccessToken{Name: "x", ExpirationTime: timestamppb.New(time.Now().Add(-time.Hour))}}))
			return err
		},
		"malformed workspace id": func() error {
			_, err := e.alice.Workspaces.GetWorkspace(ctx, connect.NewRequest(&gitpodv1.GetWorkspaceRequest{WorkspaceId: "Bad ID!"}))
			return err
		},
		"page size over 100": func() error {
			_, err := e.alice.Workspaces.ListWorkspaces(ctx, connect.NewRequest(&gitpodv1.ListWorkspacesRequest{Pagination: &gitpodv1.Pagination{PageSize: 101}}))
			return err
		},
		"update mask with read-only field": func() error {
			_, err := e.alice.Tokens.UpdatePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.UpdatePersonalAccessTokenRequest{Token: &gitpodv1.PersonalAccessToken{Id: "0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a99"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"expiration_time"}}}))
			return err
		},
	}
	for name, call := range cases {
		if err := call(); connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: want invalid_argument, got %v", name, err)
		}
	}
}

func createPAT(t *testing.T, c *api.Client, name string, scopes []string, expires time.Time) *gitpodv1.PersonalAccessToken {
	t.Helper()
	resp, err := c.Tokens.CreatePersonalAccessToken(context.Background(), connect.NewRequest(&gitpodv1.CreatePersonalAccessTokenRequest{Token: &gitpodv1.PersonalAccessToken{Name: name, Scopes: scopes, ExpirationTime: timestamppb.New(expires)}}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetToken()
}

func TestTokenValueShownOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tok := createPAT(t, e.alice, "ci", []string{"*"}, time.Now().Add(24*time.Hour))
	if tok.GetValue() == "" || tok.GetHash() == "" {
		t.Fatal("create returned no value or hash")
	}
	got, err := e.alice.Tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{Id: tok.GetId()}))
	if err != nil || got.Msg.GetToken().GetValue() != "" || got.Msg.GetToken().GetHash() != tok.GetHash() {
		t.Fatalf("get: %v %v", got, err)
	}
	list, err := e.alice.Tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{}))
	if err != nil || len(list.Msg.GetTokens()) != 1 || list.Msg.GetTokens()[0].GetValue() != "" {
		t.Fatalf("list: %v %v", list, err)
	}
	// Another user sees nothing of it.
	_, err = e.bob.Tokens.GetPersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.GetPersonalAccessTokenRequest{Id: tok.GetId()}))
	wantCode(t, err, connect.CodeNotFound)
}

func TestTokensAuthenticateTheirOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	now := time.Now()
	clock := &now
	e.srv.SetClock(func() time.Time { return *clock })
	tok := createPAT(t, e.alice, "ci", []string{"*"}, now.Add(time.Hour))
	asToken := client(t, e.url, tok.GetValue())
	listTeams := func(c *api.Client) error {
		_, err := c.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
		return err
	}
	if err := listTeams(asToken); err != nil {
		t.Fatalf("fresh token rejected: %v", err)
	}
	regen, err := e.alice.Tokens.RegeneratePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.RegeneratePersonalAccessTokenRequest{Id: tok.GetId(), ExpirationTime: timestamppb.New(now.Add(2 * time.Hour))}))
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, listTeams(asToken), connect.CodeUnauthenticated)
	renewed := client(t, e.url, regen.Msg.GetToken().GetValue())
	if err := listTeams(renewed); err != nil {
		t.Fatalf("regenerated token rejected: %v", err)
	}
	later := now.Add(3 * time.Hour)
	clock = &later
	wantCode(t, listTeams(renewed), connect.CodeUnauthenticated)

	noScopes := createPAT(t, e.alice, "none", nil, later.Add(time.Hour))
	wantCode(t, listTeams(client(t, e.url, noScopes.GetValue())), connect.CodePermissionDenied)

	deleted := createPAT(t, e.alice, "gone", []string{"*"}, later.Add(time.Hour))
	if _, err := e.alice.Tokens.DeletePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.DeletePersonalAccessTokenRequest{Id: deleted.GetId()})); err != nil {
		t.Fatal(err)
	}
	wantCode(t, listTeams(client(t, e.url, deleted.GetValue())), connect.CodeUnauthenticated)
}

func TestUpdateTokenHonoursMask(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := createPAT(t, e.alice, "old", []string{"a"}, time.Now().Add(time.Hour))
	resp, err := e.alice.Tokens.UpdatePersonalAccessToken(context.Background(), connect.NewRequest(&gitpodv1.UpdatePersonalAccessTokenRequest{
		Token:      &gitpodv1.PersonalAccessToken{Id: tok.GetId(), Name: "new", Description: "ignored", Scopes: []string{"b"}},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"name", "scopes"}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	got := resp.Msg.GetToken()
	if got.GetName() != "new" || got.GetDescription() != "" || fmt.Sprint(got.GetScopes()) != "[b]" || got.GetValue() != "" {
		t.Fatalf("update gave %v", got)
	}
}

func TestWorkspacePagingAndVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for i := range 30 {
		if err := e.srv.AddWorkspace(mockapi.Workspace{ID: fmt.Sprintf("bulk-%02d", i), OwnerID: mockapi.DemoAliceID, OrganizationID: "org-1", ContextURL: "https://github.com/o/r"}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := e.alice.Workspaces.ListWorkspaces(ctx, connect.NewRequest(&gitpodv1.ListWorkspacesRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Msg.GetResult()) != 25 || first.Msg.GetNextPageToken() != "2" {
		t.Fatalf("default page: %d results, next %q", len(first.Msg.GetResult()), first.Msg.GetNextPageToken())
	}
	second, err := e.alice.Workspaces.ListWorkspaces(ctx, connect.NewRequest(&gitpodv1.ListWorkspacesRequest{Pagination: &gitpodv1.Pagination{PageSize: 25, Page: 2}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Msg.GetResult()) != 8 || second.Msg.GetNextPageToken() != "" {
		t.Fatalf("last page: %d results, next %q", len(second.Msg.GetResult()), second.Msg.GetNextPageToken())
	}
	org, err := e.alice.Workspaces.ListWorkspaces(ctx, connect.NewRequest(&gitpodv1.ListWorkspacesRequest{Pagination: &gitpodv1.Pagination{PageSize: 100}, OrganizationId: "org-1"}))
	if err != nil || len(org.Msg.GetResult()) != 30 {
		t.Fatalf("organization filter: %v %v", len(org.Msg.GetResult()), err)
	}
	_, err = e.bob.Workspaces.GetWorkspace(ctx, connect.NewRequest(&gitpodv1.GetWorkspaceRequest{WorkspaceId: "alice-demo-api-7f3k2"}))
	wantCode(t, err, connect.CodeNotFound)
	_, err = e.alice.Workspaces.StopWorkspace(ctx, connect.NewRequest(&gitpodv1.StopWorkspaceRequest{WorkspaceId: "alice-demo-web-9q8w1"}))
	wantCode(t, err, connect.CodeFailedPrecondition)
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	e.srv.Inject("ListTeams", mockapi.Fault{Code: connect.CodeUnavailable, Times: 1})
	_, err := e.alice.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{}))
	wantCode(t, err, connect.CodeUnavailable)
	if _, err := e.alice.Teams.ListTeams(ctx, connect.NewRequest(&gitpodv1.ListTeamsRequest{})); err != nil {
		t.Fatalf("fault outlived Times: %v", err)
	}
	if got := e.srv.Calls("ListTeams"); got != 2 {
		t.Fatalf("ListTeams calls = %d, want 2", got)
	}

	// A dropped connection after the work: the client sees an error, the team exists.
	e.srv.Inject("CreateTeam", mockapi.Fault{DropAfterWork: true, Times: 1})
	_, err = e.alice.Teams.CreateTeam(ctx, connect.NewRequest(&gitpodv1.CreateTeamRequest{Name: "Dropped"}))
	if err == nil {
		t.Fatal("dropped answer reached the client")
	}
	if n := len(e.srv.Teams()); n != 1 {
		t.Fatalf("teams after dropped create = %d, want 1", n)
	}

	// Latency past the client's timeout.
	e.srv.Inject("GetWorkspace", mockapi.Fault{Latency: time.Second, Times: 1})
	slow, err := api.New(api.Config{Host: e.url, Token: mockapi.DemoAliceToken, Timeout: 20 * time.Millisecond, Retry: api.RetryPolicy{MaxRetries: 0, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = slow.Workspaces.GetWorkspace(ctx, connect.NewRequest(&gitpodv1.GetWorkspaceRequest{WorkspaceId: "alice-demo-api-7f3k2"}))
	wantCode(t, err, connect.CodeDeadlineExceeded)

	// Rate limiting sends Retry-After and refuses calls that come too early.
	e.srv.Inject("ListPersonalAccessTokens", mockapi.Fault{Code: connect.CodeResourceExhausted, RetryAfter: time.Hour, Times: 1})
	for range 2 {
		_, err = e.alice.Tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{}))
		var ce *connect.Error
		if !errors.As(err, &ce) || ce.Code() != connect.CodeResourceExhausted || ce.Meta().Get("Retry-After") != "3600" {
			t.Fatalf("rate limit answer: %v", err)
		}
	}
	if got := e.srv.EarlyRetries("ListPersonalAccessTokens"); got != 1 {
		t.Fatalf("early retries = %d, want 1", got)
	}
}
