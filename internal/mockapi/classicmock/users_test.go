package classicmock_test

import (
	"testing"
	"time"

	v1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/experimental/v1"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/mockapi"
)

func TestGetAuthenticatedUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := try(e.as(aliceTok).users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	if u.GetId() != aliceID || u.GetName() != "alice" || u.GetAvatarUrl() != "https://avatars.example/alice" || !u.GetCreatedAt().AsTime().Equal(since.Add(-24*time.Hour)) {
		t.Fatalf("user %v", u)
	}
	// Without a username, the full name.
	created := time.Date(2025, 5, 5, 0, 0, 0, 0, time.UTC)
	e.srv.AddUser(mockapi.UserFixture{Name: "Only Full", Email: "o@example.com", Token: "tok-full", CreatedAt: created})
	u = try(e.as("tok-full").users.GetAuthenticatedUser(bg, req(&v1.GetAuthenticatedUserRequest{}))).must(t).Msg.GetUser()
	if u.GetName() != "Only Full" || !u.GetCreatedAt().AsTime().Equal(created) {
		t.Fatalf("user %v", u)
	}
}
