package gitpod

import (
	"fmt"
	"regexp"
	"time"
)

// Feature is something only some API generations have. An adapter offers a
// feature by implementing the domain interface that carries it (a
// TeamRenamer renames teams) or by saying so in its domain's traits (a
// read-only token is a TokenTraits flag). The client learns what its adapter
// offers once, in discover, and Unavailable is the one place that words a
// feature's absence.
type Feature int

// The features that differ between API generations.
const (
	// FeatureTeamRename: teams are renamed in place (TeamRenamer).
	FeatureTeamRename Feature = iota + 1
	// FeatureTeamInvitation: teams have an invitation link (TeamInvitations).
	FeatureTeamInvitation
	// FeatureTeamRoles: team members have an owner/member role (MemberRoles).
	FeatureTeamRoles
	// FeatureTeamIncludesMembers: a team read returns its members.
	FeatureTeamIncludesMembers
	// FeatureMemberEmail: team members carry their email address.
	FeatureMemberEmail
	// FeatureTrustedMemberAnswers: the answers to adding a member and to
	// creating a team say what the server holds afterwards.
	FeatureTrustedMemberAnswers
	// FeatureOrganizations: the token acts in one organization, whose
	// teams, members and users' tokens it may see (OrganizationMembers).
	FeatureOrganizations
	// FeatureTokenRename: a token's name changes in place (TokenRenamer).
	FeatureTokenRename
	// FeatureTokenRegenerate: a token gets a new value in place, keeping
	// its ID (TokenRegenerator).
	FeatureTokenRegenerate
	// FeatureTokenReadOnly: tokens can be read-only.
	FeatureTokenReadOnly
	// FeatureTokenFixedExpiry: a token is asked for an absolute expiry
	// rather than a validity period.
	FeatureTokenFixedExpiry
	// FeatureTokensOfOthers: the caller may list other users' tokens.
	FeatureTokensOfOthers
	// FeatureWorkspaceListComplete: a workspace listing pages through
	// everything, rather than stopping at one page.
	FeatureWorkspaceListComplete
	// FeatureWorkspaceOrgFilter: workspaces are listed by organization.
	FeatureWorkspaceOrgFilter
	// FeatureArchivedWorkspaces: workspaces can be archived.
	FeatureArchivedWorkspaces
	// FeatureWorkspaceSearch: the server filters workspaces by a search
	// text.
	FeatureWorkspaceSearch
	// FeatureServiceAccounts: the organization has service accounts and
	// their tokens (ServiceAccounts).
	FeatureServiceAccounts
)

// featureTexts word each feature's absence: %[1]s is the API in use.
var featureTexts = map[Feature]string{
	FeatureTeamRename:            "%[1]s cannot rename a team",
	FeatureTeamInvitation:        "Teams of %[1]s have no invitation",
	FeatureTeamRoles:             "Teams of %[1]s have no roles",
	FeatureTeamIncludesMembers:   "Teams of %[1]s are read without their members",
	FeatureMemberEmail:           "Team members of %[1]s carry no email address",
	FeatureTrustedMemberAnswers:  "%[1]s answers a member's addition with the request, not with what it holds",
	FeatureOrganizations:         "%[1]s has no organizations",
	FeatureTokenRename:           "Tokens of %[1]s cannot be changed",
	FeatureTokenRegenerate:       "Tokens of %[1]s cannot be regenerated",
	FeatureTokenReadOnly:         "Tokens of %[1]s always have all the rights of their user; read-only tokens exist only on " + V1.Describe(),
	FeatureTokenFixedExpiry:      "Tokens of %[1]s are made for a validity period, not until a fixed time",
	FeatureTokensOfOthers:        "%[1]s lists only the provider's user's own tokens",
	FeatureWorkspaceListComplete: "%[1]s lists at most one page of workspaces",
	FeatureWorkspaceOrgFilter:    "%[1]s lists the environments of the token's organization",
	FeatureArchivedWorkspaces:    "%[1]s has no archived workspaces",
	FeatureWorkspaceSearch:       "%[1]s cannot search workspaces",
	FeatureServiceAccounts:       "%[1]s has no service accounts; they exist only on " + V1.Describe(),
}

// Limits are the values an API generation's rules depend on.
type Limits struct {
	// TeamNameMin and TeamNameMax bound team names, in characters (code
	// points), or in UTF-16 code units with TeamNameUTF16.
	TeamNameMin, TeamNameMax int
	TeamNameUTF16            bool
	// TokenMaxValidity is the longest validity a new token may have.
	TokenMaxValidity time.Duration
	// TokenNamePattern, when set, is the rule a token's name must follow;
	// TokenNameRule words it.
	TokenNamePattern *regexp.Regexp
	TokenNameRule    string
	// WorkspacePageSize is the most workspaces one listing call returns.
	WorkspacePageSize int
	// WorkspacePhases are the phases a workspace can be in.
	WorkspacePhases []string
	// ServiceAccountTokenMaxValidity is the longest validity a new
	// service account token may ask for.
	ServiceAccountTokenMaxValidity time.Duration
}

// features is what an adapter offers: its domains and its features.
type features struct {
	has    map[Feature]bool
	limits Limits

	teams      Teams
	renamer    TeamRenamer
	invites    TeamInvitations
	members    Members
	roles      MemberRoles
	orgMembers OrganizationMembers
	tokens     Tokens
	tokRenamer TokenRenamer
	regen      TokenRegenerator
	workspaces Workspaces

	serviceAccounts ServiceAccounts
}

// discover finds, once, what the adapter offers. It is the one place that
// asks an adapter which domains it implements.
func discover(a Adapter) features {
	f := features{has: map[Feature]bool{}}
	set := func(feat Feature, ok bool) {
		if ok {
			f.has[feat] = true
		}
	}
	var ok bool
	if f.teams, ok = a.(Teams); ok {
		t := f.teams.TeamTraits()
		f.limits.TeamNameMin, f.limits.TeamNameMax, f.limits.TeamNameUTF16 = t.NameMin, t.NameMax, t.NameUTF16
		set(FeatureTeamIncludesMembers, t.IncludesMembers)
	}
	f.renamer, ok = a.(TeamRenamer)
	set(FeatureTeamRename, ok)
	f.invites, ok = a.(TeamInvitations)
	set(FeatureTeamInvitation, ok)
	if f.members, ok = a.(Members); ok {
		t := f.members.MemberTraits()
		set(FeatureMemberEmail, t.Email)
		set(FeatureTrustedMemberAnswers, t.TrustedAnswers)
	}
	f.roles, ok = a.(MemberRoles)
	set(FeatureTeamRoles, ok)
	f.orgMembers, ok = a.(OrganizationMembers)
	set(FeatureOrganizations, ok)
	if f.tokens, ok = a.(Tokens); ok {
		t := f.tokens.TokenTraits()
		f.limits.TokenMaxValidity = t.MaxValidity
		f.limits.TokenNamePattern, f.limits.TokenNameRule = t.NamePattern, t.NameRule
		set(FeatureTokenReadOnly, t.ReadOnly)
		set(FeatureTokenFixedExpiry, t.FixedExpiry)
		set(FeatureTokensOfOthers, t.OfOthers)
	}
	f.tokRenamer, ok = a.(TokenRenamer)
	set(FeatureTokenRename, ok)
	f.regen, ok = a.(TokenRegenerator)
	set(FeatureTokenRegenerate, ok)
	if f.workspaces, ok = a.(Workspaces); ok {
		t := f.workspaces.WorkspaceTraits()
		f.limits.WorkspacePageSize, f.limits.WorkspacePhases = t.PageSize, t.Phases
		set(FeatureWorkspaceSearch, t.Search)
		set(FeatureWorkspaceListComplete, t.ListComplete)
		set(FeatureWorkspaceOrgFilter, t.OrganizationFilter)
		set(FeatureArchivedWorkspaces, t.Archived)
	}
	if f.serviceAccounts, ok = a.(ServiceAccounts); ok {
		f.limits.ServiceAccountTokenMaxValidity = f.serviceAccounts.ServiceAccountTraits().TokenMaxValidity
	}
	set(FeatureServiceAccounts, ok)
	return f
}

// Has reports whether the API in use offers a feature.
func (c *Client) Has(f Feature) bool { return c.f.has[f] }

// Limits are the API's limits.
func (c *Client) Limits() Limits { return c.f.limits }

// Unavailable says, in a sentence without a final period, that the API in
// use lacks a feature.
func (c *Client) Unavailable(f Feature) string { return Unavailable(c.API(), f) }

// Unavailable says, in a sentence without a final period, that api lacks a
// feature.
func Unavailable(api API, f Feature) string {
	text, ok := featureTexts[f]
	if !ok {
		return fmt.Sprintf("This is not available on %s", api.Describe())
	}
	return fmt.Sprintf(text, api.Describe())
}

// unsupported is the error for an operation on a feature the API lacks.
func (c *Client) unsupported(f Feature, op, object string) *Error {
	return c.refuse(KindUnsupported, op, object, c.Unavailable(f))
}

// Describe returns, without a connection, what an adapter offers: for
// documentation and schema descriptions, which exist before any API is
// contacted.
func Describe(a Adapter) (map[Feature]bool, Limits) {
	f := discover(a)
	return f.has, f.limits
}
