package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// ServiceAccount is a gitpod.v1 service account: a non-human identity of
// one organization.
type ServiceAccount struct {
	ID          string
	OrgID       string
	Name        string
	Description string
	// CreatorID is the user who made the account; empty for one the
	// platform made (system-managed accounts).
	CreatorID  string
	CreatedAt  time.Time
	ValidUntil time.Time
	// Suspended is set by a delete (a soft delete).
	Suspended     bool
	SystemManaged bool
}

// ServiceAccountToken is a credential acting as a service account: a
// long-lived token (CreateServiceAccountToken) or, with Impersonation, a
// 30-minute access token (CreateServiceAccountAccessToken). As for personal
// access tokens, only the value's hash is kept.
type ServiceAccountToken struct {
	ID               string
	ServiceAccountID string
	Description      string
	// Impersonation marks a short-lived access token; those are not
	// service account tokens in the API's sense (never listed, never read
	// by id).
	Impersonation bool
	// CreatorID is who made the token: the account itself for a
	// long-lived token (made by the account's access token), the admin
	// who asked for an access token.
	CreatorID string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastUsed  time.Time
	Hash      string
	Deleted   bool
}

// ImpersonationTTL is how long a service account access token lives (the
// vendor's descriptor: "expires after 30 minutes").
const ImpersonationTTL = 30 * time.Minute

// ServiceAccount returns an account (suspended ones included) or nil.
// Mu held.
func (s *Store) ServiceAccount(id string) *ServiceAccount {
	for _, a := range s.ServiceAccounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// ServiceAccountToken returns a live (not deleted) service account token,
// access tokens included, or nil. Mu held.
func (s *Store) ServiceAccountToken(id string) *ServiceAccountToken {
	for _, t := range s.ServiceAccountTokens {
		if t.ID == id && !t.Deleted {
			return t
		}
	}
	return nil
}

// RemoveServiceAccount deletes an account for good, with its tokens (no
// API does this: the API only suspends). Mu held.
func (s *Store) RemoveServiceAccount(id string) bool {
	found := false
	kept := s.ServiceAccounts[:0]
	for _, a := range s.ServiceAccounts {
		if a.ID == id {
			found = true
			continue
		}
		kept = append(kept, a)
	}
	s.ServiceAccounts = kept
	for _, t := range s.ServiceAccountTokens {
		if t.ServiceAccountID == id {
			t.Deleted = true
		}
	}
	return found
}

// The key service account token values are signed with. The signature
// means nothing to anyone: the mock looks values up by their hash.
var jwtKey = func() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err)
	}
	return k
}()

// IssueServiceAccountToken gives t a fresh value and returns it. The
// descriptor calls the value a JWT, so it has a JWT's shape: a signed
// header and claims naming the account, the token and its expiry, plus a
// random nonce. Mu held.
func (s *Store) IssueServiceAccountToken(t *ServiceAccountToken) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, err := json.Marshal(map[string]any{
		"sub":   t.ServiceAccountID,
		"jti":   t.ID,
		"iat":   t.CreatedAt.Unix(),
		"exp":   t.ExpiresAt.Unix(),
		"nonce": randomString(32),
	})
	if err != nil {
		panic(err)
	}
	unsigned := header + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, jwtKey)
	mac.Write([]byte(unsigned))
	value := unsigned + "." + enc.EncodeToString(mac.Sum(nil))
	t.Hash = HashOf(value)
	s.Issued = append(s.Issued, value)
	return value
}

// The errors below say why a service account credential was refused.
var (
	ErrServiceAccountSuspended = errors.New("the service account is suspended")
	ErrServiceAccountExpired   = errors.New("the service account has expired")
)

// ServiceAccountCredential finds the live token a Bearer value belongs to,
// without checking or recording anything; nil when the value is no
// service account credential. Mu held.
func (s *Store) ServiceAccountCredential(bearer string) *ServiceAccountToken {
	h := HashOf(bearer)
	for _, t := range s.ServiceAccountTokens {
		if t.Hash == h && !t.Deleted {
			return t
		}
	}
	return nil
}

// AuthenticateServiceAccount checks a service account credential: the
// token has not expired, its account exists, is not suspended and has not
// expired. On success it records the token's use. Mu held.
func (s *Store) AuthenticateServiceAccount(t *ServiceAccountToken) (*ServiceAccount, error) {
	now := s.Now()
	if !now.Before(t.ExpiresAt) {
		return nil, ErrExpired
	}
	a := s.ServiceAccount(t.ServiceAccountID)
	switch {
	case a == nil:
		return nil, ErrUnknownToken
	case a.Suspended:
		return nil, ErrServiceAccountSuspended
	case !now.Before(a.ValidUntil):
		return nil, ErrServiceAccountExpired
	}
	t.LastUsed = now
	return a, nil
}
