package gitpod

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Tokens is the personal-access-token domain, which every API generation
// has.
type Tokens interface {
	TokenTraits() TokenTraits
	// CreateToken creates a token for the caller (userID) and returns it
	// with its value. The Token's ID is empty when the answer has none
	// (gitpod.v1): the client finds it by listing.
	CreateToken(ctx context.Context, userID string, spec TokenSpec) (Token, string, error)
	GetToken(ctx context.Context, id string) (Token, error)
	// ListTokens lists every token of the given users, every page (only
	// the caller's own without FeatureTokensOfOthers).
	ListTokens(ctx context.Context, userIDs []string) ([]Token, error)
	DeleteToken(ctx context.Context, id string) error
}

// TokenTraits are the values of an API's tokens.
type TokenTraits struct {
	// MaxValidity is the longest validity a new token may have.
	MaxValidity time.Duration
	// ReadOnly: tokens can be read-only (FeatureTokenReadOnly).
	ReadOnly bool
	// FixedExpiry: tokens are asked for an absolute expiry
	// (FeatureTokenFixedExpiry); otherwise for a validity period.
	FixedExpiry bool
	// OfOthers: other users' tokens can be listed (FeatureTokensOfOthers).
	OfOthers bool
	// NamePattern, when set, is the rule a token's name must follow, and
	// NameRule words it ("3 to 63 letters, ...").
	NamePattern *regexp.Regexp
	NameRule    string
}

// TokenRenamer changes a token's name in place (FeatureTokenRename).
type TokenRenamer interface {
	RenameToken(ctx context.Context, id, name string) (Token, error)
}

// TokenRegenerator replaces a token's value and expiry in place, keeping
// its ID (FeatureTokenRegenerate).
type TokenRegenerator interface {
	RegenerateToken(ctx context.Context, id string, expires time.Time) (Token, string, error)
}

func tokenObject(id string) string { return "personal access token " + id }

// ownTokens lists userID's tokens, every page, each with its user.
func (c *Client) ownTokens(ctx context.Context, userID string) ([]Token, error) {
	ts, err := c.f.tokens.ListTokens(ctx, []string{userID})
	for i := range ts {
		if ts[i].UserID == "" {
			ts[i].UserID = userID // Classic tokens do not say whose they are
		}
	}
	return ts, err
}

// listOwnTokens lists the caller's tokens, every page.
func (c *Client) listOwnTokens(ctx context.Context) ([]Token, error) {
	me, err := c.Whoami(ctx)
	if err != nil {
		return nil, err
	}
	return c.ownTokens(ctx, me.UserID)
}

// Tokens lists the caller's tokens (every page), shared like team reads.
func (c *Client) Tokens(ctx context.Context) ([]Token, error) {
	ts, _, err := c.tokens.get(ctx, "", c.listOwnTokens)
	if err != nil {
		return nil, c.fail(err, "list", "personal access tokens")
	}
	return slices.Clone(ts), nil
}

// TokensOf lists the tokens of the given users (FeatureTokensOfOthers;
// organization admins may list other users' tokens), or the caller's own.
func (c *Client) TokensOf(ctx context.Context, userIDs []string) ([]Token, error) {
	if len(userIDs) == 0 {
		return c.Tokens(ctx)
	}
	ts, err := c.f.tokens.ListTokens(ctx, userIDs)
	return ts, c.wrap(err, "list", "personal access tokens")
}

// Token reads one token, from the shared listing when it holds it.
func (c *Client) Token(ctx context.Context, id string) (Token, error) {
	ts, fresh, err := c.tokens.get(ctx, "", c.listOwnTokens)
	if err == nil {
		for _, t := range ts {
			if t.ID == id {
				return t, nil
			}
		}
		if fresh {
			return Token{}, c.refuse(KindNotFound, "read", tokenObject(id), "the caller has no such token")
		}
	}
	t, err := c.f.tokens.GetToken(ctx, id)
	return t, c.wrap(err, "read", tokenObject(id))
}

func (c *Client) invalidateTokens() { c.tokens.invalidate() }

// CreateToken creates a token for the caller and returns it with its value.
//
// The create is reconciled (reconcile.go): on gitpod.v1, whose answer has no
// ID, the listing tells the new token apart; a lost answer is recovered by
// createSecret (regenerated on Classic, made again on gitpod.v1). When the
// result has an ID and err is set, the token exists and must be saved (for
// example after an interrupt).
func (c *Client) CreateToken(ctx context.Context, spec TokenSpec) (Token, string, error) {
	me, err := c.Whoami(ctx)
	if err != nil {
		return Token{}, "", err
	}
	sc := secretCreate[Token]{
		what: "personal access token", object: fmt.Sprintf("personal access token %q", spec.Name), objectOf: tokenObject,
		create: func(ctx context.Context) (created[Token], string, error) { return c.createToken(ctx, me.UserID, spec) },
		id:     func(t Token) string { return t.ID },
		remove: func(ctx context.Context, id string) error {
			err := c.f.tokens.DeleteToken(ctx, id)
			c.invalidateTokens()
			return err
		},
	}
	if c.f.regen != nil {
		sc.regenerate = func(ctx context.Context, t Token) (Token, string, error) {
			nt, value, err := c.f.regen.RegenerateToken(ctx, t.ID, spec.ExpiresAt)
			c.invalidateTokens()
			if nt.UserID == "" {
				nt.UserID = t.UserID
			}
			return nt, value, err
		}
	}
	return createSecret(ctx, c, sc)
}

// createToken is one reconciled create, with the value when the answer
// arrived. res.lost is set when the answer was lost but the token was found
// (its value is unknown).
func (c *Client) createToken(ctx context.Context, userID string, spec TokenSpec) (created[Token], string, error) {
	var value string
	res, err := reconcileCreate(ctx, c, creation[Token]{
		what: "token", plural: "tokens", name: spec.Name, op: "create", object: fmt.Sprintf("personal access token %q", spec.Name),
		lockKey: "token\x00" + spec.Name, snapshot: true, claims: true,
		afterLost:  "delete it",
		notApplied: "the server answered OK but no new token with that name is listed",
		list:       func(ctx context.Context) ([]Token, error) { return c.ownTokens(ctx, userID) },
		id:         func(t Token) string { return t.ID },
		match:      func(t Token) bool { return t.Name == spec.Name },
		create: func(ctx context.Context) (Token, error) {
			t, v, err := c.f.tokens.CreateToken(ctx, userID, spec)
			value = v
			return t, err
		},
		after: c.invalidateTokens,
	})
	if res.obj.UserID == "" && res.obj.ID != "" {
		res.obj.UserID = userID
	}
	if err != nil || res.lost != nil {
		// With an ID and an error, the token exists but its value is
		// unknown (an interrupt after the create): it is saved, and the
		// next plan rotates it.
		return res, "", err
	}
	return res, value, nil
}

// RenameToken renames a token in place (FeatureTokenRename).
func (c *Client) RenameToken(ctx context.Context, id, name string) (Token, error) {
	if c.f.tokRenamer == nil {
		return Token{}, c.unsupported(FeatureTokenRename, "rename", tokenObject(id))
	}
	t, err := c.f.tokRenamer.RenameToken(ctx, id, name)
	c.invalidateTokens()
	c.fillTokenUser(ctx, &t, err)
	return t, c.wrap(err, "update", tokenObject(id))
}

// RegenerateToken gives a token a new value and expiry in place
// (FeatureTokenRegenerate).
func (c *Client) RegenerateToken(ctx context.Context, id string, expires time.Time) (Token, string, error) {
	if c.f.regen == nil {
		return Token{}, "", c.unsupported(FeatureTokenRegenerate, "regenerate", tokenObject(id))
	}
	t, v, err := c.f.regen.RegenerateToken(ctx, id, expires)
	c.invalidateTokens()
	c.fillTokenUser(ctx, &t, err)
	return t, v, c.wrap(err, "rotate", tokenObject(id))
}

// fillTokenUser sets the caller as the user of a token whose answer does
// not say whose it is.
func (c *Client) fillTokenUser(ctx context.Context, t *Token, err error) {
	if err == nil && t.UserID == "" {
		if me, werr := c.Whoami(ctx); werr == nil {
			t.UserID = me.UserID
		}
	}
}

// DeleteToken deletes a token; one that is already gone counts as deleted.
func (c *Client) DeleteToken(ctx context.Context, id string) error {
	err := c.f.tokens.DeleteToken(ctx, id)
	c.invalidateTokens()
	if err != nil && !IsNotFound(err) {
		return c.fail(err, "delete", tokenObject(id))
	}
	return nil
}
