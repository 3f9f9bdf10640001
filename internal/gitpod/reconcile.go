package gitpod

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/transport"
)

// Lost-create reconciliation, written once for every object the provider
// creates (teams, tokens, memberships, and whatever comes next).
//
// A create whose answer is lost (a dropped connection, a timeout, an
// interrupt) may still have made the object. The provider must neither
// lose it (an object that exists but is not in state) nor make it twice,
// nor take an object some other resource holds. So every create:
//
//  1. is serialised with the other creates of the same name in this
//     process (lockKey);
//  2. notes, when asked to (snapshot), which objects of that name exist
//     before it, so that only new ones can be its result;
//  3. runs with a create check: the one retry loop repeats a create the
//     server answered "unavailable" only after the check shows nothing was
//     made (transport.WithCreateCheck);
//  4. trusts an answer that carries the object's ID;
//  5. otherwise lists the candidates: objects that match, are new, and that
//     no other resource instance of this run has claimed. One candidate is
//     the result (claimed); none means the create did not happen (or, after
//     an OK, was not applied); several are an "ambiguous" error naming them.
//
// What follows a lost answer (reading the whole object, learning a token's
// value) is the caller's.

// creation describes one create. T is the model type (Team, Token, Member).
type creation[T any] struct {
	// what and plural name the kind of object for messages ("team").
	what, plural string
	// name is what the object is found by, for messages.
	name string
	// op and object say what failed in errors: "create", `team "x"`.
	op, object string
	// lockKey serialises the creates of one name within the process.
	lockKey string
	// snapshot: only objects that did not exist before the create can be
	// its result. Without it, an existing match is adopted (memberships).
	snapshot bool
	// claims: candidates must be unclaimed, and the result is claimed, so
	// that two resource instances never hold one object.
	claims bool
	// verify: a successful answer is checked against a listing too (an
	// answer that only echoes the request).
	verify bool
	// afterLost is the advice when the answer was lost and the listing
	// failed too ("import it if it exists", "delete it").
	afterLost string
	// notApplied is the message for an OK answer after which nothing
	// matching is listed, and notAppliedHint what to do then.
	notApplied, notAppliedHint string

	// list lists the objects the new one may be among.
	list func(ctx context.Context) ([]T, error)
	// id is an object's ID ("" when the answer lacks it).
	id func(T) string
	// match reports whether a listed object is the one being created.
	match func(T) bool
	// create makes the call.
	create func(ctx context.Context) (T, error)
	// settle reports whether a failed create may have made the object
	// anyway, so it is looked for; nil means MayHaveBeenProcessed.
	settle func(error) bool
	// after runs when the create call returns (to drop cached reads).
	after func()
}

// created is the result of a create.
type created[T any] struct {
	obj T
	// found: the object came from the listing, not from the answer.
	found bool
	// lost is the create's own failure when its answer was lost and the
	// object was found anyway.
	lost error
}

// reconcileCreate runs cr. When err is set and the returned object has an
// ID, the object exists and must be saved (an interrupt after it was made).
func reconcileCreate[T any](ctx context.Context, c *Client, cr creation[T]) (created[T], error) {
	var zero created[T]
	unlock, err := c.locks.lock(ctx, cr.lockKey)
	if err != nil {
		return zero, c.fail(err, cr.op, cr.object)
	}
	defer unlock()
	var before map[string]bool
	if cr.snapshot {
		objs, err := cr.list(ctx)
		if err != nil {
			return zero, c.fail(err, "list "+cr.plural+" before creating", cr.object)
		}
		before = make(map[string]bool, len(objs))
		for _, o := range objs {
			before[cr.id(o)] = true
		}
	}
	candidates := func(ctx context.Context) ([]T, error) {
		objs, err := cr.list(ctx)
		if err != nil {
			return nil, err
		}
		var out []T
		for _, o := range objs {
			id := cr.id(o)
			if cr.match(o) && !before[id] && (!cr.claims || !c.isClaimed(id)) {
				out = append(out, o)
			}
		}
		return out, nil
	}
	obj, err := cr.create(transport.WithCreateCheck(ctx, func(ctx context.Context) (bool, error) {
		found, err := candidates(ctx)
		return len(found) > 0, err
	}))
	if cr.after != nil {
		cr.after()
	}
	settle := cr.settle
	if settle == nil {
		settle = MayHaveBeenProcessed
	}
	switch {
	case err == nil && cr.id(obj) != "" && !cr.verify:
		if cr.claims {
			c.claim(cr.id(obj))
		}
		return created[T]{obj: obj}, nil
	case err != nil && !settle(err):
		return zero, c.fail(err, cr.op, cr.object)
	}
	return findCreated(ctx, c, cr, candidates, err)
}

// findCreated looks for the object of a create whose answer was lost
// (cause set) or lacked the ID.
func findCreated[T any](ctx context.Context, c *Client, cr creation[T], candidates func(context.Context) ([]T, error), cause error) (created[T], error) {
	var zero created[T]
	rctx, cancel := c.ShortContext(ctx)
	defer cancel()
	found, err := candidates(rctx)
	if err != nil {
		if cause != nil {
			return zero, c.fail(cause, cr.op, cr.object).WithHint(fmt.Sprintf(
				"The call may have created the %s, and listing %s to check failed too (%s). Look for a %s named %q in Gitpod before applying again; %s.",
				cr.what, cr.plural, what(err), cr.what, cr.name, cr.afterLost))
		}
		return zero, c.refuse(KindAmbiguous, cr.op, cr.object, fmt.Sprintf("the %s was created, but listing %s to find it failed: %s", cr.what, cr.plural, what(err))).
			WithHint(fmt.Sprintf("Look for the %s named %q in Gitpod; %s, then apply again.", cr.what, cr.name, cr.afterLost))
	}
	switch {
	case len(found) > 1:
		ids := make([]string, 0, len(found))
		for _, o := range found {
			ids = append(ids, cr.id(o))
		}
		return zero, c.refuse(KindAmbiguous, cr.op, cr.object, fmt.Sprintf("%d new %s named %q appeared while it ran: %s", len(found), cr.plural, cr.name, List(ids))).
			WithHint(fmt.Sprintf("Another client created %s with the same name at the same time. Delete the extra ones in Gitpod, then apply again.", cr.plural))
	case len(found) == 0 && cause != nil:
		return zero, c.fail(cause, cr.op, cr.object) // it did not happen
	case len(found) == 0:
		return zero, c.refuse(KindNotApplied, cr.op, cr.object, cr.notApplied).WithHint(cr.notAppliedHint)
	}
	obj := found[0]
	if cr.claims {
		c.claim(cr.id(obj))
	}
	if cause == nil {
		return created[T]{obj: obj, found: true}, nil
	}
	if ctx.Err() != nil {
		// Interrupted after the create: report it, with the object, so
		// that it is saved.
		return created[T]{obj: obj, found: true, lost: cause}, c.fail(ctx.Err(), cr.op, cr.object)
	}
	return created[T]{obj: obj, found: true, lost: cause}, nil
}

// ---- credentials ----

// secretCreate is the create of a credential whose value only its create
// answer shows (a personal access token, a service account token).
type secretCreate[T any] struct {
	// what names the kind of credential for logs ("personal access
	// token"); object is the new one in errors (`personal access token
	// "ci"`), objectOf an existing one by ID.
	what, object string
	objectOf     func(id string) string
	// create is one reconciled create, with the value when the answer
	// arrived.
	create func(ctx context.Context) (created[T], string, error)
	id     func(T) string
	// regenerate, where the API can, gives a found credential a new value
	// in place.
	regenerate func(ctx context.Context, obj T) (T, string, error)
	// remove deletes a found credential whose value is lost.
	remove func(ctx context.Context, id string) error
}

// createSecret runs a reconciled create of a credential. When its answer
// was lost but the credential was found, its value is unknown: it is
// regenerated where the API can, or else deleted and, once, created again.
// When that fails, the credential is returned with the error, so that it is
// saved (without a value) and not stranded; the next plan replaces it. The
// same holds for an interrupt after the create.
func createSecret[T any](ctx context.Context, c *Client, sc secretCreate[T]) (T, string, error) {
	for attempt := 1; ; attempt++ {
		res, value, err := sc.create(ctx)
		obj := res.obj
		if err != nil || res.lost == nil {
			return obj, value, err
		}
		id := sc.id(obj)
		tflog.Warn(ctx, "a "+sc.what+" was created but the answer was lost", map[string]any{"id": id, "api": string(c.API())})
		if sc.regenerate != nil {
			nobj, v, err := sc.regenerate(ctx, obj)
			if err != nil {
				return obj, "", c.fail(err, "learn the value of", sc.objectOf(id)).
					WithHint("The token was created but its answer was lost, and regenerating it failed. It is saved in state without a value; the next apply replaces it.")
			}
			return nobj, v, nil
		}
		if err := sc.remove(ctx, id); err != nil && !IsNotFound(err) {
			return obj, "", c.fail(err, "delete", sc.objectOf(id)).
				WithHint("The create answer was lost, so the token's value is unknown, and deleting it to make another failed. It is saved in state without a value; the next apply replaces it (and deletes it).")
		}
		if attempt >= 2 {
			var zero T
			return zero, "", c.fail(res.lost, "create", sc.object)
		}
		tflog.Warn(ctx, "deleted a "+sc.what+" whose value was lost; creating it again", map[string]any{"id": id})
	}
}

// ---- claims ----

// claim records that an object was created or adopted by this process. It
// reports false when it already was: two resource instances never share
// an object.
func (c *Client) claim(key string) bool {
	c.claimMu.Lock()
	defer c.claimMu.Unlock()
	if c.claimed[key] {
		return false
	}
	c.claimed[key] = true
	return true
}

// Claim records that a resource instance of this run manages the object
// named by key; it reports false when another instance already does.
func (c *Client) Claim(key string) bool { return c.claim(key) }

func (c *Client) isClaimed(key string) bool {
	c.claimMu.Lock()
	defer c.claimMu.Unlock()
	return c.claimed[key]
}
