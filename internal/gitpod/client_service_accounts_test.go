package gitpod

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"connectrpc.com/connect"
)

// fakeServiceAccounts is a gitpod.v1-like adapter with one service account
// ("sa-1") whose tokens it keeps. Token calls must carry a live access token
// of that account, as the API requires.
type fakeServiceAccounts struct {
	bareAdapter
	now func() time.Time

	mu       sync.Mutex
	account  ServiceAccount
	access   map[string]time.Time // live access token values and their end
	minted   int
	tokens   []ServiceAccountToken
	values   map[string]string // token ID to value
	nextID   int
	creates  int
	failMint []error // errors of the next mints, in order
	dropNext bool    // the next create does the work and loses the answer
	revoke   bool    // refuse every access token once (as if revoked)
}

func newFakeServiceAccounts(now func() time.Time) *fakeServiceAccounts {
	return &fakeServiceAccounts{
		now:     now,
		account: ServiceAccount{ID: "sa-1", Name: "ci", ValidUntil: now().Add(365 * 24 * time.Hour)},
		access:  map[string]time.Time{},
		values:  map[string]string{},
	}
}

func (f *fakeServiceAccounts) ServiceAccountTraits() ServiceAccountTraits {
	return ServiceAccountTraits{TokenMaxValidity: time.Hour * 24 * 365 * 80, AccessTokenLifetime: 30 * time.Minute}
}

func (f *fakeServiceAccounts) CreateServiceAccount(context.Context, ServiceAccountSpec) (ServiceAccount, error) {
	return ServiceAccount{}, errors.New("not in this fake")
}

func (f *fakeServiceAccounts) GetServiceAccount(_ context.Context, id string) (ServiceAccount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id != f.account.ID {
		return ServiceAccount{}, connect.NewError(connect.CodeNotFound, errors.New("no such account"))
	}
	return f.account, nil
}

func (f *fakeServiceAccounts) ListServiceAccounts(context.Context, ServiceAccountFilter) ([]ServiceAccount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return []ServiceAccount{f.account}, nil
}

func (f *fakeServiceAccounts) UpdateServiceAccount(context.Context, string, *string, *string) (ServiceAccount, error) {
	return ServiceAccount{}, errors.New("not in this fake")
}

func (f *fakeServiceAccounts) DeleteServiceAccount(context.Context, string) error {
	return errors.New("not in this fake")
}

func (f *fakeServiceAccounts) ImpersonateServiceAccount(_ context.Context, id string) (AccessToken, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.failMint) > 0 {
		err := f.failMint[0]
		f.failMint = f.failMint[1:]
		return AccessToken{}, err
	}
	switch {
	case id != f.account.ID:
		return AccessToken{}, connect.NewError(connect.CodeNotFound, errors.New("no such account"))
	case f.account.Inactive(f.now()) != "":
		return AccessToken{}, connect.NewError(connect.CodeFailedPrecondition, errors.New("the account is "+f.account.Inactive(f.now())))
	}
	f.minted++
	v := fmt.Sprintf("access-token-%d-secret", f.minted)
	f.access[v] = f.now().Add(30 * time.Minute)
	return NewAccessToken(v), nil
}

// check refuses a call whose access token is not live.
func (f *fakeServiceAccounts) check(as AccessToken) error {
	end, ok := f.access[as.Reveal()]
	if f.revoke {
		f.revoke = false
		clear(f.access)
		ok = false
	}
	if !ok || !f.now().Before(end) {
		return connect.NewError(connect.CodeUnauthenticated, errors.New("the access token is not valid"))
	}
	return nil
}

func (f *fakeServiceAccounts) CreateServiceAccountToken(_ context.Context, as AccessToken, spec ServiceAccountTokenSpec) (ServiceAccountToken, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(as); err != nil {
		return ServiceAccountToken{}, "", err
	}
	f.creates++
	f.nextID++
	t := ServiceAccountToken{ID: fmt.Sprintf("tok-%d", f.nextID), ServiceAccountID: f.account.ID, Description: spec.Description, CreatedAt: f.now(), ExpiresAt: f.now().Add(spec.ValidFor)}
	f.tokens = append(f.tokens, t)
	f.values[t.ID] = "value-of-" + t.ID
	if f.dropNext {
		f.dropNext = false
		return ServiceAccountToken{}, "", errDropped
	}
	return t, f.values[t.ID], nil
}

func (f *fakeServiceAccounts) ListServiceAccountTokens(_ context.Context, as AccessToken) ([]ServiceAccountToken, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(as); err != nil {
		return nil, err
	}
	return append([]ServiceAccountToken(nil), f.tokens...), nil
}

func (f *fakeServiceAccounts) GetServiceAccountToken(_ context.Context, as AccessToken, id string) (ServiceAccountToken, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(as); err != nil {
		return ServiceAccountToken{}, err
	}
	for _, t := range f.tokens {
		if t.ID == id {
			return t, nil
		}
	}
	return ServiceAccountToken{}, connect.NewError(connect.CodeNotFound, errors.New("no such token"))
}

func (f *fakeServiceAccounts) DeleteServiceAccountToken(_ context.Context, as AccessToken, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check(as); err != nil {
		return err
	}
	for i, t := range f.tokens {
		if t.ID == id {
			f.tokens = append(f.tokens[:i], f.tokens[i+1:]...)
			return nil
		}
	}
	return connect.NewError(connect.CodeNotFound, errors.New("no such token"))
}

func (f *fakeServiceAccounts) mints() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.minted
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newServiceAccountClient(t *testing.T) (*Client, *fakeServiceAccounts, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	f := newFakeServiceAccounts(clock.Now)
	// No shared reads, so that every read reaches the fake.
	return NewClient(f, Options{CacheTTL: -1, Now: clock.Now}), f, clock
}

// TestAccessTokenKeptAndRenewed: one access token serves every call while
// more than five minutes of its thirty are left; then a new one is made.
func TestAccessTokenKeptAndRenewed(t *testing.T) {
	c, f, clock := newServiceAccountClient(t)
	ctx := t.Context()
	for range 3 {
		if _, err := c.ServiceAccountTokens(ctx, "sa-1"); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.mints(); n != 1 {
		t.Fatalf("%d access tokens for three calls, want 1", n)
	}
	clock.Advance(25*time.Minute - time.Second)
	if _, err := c.ServiceAccountTokens(ctx, "sa-1"); err != nil {
		t.Fatal(err)
	}
	if n := f.mints(); n != 1 {
		t.Fatalf("%d access tokens with more than five minutes left, want 1", n)
	}
	clock.Advance(time.Second)
	if _, err := c.ServiceAccountTokens(ctx, "sa-1"); err != nil {
		t.Fatal(err)
	}
	if n := f.mints(); n != 2 {
		t.Fatalf("%d access tokens with five minutes left, want a new one (2)", n)
	}
	if n := c.AccessTokensIssued(); n != 2 {
		t.Errorf("AccessTokensIssued = %d, want 2", n)
	}
}

// TestAccessTokenRefusedIsRenewedOnce: an access token the server refuses
// (unauthenticated) is replaced once and the call made again; a second
// refusal is the call's error.
func TestAccessTokenRefusedIsRenewedOnce(t *testing.T) {
	c, f, _ := newServiceAccountClient(t)
	ctx := t.Context()
	if _, err := c.ServiceAccountTokens(ctx, "sa-1"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.revoke = true
	f.mu.Unlock()
	if _, err := c.ServiceAccountTokens(ctx, "sa-1"); err != nil {
		t.Fatalf("the refused access token was not replaced: %v", err)
	}
	if n := f.mints(); n != 2 {
		t.Fatalf("%d access tokens, want 2", n)
	}
	// Every access token refused: one renewal, then the error.
	f.mu.Lock()
	f.failMint = nil
	f.mu.Unlock()
	refuseAll := &refusingServiceAccounts{fakeServiceAccounts: f}
	c2 := NewClient(refuseAll, Options{CacheTTL: -1, Now: f.now})
	_, err := c2.ServiceAccountTokens(ctx, "sa-1")
	if KindOf(err) != KindUnauthenticated {
		t.Fatalf("err = %v, want unauthenticated", err)
	}
	if refuseAll.calls != 2 {
		t.Errorf("%d calls, want the first and one after a new access token", refuseAll.calls)
	}
}

// refusingServiceAccounts refuses every access token.
type refusingServiceAccounts struct {
	*fakeServiceAccounts
	calls int
}

func (r *refusingServiceAccounts) ListServiceAccountTokens(context.Context, AccessToken) ([]ServiceAccountToken, error) {
	r.calls++
	return nil, connect.NewError(connect.CodeUnauthenticated, errors.New("no"))
}

// TestAccessTokenLostAnswerAskedAgain: an access token whose answer was
// lost is asked for once more (nobody holds the lost one, which ends by
// itself); a refusal is not repeated.
func TestAccessTokenLostAnswerAskedAgain(t *testing.T) {
	c, f, _ := newServiceAccountClient(t)
	f.failMint = []error{errDropped}
	if _, err := c.ServiceAccountTokens(t.Context(), "sa-1"); err != nil {
		t.Fatalf("a lost access token answer was not asked again: %v", err)
	}
	c, f, _ = newServiceAccountClient(t)
	f.failMint = []error{connect.NewError(connect.CodePermissionDenied, errors.New("only admins")), nil}
	_, err := c.ServiceAccountTokens(t.Context(), "sa-1")
	var ge *Error
	if !errors.As(err, &ge) || ge.Kind != KindPermissionDenied || ge.Op != opImpersonate || !strings.Contains(ge.Advice(), "only organization admins") {
		t.Fatalf("err = %#v, want permission denied acting as the account, with advice", err)
	}
	if n := f.mints(); n != 0 {
		t.Errorf("a refused impersonation was repeated")
	}
}

// TestAccessTokenShared: concurrent calls for one account make one access
// token: while one is being made, the others wait for it.
func TestAccessTokenShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		f := &gatedMint{fakeServiceAccounts: newFakeServiceAccounts(clock.Now), gate: make(chan struct{})}
		c := NewClient(f, Options{CacheTTL: -1, Now: clock.Now})
		var wg sync.WaitGroup
		// Deletes are not shared reads: each one asks for the access token.
		for i := range 10 {
			wg.Go(func() {
				if err := c.DeleteServiceAccountToken(context.Background(), "sa-1", fmt.Sprintf("gone-%d", i)); err != nil {
					t.Error(err)
				}
			})
		}
		synctest.Wait() // every call is blocked: in the mint, or waiting for it
		if n := f.entered.Load(); n != 1 {
			t.Errorf("%d calls are making an access token at once, want 1", n)
		}
		close(f.gate)
		wg.Wait()
		if n := f.mints(); n != 1 {
			t.Errorf("%d access tokens for ten concurrent calls, want 1", n)
		}
	})
}

// gatedMint holds every mint until gate is closed.
type gatedMint struct {
	*fakeServiceAccounts
	gate    chan struct{}
	entered atomic.Int64
}

func (g *gatedMint) ImpersonateServiceAccount(ctx context.Context, id string) (AccessToken, error) {
	g.entered.Add(1)
	<-g.gate
	return g.fakeServiceAccounts.ImpersonateServiceAccount(ctx, id)
}

// TestAccessTokenNeverFormatted: an access token formats as a placeholder
// however it is printed or marshalled.
func TestAccessTokenNeverFormatted(t *testing.T) {
	tok := NewAccessToken("access-token-value-secret")
	b, err := json.Marshal(map[string]any{"t": tok, "s": struct{ T AccessToken }{tok}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s %q", tok, tok, tok, tok, tok), fmt.Sprintf("%+v %#v", struct{ T AccessToken }{tok}, []AccessToken{tok}), string(b)} {
		if strings.Contains(s, "secret") {
			t.Errorf("the value shows in %s", s)
		}
	}
	if tok.Reveal() != "access-token-value-secret" {
		t.Error("Reveal does not give the value")
	}
}

// TestCreateServiceAccountTokenLostAnswer: a create whose answer is lost
// made a token whose value nobody knows: it is found by its description
// (only a new, unclaimed one), deleted, and made once more.
func TestCreateServiceAccountTokenLostAnswer(t *testing.T) {
	c, f, _ := newServiceAccountClient(t)
	ctx := t.Context()
	// An older token with the same description is not the new one.
	if _, _, err := c.CreateServiceAccountToken(ctx, "sa-1", ServiceAccountTokenSpec{Description: "ci", ValidFor: time.Hour}); err != nil {
		t.Fatal(err)
	}
	f.dropNext = true
	tok, value, err := c.CreateServiceAccountToken(ctx, "sa-1", ServiceAccountTokenSpec{Description: "ci", ValidFor: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ID != "tok-3" || value != "value-of-tok-3" {
		t.Errorf("got %s with value %q, want tok-3 and its value", tok.ID, value)
	}
	var ids []string
	for _, t := range f.tokens {
		ids = append(ids, t.ID)
	}
	if strings.Join(ids, ",") != "tok-1,tok-3" || f.creates != 3 {
		t.Errorf("the account holds %v after %d creates, want tok-1,tok-3 after 3: the lost one must be deleted", ids, f.creates)
	}
	if !c.isClaimed("tok-3") {
		t.Error("the new token is not claimed")
	}
}

// TestDeleteServiceAccountTokenOfDeadAccount: a token whose account is
// deleted or expired counts as deleted (nobody can act as the account, and
// the token authenticates nothing); other failures are errors.
func TestDeleteServiceAccountTokenOfDeadAccount(t *testing.T) {
	c, f, clock := newServiceAccountClient(t)
	ctx := t.Context()
	tok, _, err := c.CreateServiceAccountToken(ctx, "sa-1", ServiceAccountTokenSpec{Description: "ci", ValidFor: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteServiceAccountToken(ctx, "sa-1", "tok-unknown"); err != nil {
		t.Errorf("a token already gone: %v", err)
	}
	f.mu.Lock()
	f.account.ValidUntil = clock.Now().Add(time.Minute)
	f.mu.Unlock()
	c.forgetAccessToken("sa-1")
	clock.Advance(2 * time.Minute)
	if err := c.DeleteServiceAccountToken(ctx, "sa-1", tok.ID); err != nil {
		t.Errorf("a token of an expired account: %v", err)
	}
	f.mu.Lock()
	f.account.ValidUntil = clock.Now().Add(time.Hour)
	f.failMint = []error{connect.NewError(connect.CodePermissionDenied, errors.New("only admins"))}
	f.mu.Unlock()
	if err := c.DeleteServiceAccountToken(ctx, "sa-1", tok.ID); KindOf(err) != KindPermissionDenied {
		t.Errorf("a refused impersonation: %v, want permission denied", err)
	}
}

// TestServiceAccountsUnavailable: without the domain (Classic), every
// method is refused with the one wording, and the feature is absent.
func TestServiceAccountsUnavailable(t *testing.T) {
	c := NewClient(classicBare{}, Options{})
	if c.Has(FeatureServiceAccounts) {
		t.Fatal("a bare adapter offers service accounts")
	}
	want := "Gitpod Classic (gitpod.experimental.v1) has no service accounts; they exist only on today's Gitpod (gitpod.v1)"
	if got := c.Unavailable(FeatureServiceAccounts); got != want {
		t.Errorf("Unavailable = %q, want %q", got, want)
	}
	ctx := t.Context()
	_, err1 := c.ServiceAccount(ctx, "sa-1")
	_, err2 := c.ServiceAccounts(ctx, ServiceAccountFilter{})
	_, _, err3 := c.CreateServiceAccountToken(ctx, "sa-1", ServiceAccountTokenSpec{})
	err4 := c.DeleteServiceAccountToken(ctx, "sa-1", "t")
	_, err5 := c.CreateServiceAccount(ctx, ServiceAccountSpec{Name: "ci"})
	for i, err := range []error{err1, err2, err3, err4, err5} {
		if KindOf(err) != KindUnsupported || !strings.Contains(err.Error(), "the API in use does not support this") {
			t.Errorf("call %d: %v, want unsupported", i+1, err)
		}
	}
	if has, _ := Describe(&fakeServiceAccounts{}); !has[FeatureServiceAccounts] {
		t.Error("an adapter with the domain does not offer it")
	}
}

type classicBare struct{ bareAdapter }

func (classicBare) API() API { return Classic }
