package mockapi

import (
	"fmt"
	"slices"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Out-of-band helpers for organization members' gitpod.v1 state: how they
// sign in and whether they are active, suspended or gone. With them a test
// sets up what a lookup of users by e-mail must cope with: several
// accounts with one address, suspended users, users who left. Like the
// rest of oob.go they bypass authentication and the API's rules, but they
// check the values as the fixtures do.

// AddOrgMember adds a new user to an organization with the membership m
// (m.UserID is ignored: the user's id is u.ID, generated when empty) and
// returns the user. u.Token, generated when empty, is a credential acting
// in orgID. Role defaults to member; Status, LoginProvider and MemberSince
// take the fixtures' defaults and rules.
func (s *Server) AddOrgMember(orgID string, u UserFixture, m OrgMemberFixture) (UserFixture, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	o := s.st.Org(orgID)
	if o == nil {
		return u, fmt.Errorf("no organization %s", orgID)
	}
	if u.ID == "" {
		u.ID = s.st.NewID()
	}
	if !store.ValidUUID(u.ID) || s.st.Users[u.ID] != nil {
		return u, fmt.Errorf("user id %q must be a new lower-case UUID", u.ID)
	}
	if u.Token == "" {
		u.Token = "user-token-" + s.st.NewID()
	}
	if s.st.Credentials[u.Token] != nil {
		return u, fmt.Errorf("token of user %s is already in use", u.ID)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.st.Now()
	}
	if m.Role == "" {
		m.Role = store.RoleMember
	}
	m.UserID = u.ID
	member, err := orgMember(s.st, m)
	if err != nil {
		return u, err
	}
	u.OrganizationID = orgID
	s.st.Users[u.ID] = &store.User{ID: u.ID, Name: u.Name, Username: u.Username, Email: u.Email, AvatarURL: u.AvatarURL, CreatedAt: u.CreatedAt.UTC()}
	o.Members = append(o.Members, member)
	s.st.Credentials[u.Token] = &store.Credential{Token: u.Token, UserID: u.ID, OrgID: orgID}
	return u, nil
}

// SetMemberStatus sets a member's status: active, suspended or left. A
// member who is set to left also leaves the organization's gitpod.v1
// teams (inferred: teams hold members of the organization only). Setting
// a member who left back to active or suspended brings them back.
func (s *Server) SetMemberStatus(orgID, userID, status string) error {
	if err := checkStatus(status); err != nil {
		return err
	}
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	m, err := s.record(orgID, userID)
	if err != nil {
		return err
	}
	m.Status = status
	if status == "" {
		m.Status = store.StatusActive
	}
	if m.Left() {
		for _, t := range s.st.Teams {
			if t.OrgID == orgID {
				t.Members = slices.DeleteFunc(t.Members, func(tm *store.Membership) bool { return tm.UserID == userID })
			}
		}
	}
	return nil
}

// SetLoginProvider sets how a member signs in: github, google or custom
// (SSO); empty restores the default. An account the organization owns
// must stay custom.
func (s *Server) SetLoginProvider(orgID, userID, provider string) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	m, err := s.record(orgID, userID)
	if err != nil {
		return err
	}
	if err := checkProvider(provider, m.OwnedByOrg); err != nil {
		return err
	}
	m.LoginProvider = provider
	return nil
}

// OrgMember returns a copy of a user's membership record (one who left
// included), or nil.
func (s *Server) OrgMember(orgID, userID string) *store.OrgMember {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	m, err := s.record(orgID, userID)
	if err != nil {
		return nil
	}
	c := *m
	return &c
}

// record finds a membership record. Mu held.
func (s *Server) record(orgID, userID string) (*store.OrgMember, error) {
	o := s.st.Org(orgID)
	if o == nil {
		return nil, fmt.Errorf("no organization %s", orgID)
	}
	m := o.Record(userID)
	if m == nil {
		return nil, fmt.Errorf("user %s is not in organization %s", userID, orgID)
	}
	return m, nil
}
