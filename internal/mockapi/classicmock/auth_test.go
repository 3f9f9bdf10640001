package classicmock_test

import (
	"errors"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

type call struct {
	name string
	do   func(c api) error
}

func drop[T any](_ T, err error) error { return err }

var future = timestamppb.New(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))

// badArgumentCalls are calls whose arguments the Go front end refuses.
func badArgumentCalls() []call {
	return []call{
		{"CreateTeam empty name", func(c api) error {
			return drop(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{})))
		}},
		{"GetTeam bad id", func(c api) error { return drop(c.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: "x"}))) }},
		{"ListTeamMembers bad id", func(c api) error {
			return drop(c.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: "x"})))
		}},
		{"DeleteTeam bad id", func(c api) error { return drop(c.teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: "x"}))) }},
		{"GetTeamInvitation bad id", func(c api) error {
			return drop(c.teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: "x"})))
		}},
		{"ResetTeamInvitation bad id", func(c api) error {
			return drop(c.teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: "x"})))
		}},
		{"JoinTeam empty id", func(c api) error { return drop(c.teams.JoinTeam(bg, req(&v1.JoinTeamRequest{}))) }},
		{"UpdateTeamMember no team", func(c api) error {
			return drop(c.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamMember: &v1.TeamMember{UserId: bobID, Role: v1.TeamRole_TEAM_ROLE_OWNER}})))
		}},
		{"UpdateTeamMember no user", func(c api) error {
			return drop(c.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: &v1.TeamMember{Role: v1.TeamRole_TEAM_ROLE_OWNER}})))
		}},
		{"UpdateTeamMember no role", func(c api) error {
			return drop(c.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: &v1.TeamMember{UserId: bobID}})))
		}},
		{"DeleteTeamMember no team", func(c api) error {
			return drop(c.teams.DeleteTeamMember(bg, req(&v1.DeleteTeamMemberRequest{TeamMemberId: bobID})))
		}},
		{"DeleteTeamMember no member", func(c api) error {
			return drop(c.teams.DeleteTeamMember(bg, req(&v1.DeleteTeamMemberRequest{TeamId: orgA})))
		}},
		{"CreatePAT bad name", func(c api) error {
			return drop(c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "a!", ExpirationTime: future}})))
		}},
		{"CreatePAT no expiry", func(c api) error {
			return drop(c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "abc"}})))
		}},
		{"CreatePAT bad scopes", func(c api) error {
			return drop(c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "abc", ExpirationTime: future, Scopes: []string{"function:*"}}})))
		}},
		{"GetPAT bad id", func(c api) error {
			return drop(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: "x"})))
		}},
		{"RegeneratePAT bad id", func(c api) error {
			return drop(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: "x", ExpirationTime: future})))
		}},
		{"RegeneratePAT no expiry", func(c api) error {
			return drop(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: aliceID})))
		}},
		{"UpdatePAT bad id", func(c api) error {
			return drop(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Id: "x"}})))
		}},
		{"UpdatePAT bad mask", func(c api) error {
			return drop(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
				Token: &v1.PersonalAccessToken{Id: aliceID}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"description"}},
			})))
		}},
		{"DeletePAT bad id", func(c api) error {
			return drop(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: "x"})))
		}},
		{"ListWorkspaces page size", func(c api) error {
			return drop(c.ws.ListWorkspaces(bg, req(&v1.ListWorkspacesRequest{Pagination: &v1.Pagination{PageSize: 101}})))
		}},
		{"GetWorkspace bad id", func(c api) error {
			return drop(c.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: "Amber-heron-k2f9x1qz7mw"})))
		}},
		{"StopWorkspace bad id", func(c api) error {
			return drop(c.ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: "x"})))
		}},
		{"DeleteWorkspace bad id", func(c api) error {
			return drop(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{})))
		}},
	}
}

// goodCalls are valid calls on every method, harmless to the test data.
func goodCalls() []call {
	tm := &v1.TeamMember{UserId: aliceID, Role: v1.TeamRole_TEAM_ROLE_OWNER}
	return []call{
		{"CreateTeam", func(c api) error { return drop(c.teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: "Team"}))) }},
		{"GetTeam", func(c api) error { return drop(c.teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))) }},
		{"ListTeams", func(c api) error { return drop(c.teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))) }},
		{"ListTeamMembers", func(c api) error {
			return drop(c.teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgA})))
		}},
		{"GetTeamInvitation", func(c api) error {
			return drop(c.teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA})))
		}},
		{"JoinTeam", func(c api) error {
			return drop(c.teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: "1a2b3c4d-0000-4000-8000-000000000000"})))
		}},
		{"UpdateTeamMember", func(c api) error {
			return drop(c.teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: tm})))
		}},
		{"DeleteTeamMember", func(c api) error {
			return drop(c.teams.DeleteTeamMember(bg, req(&v1.DeleteTeamMemberRequest{TeamId: orgA, TeamMemberId: frankID})))
		}},
		{"DeleteTeam", func(c api) error {
			return drop(c.teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: "00000000-0000-4000-8000-000000000000"})))
		}},
		{"CreatePAT", func(c api) error {
			return drop(c.tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Name: "abc", ExpirationTime: future}})))
		}},
		{"GetPAT", func(c api) error {
			return drop(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: aliceID})))
		}},
		{"ListPATs", func(c api) error {
			return drop(c.tokens.ListPersonalAccessTokens(bg, req(&v1.ListPersonalAccessTokensRequest{})))
		}},
		{"RegeneratePAT", func(c api) error {
			return drop(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: aliceID, ExpirationTime: future})))
		}},
		{"UpdatePAT", func(c api) error {
			return drop(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{Id: aliceID, Name: "abc"}})))
		}},
		{"DeletePAT", func(c api) error {
			return drop(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: aliceID})))
		}},
		{"GetAuthenticatedUser", func(c api) error {
			return drop(c.users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{})))
		}},
		{"ListWorkspaces", func(c api) error { return drop(c.ws.ListWorkspaces(bg, req(&v1.ListWorkspacesRequest{}))) }},
		{"GetWorkspace", func(c api) error {
			return drop(c.ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsRunning})))
		}},
		{"StopWorkspace", func(c api) error {
			return drop(c.ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: wsStopped})))
		}},
		{"DeleteWorkspace", func(c api) error {
			return drop(c.ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsNever})))
		}},
	}
}

// Without any Bearer token, every call is unauthenticated, even one whose
// arguments are wrong.
func TestNoBearerIsUnauthenticatedBeforeArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, header := range []string{"", "Basic " + aliceTok, "Bearer", "bearer " + aliceTok} {
		c := e.clients(header, connect.WithProtoJSON())
		for _, cl := range append(badArgumentCalls(), goodCalls()...) {
			if err := cl.do(c); connect.CodeOf(err) != connect.CodeUnauthenticated {
				t.Errorf("%q %s: want unauthenticated, got %v", header, cl.name, err)
			}
		}
	}
}

// With a Bearer token present, the front end's argument checks come
// before the token is verified.
func TestArgumentsCheckedBeforeToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tok := range []string{unknownTok, aliceTok} {
		c := e.as(tok)
		for _, cl := range badArgumentCalls() {
			if err := cl.do(c); connect.CodeOf(err) != connect.CodeInvalidArgument {
				t.Errorf("%s with %s: want invalid_argument, got %v", cl.name, tok, err)
			}
		}
	}
}

func TestUnknownAndExpiredTokensAreUnauthenticated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, expiredValue := e.srv.CreateToken(store.Classic, aliceID, "old", e.clock.Now().Add(-time.Second))
	_, deletedValue := e.srv.CreateToken(store.Classic, aliceID, "gone", e.clock.Now().Add(time.Hour))
	_, liveValue := e.srv.CreateToken(store.Classic, aliceID, "live", e.clock.Now().Add(time.Hour))
	for _, tk := range e.srv.Tokens(aliceID) {
		if tk.Name == "gone" {
			e.srv.DeleteToken(tk.ID)
		}
	}
	for _, tok := range []string{unknownTok, expiredValue, deletedValue} {
		c := e.as(tok)
		for _, cl := range goodCalls() {
			if err := cl.do(c); connect.CodeOf(err) != connect.CodeUnauthenticated {
				t.Errorf("%s: want unauthenticated, got %v", cl.name, err)
			}
		}
	}
	// A token that is not yet expired works until its expiry.
	c := e.as(liveValue)
	noErr(t, drop(c.users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))))
	e.clock.Advance(time.Hour)
	wantCode(t, drop(c.users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))), connect.CodeUnauthenticated)
}

// A token whose scopes are empty authenticates but is refused every
// method; ResetTeamInvitation turns that refusal into internal.
func TestEmptyScopeTokenIsDeniedEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := createToken(t, e.as(aliceTok), "no access", []string{}, e.clock.Now().Add(time.Hour))
	c := e.as(tok.GetValue())
	for _, cl := range goodCalls() {
		if err := cl.do(c); connect.CodeOf(err) != connect.CodePermissionDenied {
			t.Errorf("%s: want permission_denied, got %v", cl.name, err)
		}
	}
	wantCode(t, drop(c.teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: orgA}))), connect.CodeInternal)
	// With full scopes the same user gets through.
	full := createToken(t, e.as(aliceTok), "full access", fullScopes, e.clock.Now().Add(time.Hour))
	noErr(t, drop(e.as(full.GetValue()).teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))))
}

func TestCredentialsAndTokensAuthenticateAsTheirUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := try(e.as(bobTok).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	if u.GetId() != bobID {
		t.Fatalf("credential: got user %s", u.GetId())
	}
	// A gitpod.v1 token authenticates here too (it is only not managed).
	_, v1Value := e.srv.CreateToken(store.V1, bobID, "v1", e.clock.Now().Add(time.Hour))
	u = try(e.as(v1Value).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	if u.GetId() != bobID {
		t.Fatalf("v1 token: got user %s", u.GetId())
	}
	tok := createToken(t, e.as(bobTok), "bobs", fullScopes, e.clock.Now().Add(time.Hour))
	u = try(e.as(tok.GetValue()).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	if u.GetId() != bobID {
		t.Fatalf("token: got user %s", u.GetId())
	}
}

// No answer carries Retry-After, success or error.
func TestNoRetryAfter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tok := range []string{"", unknownTok, aliceTok, carolTok} {
		for _, cl := range append(goodCalls(), badArgumentCalls()...) {
			err := cl.do(e.as(tok))
			var ce *connect.Error
			if errors.As(err, &ce) && ce.Meta().Get("Retry-After") != "" {
				t.Errorf("%s: Retry-After %q", cl.name, ce.Meta().Get("Retry-After"))
			}
		}
	}
	resp := try(e.as(aliceTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t)
	if v := resp.Header().Get("Retry-After"); v != "" {
		t.Fatalf("Retry-After %q on success", v)
	}
}
