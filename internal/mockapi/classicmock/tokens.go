package classicmock

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi/store"
)

// tokens is TokensService: the caller's Classic personal access tokens.
// Tokens of the gitpod.v1 generation authenticate here but are neither
// listed nor managed.
type tokens struct{ *base }

var tokenNamePattern = regexp.MustCompile(`^[a-zA-Z0-9-_ ]{3,63}$`)

// fullScopes is the only non-empty scope set a token may have, sorted.
var fullScopes = []string{"function:*", "resource:default"}

const (
	defaultTokenPageSize = 25
	maxTokenPageSize     = 100
)

// checkTokenName trims a name and checks it against the pattern.
func checkTokenName(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return "", errorf(connect.CodeInvalidArgument, "a token name is required")
	}
	if !tokenNamePattern.MatchString(n) {
		return "", errorf(connect.CodeInvalidArgument, "a token name must match %s: 3 to 63 letters, digits, '-', '_' or spaces", tokenNamePattern)
	}
	return n, nil
}

// checkScopes accepts no scopes, or both full-access scopes in any order.
func checkScopes(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	sorted := slices.Sorted(slices.Values(in))
	if !slices.Equal(sorted, fullScopes) {
		return nil, errorf(connect.CodeInvalidArgument, "scopes must be empty or exactly [%s]", strings.Join(fullScopes, ", "))
	}
	return sorted, nil
}

func checkExpiry(ts *timestamppb.Timestamp) error {
	if !ts.IsValid() {
		return errorf(connect.CodeInvalidArgument, "expirationTime is required and must be a valid timestamp")
	}
	return nil
}

// storedExpiry is an expiry as the real database keeps it: microseconds.
func storedExpiry(ts *timestamppb.Timestamp) time.Time {
	return ts.AsTime().UTC().Truncate(time.Microsecond)
}

// parseTokenID accepts every spelling uuid.Parse accepts and returns the
// canonical one.
func parseTokenID(id string) (string, error) {
	u, err := uuid.Parse(strings.TrimSpace(id))
	if err != nil {
		return "", errorf(connect.CodeInvalidArgument, "token id must be a UUID")
	}
	return u.String(), nil
}

// own returns the caller's live Classic token with that id. Mu held.
func (s *tokens) own(p store.Principal, id string) (*store.Token, error) {
	t := s.st.Token(id)
	if t == nil || t.UserID != p.UserID || t.Generation != store.Classic {
		return nil, errorf(connect.CodeNotFound, "personal access token %s does not exist", id)
	}
	return t, nil
}

// enterToken starts a handler on one of the caller's tokens: the id, then
// argErr (the handler's other argument checks, nil when none) are reported
// before the token is looked at; then, under the store's lock, the caller is
// resolved and the token found. The returned unlock releases the lock and
// must always be called.
func (s *tokens) enterToken(ctx context.Context, rawID string, argErr error) (*store.Token, func(), error) {
	id, err := parseTokenID(rawID)
	if err != nil {
		return nil, func() {}, err
	}
	if argErr != nil {
		return nil, func() {}, argErr
	}
	s.st.Mu.Lock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, s.st.Mu.Unlock, err
	}
	t, err := s.own(p, id)
	return t, s.st.Mu.Unlock, err
}

func tokenMessage(t *store.Token, value string) *v1.PersonalAccessToken {
	return &v1.PersonalAccessToken{
		Id:             t.ID,
		Value:          value,
		Name:           t.Name,
		ExpirationTime: timestamppb.New(t.ExpiresAt),
		Scopes:         slices.Clone(t.Scopes),
		CreatedAt:      timestamppb.New(t.CreatedAt),
	}
}

func (s *tokens) CreatePersonalAccessToken(ctx context.Context, req *connect.Request[v1.CreatePersonalAccessTokenRequest]) (*connect.Response[v1.CreatePersonalAccessTokenResponse], error) {
	in := req.Msg.GetToken()
	name, err := checkTokenName(in.GetName())
	if err != nil {
		return nil, err
	}
	if err := checkExpiry(in.GetExpirationTime()); err != nil {
		return nil, err
	}
	scopes, err := checkScopes(in.GetScopes())
	if err != nil {
		return nil, err
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	t := &store.Token{
		ID: s.st.NewID(), Generation: store.Classic, UserID: p.UserID, OrgID: p.OrgID, Name: name, Scopes: scopes,
		ExpiresAt: storedExpiry(in.GetExpirationTime()), CreatedAt: s.st.Tick(), CreatorID: p.UserID,
	}
	s.st.Tokens = append(s.st.Tokens, t)
	out := tokenMessage(t, s.st.Issue(t))
	// The answer echoes the requested expiry at full precision; later
	// reads return the stored one.
	out.ExpirationTime = timestamppb.New(in.GetExpirationTime().AsTime())
	return connect.NewResponse(&v1.CreatePersonalAccessTokenResponse{Token: out}), nil
}

func (s *tokens) GetPersonalAccessToken(ctx context.Context, req *connect.Request[v1.GetPersonalAccessTokenRequest]) (*connect.Response[v1.GetPersonalAccessTokenResponse], error) {
	t, unlock, err := s.enterToken(ctx, req.Msg.GetId(), nil)
	defer unlock()
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&v1.GetPersonalAccessTokenResponse{Token: tokenMessage(t, "")}), nil
}

func (s *tokens) ListPersonalAccessTokens(ctx context.Context, req *connect.Request[v1.ListPersonalAccessTokensRequest]) (*connect.Response[v1.ListPersonalAccessTokensResponse], error) {
	page, size := int64(1), int64(defaultTokenPageSize)
	if pg := req.Msg.GetPagination(); pg != nil {
		if pg.GetPage() > 0 {
			page = int64(pg.GetPage())
		}
		if pg.GetPageSize() > 0 && pg.GetPageSize() <= maxTokenPageSize {
			size = int64(pg.GetPageSize())
		}
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	var mine []*store.Token
	for _, t := range s.st.Tokens {
		if !t.Deleted && t.UserID == p.UserID && t.Generation == store.Classic {
			mine = append(mine, t)
		}
	}
	slices.SortStableFunc(mine, func(a, b *store.Token) int { return a.CreatedAt.Compare(b.CreatedAt) })
	out := &v1.ListPersonalAccessTokensResponse{TotalResults: int64(len(mine))}
	start := (page - 1) * size
	for i := start; i < start+size && i < int64(len(mine)); i++ {
		out.Tokens = append(out.Tokens, tokenMessage(mine[i], ""))
	}
	return connect.NewResponse(out), nil
}

func (s *tokens) RegeneratePersonalAccessToken(ctx context.Context, req *connect.Request[v1.RegeneratePersonalAccessTokenRequest]) (*connect.Response[v1.RegeneratePersonalAccessTokenResponse], error) {
	t, unlock, err := s.enterToken(ctx, req.Msg.GetId(), checkExpiry(req.Msg.GetExpirationTime()))
	defer unlock()
	if err != nil {
		return nil, err
	}
	value := s.st.Issue(t)
	t.ExpiresAt = storedExpiry(req.Msg.GetExpirationTime())
	out := tokenMessage(t, value)
	out.ExpirationTime = timestamppb.New(req.Msg.GetExpirationTime().AsTime())
	return connect.NewResponse(&v1.RegeneratePersonalAccessTokenResponse{Token: out}), nil
}

func (s *tokens) UpdatePersonalAccessToken(ctx context.Context, req *connect.Request[v1.UpdatePersonalAccessTokenRequest]) (*connect.Response[v1.UpdatePersonalAccessTokenResponse], error) {
	in := req.Msg.GetToken()
	id, err := parseTokenID(in.GetId())
	if err != nil {
		return nil, err
	}
	mask := &fieldmaskpb.FieldMask{}
	if m := req.Msg.GetUpdateMask(); m != nil {
		mask.Paths = slices.Clone(m.GetPaths())
	}
	mask.Normalize()
	if !mask.IsValid(&v1.PersonalAccessToken{}) {
		return nil, errorf(connect.CodeInvalidArgument, "the update mask names a field PersonalAccessToken does not have")
	}
	updatable := &fieldmaskpb.FieldMask{Paths: []string{"name", "scopes"}}
	if len(mask.GetPaths()) == 0 {
		mask = updatable
	}

	s.st.Mu.Lock()
	defer s.st.Mu.Unlock()
	p, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	// Fields outside name and scopes are valid paths but not updatable:
	// they are dropped. The values are checked only now, as on the real
	// server.
	var name *string
	var scopes *[]string
	for _, path := range fieldmaskpb.Intersect(mask, updatable).GetPaths() {
		switch path {
		case "name":
			n, err := checkTokenName(in.GetName())
			if err != nil {
				return nil, err
			}
			name = &n
		case "scopes":
			sc, err := checkScopes(in.GetScopes())
			if err != nil {
				return nil, err
			}
			scopes = &sc
		}
	}
	t, err := s.own(p, id)
	if err != nil {
		return nil, err
	}
	if name != nil {
		t.Name = *name
	}
	if scopes != nil {
		t.Scopes = *scopes
	}
	return connect.NewResponse(&v1.UpdatePersonalAccessTokenResponse{Token: tokenMessage(t, "")}), nil
}

func (s *tokens) DeletePersonalAccessToken(ctx context.Context, req *connect.Request[v1.DeletePersonalAccessTokenRequest]) (*connect.Response[v1.DeletePersonalAccessTokenResponse], error) {
	t, unlock, err := s.enterToken(ctx, req.Msg.GetId(), nil)
	defer unlock()
	if err != nil {
		return nil, err
	}
	t.Deleted = true
	return connect.NewResponse(&v1.DeletePersonalAccessTokenResponse{}), nil
}
