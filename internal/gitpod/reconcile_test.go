package gitpod

import (
	"context"
	"errors"
	"strings"
	"testing"

	"connectrpc.com/connect"
)

// bareAdapter is an Adapter with no domain: the reconciler needs none.
type bareAdapter struct{}

func (bareAdapter) API() API                                 { return V1 }
func (bareAdapter) Host() string                             { return "https://gitpod.test" }
func (bareAdapter) Whoami(context.Context) (Identity, error) { return Identity{UserID: "me"}, nil }

// fakeObjects is a server-side list of objects named by "id:name"; create
// answers as the case says.
type fakeObjects struct {
	objects []string
	lists   int
	fail    map[int]error // the listing with this number (from 1) fails
}

func (f *fakeObjects) list(context.Context) ([]string, error) {
	f.lists++
	if err := f.fail[f.lists]; err != nil {
		return nil, err
	}
	return append([]string(nil), f.objects...), nil
}

func idOf(o string) string   { id, _, _ := strings.Cut(o, ":"); return id }
func nameOf(o string) string { _, n, _ := strings.Cut(o, ":"); return n }

var (
	errDropped = errors.New("connection reset after the request was sent") // may have been processed
	errExists  = connect.NewError(connect.CodeAlreadyExists, errors.New("name taken"))
)

// TestReconcileCreate runs the one lost-create reconciliation through each
// of its outcomes.
func TestReconcileCreate(t *testing.T) {
	cases := []struct {
		name     string
		before   []string // objects before the create
		makes    string   // what the create makes ("" nothing)
		also     string   // what another client makes at the same time
		answer   string   // what its answer says ("" = what it made, "-" = no id)
		err      error    // its error
		snapshot bool     //
		claimed  []string // ids other instances hold
		verify   bool     //
		fail     map[int]error
		want     string // the result's id
		wantLost bool   //
		wantKind Kind   // KindUnknown = no error
		wantMsg  string // part of the error
		lists    int    // listings made
		creates  int    // create calls made
	}{
		{name: "answer with an id is trusted", snapshot: true, makes: "t2:x", want: "t2", lists: 1},
		{name: "answer without an id: the listing finds it", snapshot: true, makes: "t2:x", answer: "-", want: "t2", lists: 2},
		{name: "lost answer, made: found and marked lost", snapshot: true, makes: "t2:x", err: errDropped, want: "t2", wantLost: true, lists: 2},
		{name: "lost answer, not made: the create's error", snapshot: true, err: errDropped, wantKind: KindNetwork, lists: 2},
		{name: "refused: no listing after", snapshot: true, err: errExists, wantKind: KindAlreadyExists, lists: 1},
		{name: "an object that existed before is not the new one", snapshot: true, before: []string{"t1:x"}, err: errDropped, wantKind: KindNetwork, lists: 2},
		{name: "without a snapshot an existing match is adopted", before: []string{"t1:x"}, err: errDropped, want: "t1", wantLost: true, lists: 1},
		{name: "a claimed object is not the new one", snapshot: true, makes: "t2:x", answer: "-", claimed: []string{"t2"}, wantKind: KindNotApplied, lists: 2},
		{name: "two candidates are ambiguous", snapshot: true, before: []string{"t1:y"}, makes: "t2:x", answer: "-", also: "t3:x", wantKind: KindAmbiguous, wantMsg: "t2 and t3", lists: 2},
		{name: "OK without the object listed: not applied", snapshot: true, answer: "-", wantKind: KindNotApplied, lists: 2},
		{name: "lost and the listing fails: the create's error with advice", snapshot: true, makes: "t2:x", err: errDropped, fail: map[int]error{2: errDropped}, wantKind: KindNetwork, wantMsg: "listing objects to check failed too", lists: 2},
		{name: "no id and the listing fails: ambiguous", snapshot: true, makes: "t2:x", answer: "-", fail: map[int]error{2: errDropped}, wantKind: KindAmbiguous, wantMsg: "listing objects to find it failed", lists: 2},
		{name: "snapshot fails: nothing is created", snapshot: true, makes: "t2:x", fail: map[int]error{1: errDropped}, wantKind: KindNetwork, wantMsg: "list objects before creating", lists: 1},
		{name: "verify checks an OK answer", makes: "t2:x", verify: true, want: "t2", lists: 1},
		{name: "verify catches an OK that did nothing", verify: true, wantKind: KindNotApplied, lists: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClient(bareAdapter{}, Options{})
			for _, id := range tc.claimed {
				c.claim(id)
			}
			srv := &fakeObjects{objects: append([]string(nil), tc.before...), fail: tc.fail}
			creates := 0
			res, err := reconcileCreate(t.Context(), c, creation[string]{
				what: "object", plural: "objects", name: "x", op: "create", object: `object "x"`,
				lockKey: "x", snapshot: tc.snapshot, claims: true, verify: tc.verify,
				afterLost: "delete it", notApplied: "nothing new is listed",
				list:  srv.list,
				id:    idOf,
				match: func(o string) bool { return nameOf(o) == "x" },
				create: func(context.Context) (string, error) {
					creates++
					if tc.makes != "" {
						srv.objects = append(srv.objects, tc.makes)
					}
					if tc.also != "" {
						srv.objects = append(srv.objects, tc.also)
					}
					switch tc.answer {
					case "":
						return tc.makes, tc.err
					case "-":
						return "", tc.err
					default:
						return tc.answer, tc.err
					}
				},
			})
			wantCreates := 1
			if tc.snapshot && tc.fail[1] != nil {
				wantCreates = 0
			}
			if creates != wantCreates {
				t.Errorf("%d creates, want %d", creates, wantCreates)
			}
			if srv.lists != tc.lists {
				t.Errorf("%d listings, want %d", srv.lists, tc.lists)
			}
			if tc.wantKind != KindUnknown {
				if KindOf(err) != tc.wantKind {
					t.Fatalf("error %v (kind %d), want kind %d", err, KindOf(err), tc.wantKind)
				}
				var ge *Error
				if !errors.As(err, &ge) {
					t.Fatalf("%v is not an *Error", err)
				}
				if !strings.Contains(ge.Error()+" "+ge.Advice(), tc.wantMsg) {
					t.Errorf("error %q (advice %q) does not say %q", err, ge.Advice(), tc.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if idOf(res.obj) != tc.want || (res.lost != nil) != tc.wantLost {
				t.Errorf("got %q lost=%v, want %q lost=%v", res.obj, res.lost, tc.want, tc.wantLost)
			}
			if !c.isClaimed(tc.want) {
				t.Errorf("%s is not claimed", tc.want)
			}
		})
	}
}

// TestReconcileInterruptedKeepsTheObject: an interrupt after a lost create
// returns the object it made with the interrupt, so that it is saved.
func TestReconcileInterruptedKeepsTheObject(t *testing.T) {
	c := NewClient(bareAdapter{}, Options{})
	srv := &fakeObjects{}
	ctx, cancel := context.WithCancel(t.Context())
	res, err := reconcileCreate(ctx, c, creation[string]{
		what: "object", plural: "objects", name: "x", op: "create", object: `object "x"`,
		lockKey: "x", snapshot: true, claims: true,
		list: srv.list, id: idOf, match: func(o string) bool { return nameOf(o) == "x" },
		create: func(context.Context) (string, error) {
			srv.objects = append(srv.objects, "t9:x")
			cancel() // Ctrl-C while the answer is on its way
			return "", context.Canceled
		},
	})
	if KindOf(err) != KindCanceled {
		t.Fatalf("error %v, want the interrupt", err)
	}
	if res.obj != "t9:x" || res.lost == nil {
		t.Fatalf("got %q lost=%v, want the object that was made", res.obj, res.lost)
	}
}
