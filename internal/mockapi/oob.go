package mockapi

import (
	"fmt"
	"slices"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// The methods in this file read or change the mock's state out of band, as
// another client or an administrator would. They bypass authentication and
// the API's rules. Reads return copies.

// SetClock replaces the mock's clock (tests share one with the provider).
func (s *Server) SetClock(now func() time.Time) { s.st.SetClock(now) }

// SetStopDelay sets how long stopping workspaces and environments take.
func (s *Server) SetStopDelay(d time.Duration) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	s.st.StopDelay = d
}

// AddUser adds a user and returns it; empty ID or Token are generated.
// With OrganizationID set, the user joins that organization as a member
// (unless already in it) and the token acts there.
func (s *Server) AddUser(u UserFixture) UserFixture {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	if u.ID == "" {
		u.ID = s.st.NewID()
	}
	if u.Token == "" {
		u.Token = "user-token-" + s.st.NewID()
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.st.Now()
	}
	s.st.Users[u.ID] = &store.User{ID: u.ID, Name: u.Name, Username: u.Username, Email: u.Email, AvatarURL: u.AvatarURL, CreatedAt: u.CreatedAt}
	if o := s.st.Org(u.OrganizationID); o != nil && o.Record(u.ID) == nil {
		o.Members = append(o.Members, &store.OrgMember{UserID: u.ID, Role: store.RoleMember, MemberSince: s.st.Tick()})
	}
	s.st.Credentials[u.Token] = &store.Credential{Token: u.Token, UserID: u.ID, OrgID: u.OrganizationID}
	return u
}

// TokenOf returns a user's first credential (fixture token).
func (s *Server) TokenOf(userID string) string {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var found []string
	for tok, c := range s.st.Credentials {
		if c.UserID == userID {
			found = append(found, tok)
		}
	}
	slices.Sort(found)
	if len(found) == 0 {
		return ""
	}
	return found[0]
}

// AddCredential gives a user another Bearer token, acting in orgID.
func (s *Server) AddCredential(userID, orgID string) string {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	tok := "user-token-" + s.st.NewID()
	s.st.Credentials[tok] = &store.Credential{Token: tok, UserID: userID, OrgID: orgID}
	return tok
}

// Organization returns a copy of an organization (a Classic team), or nil.
// Its Members are the current members: those who left are left out (their
// records are OrgMember's).
func (s *Server) Organization(id string) *store.Organization {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(id)
	if o == nil {
		return nil
	}
	return copyOrg(o)
}

// Organizations returns copies of every live organization, with their
// current members (as Organization).
func (s *Server) Organizations() []*store.Organization {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var out []*store.Organization
	for _, o := range s.st.Organizations {
		if !o.Deleted {
			out = append(out, copyOrg(o))
		}
	}
	return out
}

func copyOrg(o *store.Organization) *store.Organization {
	c := *o
	c.Members = make([]*store.OrgMember, 0, len(o.Members))
	for _, m := range o.Members {
		if m.Left() {
			continue
		}
		mc := *m
		c.Members = append(c.Members, &mc)
	}
	c.OldInvitations = slices.Clone(o.OldInvitations)
	return &c
}

// SetOrgMember adds a user to an organization with a role, or changes the
// role, ignoring the owner rule (as joining through an invitation, or an
// administrator, would). A member who had left comes back, active.
func (s *Server) SetOrgMember(orgID, userID, role string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(orgID)
	if o == nil {
		return fmt.Errorf("no organization %s", orgID)
	}
	if s.st.Users[userID] == nil {
		return fmt.Errorf("no user %s", userID)
	}
	if m := o.Record(userID); m != nil {
		m.Role = role
		if m.Left() {
			m.Status = store.StatusActive
		}
		return nil
	}
	o.Members = append(o.Members, &store.OrgMember{UserID: userID, Role: role, MemberSince: s.st.Tick()})
	return nil
}

// RemoveOrgMember removes a user's membership record from an organization
// (one who left included: the record is gone), ignoring the owner rule.
func (s *Server) RemoveOrgMember(orgID, userID string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(orgID)
	if o == nil || o.Record(userID) == nil {
		return fmt.Errorf("user %s is not in organization %s", userID, orgID)
	}
	o.RemoveMember(userID)
	return nil
}

// RenameOrg renames an organization (a Classic team) out of band.
func (s *Server) RenameOrg(id, name string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(id)
	if o == nil {
		return fmt.Errorf("no organization %s", id)
	}
	o.Name = name
	return nil
}

// DeleteOrg deletes an organization (a Classic team) out of band.
func (s *Server) DeleteOrg(id string) bool {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(id)
	if o == nil {
		return false
	}
	o.Deleted = true
	return true
}

// Team returns a copy of a gitpod.v1 team, or nil.
func (s *Server) Team(id string) *store.Team {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Team(id)
	if t == nil {
		return nil
	}
	return copyTeam(t)
}

// Teams returns copies of every gitpod.v1 team.
func (s *Server) Teams() []*store.Team {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	out := make([]*store.Team, 0, len(s.st.Teams))
	for _, t := range s.st.Teams {
		out = append(out, copyTeam(t))
	}
	return out
}

func copyTeam(t *store.Team) *store.Team {
	c := *t
	c.Members = make([]*store.Membership, 0, len(t.Members))
	for _, m := range t.Members {
		mc := *m
		c.Members = append(c.Members, &mc)
	}
	return &c
}

// AddTeamMember adds a user to a gitpod.v1 team out of band (ignoring the
// one-team-per-organization rule) and returns the membership id.
func (s *Server) AddTeamMember(teamID, userID string) (string, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Team(teamID)
	if t == nil {
		return "", fmt.Errorf("no team %s", teamID)
	}
	if m := t.Membership(userID); m != nil {
		return m.ID, nil
	}
	m := &store.Membership{ID: s.st.NewID(), UserID: userID, CreatedAt: s.st.Tick()}
	t.Members = append(t.Members, m)
	return m.ID, nil
}

// RemoveTeamMember removes a user from a gitpod.v1 team out of band.
func (s *Server) RemoveTeamMember(teamID, userID string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Team(teamID)
	if t == nil || t.Membership(userID) == nil {
		return fmt.Errorf("user %s is not in team %s", userID, teamID)
	}
	t.Members = slices.DeleteFunc(t.Members, func(m *store.Membership) bool { return m.UserID == userID })
	return nil
}

// RenameTeam renames a gitpod.v1 team out of band.
func (s *Server) RenameTeam(id, name string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Team(id)
	if t == nil {
		return fmt.Errorf("no team %s", id)
	}
	t.Name = name
	t.UpdatedAt = s.st.Now()
	return nil
}

// DeleteTeam deletes a gitpod.v1 team out of band.
func (s *Server) DeleteTeam(id string) bool {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	return s.st.RemoveTeam(id)
}

// Token returns a copy of a live token (without its value), or nil.
func (s *Server) Token(id string) *store.Token {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Token(id)
	if t == nil {
		return nil
	}
	c := *t
	c.Scopes = slices.Clone(t.Scopes)
	return &c
}

// Tokens returns copies of a user's live tokens (every generation).
func (s *Server) Tokens(userID string) []*store.Token {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var out []*store.Token
	for _, t := range s.st.Tokens {
		if t.UserID == userID && !t.Deleted {
			c := *t
			c.Scopes = slices.Clone(t.Scopes)
			out = append(out, &c)
		}
	}
	return out
}

// AllTokens returns copies of every live token.
func (s *Server) AllTokens() []*store.Token {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var out []*store.Token
	for _, t := range s.st.Tokens {
		if !t.Deleted {
			c := *t
			out = append(out, &c)
		}
	}
	return out
}

// CreateToken creates a token for a user out of band (in the UI, say) and
// returns it with its value.
func (s *Server) CreateToken(gen store.Generation, userID, name string, expires time.Time) (*store.Token, string) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := &store.Token{
		ID: s.st.NewID(), Generation: gen, UserID: userID, OrgID: s.st.DefaultOrg(userID), Name: name,
		ExpiresAt: expires.UTC(), CreatedAt: s.st.Tick(), CreatorID: userID,
	}
	if gen == store.Classic {
		t.Scopes = []string{"function:*", "resource:default"}
	}
	s.st.Tokens = append(s.st.Tokens, t)
	value := s.st.Issue(t)
	c := *t
	return &c, value
}

// RegenerateToken gives a token a new value out of band (as another
// client would), keeping or changing its expiry, and returns the value.
func (s *Server) RegenerateToken(id string, expires time.Time) (string, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Token(id)
	if t == nil {
		return "", fmt.Errorf("no token %s", id)
	}
	if !expires.IsZero() {
		t.ExpiresAt = expires.UTC()
	}
	return s.st.Issue(t), nil
}

// DeleteToken deletes a token out of band (revoked in the UI).
func (s *Server) DeleteToken(id string) bool {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Token(id)
	if t == nil {
		return false
	}
	t.Deleted = true
	return true
}

// SetTokenExpiry changes a token's expiry out of band.
func (s *Server) SetTokenExpiry(id string, at time.Time) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.Token(id)
	if t == nil {
		return fmt.Errorf("no token %s", id)
	}
	t.ExpiresAt = at.UTC()
	return nil
}

// IssuedSecrets returns every token value the mock ever handed out, for
// tests that prove no value leaked into logs, state or plans.
func (s *Server) IssuedSecrets() []string {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	return slices.Clone(s.st.Issued)
}

// AddWorkspace adds a Classic workspace out of band.
func (s *Server) AddWorkspace(w WorkspaceFixture) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	return addWorkspace(s.st, w)
}

// AddEnvironment adds a gitpod.v1 environment out of band.
func (s *Server) AddEnvironment(e EnvironmentFixture) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	return addEnvironment(s.st, e)
}

// Workspace returns a copy of a Classic workspace, or nil.
func (s *Server) Workspace(id string) *store.Workspace {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	s.st.Settle()
	w := s.st.Workspace(id)
	if w == nil {
		return nil
	}
	c := *w
	return &c
}

// Environment returns a copy of an environment, or nil.
func (s *Server) Environment(id string) *store.Environment {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	s.st.Settle()
	e := s.st.Environment(id)
	if e == nil {
		return nil
	}
	c := *e
	return &c
}
