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

const (
	directoryKey = "all"
	freeUsersKey = "free"
)

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

// Directory is the organization's whole member list by user ID
// (FeatureOrganizations; empty without it), read once per Client: the plan
// checks of every membership resource of a run share it. It serves checks
// that the server makes again, so a run may use it as of its start.
func (c *Client) Directory(ctx context.Context) (map[string]User, error) {
	if c.f.orgMembers == nil {
		return map[string]User{}, nil
	}
	d, _, err := c.directory.get(ctx, directoryKey, func(ctx context.Context) (map[string]User, error) {
		us, err := c.Users(ctx, UserFilter{})
		if err != nil {
			return nil, err
		}
		m := make(map[string]User, len(us))
		for _, u := range us {
			m[u.ID] = u
		}
		return m, nil
	})
	return d, err
}

// InNoTeam is the set of organization members who belong to no team
// (FeatureOrganizations), read once per Client like Directory.
func (c *Client) InNoTeam(ctx context.Context) (map[string]bool, error) {
	if c.f.orgMembers == nil {
		return map[string]bool{}, nil
	}
	d, _, err := c.directory.get(ctx, freeUsersKey, func(ctx context.Context) (map[string]User, error) {
		us, err := c.Users(ctx, UserFilter{ExcludeMembersInAnyTeam: true})
		if err != nil {
			return nil, err
		}
		m := make(map[string]User, len(us))
		for _, u := range us {
			m[u.ID] = u
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(d))
	for id := range d {
		out[id] = true
	}
	return out, nil
}

// Profiles returns organization members' profiles by user ID
// (FeatureOrganizations; empty without it), for emails and organization
// roles: from the directory when this Client has read it, else in batches
// of the given users.
func (c *Client) Profiles(ctx context.Context, userIDs []string) (map[string]User, error) {
	if c.f.orgMembers == nil || len(userIDs) == 0 {
		return map[string]User{}, nil
	}
	if d, ok := c.directory.cachedValue(directoryKey); ok {
		return d, nil
	}
	us, err := c.Users(ctx, UserFilter{UserIDs: userIDs})
	if err != nil {
		return nil, c.wrap(err, "read", "organization members")
	}
	out := make(map[string]User, len(us))
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}
