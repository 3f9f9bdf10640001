package gitpod

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// DefaultCacheTTL is how long one answer serves further reads. Terraform
// refreshes every resource of a plan within seconds, so a short TTL turns N
// reads of one team (or of the token list) into one call.
const DefaultCacheTTL = 5 * time.Second

// DefaultReconcileTimeout bounds the bookkeeping after an interrupted
// create: long enough for one or two listings, short enough that Ctrl-C
// still stops the provider within two seconds.
const DefaultReconcileTimeout = 1500 * time.Millisecond

// Client is the provider's view of Gitpod, the same for both API
// generations. It is safe for concurrent use by every resource of a run.
type Client struct {
	a    Adapter
	caps Capabilities
	now  func() time.Time

	// ReconcileTimeout bounds the bookkeeping of an interrupted create.
	ReconcileTimeout time.Duration

	whoami  *coalescer[Identity]
	teams   *coalescer[Team]
	members *coalescer[[]Member]
	tokens  *coalescer[[]Token]
	locks   keyedMutex

	claimMu sync.Mutex
	claimed map[string]bool
}

// Options tune a Client.
type Options struct {
	// CacheTTL is how long reads are shared; zero means DefaultCacheTTL,
	// negative disables the cache (concurrent reads are still shared).
	CacheTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewClient wraps an adapter.
func NewClient(a Adapter, o Options) *Client {
	if o.CacheTTL == 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	if o.CacheTTL < 0 {
		o.CacheTTL = 0
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Client{
		a:                a,
		caps:             a.Capabilities(),
		now:              o.Now,
		ReconcileTimeout: DefaultReconcileTimeout,
		whoami:           newCoalescer[Identity](-1, o.Now),
		teams:            newCoalescer[Team](o.CacheTTL, o.Now),
		members:          newCoalescer[[]Member](o.CacheTTL, o.Now),
		tokens:           newCoalescer[[]Token](o.CacheTTL, o.Now),
		claimed:          map[string]bool{},
	}
}

// API is the generation in use.
func (c *Client) API() API { return c.a.API() }

// Host is the API's base URL.
func (c *Client) Host() string { return c.a.Host() }

// Capabilities says what the API in use can do.
func (c *Client) Capabilities() Capabilities { return c.caps }

// wrap is Wrap with the host filled in.
func (c *Client) wrap(err error, op, object string) error {
	if err == nil {
		return nil
	}
	w := Wrap(err, op, object)
	var ge *Error
	if errors.As(w, &ge) && ge.Host == "" {
		ge.Host = c.Host()
	}
	return w
}

// errorOf is wrap for a non-nil err, as an *Error to add hints to.
func (c *Client) errorOf(err error, op, object string) *Error {
	var ge *Error
	if errors.As(c.wrap(err, op, object), &ge) {
		return ge
	}
	return &Error{Kind: KindUnknown, Op: op, Object: object, Host: c.Host(), Err: err, Message: Sanitize(err.Error())}
}

// what is the wording of err's kind.
func what(err error) string {
	var ge *Error
	if errors.As(Wrap(err, "", ""), &ge) {
		return ge.What()
	}
	return Sanitize(err.Error())
}

func (c *Client) unsupported(op, object, what string) error {
	e := New(KindUnsupported, op, object, what+" is not available on "+c.API().Describe())
	e.Host = c.Host()
	return e
}

// claim records that an object was created or adopted by this process. It
// reports false when it already was: two resource instances never share
// an id.
func (c *Client) claim(id string) bool {
	c.claimMu.Lock()
	defer c.claimMu.Unlock()
	if c.claimed[id] {
		return false
	}
	c.claimed[id] = true
	return true
}

// Claim records that a resource instance of this run manages the object
// named by key; it reports false when another instance already does.
func (c *Client) Claim(key string) bool { return c.claim(key) }

func (c *Client) isClaimed(id string) bool {
	c.claimMu.Lock()
	defer c.claimMu.Unlock()
	return c.claimed[id]
}

// reconcileContext is the context for the bookkeeping after a create whose
// answer may have been lost: it survives an interrupt, briefly.
func (c *Client) reconcileContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), c.ReconcileTimeout)
}

// ---- identity ----

// Whoami returns who the token belongs to, asking the API once per Client.
func (c *Client) Whoami(ctx context.Context) (Identity, error) {
	id, _, err := c.whoami.get(ctx, "", c.a.Whoami)
	if err != nil {
		return Identity{}, c.wrap(err, "identify", "the provider's user")
	}
	return id, nil
}

// ---- teams ----

func teamObject(id string) string { return "team " + id }

// Team reads a team, sharing the call with concurrent and recent reads.
func (c *Client) Team(ctx context.Context, id string) (Team, error) {
	t, _, err := c.teams.get(ctx, id, func(ctx context.Context) (Team, error) { return c.a.GetTeam(ctx, id) })
	if err != nil {
		return Team{}, c.wrap(err, "read", teamObject(id))
	}
	t.Members = slices.Clone(t.Members)
	return t, nil
}

// TeamFresh reads a team from the API, for decisions that lead to writes.
func (c *Client) TeamFresh(ctx context.Context, id string) (Team, error) {
	c.invalidateTeams()
	return c.Team(ctx, id)
}

func (c *Client) invalidateTeams() {
	c.teams.invalidate()
	c.members.invalidate()
}

// Teams lists the teams the caller can see (v1: filtered by a name
// substring).
func (c *Client) Teams(ctx context.Context, search string) ([]Team, error) {
	ts, err := c.a.ListTeams(ctx, search)
	return ts, c.wrap(err, "list", "teams")
}

// CreateTeam creates a team in the caller's organization (v1) or as a new
// Classic team. A create whose answer was lost is reconciled: the team it
// made is found by name among the teams that did not exist before and that
// no other resource of this run holds. The returned team is valid whenever
// its ID is set, even with an error (an interrupt after the team was made).
func (c *Client) CreateTeam(ctx context.Context, name string) (Team, error) {
	object := fmt.Sprintf("team %q", name)
	unlock, err := c.locks.lock(ctx, "team\x00"+name)
	if err != nil {
		return Team{}, c.wrap(err, "create", object)
	}
	defer unlock()
	orgID := ""
	if c.caps.Organizations {
		me, err := c.Whoami(ctx)
		if err != nil {
			return Team{}, err
		}
		orgID = me.OrganizationID
	}
	before, err := c.teamIDs(ctx, name)
	if err != nil {
		return Team{}, c.wrap(err, "list teams before creating", object)
	}
	t, err := c.a.CreateTeam(transport.WithCreateCheck(ctx, func(ctx context.Context) (bool, error) {
		ts, err := c.a.ListTeams(ctx, name)
		for _, t := range ts {
			if t.Name == name && !before[t.ID] && !c.isClaimed(t.ID) {
				return true, nil
			}
		}
		return false, err
	}), orgID, name)
	c.invalidateTeams()
	if err == nil {
		c.claim(t.ID)
		return t, nil
	}
	if KindOf(err) == KindAlreadyExists {
		e := c.errorOf(err, "create", object)
		e.Hint = "Team names are unique in an organization: choose another name, or import the existing team with an import block (id = the team's ID; the gitpod_teams data source lists them)."
		return Team{}, e
	}
	if !MayHaveBeenProcessed(err) {
		return Team{}, c.wrap(err, "create", object)
	}
	rctx, cancel := c.reconcileContext(ctx)
	defer cancel()
	tflog.Warn(ctx, "creating a team failed after it may have been processed; looking for it", map[string]any{"name": name})
	after, lerr := c.a.ListTeams(rctx, name)
	if lerr != nil {
		e := c.errorOf(err, "create", object)
		e.Hint = fmt.Sprintf("The call may have created the team, and listing teams to check failed too (%s). Look for a team named %q in Gitpod before applying again; import it if it exists.", what(lerr), name)
		return Team{}, e
	}
	var found []Team
	for _, t := range after {
		if t.Name == name && !before[t.ID] && !c.isClaimed(t.ID) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return Team{}, c.wrap(err, "create", object)
	case 1:
	default:
		ids := make([]string, 0, len(found))
		for _, t := range found {
			ids = append(ids, t.ID)
		}
		e := New(KindAmbiguous, "create", object, fmt.Sprintf("the create call's answer was lost and %d new teams named %q appeared meanwhile: %s", len(found), name, List(ids)))
		e.Hint = "Delete the extra teams in Gitpod, then import the one to keep."
		return Team{}, e
	}
	t = found[0]
	c.claim(t.ID)
	if ctx.Err() != nil {
		// Interrupted: report it, with the team so that it is saved.
		return t, c.wrap(ctx.Err(), "create", object)
	}
	if full, gerr := c.a.GetTeam(ctx, t.ID); gerr == nil {
		t = full
	}
	return t, nil
}

func (c *Client) teamIDs(ctx context.Context, name string) (map[string]bool, error) {
	ts, err := c.a.ListTeams(ctx, name)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(ts))
	for _, t := range ts {
		ids[t.ID] = true
	}
	return ids, nil
}

// RenameTeam renames a team in place (v1).
func (c *Client) RenameTeam(ctx context.Context, id, name string) (Team, error) {
	if !c.caps.TeamRename {
		return Team{}, c.unsupported("rename", teamObject(id), "renaming a team")
	}
	t, err := c.a.RenameTeam(ctx, id, name)
	c.invalidateTeams()
	if err != nil {
		return Team{}, c.wrap(err, "rename", teamObject(id))
	}
	return t, nil
}

// DeleteTeam deletes a team; a team that is already gone counts as deleted.
func (c *Client) DeleteTeam(ctx context.Context, id string) error {
	err := c.a.DeleteTeam(ctx, id)
	c.invalidateTeams()
	if err != nil && !IsNotFound(err) {
		return c.wrap(err, "delete", teamObject(id))
	}
	return nil
}

// ResetInvitation replaces a Classic team's invitation.
func (c *Client) ResetInvitation(ctx context.Context, teamID string) (string, error) {
	if !c.caps.TeamInvitation {
		return "", c.unsupported("reset the invitation of", teamObject(teamID), "a team invitation")
	}
	inv, err := c.a.ResetTeamInvitation(ctx, teamID)
	c.invalidateTeams()
	return inv, c.wrap(err, "reset the invitation of", teamObject(teamID))
}

// Invitation reads a Classic team's invitation; it is "" when the caller is
// not an owner (only owners may see it).
func (c *Client) Invitation(ctx context.Context, teamID string) (string, error) {
	if !c.caps.TeamInvitation {
		return "", nil
	}
	inv, err := c.a.GetTeamInvitation(ctx, teamID)
	if KindOf(err) == KindPermissionDenied {
		return "", nil
	}
	return inv, c.wrap(err, "read the invitation of", teamObject(teamID))
}

// ---- members ----

func memberObject(teamID, userID string) string {
	return fmt.Sprintf("the membership of user %s in team %s", userID, teamID)
}

// Members lists a team's members, sharing the call with concurrent and
// recent reads of the same team.
func (c *Client) Members(ctx context.Context, teamID string) ([]Member, error) {
	if c.caps.TeamIncludesMembers {
		t, err := c.Team(ctx, teamID)
		return t.Members, err
	}
	ms, _, err := c.members.get(ctx, teamID, func(ctx context.Context) ([]Member, error) { return c.a.ListTeamMembers(ctx, teamID) })
	if err != nil {
		return nil, c.wrap(err, "list the members of", teamObject(teamID))
	}
	return slices.Clone(ms), nil
}

// MembersFresh lists a team's members from the API.
func (c *Client) MembersFresh(ctx context.Context, teamID string) ([]Member, error) {
	c.invalidateTeams()
	return c.Members(ctx, teamID)
}

// FindMember returns a user's membership, or false.
func FindMember(ms []Member, userID string) (Member, bool) {
	for _, m := range ms {
		if m.UserID == userID {
			return m, true
		}
	}
	return Member{}, false
}

// AddMember adds a user to a team (with a role on Classic) and returns the
// membership as the server holds it afterwards. A user who is already a
// member is kept (and given the role). The result is checked against a
// fresh read: a change the server did not apply is an error.
func (c *Client) AddMember(ctx context.Context, teamID, userID string, role Role) (Member, error) {
	object := memberObject(teamID, userID)
	unlock, err := c.locks.lock(ctx, "member\x00"+teamID+"\x00"+userID)
	if err != nil {
		return Member{}, c.wrap(err, "add", object)
	}
	defer unlock()
	if !c.caps.TeamRoles {
		role = RoleNone
	}
	_, err = c.a.AddTeamMember(transport.WithCreateCheck(ctx, func(ctx context.Context) (bool, error) {
		ms, err := c.a.ListTeamMembers(ctx, teamID)
		_, found := FindMember(ms, userID)
		return found, err
	}), teamID, userID, role)
	c.invalidateTeams()
	if err != nil && KindOf(err) != KindAlreadyExists && !MayHaveBeenProcessed(err) {
		return Member{}, c.wrap(err, "add", object)
	}
	rctx, cancel := ctx, context.CancelFunc(func() {})
	if ctx.Err() != nil {
		rctx, cancel = c.reconcileContext(ctx)
	}
	defer cancel()
	ms, lerr := c.MembersFresh(rctx, teamID)
	if lerr != nil {
		if err != nil {
			return Member{}, c.wrap(err, "add", object)
		}
		return Member{}, lerr
	}
	m, ok := FindMember(ms, userID)
	switch {
	case !ok && KindOf(err) == KindAlreadyExists:
		return Member{}, c.inOtherTeam(rctx, teamID, userID, err)
	case !ok && err != nil:
		return Member{}, c.wrap(err, "add", object)
	case !ok:
		return Member{}, &Error{Kind: KindNotApplied, Op: "add", Object: object, Host: c.Host(), Message: "the server answered OK, but the user is not a member afterwards"}
	}
	if role != RoleNone && m.Role != role {
		return m, &Error{Kind: KindNotApplied, Op: "set the role of", Object: object, Host: c.Host(),
			Message: fmt.Sprintf("the server answered OK, but holds the role %s instead of %s", roleName(m.Role), role)}
	}
	if ctx.Err() != nil {
		return m, c.wrap(ctx.Err(), "add", object)
	}
	return m, nil
}

func roleName(r Role) string {
	if r == RoleNone {
		return "none"
	}
	return string(r)
}

// inOtherTeam explains an already_exists answer to AddTeamMember on v1: the
// user belongs to another team of the organization. It names that team
// when it can find it.
func (c *Client) inOtherTeam(ctx context.Context, teamID, userID string, cause error) error {
	e := &Error{Kind: KindInOtherTeam, Op: "add", Object: memberObject(teamID, userID), Host: c.Host(), Err: cause, Message: c.errorOf(cause, "", "").Message}
	teams, err := c.a.ListTeams(ctx, "")
	if err == nil {
		for _, t := range teams {
			if t.ID == teamID {
				continue
			}
			ms, err := c.Members(ctx, t.ID)
			if err != nil {
				continue
			}
			if _, ok := FindMember(ms, userID); ok {
				e.Message = fmt.Sprintf("user %s is a member of team %q (%s); a user belongs to at most one team per organization", userID, Sanitize(t.Name), t.ID)
				e.Hint = fmt.Sprintf("Remove the user from team %q first (in the same configuration, remove that membership), then apply again.", Sanitize(t.Name))
				return e
			}
		}
	}
	e.Hint = "A user belongs to at most one team per organization: remove the user from the other team first."
	return e
}

// SetRole changes a Classic member's role and checks that the server
// applied it (Classic silently keeps a team's last owner).
func (c *Client) SetRole(ctx context.Context, teamID, userID string, role Role) (Member, error) {
	object := memberObject(teamID, userID)
	if !c.caps.TeamRoles {
		return Member{}, c.unsupported("set the role of", object, "a team role")
	}
	err := c.a.SetTeamMemberRole(ctx, teamID, userID, role)
	c.invalidateTeams()
	if err != nil {
		return Member{}, c.wrap(err, "set the role of", object)
	}
	ms, err := c.MembersFresh(ctx, teamID)
	if err != nil {
		return Member{}, err
	}
	m, ok := FindMember(ms, userID)
	if !ok {
		return Member{}, &Error{Kind: KindNotFound, Op: "set the role of", Object: object, Host: c.Host(), Message: "the user is not a member of the team"}
	}
	if m.Role != role {
		msg := fmt.Sprintf("the server answered OK but kept the role %s instead of %s", roleName(m.Role), role)
		kind := KindNotApplied
		if m.Role == RoleOwner {
			kind = KindLastOwner
			msg += " (it silently keeps a team's last owner)"
		}
		return m, &Error{Kind: kind, Op: "set the role of", Object: object, Host: c.Host(), Message: msg}
	}
	return m, nil
}

// RemoveMember removes a membership; one that is already gone counts as
// removed. Removing a team's last owner is KindLastOwner.
func (c *Client) RemoveMember(ctx context.Context, teamID string, m Member) error {
	object := memberObject(teamID, m.UserID)
	err := c.a.RemoveTeamMember(ctx, teamID, m)
	c.invalidateTeams()
	switch {
	case err == nil, IsNotFound(err):
		return nil
	case c.caps.TeamRoles && (KindOf(err) == KindAlreadyExists || KindOf(err) == KindFailedPrecondition):
		e := c.errorOf(err, "remove", object)
		e.Kind = KindLastOwner
		return e
	default:
		return c.wrap(err, "remove", object)
	}
}

// Profiles returns organization members' profiles (v1), for emails.
func (c *Client) Profiles(ctx context.Context, userIDs []string) (map[string]Profile, error) {
	if !c.caps.Organizations || len(userIDs) == 0 {
		return map[string]Profile{}, nil
	}
	me, err := c.Whoami(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := c.a.Profiles(ctx, me.OrganizationID, userIDs)
	return ps, c.wrap(err, "read", "organization members")
}

// ---- tokens ----

func tokenObject(id string) string { return "personal access token " + id }

// listOwnTokens lists the caller's tokens, every page.
func (c *Client) listOwnTokens(ctx context.Context) ([]Token, error) {
	me, err := c.Whoami(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := c.a.ListTokens(ctx, []string{me.UserID})
	for i := range ts {
		if ts[i].UserID == "" {
			ts[i].UserID = me.UserID // Classic tokens do not say whose they are
		}
	}
	return ts, err
}

// Tokens lists the caller's tokens (every page), shared like team reads.
func (c *Client) Tokens(ctx context.Context) ([]Token, error) {
	ts, _, err := c.tokens.get(ctx, "", c.listOwnTokens)
	if err != nil {
		return nil, c.wrap(err, "list", "personal access tokens")
	}
	return slices.Clone(ts), nil
}

// TokensOf lists the tokens of the given users (v1; organization admins
// may list other users' tokens). Classic lists the caller's own.
func (c *Client) TokensOf(ctx context.Context, userIDs []string) ([]Token, error) {
	if len(userIDs) == 0 {
		return c.Tokens(ctx)
	}
	ts, err := c.a.ListTokens(ctx, userIDs)
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
			return Token{}, &Error{Kind: KindNotFound, Op: "read", Object: tokenObject(id), Host: c.Host(), Message: "the caller has no such token"}
		}
	}
	t, err := c.a.GetToken(ctx, id)
	return t, c.wrap(err, "read", tokenObject(id))
}

func (c *Client) invalidateTokens() { c.tokens.invalidate() }

// CreateToken creates a token for the caller and returns it with its value.
//
// Creates are serialised per name within the process, and the ids of the
// caller's tokens are noted before each create, so the new token can always
// be told apart: on v1, whose answer has no id, it is the one new token with
// that name. A create whose answer was lost is reconciled: on Classic the
// token it made is adopted and regenerated (to learn a value); on v1 it is
// deleted and created again. When the result has an ID and err is set, the
// token exists and must be saved (for example after an interrupt).
func (c *Client) CreateToken(ctx context.Context, spec TokenSpec) (Token, string, error) {
	object := fmt.Sprintf("personal access token %q", spec.Name)
	unlock, err := c.locks.lock(ctx, "token\x00"+spec.Name)
	if err != nil {
		return Token{}, "", c.wrap(err, "create", object)
	}
	defer unlock()
	me, err := c.Whoami(ctx)
	if err != nil {
		return Token{}, "", err
	}
	before, err := c.tokenIDs(ctx, me.UserID)
	if err != nil {
		return Token{}, "", c.wrap(err, "list personal access tokens before creating", object)
	}
	for attempt := 1; ; attempt++ {
		t, secret, cerr := c.a.CreateToken(transport.WithCreateCheck(ctx, func(ctx context.Context) (bool, error) {
			found, err := c.newTokens(ctx, me.UserID, spec, before)
			return len(found) > 0, err
		}), me.UserID, spec)
		c.invalidateTokens()
		if cerr != nil && !MayHaveBeenProcessed(cerr) {
			return Token{}, "", c.wrap(cerr, "create", object)
		}
		if t.UserID == "" {
			t.UserID = me.UserID
		}
		if cerr == nil && t.ID != "" {
			c.claim(t.ID)
			return t, secret, nil
		}
		// Either the answer has no id (v1), or it was lost: find the token.
		rctx, cancel := ctx, context.CancelFunc(func() {})
		if ctx.Err() != nil {
			rctx, cancel = c.reconcileContext(ctx)
		}
		found, ferr := c.newTokens(rctx, me.UserID, spec, before)
		cancel()
		if ferr != nil {
			msg := "listing tokens to find it failed: " + what(ferr)
			if cerr != nil {
				e := c.errorOf(cerr, "create", object)
				e.Hint = fmt.Sprintf("The call may have created the token, and %s. Look for a token named %q in Gitpod and delete it before applying again.", msg, spec.Name)
				return Token{}, "", e
			}
			return Token{}, "", &Error{Kind: KindAmbiguous, Op: "create", Object: object, Host: c.Host(), Message: "the token was created, but " + msg,
				Hint: fmt.Sprintf("Delete the token named %q in Gitpod, then apply again.", spec.Name)}
		}
		switch {
		case len(found) > 1:
			ids := make([]string, 0, len(found))
			for _, t := range found {
				ids = append(ids, t.ID)
			}
			return Token{}, "", &Error{Kind: KindAmbiguous, Op: "create", Object: object, Host: c.Host(),
				Message: fmt.Sprintf("%d new tokens named %q appeared while it ran: %s", len(found), spec.Name, List(ids)),
				Hint:    "Another client created tokens with the same name at the same time. Delete the extra ones in Gitpod, then apply again."}
		case len(found) == 0 && cerr != nil:
			// The create did not happen.
			return Token{}, "", c.wrap(cerr, "create", object)
		case len(found) == 0:
			return Token{}, "", &Error{Kind: KindNotApplied, Op: "create", Object: object, Host: c.Host(),
				Message: "the server answered OK but no new token with that name is listed", Hint: "Check the token list in Gitpod and apply again."}
		}
		t = found[0]
		c.claim(t.ID)
		if cerr == nil {
			// v1: the answer had the value; the listing gave the id.
			return t, secret, nil
		}
		tflog.Warn(ctx, "a personal access token was created but the answer was lost", map[string]any{"id": t.ID, "api": string(c.API())})
		if ctx.Err() != nil {
			// Interrupted after the create: save what exists. Its value
			// is unknown, so the next plan rotates it.
			return t, "", c.wrap(ctx.Err(), "create", object)
		}
		if c.caps.TokenRegenerate {
			nt, value, rerr := c.a.RegenerateToken(ctx, t.ID, spec.ExpiresAt)
			c.invalidateTokens()
			if rerr != nil {
				e := c.errorOf(rerr, "learn the value of", tokenObject(t.ID))
				e.Hint = "The token was created but its answer was lost, and regenerating it failed. It is saved in state without a value; the next apply replaces it."
				return t, "", e
			}
			if nt.UserID == "" {
				nt.UserID = me.UserID
			}
			return nt, value, nil
		}
		// v1 cannot regenerate: delete the token whose value was lost and
		// create it again, once.
		if derr := c.a.DeleteToken(ctx, t.ID); derr != nil && !IsNotFound(derr) {
			e := c.errorOf(derr, "delete", tokenObject(t.ID))
			e.Hint = fmt.Sprintf("The create answer was lost, so the token's value is unknown; deleting it failed. Delete token %s in Gitpod, then apply again.", t.ID)
			return Token{}, "", e
		}
		c.invalidateTokens()
		if attempt >= 2 {
			return Token{}, "", c.wrap(cerr, "create", object)
		}
		tflog.Warn(ctx, "deleted a personal access token whose value was lost; creating it again", map[string]any{"id": t.ID})
	}
}

func (c *Client) tokenIDs(ctx context.Context, userID string) (map[string]bool, error) {
	ts, err := c.a.ListTokens(ctx, []string{userID})
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(ts))
	for _, t := range ts {
		ids[t.ID] = true
	}
	return ids, nil
}

// newTokens lists the tokens with spec's name that did not exist before and
// that no other resource of this run holds.
func (c *Client) newTokens(ctx context.Context, userID string, spec TokenSpec, before map[string]bool) ([]Token, error) {
	ts, err := c.a.ListTokens(ctx, []string{userID})
	if err != nil {
		return nil, err
	}
	var out []Token
	for _, t := range ts {
		if t.Name == spec.Name && !before[t.ID] && !c.isClaimed(t.ID) {
			if t.UserID == "" {
				t.UserID = userID
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// RenameToken renames a Classic token in place (and keeps it full-access).
func (c *Client) RenameToken(ctx context.Context, id, name string) (Token, error) {
	if !c.caps.TokenRename {
		return Token{}, c.unsupported("rename", tokenObject(id), "renaming a token")
	}
	t, err := c.a.RenameToken(ctx, id, name)
	c.invalidateTokens()
	if err == nil && t.UserID == "" {
		if me, werr := c.Whoami(ctx); werr == nil {
			t.UserID = me.UserID
		}
	}
	return t, c.wrap(err, "update", tokenObject(id))
}

// RegenerateToken gives a Classic token a new value and expiry in place.
func (c *Client) RegenerateToken(ctx context.Context, id string, expires time.Time) (Token, string, error) {
	if !c.caps.TokenRegenerate {
		return Token{}, "", c.unsupported("regenerate", tokenObject(id), "regenerating a token")
	}
	t, v, err := c.a.RegenerateToken(ctx, id, expires)
	c.invalidateTokens()
	if err == nil && t.UserID == "" {
		if me, werr := c.Whoami(ctx); werr == nil {
			t.UserID = me.UserID
		}
	}
	return t, v, c.wrap(err, "rotate", tokenObject(id))
}

// DeleteToken deletes a token; one that is already gone counts as deleted.
func (c *Client) DeleteToken(ctx context.Context, id string) error {
	err := c.a.DeleteToken(ctx, id)
	c.invalidateTokens()
	if err != nil && !IsNotFound(err) {
		return c.wrap(err, "delete", tokenObject(id))
	}
	return nil
}

// ---- workspaces ----

// Workspace reads one workspace (environment on v1).
func (c *Client) Workspace(ctx context.Context, id string) (Workspace, error) {
	w, err := c.a.GetWorkspace(ctx, id)
	return w, c.wrap(err, "read", "workspace "+id)
}

// Workspaces calls visit with every page of the caller's workspaces.
func (c *Client) Workspaces(ctx context.Context, f WorkspaceFilter, visit func([]Workspace) error) (ListInfo, error) {
	info, err := c.a.ListWorkspaces(ctx, f, visit)
	return info, c.wrap(err, "list", "workspaces")
}

// StopWorkspace asks a workspace to stop; one that is not running is fine.
func (c *Client) StopWorkspace(ctx context.Context, id string) error {
	return c.wrap(c.a.StopWorkspace(ctx, id), "stop", "workspace "+id)
}
