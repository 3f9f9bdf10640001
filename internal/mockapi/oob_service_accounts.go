package mockapi

import (
	"fmt"
	"time"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// Out-of-band access to gitpod.v1 service accounts and their tokens, as in
// oob.go: no authentication, no API rules (except where said), copies out.

// AddServiceAccount adds a service account with the fixtures' rules and
// returns it as stored. An empty ID is generated; an empty CreatorID is
// allowed for system-managed accounts only. Tokens with fixed values may
// come along (ServiceAccountTokenFixture).
func (s *Server) AddServiceAccount(f ServiceAccountFixture) (ServiceAccountFixture, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	if f.ID == "" {
		f.ID = s.st.NewID()
	}
	if err := addServiceAccount(s.st, f, map[string]bool{}); err != nil {
		return f, err
	}
	a := s.st.ServiceAccount(f.ID)
	f.CreatedAt, f.ValidUntil = a.CreatedAt, a.ValidUntil
	return f, nil
}

// ServiceAccount returns a copy of an account (suspended ones included),
// or nil.
func (s *Server) ServiceAccount(id string) *store.ServiceAccount {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	a := s.st.ServiceAccount(id)
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

// ServiceAccounts returns copies of the accounts of an organization (every
// organization when orgID is empty), suspended ones included, oldest first.
func (s *Server) ServiceAccounts(orgID string) []*store.ServiceAccount {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var out []*store.ServiceAccount
	for _, a := range s.st.ServiceAccounts {
		if orgID == "" || a.OrgID == orgID {
			c := *a
			out = append(out, &c)
		}
	}
	return out
}

// ChangeServiceAccount edits an account out of band (as the platform or an
// administrator would): change gets the stored account, under the lock,
// and may set any field (ValidUntil, SystemManaged, Suspended ...).
func (s *Server) ChangeServiceAccount(id string, change func(a *store.ServiceAccount)) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	a := s.st.ServiceAccount(id)
	if a == nil {
		return fmt.Errorf("no service account %s", id)
	}
	change(a)
	return nil
}

// SuspendServiceAccount soft-deletes an account out of band (deleted in
// the UI): it is suspended and its tokens stop authenticating.
func (s *Server) SuspendServiceAccount(id string) error {
	return s.ChangeServiceAccount(id, func(a *store.ServiceAccount) { a.Suspended = true })
}

// RemoveServiceAccount deletes an account for good, with its tokens: from
// then on it is not found at all (no API call does this).
func (s *Server) RemoveServiceAccount(id string) bool {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	return s.st.RemoveServiceAccount(id)
}

// ServiceAccountTokens returns copies of an account's tokens that were not
// deleted (expired ones included), oldest first. Access tokens from
// CreateServiceAccountAccessToken are among them, with Impersonation set.
func (s *Server) ServiceAccountTokens(serviceAccountID string) []*store.ServiceAccountToken {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var out []*store.ServiceAccountToken
	for _, t := range s.st.ServiceAccountTokens {
		if t.ServiceAccountID == serviceAccountID && !t.Deleted {
			c := *t
			out = append(out, &c)
		}
	}
	return out
}

// ServiceAccountToken returns a copy of a token that was not deleted
// (either kind), or nil.
func (s *Server) ServiceAccountToken(id string) *store.ServiceAccountToken {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.ServiceAccountToken(id)
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// CreateServiceAccountToken makes a long-lived token for an account out of
// band and returns it with its value. A zero expires means the account's
// valid_until; a later one is capped to it, as the API does.
func (s *Server) CreateServiceAccountToken(serviceAccountID, description string, expires time.Time) (*store.ServiceAccountToken, string, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	a := s.st.ServiceAccount(serviceAccountID)
	if a == nil {
		return nil, "", fmt.Errorf("no service account %s", serviceAccountID)
	}
	if expires.IsZero() || expires.After(a.ValidUntil) {
		expires = a.ValidUntil
	}
	t := &store.ServiceAccountToken{
		ID: s.st.NewID(), ServiceAccountID: a.ID, Description: description, CreatorID: a.ID,
		CreatedAt: s.st.Tick(), ExpiresAt: expires.UTC(),
	}
	s.st.ServiceAccountTokens = append(s.st.ServiceAccountTokens, t)
	value := s.st.IssueServiceAccountToken(t)
	c := *t
	return &c, value, nil
}

// ImpersonateServiceAccount mints a 30-minute access token acting as the
// account, as CreateServiceAccountAccessToken does for an admin (by, a
// user id, is recorded as its creator; it may be empty), and returns its
// value. Unlike the API it also works for suspended, expired and
// system-managed accounts (the token then authenticates nothing, or
// impersonates a system account).
func (s *Server) ImpersonateServiceAccount(serviceAccountID, by string) (string, error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	a := s.st.ServiceAccount(serviceAccountID)
	if a == nil {
		return "", fmt.Errorf("no service account %s", serviceAccountID)
	}
	now := s.st.Tick()
	t := &store.ServiceAccountToken{
		ID: s.st.NewID(), ServiceAccountID: a.ID, Impersonation: true, CreatorID: by,
		CreatedAt: now, ExpiresAt: now.Add(store.ImpersonationTTL),
	}
	s.st.ServiceAccountTokens = append(s.st.ServiceAccountTokens, t)
	return s.st.IssueServiceAccountToken(t), nil
}

// DeleteServiceAccountToken deletes a token of either kind out of band
// (revoked in the UI).
func (s *Server) DeleteServiceAccountToken(id string) bool {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.ServiceAccountToken(id)
	if t == nil {
		return false
	}
	t.Deleted = true
	return true
}

// SetServiceAccountTokenExpiry changes a token's expiry out of band,
// without the cap to the account's valid_until.
func (s *Server) SetServiceAccountTokenExpiry(id string, at time.Time) error {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	t := s.st.ServiceAccountToken(id)
	if t == nil {
		return fmt.Errorf("no service account token %s", id)
	}
	t.ExpiresAt = at.UTC()
	return nil
}
