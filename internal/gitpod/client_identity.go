package gitpod

import "context"

// IdentityDetails completes an identity with the user's profile (name,
// email, avatar, creation time) where the API gives them apart from who
// the token is (gitpod.v1); without it, Whoami's answer is complete.
type IdentityDetails interface {
	WhoamiDetails(ctx context.Context, id Identity) (Identity, error)
}

// Whoami returns who the token belongs to (its user and organization),
// asking the API once per Client.
func (c *Client) Whoami(ctx context.Context) (Identity, error) {
	id, _, err := c.whoami.get(ctx, "", c.a.Whoami)
	if err != nil {
		return Identity{}, c.fail(err, "identify", "the provider's user")
	}
	return id, nil
}

// WhoamiDetails is Whoami with the user's profile, asked for once per
// Client where it takes another call.
func (c *Client) WhoamiDetails(ctx context.Context) (Identity, error) {
	d, ok := c.a.(IdentityDetails)
	if !ok {
		return c.Whoami(ctx)
	}
	id, _, err := c.whoami.get(ctx, "details", func(ctx context.Context) (Identity, error) {
		me, err := c.Whoami(ctx)
		if err != nil || me.Name != "" || me.Email != "" {
			return me, err
		}
		return d.WhoamiDetails(ctx, me)
	})
	if err != nil {
		return Identity{}, c.fail(err, "identify", "the provider's user")
	}
	return id, nil
}
