package gitpod

import "context"

// Whoami returns who the token belongs to, asking the API once per Client.
func (c *Client) Whoami(ctx context.Context) (Identity, error) {
	id, _, err := c.whoami.get(ctx, "", c.a.Whoami)
	if err != nil {
		return Identity{}, c.fail(err, "identify", "the provider's user")
	}
	return id, nil
}
