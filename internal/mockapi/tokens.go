package mockapi

import (
	"context"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

type tokensService struct{ s *Server }

const maxTokenNameLength = 255

// visiblePAT returns one of the caller's tokens; other users' tokens are not found.
func (s *Server) visiblePAT(caller, id string) (*pat, error) {
	if err := requireUUID("id", id); err != nil {
		return nil, err
	}
	for _, p := range s.pats {
		if p.msg.GetId() == id && p.owner == caller {
			return p, nil
		}
	}
	return nil, notFound("personal access token %s not found", id)
}

func (s *Server) checkExpiry(ts *timestamppb.Timestamp) error {
	if ts == nil {
		return invalid("expiration_time is required")
	}
	if err := ts.CheckValid(); err != nil {
		return invalid("expiration_time: %v", err)
	}
	if !ts.AsTime().After(s.now()) {
		return invalid("expiration_time must be in the future")
	}
	return nil
}

func checkTokenName(name string) error {
	if strings.TrimSpace(name) == "" {
		return invalid("token.name is required")
	}
	if len(name) > maxTokenNameLength {
		return invalid("token.name must be at most %d characters", maxTokenNameLength)
	}
	return nil
}

// issue sets a fresh secret on p and returns the answer that carries it.
func (s *Server) issue(p *pat) *gitpodv1.PersonalAccessToken {
	p.value = newSecret()
	p.msg.Hash = hashOf(p.value)
	s.issued = append(s.issued, p.value)
	out := proto.CloneOf(p.msg)
	out.Value = p.value
	return out
}

func (ts tokensService) CreatePersonalAccessToken(ctx context.Context, req *connect.Request[gitpodv1.CreatePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.CreatePersonalAccessTokenResponse], error) {
	s := ts.s
	in := req.Msg.GetToken()
	if in == nil {
		return nil, invalid("token is required")
	}
	if err := checkTokenName(in.GetName()); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkExpiry(in.GetExpirationTime()); err != nil {
		return nil, err
	}
	p := &pat{owner: callerOf(ctx), msg: &gitpodv1.PersonalAccessToken{
		Id:             uuid.NewString(),
		Name:           in.GetName(),
		Description:    in.GetDescription(),
		ExpirationTime: in.GetExpirationTime(),
		Scopes:         append([]string(nil), in.GetScopes()...),
		CreatedAt:      timestamppb.New(s.now()),
	}}
	s.pats = append(s.pats, p)
	return connect.NewResponse(&gitpodv1.CreatePersonalAccessTokenResponse{Token: s.issue(p)}), nil
}

func (ts tokensService) GetPersonalAccessToken(ctx context.Context, req *connect.Request[gitpodv1.GetPersonalAccessTokenRequest]) (*connect.Response[gitpodv1.GetPersonalAccessTokenResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.visiblePAT(callerOf(ctx), req.Msg.GetId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&gitpodv1.GetPersonalAccessTokenResponse{Token: proto.CloneOf(p.msg)}), nil
}

func (ts tokensService) ListPersonalAccessTokens(ctx context.Context, _ *connect.Request[gitpodv1.ListPersonalAccessTokensRequest]) (*connect.Response[gitpodv1.ListPersonalAccessTokensResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := callerOf(ctx)
	out := &gitpodv1.ListPersonalAccessTokensResponse{}
	for _, p := range s.pats {
		if p.owner == caller {
			out.Tokens = append(out.Tokens, proto.CloneOf(p.msg))
		}
	}
	return connect.NewResponse(out), nil
}

func (ts tokensService) RegeneratePersonalAccessToken(ctx context.Context, req *connect.Request[gitpodv1.RegeneratePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.RegeneratePersonalAccessTokenResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.visiblePAT(callerOf(ctx), req.Msg.GetId())
	if err != nil {
		return nil, err
	}
	if err := s.checkExpiry(req.Msg.GetExpirationTime()); err != nil {
		return nil, err
	}
	p.msg.ExpirationTime = req.Msg.GetExpirationTime()
	return connect.NewResponse(&gitpodv1.RegeneratePersonalAccessTokenResponse{Token: s.issue(p)}), nil
}

func (ts tokensService) UpdatePersonalAccessToken(ctx context.Context, req *connect.Request[gitpodv1.UpdatePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.UpdatePersonalAccessTokenResponse], error) {
	s := ts.s
	in := req.Msg.GetToken()
	paths := req.Msg.GetUpdateMask().GetPaths()
	if len(paths) == 0 {
		return nil, invalid("update_mask must name at least one field")
	}
	for _, path := range paths {
		switch path {
		case "name":
			if err := checkTokenName(in.GetName()); err != nil {
				return nil, err
			}
		case "description", "scopes":
		default:
			return nil, invalid("update_mask: field %q cannot be updated (allowed: name, description, scopes)", path)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.visiblePAT(callerOf(ctx), in.GetId())
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		switch path {
		case "name":
			p.msg.Name = in.GetName()
		case "description":
			p.msg.Description = in.GetDescription()
		case "scopes":
			p.msg.Scopes = append([]string(nil), in.GetScopes()...)
		}
	}
	return connect.NewResponse(&gitpodv1.UpdatePersonalAccessTokenResponse{Token: proto.CloneOf(p.msg)}), nil
}

func (ts tokensService) DeletePersonalAccessToken(ctx context.Context, req *connect.Request[gitpodv1.DeletePersonalAccessTokenRequest]) (*connect.Response[gitpodv1.DeletePersonalAccessTokenResponse], error) {
	s := ts.s
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.visiblePAT(callerOf(ctx), req.Msg.GetId())
	if err != nil {
		return nil, err
	}
	s.removePAT(p.msg.GetId())
	return connect.NewResponse(&gitpodv1.DeletePersonalAccessTokenResponse{}), nil
}

func (s *Server) removePAT(id string) bool {
	for i, p := range s.pats {
		if p.msg.GetId() == id {
			s.pats = append(s.pats[:i], s.pats[i+1:]...)
			return true
		}
	}
	return false
}
