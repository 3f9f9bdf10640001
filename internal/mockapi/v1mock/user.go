package v1mock

import (
	"context"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// organizationTier is what GetAuthenticatedIdentity reports. The field is
// a free string on the wire; its real values are not public (inferred).
const organizationTier = "enterprise"

// defaultValidFor is a new token's lifetime when valid_for is unset or
// zero. Inferred: the server's default is not public; 30 days is the
// SDK's example and the UI's shortest choice.
const defaultValidFor = 30 * 24 * time.Hour

func ts(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// GetAuthenticatedIdentity answers who the caller is and where it acts.
func (s *service) GetAuthenticatedIdentity(_ context.Context, req *connect.Request[gitpodv1.GetAuthenticatedIdentityRequest]) (*connect.Response[gitpodv1.GetAuthenticatedIdentityResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	c, err := s.enter(req.Header(), read, nil)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetAuthenticatedIdentityResponse{
		Subject:          c.subject(),
		OrganizationId:   c.org.ID,
		OrganizationTier: organizationTier,
	}), nil
}

// userMsg is a user as a member of an organization: the status is the
// membership's, so that it equals OrganizationMember.status (the vendor's
// Terraform provider refuses a difference between the two).
func userMsg(u *store.User, m *store.OrgMember, orgID string) *gitpodv1.User {
	return &gitpodv1.User{
		Id:             u.ID,
		OrganizationId: orgID,
		Name:           u.Name,
		AvatarUrl:      u.AvatarURL,
		CreatedAt:      ts(u.CreatedAt),
		Status:         userStatus(m),
		Email:          u.Email,
	}
}

// GetAuthenticatedUser returns the caller.
func (s *service) GetAuthenticatedUser(_ context.Context, req *connect.Request[gitpodv1.GetAuthenticatedUserRequest]) (*connect.Response[gitpodv1.GetAuthenticatedUserResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	c, err := s.enter(req.Header(), read, nil)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetAuthenticatedUserResponse{User: userMsg(c.user, c.member, c.org.ID)}), nil
}

// GetUser returns a member of the caller's organization, one who left
// included, if the caller may see it (visibleTo); anyone else is not
// found.
func (s *service) GetUser(_ context.Context, req *connect.Request[gitpodv1.GetUserRequest]) (*connect.Response[gitpodv1.GetUserResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("user_id", req.Msg.GetUserId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	u := s.st.User(req.Msg.GetUserId())
	var m *store.OrgMember
	if u != nil {
		m = c.org.Record(u.ID)
	}
	if m == nil || !visibleTo(c, m) {
		return nil, notFound("user %s not found", req.Msg.GetUserId())
	}
	return connect.NewResponse(&gitpodv1.GetUserResponse{User: userMsg(u, m, c.org.ID)}), nil
}

func tokenMsg(t *store.Token) *gitpodv1.PersonalAccessToken {
	creator := t.CreatorID
	if creator == "" {
		creator = t.UserID
	}
	return &gitpodv1.PersonalAccessToken{
		Id:          t.ID,
		UserId:      t.UserID,
		Description: t.Name,
		Creator:     subject(creator),
		CreatedAt:   ts(t.CreatedAt),
		ExpiresAt:   ts(t.ExpiresAt),
		LastUsed:    ts(t.LastUsed),
		ReadOnly:    t.ReadOnly,
	}
}

// CreatePersonalAccessToken makes a token for the caller; the answer holds
// only its value.
func (s *service) CreatePersonalAccessToken(_ context.Context, req *connect.Request[gitpodv1.CreatePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.CreatePersonalAccessTokenResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("user_id", req.Msg.GetUserId())
	v.validFor("valid_for", req.Msg.GetValidFor())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	// Inferred: nobody, admins included, makes tokens for someone else
	// (service accounts are the way to get tokens for automation).
	if req.Msg.GetUserId() != c.UserID {
		return nil, permissionDenied("user_id: personal access tokens can only be created for the caller (%s)", c.UserID)
	}
	lifetime := req.Msg.GetValidFor().AsDuration()
	if req.Msg.GetValidFor() == nil || lifetime == 0 {
		lifetime = defaultValidFor
	}
	now := s.st.Tick()
	t := &store.Token{
		ID:         s.st.NewID(),
		Generation: store.V1,
		UserID:     c.UserID,
		OrgID:      c.org.ID,
		Name:       req.Msg.GetDescription(),
		ReadOnly:   req.Msg.GetReadOnly(),
		ExpiresAt:  now.Add(lifetime),
		CreatedAt:  now,
		CreatorID:  c.UserID,
	}
	s.st.Tokens = append(s.st.Tokens, t)
	return connect.NewResponse(&gitpodv1.CreatePersonalAccessTokenResponse{Token: s.st.Issue(t)}), nil
}

// visibleToken returns a live gitpod.v1 token of the caller's
// organization that the caller may see: its own, or any when an admin.
// Inferred: admins can read (not delete) members' tokens; others' tokens
// are not found.
func (s *service) visibleToken(c *caller, id string) *store.Token {
	t := s.st.Token(id)
	if t == nil || t.Generation != store.V1 || t.OrgID != c.org.ID {
		return nil
	}
	if t.UserID != c.UserID && !c.admin() {
		return nil
	}
	return t
}

// GetPersonalAccessToken returns a token without its value.
func (s *service) GetPersonalAccessToken(_ context.Context, req *connect.Request[gitpodv1.GetPersonalAccessTokenRequest]) (*connect.Response[gitpodv1.GetPersonalAccessTokenResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("personal_access_token_id", req.Msg.GetPersonalAccessTokenId())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	t := s.visibleToken(c, req.Msg.GetPersonalAccessTokenId())
	if t == nil {
		return nil, notFound("personal access token %s not found", req.Msg.GetPersonalAccessTokenId())
	}
	return connect.NewResponse(&gitpodv1.GetPersonalAccessTokenResponse{Pat: tokenMsg(t)}), nil
}

// DeletePersonalAccessToken revokes one of the caller's tokens.
func (s *service) DeletePersonalAccessToken(_ context.Context, req *connect.Request[gitpodv1.DeletePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.DeletePersonalAccessTokenResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.uuid("personal_access_token_id", req.Msg.GetPersonalAccessTokenId())
	c, err := s.enter(req.Header(), write, v.err())
	if err != nil {
		return nil, err
	}
	t := s.visibleToken(c, req.Msg.GetPersonalAccessTokenId())
	if t == nil {
		return nil, notFound("personal access token %s not found", req.Msg.GetPersonalAccessTokenId())
	}
	if t.UserID != c.UserID {
		return nil, permissionDenied("only the owner of personal access token %s may delete it", t.ID)
	}
	t.Deleted = true
	return connect.NewResponse(&gitpodv1.DeletePersonalAccessTokenResponse{}), nil
}

// ListPersonalAccessTokens lists gitpod.v1 tokens, oldest first: the
// caller's by default, or those of filter.user_ids.
func (s *service) ListPersonalAccessTokens(_ context.Context, req *connect.Request[gitpodv1.ListPersonalAccessTokensRequest]) (*connect.Response[gitpodv1.ListPersonalAccessTokensResponse], error) {
	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	var v violations
	v.pagination(req.Msg.GetPagination())
	v.uuids("filter.user_ids", req.Msg.GetFilter().GetUserIds())
	c, err := s.enter(req.Header(), read, v.err())
	if err != nil {
		return nil, err
	}
	users := map[string]bool{}
	for _, id := range req.Msg.GetFilter().GetUserIds() {
		// Inferred: listing someone else's tokens needs the admin role.
		if id != c.UserID && !c.admin() {
			return nil, permissionDenied("filter.user_ids: only organization admins may list other users' personal access tokens")
		}
		users[id] = true
	}
	if len(users) == 0 {
		users[c.UserID] = true
	}
	var entries []entry[*store.Token]
	for _, t := range s.st.Tokens {
		if t.Deleted || t.Generation != store.V1 || t.OrgID != c.org.ID || !users[t.UserID] {
			continue
		}
		entries = append(entries, entry[*store.Token]{key: sortKey{timeKey(t.CreatedAt), t.ID}, item: t})
	}
	sc := scope("ListPersonalAccessTokens", c, req.Msg.GetFilter())
	pg, err := paginate(s.pages, sc, req.Msg.GetPagination(), false, entries, order())
	if err != nil {
		return nil, err
	}
	out := &gitpodv1.ListPersonalAccessTokensResponse{Pagination: pg.resp}
	for _, t := range pg.items {
		out.PersonalAccessTokens = append(out.PersonalAccessTokens, tokenMsg(t))
	}
	return connect.NewResponse(out), nil
}
