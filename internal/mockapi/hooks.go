package mockapi

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

// The functions in this file change or read the mock's state out of band,
// as another client or an administrator would. They bypass authentication.

// AddUser adds a user and returns it. Empty ID or Token are generated.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == "" {
		u.ID = uuid.NewString()
	}
	if u.Token == "" {
		u.Token = "user-token-" + uuid.NewString()
	}
	s.users[u.ID] = &u
	return u
}

// TokenOf returns a user's fixture Bearer token.
func (s *Server) TokenOf(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[userID]; u != nil {
		return u.Token
	}
	return ""
}

// Team returns a copy of a team, or nil.
func (s *Server) Team(id string) *gitpodv1.Team {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.teams {
		if t.id == id {
			return t.msg()
		}
	}
	return nil
}

// Teams returns copies of every team.
func (s *Server) Teams() []*gitpodv1.Team {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*gitpodv1.Team, 0, len(s.teams))
	for _, t := range s.teams {
		out = append(out, t.msg())
	}
	return out
}

// RemoveTeam deletes a team out of band. It reports whether it existed.
func (s *Server) RemoveTeam(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeTeam(id)
}

// RenameTeam changes a team's name out of band (the API has no rename).
func (s *Server) RenameTeam(id, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.teams {
		if t.id == id {
			t.name = name
			return nil
		}
	}
	return fmt.Errorf("no team %s", id)
}

// AddMember makes a user a member of a team out of band, as if it had joined
// through the invitation.
func (s *Server) AddMember(teamID, userID string, role gitpodv1.TeamRole) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[userID] == nil {
		return fmt.Errorf("no user %s", userID)
	}
	for _, t := range s.teams {
		if t.id != teamID {
			continue
		}
		if m := t.member(userID); m != nil {
			m.Role = role
			return nil
		}
		t.members = append(t.members, s.memberMsg(userID, role, s.now()))
		return nil
	}
	return fmt.Errorf("no team %s", teamID)
}

// RemoveMember removes a member out of band, ignoring the owner rule.
func (s *Server) RemoveMember(teamID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.teams {
		if t.id == teamID {
			if t.member(userID) == nil {
				return fmt.Errorf("user %s is not in team %s", userID, teamID)
			}
			t.removeMember(userID)
			return nil
		}
	}
	return fmt.Errorf("no team %s", teamID)
}

// PAT returns a copy of a personal access token without its value, or nil.
func (s *Server) PAT(id string) *gitpodv1.PersonalAccessToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pats {
		if p.msg.GetId() == id {
			return proto.CloneOf(p.msg)
		}
	}
	return nil
}

// PATs returns copies of a user's tokens, without values.
func (s *Server) PATs(userID string) []*gitpodv1.PersonalAccessToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*gitpodv1.PersonalAccessToken
	for _, p := range s.pats {
		if p.owner == userID {
			out = append(out, proto.CloneOf(p.msg))
		}
	}
	return out
}

// RemovePAT deletes a token out of band (revoked in the UI).
func (s *Server) RemovePAT(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removePAT(id)
}

// CreatePATFor creates a token for a user out of band and returns its value.
func (s *Server) CreatePATFor(userID, name string, scopes []string, expires time.Time) (*gitpodv1.PersonalAccessToken, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &pat{owner: userID, msg: &gitpodv1.PersonalAccessToken{
		Id:             uuid.NewString(),
		Name:           name,
		ExpirationTime: timestamppb.New(expires),
		Scopes:         scopes,
		CreatedAt:      timestamppb.New(s.now()),
	}}
	s.pats = append(s.pats, p)
	out := s.issue(p)
	return proto.CloneOf(p.msg), out.GetValue()
}

// IssuedSecrets returns every token value the mock ever handed out, for tests
// that prove no value leaked into logs, state or plans.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// AddWorkspace adds a workspace out of band.
func (s *Server) AddWorkspace(w Workspace) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[w.OwnerID] == nil {
		return fmt.Errorf("no user %s", w.OwnerID)
	}
	ws, err := s.workspaceFromFixture(w)
	if err != nil {
		return err
	}
	s.workspaces = append(s.workspaces, ws)
	return nil
}

// SetPATExpiry changes a token's expiry out of band, for example to make it
// expired without waiting.
func (s *Server) SetPATExpiry(id string, t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pats {
		if p.msg.GetId() == id {
			p.msg.ExpirationTime = timestamppb.New(t)
			return nil
		}
	}
	return fmt.Errorf("no token %s", id)
}
