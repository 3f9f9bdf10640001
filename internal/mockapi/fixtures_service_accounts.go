package mockapi

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// ServiceAccountFixture is a gitpod.v1 service account. ValidUntil is
// required and may lie in the past (an expired account). CreatorID is the
// user who made it; it may be empty only for a system-managed account.
// Tokens are long-lived tokens of the account with fixed values, for use
// by hand (GITPOD_TOKEN).
type ServiceAccountFixture struct {
	ID             string                       `json:"id"`
	OrganizationID string                       `json:"organizationId"`
	Name           string                       `json:"name"`
	Description    string                       `json:"description,omitempty"`
	ValidUntil     time.Time                    `json:"validUntil"`
	Suspended      bool                         `json:"suspended,omitempty"`
	SystemManaged  bool                         `json:"systemManaged,omitempty"`
	CreatorID      string                       `json:"creatorId,omitempty"`
	CreatedAt      time.Time                    `json:"createdAt,omitzero"`
	Tokens         []ServiceAccountTokenFixture `json:"tokens,omitempty"`
}

// ServiceAccountTokenFixture is a long-lived service account token whose
// value is Token. ExpiresAt defaults to the account's ValidUntil and
// cannot pass it. ID is generated when empty.
type ServiceAccountTokenFixture struct {
	ID          string    `json:"id,omitempty"`
	Description string    `json:"description,omitempty"`
	Token       string    `json:"token"`
	ExpiresAt   time.Time `json:"expiresAt,omitzero"`
}

// addServiceAccount checks a service account fixture with the rules the
// API keeps (name 1 to 64 characters, description at most 500) and adds it
// with its tokens. tokens holds the Bearer values already in use. Mu held.
func addServiceAccount(st *store.Store, f ServiceAccountFixture, tokens map[string]bool) error {
	if !store.ValidUUID(f.ID) || st.ServiceAccount(f.ID) != nil {
		return fmt.Errorf("service account %q: id must be a unique lower-case UUID", f.ID)
	}
	if st.Org(f.OrganizationID) == nil {
		return fmt.Errorf("service account %s: organizationId %q is not an organization", f.ID, f.OrganizationID)
	}
	if n := utf8.RuneCountInString(f.Name); n < 1 || n > 64 {
		return fmt.Errorf("service account %s: name must be 1 to 64 characters", f.ID)
	}
	if utf8.RuneCountInString(f.Description) > 500 {
		return fmt.Errorf("service account %s: description must be at most 500 characters", f.ID)
	}
	if f.ValidUntil.IsZero() {
		return fmt.Errorf("service account %s: validUntil is required", f.ID)
	}
	switch {
	case f.CreatorID == "" && !f.SystemManaged:
		return fmt.Errorf("service account %s: creatorId is required (only a system-managed account may have none)", f.ID)
	case f.CreatorID != "" && st.User(f.CreatorID) == nil:
		return fmt.Errorf("service account %s: creator %s is not a user", f.ID, f.CreatorID)
	}
	created := f.CreatedAt
	if created.IsZero() {
		created = st.Tick()
	}
	a := &store.ServiceAccount{
		ID: f.ID, OrgID: f.OrganizationID, Name: f.Name, Description: f.Description, CreatorID: f.CreatorID,
		CreatedAt: created.UTC(), ValidUntil: f.ValidUntil.UTC(), Suspended: f.Suspended, SystemManaged: f.SystemManaged,
	}
	var made []*store.ServiceAccountToken
	for _, tf := range f.Tokens {
		if tf.Token == "" || strings.ContainsAny(tf.Token, " \t\r\n") {
			return fmt.Errorf("service account %s: a token value is required and must not contain white space", f.ID)
		}
		if tokens[tf.Token] || st.Credentials[tf.Token] != nil || st.ServiceAccountCredential(tf.Token) != nil {
			return fmt.Errorf("service account %s: token value is used twice", f.ID)
		}
		id := tf.ID
		if id == "" {
			id = st.NewID()
		}
		if !store.ValidUUID(id) || st.ServiceAccountToken(id) != nil || slices.ContainsFunc(made, func(t *store.ServiceAccountToken) bool { return t.ID == id }) {
			return fmt.Errorf("service account %s: token id %q must be a unique lower-case UUID", f.ID, id)
		}
		expires := tf.ExpiresAt.UTC()
		if expires.IsZero() || expires.After(a.ValidUntil) {
			expires = a.ValidUntil
		}
		tokens[tf.Token] = true
		made = append(made, &store.ServiceAccountToken{
			ID: id, ServiceAccountID: a.ID, Description: tf.Description, CreatorID: a.ID,
			CreatedAt: st.Tick(), ExpiresAt: expires, Hash: store.HashOf(tf.Token),
		})
	}
	st.ServiceAccounts = append(st.ServiceAccounts, a)
	st.ServiceAccountTokens = append(st.ServiceAccountTokens, made...)
	return nil
}
