package gitpod

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ServiceAccounts is the service-account domain (FeatureServiceAccounts),
// which only gitpod.v1 has: accounts of the caller's organization (for its
// admins), and their long-lived tokens.
//
// The token methods act as the account: the API derives the account from
// the caller, so they are called with an access token of the account
// (impersonation), which ImpersonateServiceAccount makes. The client keeps
// those access tokens (see accessTokens).
type ServiceAccounts interface {
	ServiceAccountTraits() ServiceAccountTraits
	// CreateServiceAccount makes an account in the caller's organization.
	CreateServiceAccount(ctx context.Context, spec ServiceAccountSpec) (ServiceAccount, error)
	// GetServiceAccount reads an account, a deleted (suspended) one
	// included.
	GetServiceAccount(ctx context.Context, id string) (ServiceAccount, error)
	// ListServiceAccounts lists the organization's accounts, every page.
	ListServiceAccounts(ctx context.Context, f ServiceAccountFilter) ([]ServiceAccount, error)
	// UpdateServiceAccount changes the name and the description (nil:
	// unchanged).
	UpdateServiceAccount(ctx context.Context, id string, name, description *string) (ServiceAccount, error)
	// DeleteServiceAccount deletes (suspends) an account.
	DeleteServiceAccount(ctx context.Context, id string) error
	// ImpersonateServiceAccount makes a short-lived access token that acts
	// as the account (ServiceAccountTraits.AccessTokenLifetime).
	ImpersonateServiceAccount(ctx context.Context, id string) (AccessToken, error)
	// CreateServiceAccountToken makes a long-lived token of the account
	// that as belongs to, and returns it with its value.
	CreateServiceAccountToken(ctx context.Context, as AccessToken, spec ServiceAccountTokenSpec) (ServiceAccountToken, string, error)
	// ListServiceAccountTokens lists the tokens of the account that as
	// belongs to, every page.
	ListServiceAccountTokens(ctx context.Context, as AccessToken) ([]ServiceAccountToken, error)
	GetServiceAccountToken(ctx context.Context, as AccessToken, id string) (ServiceAccountToken, error)
	DeleteServiceAccountToken(ctx context.Context, as AccessToken, id string) error
}

// ServiceAccountTraits are the values of an API's service accounts.
type ServiceAccountTraits struct {
	// TokenMaxValidity is the longest validity a new token may ask for.
	TokenMaxValidity time.Duration
	// AccessTokenLifetime is how long an access token from
	// ImpersonateServiceAccount works.
	AccessTokenLifetime time.Duration
}

// AccessToken is a short-lived credential that acts as a service account.
// It formats as a placeholder, so that it cannot reach a log line or an
// error by accident; Reveal gives the value, for the transport only.
type AccessToken struct{ value string }

// NewAccessToken wraps an access token's value.
func NewAccessToken(value string) AccessToken { return AccessToken{value: value} }

// Reveal is the value, to be sent as a Bearer token.
func (t AccessToken) Reveal() string { return t.value }

// String hides the value.
func (t AccessToken) String() string { return "[service account access token]" }

// GoString hides the value.
func (t AccessToken) GoString() string { return t.String() }

// MarshalJSON hides the value.
func (t AccessToken) MarshalJSON() ([]byte, error) { return []byte(`"` + t.String() + `"`), nil }

// accessTokenMargin is how long before its end an access token is replaced:
// long enough for the slowest call made with it.
const accessTokenMargin = 5 * time.Minute

// accessTokens keeps one access token per service account for the process,
// so that a run impersonates each account once (every 25 minutes of a
// 30-minute token), however many resources use it.
type accessTokens struct {
	mu     sync.Mutex
	byID   map[string]accessToken
	mints  keyedMutex
	issued int
}

type accessToken struct {
	token AccessToken
	// until is when it is no longer used: its end minus the margin.
	until time.Time
}

func serviceAccountObject(id string) string { return "service account " + id }

func serviceAccountTokenObject(id string) string { return "service account token " + id }

// noServiceAccounts is the error of every service-account method on an API
// without them.
func (c *Client) noServiceAccounts(op, object string) *Error {
	return c.unsupported(FeatureServiceAccounts, op, object)
}

// ServiceAccount reads an account (a deleted one included, with Suspended
// set), sharing the call with concurrent and recent reads: every token of an
// account reads it in its plan.
func (c *Client) ServiceAccount(ctx context.Context, id string) (ServiceAccount, error) {
	if c.f.serviceAccounts == nil {
		return ServiceAccount{}, c.noServiceAccounts("read", serviceAccountObject(id))
	}
	a, _, err := c.accounts.get(ctx, id, func(ctx context.Context) (ServiceAccount, error) {
		return c.f.serviceAccounts.GetServiceAccount(ctx, id)
	})
	return a, c.wrap(err, "read", serviceAccountObject(id))
}

// ServiceAccounts lists the organization's accounts, every page, oldest
// first (and by ID among those made at the same time), whatever order the
// server answers in.
func (c *Client) ServiceAccounts(ctx context.Context, f ServiceAccountFilter) ([]ServiceAccount, error) {
	if c.f.serviceAccounts == nil {
		return nil, c.noServiceAccounts("list", "service accounts")
	}
	as, err := c.f.serviceAccounts.ListServiceAccounts(ctx, f)
	if err != nil {
		return nil, c.fail(err, "list", "service accounts")
	}
	slices.SortStableFunc(as, func(a, b ServiceAccount) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return as, nil
}

// CreateServiceAccount makes an account in the caller's organization,
// reconciling a lost answer (reconcile.go): names are not unique, so the
// result is the one new, unclaimed account with that name, description and
// end. The returned account is valid whenever its ID is set, even with an
// error (an interrupt after it was made).
func (c *Client) CreateServiceAccount(ctx context.Context, spec ServiceAccountSpec) (ServiceAccount, error) {
	object := fmt.Sprintf("service account %q", spec.Name)
	if c.f.serviceAccounts == nil {
		return ServiceAccount{}, c.noServiceAccounts("create", object)
	}
	res, err := reconcileCreate(ctx, c, creation[ServiceAccount]{
		what: "service account", plural: "service accounts", name: spec.Name, op: "create", object: object,
		lockKey: "service-account\x00" + spec.Name, snapshot: true, claims: true,
		afterLost:  "import it (terraform import) or delete it",
		notApplied: "the server answered OK but no new service account with that name is listed",
		list: func(ctx context.Context) ([]ServiceAccount, error) {
			return c.f.serviceAccounts.ListServiceAccounts(ctx, ServiceAccountFilter{Search: spec.Name})
		},
		id: func(a ServiceAccount) string { return a.ID },
		match: func(a ServiceAccount) bool {
			return a.Name == spec.Name && a.Description == spec.Description && a.ValidUntil.Equal(spec.ValidUntil)
		},
		create: func(ctx context.Context) (ServiceAccount, error) {
			return c.f.serviceAccounts.CreateServiceAccount(ctx, spec)
		},
		after: c.accounts.invalidate,
	})
	if res.lost != nil {
		tflog.Warn(ctx, "a service account was created but the answer was lost; found it by listing", map[string]any{"id": res.obj.ID})
	}
	return res.obj, err
}

// UpdateServiceAccount changes an account's name and description (nil:
// unchanged).
func (c *Client) UpdateServiceAccount(ctx context.Context, id string, name, description *string) (ServiceAccount, error) {
	if c.f.serviceAccounts == nil {
		return ServiceAccount{}, c.noServiceAccounts("update", serviceAccountObject(id))
	}
	a, err := c.f.serviceAccounts.UpdateServiceAccount(ctx, id, name, description)
	c.accounts.invalidate()
	return a, c.wrap(err, "update", serviceAccountObject(id))
}

// DeleteServiceAccount deletes (suspends) an account; one already gone
// counts as deleted.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string) error {
	if c.f.serviceAccounts == nil {
		return c.noServiceAccounts("delete", serviceAccountObject(id))
	}
	err := c.f.serviceAccounts.DeleteServiceAccount(ctx, id)
	c.accounts.invalidate()
	c.forgetAccessToken(id)
	if err != nil && !IsNotFound(err) {
		return c.fail(err, "delete", serviceAccountObject(id))
	}
	return nil
}

// ---- acting as an account ----

// accessToken returns an access token of the account: the one kept, while
// more than accessTokenMargin of its life is left and it is not stale (the
// one a call just found refused), else a new one. Concurrent callers for
// one account share one new token.
func (c *Client) accessToken(ctx context.Context, accountID string, stale *AccessToken) (AccessToken, error) {
	unlock, err := c.access.mints.lock(ctx, accountID)
	if err != nil {
		return AccessToken{}, err
	}
	defer unlock()
	c.access.mu.Lock()
	kept, ok := c.access.byID[accountID]
	c.access.mu.Unlock()
	if ok && c.now().Before(kept.until) && (stale == nil || kept.token != *stale) {
		return kept.token, nil
	}
	// Counted from before the call: the token cannot have been made
	// earlier than that.
	from := c.now()
	tok, err := c.f.serviceAccounts.ImpersonateServiceAccount(ctx, accountID)
	if err != nil && MayHaveBeenProcessed(err) && ctx.Err() == nil {
		// A lost answer strands nothing: an access token nobody holds
		// ends by itself within the lifetime. Ask once more.
		from = c.now()
		tok, err = c.f.serviceAccounts.ImpersonateServiceAccount(ctx, accountID)
	}
	if err != nil {
		return AccessToken{}, err
	}
	life := c.f.serviceAccounts.ServiceAccountTraits().AccessTokenLifetime
	c.access.mu.Lock()
	c.access.byID[accountID] = accessToken{token: tok, until: from.Add(life - accessTokenMargin)}
	c.access.issued++
	c.access.mu.Unlock()
	tflog.Debug(ctx, "acting as a service account with a new access token", map[string]any{"service_account_id": accountID})
	return tok, nil
}

// forgetAccessToken drops the access token kept for an account.
func (c *Client) forgetAccessToken(accountID string) {
	c.access.mu.Lock()
	defer c.access.mu.Unlock()
	delete(c.access.byID, accountID)
}

// AccessTokensIssued is how many access tokens the client asked for, for
// tests.
func (c *Client) AccessTokensIssued() int {
	c.access.mu.Lock()
	defer c.access.mu.Unlock()
	return c.access.issued
}

// asAccount makes call as the account, with its access token. An answer
// "unauthenticated" means the token stopped working early (revoked, or a
// clock that differs from the server's): the call is made once more with a
// new one.
func asAccount[T any](ctx context.Context, c *Client, accountID string, call func(context.Context, AccessToken) (T, error)) (T, error) {
	var zero T
	tok, err := c.accessToken(ctx, accountID, nil)
	if err != nil {
		return zero, c.impersonationFailed(err, accountID)
	}
	v, err := call(ctx, tok)
	if KindOf(err) != KindUnauthenticated {
		return v, err
	}
	tflog.Debug(ctx, "a service account access token was refused; asking for a new one", map[string]any{"service_account_id": accountID})
	if tok, err = c.accessToken(ctx, accountID, &tok); err != nil {
		return zero, c.impersonationFailed(err, accountID)
	}
	return call(ctx, tok)
}

// opImpersonate is the operation of a failed ImpersonateServiceAccount.
const opImpersonate = "act as"

// impersonationFailed is the error of a failed ImpersonateServiceAccount.
func (c *Client) impersonationFailed(err error, accountID string) *Error {
	e := c.fail(err, opImpersonate, serviceAccountObject(accountID))
	switch e.Kind {
	case KindPermissionDenied:
		return e.WithHint("A service account's tokens are managed by acting as the account, which only organization admins may do, and never for a system-managed account. Use an admin's token, or another service account.")
	case KindFailedPrecondition:
		return e.WithHint("A deleted (suspended) or expired service account cannot be acted as, so its tokens cannot be made, read or deleted; they authenticate nothing.")
	}
	return e
}

// ---- service account tokens ----

// ServiceAccountTokens lists an account's tokens (every page, as the
// account), shared by the token resources of that account.
func (c *Client) ServiceAccountTokens(ctx context.Context, accountID string) ([]ServiceAccountToken, error) {
	if c.f.serviceAccounts == nil {
		return nil, c.noServiceAccounts("list", "tokens of "+serviceAccountObject(accountID))
	}
	ts, _, err := c.saTokens.get(ctx, accountID, c.listServiceAccountTokens(accountID))
	if err != nil {
		return nil, c.fail(err, "list", "tokens of "+serviceAccountObject(accountID))
	}
	return slices.Clone(ts), nil
}

func (c *Client) listServiceAccountTokens(accountID string) func(context.Context) ([]ServiceAccountToken, error) {
	return func(ctx context.Context) ([]ServiceAccountToken, error) {
		return asAccount(ctx, c, accountID, c.f.serviceAccounts.ListServiceAccountTokens)
	}
}

// ServiceAccountToken reads one token of an account, from the shared
// listing when it holds it.
func (c *Client) ServiceAccountToken(ctx context.Context, accountID, id string) (ServiceAccountToken, error) {
	if c.f.serviceAccounts == nil {
		return ServiceAccountToken{}, c.noServiceAccounts("read", serviceAccountTokenObject(id))
	}
	ts, fresh, err := c.saTokens.get(ctx, accountID, c.listServiceAccountTokens(accountID))
	if err == nil {
		for _, t := range ts {
			if t.ID == id {
				return t, nil
			}
		}
		if fresh {
			return ServiceAccountToken{}, c.refuse(KindNotFound, "read", serviceAccountTokenObject(id), "service account "+accountID+" has no such token")
		}
	}
	t, err := asAccount(ctx, c, accountID, func(ctx context.Context, as AccessToken) (ServiceAccountToken, error) {
		return c.f.serviceAccounts.GetServiceAccountToken(ctx, as, id)
	})
	return t, c.wrap(err, "read", serviceAccountTokenObject(id))
}

// CreateServiceAccountToken makes a long-lived token of an account and
// returns it with its value. The create is reconciled (reconcile.go): token
// descriptions are not unique, so a lost answer is the one new, unclaimed
// token of the account with that description; its value is lost with the
// answer, so it is deleted and made once more (createSecret). When the
// result has an ID and err is set, the token exists (without a value) and
// must be saved.
func (c *Client) CreateServiceAccountToken(ctx context.Context, accountID string, spec ServiceAccountTokenSpec) (ServiceAccountToken, string, error) {
	object := fmt.Sprintf("token %q of service account %s", spec.Description, accountID)
	if c.f.serviceAccounts == nil {
		return ServiceAccountToken{}, "", c.noServiceAccounts("create", object)
	}
	return createSecret(ctx, c, secretCreate[ServiceAccountToken]{
		what: "service account token", object: object, objectOf: serviceAccountTokenObject,
		create: func(ctx context.Context) (created[ServiceAccountToken], string, error) {
			return c.createServiceAccountToken(ctx, accountID, spec, object)
		},
		id: func(t ServiceAccountToken) string { return t.ID },
		remove: func(ctx context.Context, id string) error {
			return c.DeleteServiceAccountToken(ctx, accountID, id)
		},
	})
}

// createServiceAccountToken is one reconciled create, with the value when
// the answer arrived.
func (c *Client) createServiceAccountToken(ctx context.Context, accountID string, spec ServiceAccountTokenSpec, object string) (created[ServiceAccountToken], string, error) {
	var value string
	res, err := reconcileCreate(ctx, c, creation[ServiceAccountToken]{
		what: "token", plural: "tokens of the service account", name: spec.Description, op: "create", object: object,
		lockKey: "service-account-token\x00" + accountID + "\x00" + spec.Description, snapshot: true, claims: true,
		afterLost:  "delete it",
		notApplied: "the server answered OK but no new token with that description is listed",
		list:       c.listServiceAccountTokens(accountID),
		id:         func(t ServiceAccountToken) string { return t.ID },
		match:      func(t ServiceAccountToken) bool { return t.Description == spec.Description },
		create: func(ctx context.Context) (ServiceAccountToken, error) {
			return asAccount(ctx, c, accountID, func(ctx context.Context, as AccessToken) (ServiceAccountToken, error) {
				t, v, err := c.f.serviceAccounts.CreateServiceAccountToken(ctx, as, spec)
				value = v
				return t, err
			})
		},
		// Acting as the account failed: the create was never sent.
		settle: func(err error) bool {
			var ge *Error
			return (!errors.As(err, &ge) || ge.Op != opImpersonate) && MayHaveBeenProcessed(err)
		},
		after: c.saTokens.invalidate,
	})
	if err != nil || res.lost != nil {
		return res, "", err
	}
	return res, value, nil
}

// DeleteServiceAccountToken deletes a token of an account. One already
// gone counts as deleted, and so does one whose account is gone, deleted or
// expired: it authenticates nothing, and no one can act as its account to
// delete it.
func (c *Client) DeleteServiceAccountToken(ctx context.Context, accountID, id string) error {
	if c.f.serviceAccounts == nil {
		return c.noServiceAccounts("delete", serviceAccountTokenObject(id))
	}
	_, err := asAccount(ctx, c, accountID, func(ctx context.Context, as AccessToken) (struct{}, error) {
		return struct{}{}, c.f.serviceAccounts.DeleteServiceAccountToken(ctx, as, id)
	})
	c.saTokens.invalidate()
	if err == nil || IsNotFound(err) {
		return nil
	}
	if k := KindOf(err); k == KindFailedPrecondition || k == KindUnauthenticated {
		// Acting as the account failed: it may be gone.
		c.accounts.invalidate()
		a, aerr := c.ServiceAccount(ctx, accountID)
		switch {
		case IsNotFound(aerr):
			return nil
		case aerr == nil && a.Inactive(c.now()) != "":
			tflog.Warn(ctx, "a service account token counts as deleted: its account authenticates nothing", map[string]any{"id": id, "service_account_id": accountID})
			return nil
		}
	}
	return c.fail(err, "delete", serviceAccountTokenObject(id))
}
