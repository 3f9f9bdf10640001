package gitpod

import (
	"context"
	"slices"
	"strings"
)

// OrganizationMembers is an organization's member directory
// (FeatureOrganizations): who its members are, by email too.
type OrganizationMembers interface {
	// ListMembers lists the organization's members, every page, with the
	// filter applied by the server.
	ListMembers(ctx context.Context, orgID string, f UserFilter) ([]User, error)
}

// freeUsersKey is the shared listing of the members in no team.
const freeUsersKey = "free"

// Users lists the users the caller can name. With FeatureOrganizations
// they are the organization's members, filtered by the server; without it
// (Classic) the caller and the members of its teams, filtered by search
// here (the other filters need FeatureOrganizations).
func (c *Client) Users(ctx context.Context, f UserFilter) ([]User, error) {
	if c.f.orgMembers != nil {
		me, err := c.Whoami(ctx)
		if err != nil {
			return nil, err
		}
		us, err := c.f.orgMembers.ListMembers(ctx, me.OrganizationID, f)
		return us, c.wrap(err, "list", "organization members")
	}
	if len(f.Roles) > 0 || len(f.Statuses) > 0 || f.ExcludeMembersInAnyTeam {
		return nil, c.unsupported(FeatureOrganizations, "list", "users")
	}
	us, err := c.visibleUsers(ctx)
	if err != nil {
		return nil, err
	}
	search := strings.ToLower(f.Search)
	return slices.DeleteFunc(us, func(u User) bool {
		if len(f.UserIDs) > 0 && !slices.Contains(f.UserIDs, u.ID) {
			return true
		}
		return search != "" && !strings.Contains(strings.ToLower(u.FullName), search) && !strings.Contains(strings.ToLower(u.Email), search)
	}), nil
}

// visibleUsers are, without an organization, the caller and the members
// of the teams it belongs to, each once (with the email a team gives).
func (c *Client) visibleUsers(ctx context.Context) ([]User, error) {
	me, err := c.Whoami(ctx)
	if err != nil {
		return nil, err
	}
	teams, err := c.Teams(ctx, "")
	if err != nil {
		return nil, err
	}
	byID := map[string]*User{me.UserID: {ID: me.UserID, FullName: me.Name, Email: me.Email, AvatarURL: me.AvatarURL}}
	order := []string{me.UserID}
	for _, t := range teams {
		ms, err := c.Members(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			u, ok := byID[m.UserID]
			if !ok {
				u = &User{ID: m.UserID}
				byID[m.UserID] = u
				order = append(order, m.UserID)
			}
			u.FullName = firstNonEmpty(u.FullName, m.FullName)
			u.Email = firstNonEmpty(u.Email, m.Email)
			u.AvatarURL = firstNonEmpty(u.AvatarURL, m.AvatarURL)
		}
	}
	out := make([]User, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// InNoTeam are the organization's members who belong to no team
// (FeatureOrganizations), by user ID, read once per Client: the plan checks of every membership resource of a run share
// them. It serves checks that the server makes again, so a run may use it
// as of its start.
func (c *Client) InNoTeam(ctx context.Context) (map[string]User, error) {
	if c.f.orgMembers == nil {
		return map[string]User{}, nil
	}
	return c.sharedListing(ctx, freeUsersKey, UserFilter{ExcludeMembersInAnyTeam: true})
}

// sharedListing is a member listing read once per Client; the users it
// names are remembered for Profiles.
func (c *Client) sharedListing(ctx context.Context, key string, f UserFilter) (map[string]User, error) {
	d, _, err := c.directory.get(ctx, key, func(ctx context.Context) (map[string]User, error) {
		us, err := c.Users(ctx, f)
		if err != nil {
			return nil, err
		}
		c.learn(us)
		m := make(map[string]User, len(us))
		for _, u := range us {
			m[u.ID] = u
		}
		return m, nil
	})
	return d, err
}

// learn remembers users' profiles for Profiles, for the Client's life.
func (c *Client) learn(us []User) {
	c.knownMu.Lock()
	defer c.knownMu.Unlock()
	for _, u := range us {
		c.known[u.ID] = u
	}
}

// Profiles returns organization members' profiles by user ID
// (FeatureOrganizations; empty without it), for emails and organization
// roles: those this Client has seen in a listing, and the others read in
// batches. A user who is not a member is missing from the result.
func (c *Client) Profiles(ctx context.Context, userIDs []string) (map[string]User, error) {
	out := make(map[string]User, len(userIDs))
	if c.f.orgMembers == nil || len(userIDs) == 0 {
		return out, nil
	}
	var missing []string
	c.knownMu.Lock()
	for _, id := range userIDs {
		if u, ok := c.known[id]; ok {
			out[id] = u
		} else if !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	c.knownMu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	us, err := c.Users(ctx, UserFilter{UserIDs: missing})
	if err != nil {
		return nil, c.wrap(err, "read", "organization members")
	}
	c.learn(us)
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}
