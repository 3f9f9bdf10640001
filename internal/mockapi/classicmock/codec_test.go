package classicmock_test

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
)

// codecCase calls one method (after any setup it needs) as the caller
// client(tok) and returns the answer.
type codecCase struct {
	method string
	call   func(t *testing.T, e *env, client func(tok string) api) proto.Message
}

func codecCases() []codecCase {
	exp := timestamppb.New(time.Date(2026, 6, 1, 1, 2, 3, 456789000, time.UTC))
	newToken := func(t *testing.T, c api) *v1.PersonalAccessToken {
		t.Helper()
		return createToken(t, c, "codec", fullScopes, exp.AsTime())
	}
	return []codecCase{
		{"TeamsService/CreateTeam", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(frankTok).teams.CreateTeam(bg, req(&v1.CreateTeamRequest{Name: " Codec "}))).must(t).Msg
		}},
		{"TeamsService/GetTeam", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.GetTeam(bg, req(&v1.GetTeamRequest{TeamId: orgA}))).must(t).Msg
		}},
		{"TeamsService/ListTeams", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.ListTeams(bg, req(&v1.ListTeamsRequest{}))).must(t).Msg
		}},
		{"TeamsService/DeleteTeam", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.DeleteTeam(bg, req(&v1.DeleteTeamRequest{TeamId: orgA}))).must(t).Msg
		}},
		{"TeamsService/GetTeamInvitation", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.GetTeamInvitation(bg, req(&v1.GetTeamInvitationRequest{TeamId: orgA}))).must(t).Msg
		}},
		{"TeamsService/JoinTeam", func(t *testing.T, e *env, client func(string) api) proto.Message {
			inv := e.srv.Organization(orgA).Invitation
			return try(client(frankTok).teams.JoinTeam(bg, req(&v1.JoinTeamRequest{InvitationId: inv}))).must(t).Msg
		}},
		{"TeamsService/ResetTeamInvitation", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.ResetTeamInvitation(bg, req(&v1.ResetTeamInvitationRequest{TeamId: orgA}))).must(t).Msg
		}},
		{"TeamsService/ListTeamMembers", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.ListTeamMembers(bg, req(&v1.ListTeamMembersRequest{TeamId: orgA}))).must(t).Msg
		}},
		{"TeamsService/UpdateTeamMember", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			m := &v1.TeamMember{UserId: bobID, Role: v1.TeamRole_TEAM_ROLE_OWNER, FullName: "Bob", MemberSince: exp, OwnedByOrganization: true}
			return try(client(aliceTok).teams.UpdateTeamMember(bg, req(&v1.UpdateTeamMemberRequest{TeamId: orgA, TeamMember: m}))).must(t).Msg
		}},
		{"TeamsService/DeleteTeamMember", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).teams.DeleteTeamMember(bg, req(&v1.DeleteTeamMemberRequest{TeamId: orgA, TeamMemberId: bobID}))).must(t).Msg
		}},
		{"TokensService/CreatePersonalAccessToken", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).tokens.CreatePersonalAccessToken(bg, req(&v1.CreatePersonalAccessTokenRequest{Token: &v1.PersonalAccessToken{
				Name: " codec ", ExpirationTime: exp, Scopes: []string{"resource:default", "function:*"},
			}}))).must(t).Msg
		}},
		{"TokensService/GetPersonalAccessToken", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			c := client(aliceTok)
			return try(c.tokens.GetPersonalAccessToken(bg, req(&v1.GetPersonalAccessTokenRequest{Id: newToken(t, c).GetId()}))).must(t).Msg
		}},
		{"TokensService/ListPersonalAccessTokens", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			c := client(aliceTok)
			newToken(t, c)
			newToken(t, c)
			return try(c.tokens.ListPersonalAccessTokens(bg, req(&v1.ListPersonalAccessTokensRequest{Pagination: &v1.Pagination{PageSize: 1, Page: 2}}))).must(t).Msg
		}},
		{"TokensService/RegeneratePersonalAccessToken", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			c := client(aliceTok)
			id := newToken(t, c).GetId()
			return try(c.tokens.RegeneratePersonalAccessToken(bg, req(&v1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: timestamppb.New(exp.AsTime().Add(time.Hour))}))).must(t).Msg
		}},
		{"TokensService/UpdatePersonalAccessToken", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			c := client(aliceTok)
			id := newToken(t, c).GetId()
			return try(c.tokens.UpdatePersonalAccessToken(bg, req(&v1.UpdatePersonalAccessTokenRequest{
				Token: &v1.PersonalAccessToken{Id: id, Name: "renamed", Scopes: []string{}}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"scopes", "name"}},
			}))).must(t).Msg
		}},
		{"TokensService/DeletePersonalAccessToken", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			c := client(aliceTok)
			return try(c.tokens.DeletePersonalAccessToken(bg, req(&v1.DeletePersonalAccessTokenRequest{Id: newToken(t, c).GetId()}))).must(t).Msg
		}},
		{"UserService/GetAuthenticatedUser", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg
		}},
		{"WorkspacesService/ListWorkspaces", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).ws.ListWorkspaces(bg, req(&v1.ListWorkspacesRequest{}))).must(t).Msg
		}},
		{"WorkspacesService/GetWorkspace", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).ws.GetWorkspace(bg, req(&v1.GetWorkspaceRequest{WorkspaceId: wsRunning}))).must(t).Msg
		}},
		{"WorkspacesService/StopWorkspace", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).ws.StopWorkspace(bg, req(&v1.StopWorkspaceRequest{WorkspaceId: wsUUID}))).must(t).Msg
		}},
		{"WorkspacesService/DeleteWorkspace", func(t *testing.T, _ *env, client func(string) api) proto.Message {
			return try(client(aliceTok).ws.DeleteWorkspace(bg, req(&v1.DeleteWorkspaceRequest{WorkspaceId: wsRunning}))).must(t).Msg
		}},
	}
}

// scrub replaces what differs between two mocks on the same fixtures
// (generated ids, token values, instance times taken from the real clock
// while fixtures load) with placeholders, keeping whether it was set.
func scrub(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case m.Descriptor().Name() == "WorkspaceInstance" && fd.Name() == "created_at":
			m.Set(fd, protoreflect.ValueOfMessage((&timestamppb.Timestamp{}).ProtoReflect()))
		case fd.Kind() == protoreflect.StringKind && !fd.IsList() && (fd.Name() == "id" || fd.Name() == "value" || fd.Name() == "instance_id"):
			m.Set(fd, protoreflect.ValueOfString("<random>"))
		case fd.Kind() == protoreflect.MessageKind && fd.IsList():
			for i := range v.List().Len() {
				scrub(v.List().Get(i).Message())
			}
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			scrub(v.Message())
		}
		return true
	})
}

// Every method answers the binary codec and JSON alike.
func TestBinaryAndJSONAgree(t *testing.T) {
	t.Parallel()
	cases := codecCases()
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.method] = true
	}
	for _, fd := range []protoreflect.FileDescriptor{
		v1.File_gitpod_experimental_v1_teams_proto, v1.File_gitpod_experimental_v1_tokens_proto,
		v1.File_gitpod_experimental_v1_user_proto, v1.File_gitpod_experimental_v1_workspaces_proto,
	} {
		for i := range fd.Services().Len() {
			svc := fd.Services().Get(i)
			for j := range svc.Methods().Len() {
				if name := string(svc.Name()) + "/" + string(svc.Methods().Get(j).Name()); !covered[name] {
					t.Errorf("no codec case for %s", name)
				}
			}
		}
	}
	for _, tc := range cases {
		t.Run(tc.method, func(t *testing.T) {
			t.Parallel()
			ej, eb := newEnv(t), newEnv(t)
			fromJSON := tc.call(t, ej, ej.as)
			fromBinary := tc.call(t, eb, eb.binary)
			if proto.Size(fromJSON) == 0 && tc.method != "TeamsService/DeleteTeam" && tc.method != "TeamsService/DeleteTeamMember" &&
				tc.method != "TokensService/DeletePersonalAccessToken" && tc.method != "WorkspacesService/DeleteWorkspace" {
				t.Fatal("empty answer")
			}
			scrub(fromJSON.ProtoReflect())
			scrub(fromBinary.ProtoReflect())
			if !proto.Equal(fromJSON, fromBinary) {
				t.Fatalf("JSON answer\n%v\nbinary answer\n%v", fromJSON, fromBinary)
			}
		})
	}
}
