package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// What the two token resources, gitpod_personal_access_token and
// gitpod_service_account_token, share: the rotation rules and their
// wording (decideRotation, planRotation, keepToken), the create-then-delete
// rotation with pending revocations (replaceToken), and the attributes that
// carry them. Each resource's model points at its own attributes (tokenRefs).

// tokenRefs points at the attributes of a token resource's model that the
// shared code reads and writes.
type tokenRefs struct {
	ID                 *types.String
	ExpiresInDays      *types.Int64
	RotateBeforeDays   *types.Int64
	RotationTriggers   *types.Map
	Token              *types.String
	PendingRevocations *types.List
	CreatedAt          *timetypes.RFC3339
	// Expiry is when the token stops working (valid_until, expires_at).
	Expiry *timetypes.RFC3339
}

// tokenModel is a token resource's model.
type tokenModel interface {
	refs() tokenRefs
	// label names the token for people: Token "ci" (id).
	label() string
}

// tokenKind is what differs in the wording of the two token resources.
type tokenKind struct {
	// title is the kind in warning summaries ("Personal access token").
	title string
	// typeName is the resource type, for messages.
	typeName string
}

var (
	personalTokenKind       = tokenKind{title: "Personal access token", typeName: "gitpod_personal_access_token"}
	serviceAccountTokenKind = tokenKind{title: "Service account token", typeName: "gitpod_service_account_token"}
)

// lostCreateValue is why a token saved after a lost create answer has no
// value.
const lostCreateValue = "the answer of its creation was lost, so its value is unknown"

// ---- schema ----

func rotateBeforeDaysAttribute(description string, vs ...validator.Int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		Description: "Rotate the token when a plan runs this many days or fewer before it expires. Must be smaller than `expires_in_days`. Without it, a plan warns when the token expires soon." + description,
		Optional:    true,
		Validators:  vs,
	}
}

func rotationTriggersAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		Description: "Arbitrary key/value pairs; any change to them rotates the token, like `keepers` elsewhere. Also the way to get a value after `terraform import`.",
		ElementType: types.StringType,
		Optional:    true,
	}
}

func tokenValueAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Description: "The secret token value. Set at creation and at every rotation, kept unchanged otherwise. Null after `terraform import`, because Gitpod never shows a value again: change `rotation_triggers` to get one.",
		Computed:    true,
		Sensitive:   true,
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
		},
	}
}

// validateRotateBefore checks that rotate_before_days is smaller than the
// validity (expires_in_days, by default tokenlife.DefaultDays). It reads
// two attributes only: it runs for every token of a configuration.
func validateRotateBefore(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var rotateBefore, days types.Int64
	diags.Append(config.GetAttribute(ctx, path.Root("rotate_before_days"), &rotateBefore)...)
	if diags.HasError() || rotateBefore.IsNull() || rotateBefore.IsUnknown() {
		return
	}
	diags.Append(config.GetAttribute(ctx, path.Root("expires_in_days"), &days)...)
	if diags.HasError() || days.IsUnknown() {
		return
	}
	validity := int64(tokenlife.DefaultDays)
	if !days.IsNull() {
		validity = days.ValueInt64()
	}
	if rotateBefore.ValueInt64() >= validity {
		diags.AddAttributeError(path.Root("rotate_before_days"), "rotate_before_days too large",
			fmt.Sprintf("rotate_before_days (%d) must be smaller than the token's validity of %d days, or every plan would rotate the token.", rotateBefore.ValueInt64(), validity))
	}
}

// ---- plan ----

// tokenExpiry is how the configuration asks for the token's expiry.
type tokenExpiry struct {
	// absolute: a fixed expires_at; fixed is its value when known.
	absolute, fixedKnown bool
	fixed                time.Time
	setup                tokenlife.Setup
}

// daysExpiry is the expiry of a token asked for in days only, filling in
// the default validity.
func daysExpiry(cfgDays types.Int64, plan tokenRefs) tokenExpiry {
	if cfgDays.IsNull() {
		*plan.ExpiresInDays = types.Int64Value(tokenlife.DefaultDays)
	}
	return tokenExpiry{setup: tokenlife.Setup{Days: plan.ExpiresInDays.ValueInt64(), Rotating: !plan.RotateBeforeDays.IsNull()}}
}

// tokenCeiling is a bound on every token's expiry that no rotation can pass:
// the end of the service account a token belongs to. The zero value means
// none.
type tokenCeiling struct {
	at time.Time
	// whose names what ends then ("its service account 5a0c... ends").
	whose string
}

// capped reports whether expiry reaches the ceiling (to within a second).
func (c tokenCeiling) capped(expiry time.Time) bool {
	return !c.at.IsZero() && !expiry.Before(c.at.Add(-time.Second))
}

// rotationInput is what decideRotation looks at.
type rotationInput struct {
	kind        tokenKind
	plan, state tokenRefs
	object      string // the token, for people
	exp         tokenExpiry
	stale       string
	now         time.Time
	// changedInPlace: an argument changed that the API cannot change on
	// an existing token, so a new token replaces it.
	changedInPlace bool
	ceiling        tokenCeiling
}

// rotation is the decision about an existing token.
type rotation struct {
	reason      tokenlife.Reason
	stale       string    // why the value in state no longer works, if it does not
	stateExpiry time.Time // when the token in state expires
	object      string    // the token, for people
}

// decideRotation says whether, and why, an existing token is rotated.
func decideRotation(in rotationInput, diags *diag.Diagnostics) rotation {
	d := rotation{stale: in.stale, object: in.object}
	var ok bool
	if d.stateExpiry, ok = knownTime(*in.state.Expiry); !ok {
		// Nothing recorded (an interrupted create): rotate to learn it.
		d.stateExpiry, d.stale = in.now, "its expiry is unknown"
	}
	exp := in.exp
	var expiryChanged bool
	switch {
	case exp.absolute && !exp.fixedKnown:
		expiryChanged = true
	case exp.absolute:
		expiryChanged = !exp.fixed.Equal(d.stateExpiry) || !in.state.ExpiresInDays.IsNull()
	case in.plan.ExpiresInDays.IsUnknown():
		expiryChanged = true
	default:
		days := in.plan.ExpiresInDays.ValueInt64()
		expiryChanged = days != effectiveDays(in.state)
		if expiryChanged && in.ceiling.capped(d.stateExpiry) && in.ceiling.capped(in.now.Add(time.Duration(days)*tokenlife.Day)) {
			// Both end with the ceiling: a new token would expire when
			// this one does.
			expiryChanged = false
		}
	}
	d.reason = tokenlife.RotationReason(tokenlife.Input{
		Now:              in.now,
		ExpiresAt:        d.stateExpiry,
		RotateBeforeDays: in.plan.RotateBeforeDays.ValueInt64(),
		TriggersChanged:  !in.plan.RotationTriggers.Equal(*in.state.RotationTriggers),
		ExpiryChanged:    expiryChanged,
		Stale:            d.stale != "",
		ChangedInPlace:   in.changedInPlace,
	})
	if !in.ceiling.at.IsZero() && d.reason == tokenlife.InWindow && tokenlife.WindowReaches(in.now, in.ceiling.at, in.plan.RotateBeforeDays.ValueInt64()) {
		// A new token would end inside the window too: rotating would
		// repeat at every plan.
		diags.AddWarning(in.kind.title+" expires soon",
			fmt.Sprintf("%s is inside its rotate_before_days window, but %s at %s, and no token of it can live longer: a rotation would not help, so the token is kept. It stops working at %s.",
				d.object, in.ceiling.whose, in.ceiling.at.UTC().Format(time.RFC3339), d.stateExpiry.UTC().Format(time.RFC3339)))
		d.reason = tokenlife.NoRotation
	}
	if !exp.fixedKnown || exp.fixed.After(in.now) {
		return d
	}
	if expiryChanged {
		diags.AddAttributeError(path.Root("expires_at"), "expires_at is in the past",
			fmt.Sprintf("%s would be rotated to expire at %s, which is not in the future. Set a later expires_at, or use expires_in_days.", d.object, exp.fixed.Format(time.RFC3339)))
		return d
	}
	if d.reason != tokenlife.NoRotation && d.reason != tokenlife.TriggersChanged {
		// The token reached its configured end; rotating to the same past
		// expiry would make another dead value.
		diags.AddAttributeWarning(path.Root("expires_at"), in.kind.title+" has expired",
			fmt.Sprintf("%s expired at %s, its configured expires_at, so its value no longer works. Set a later expires_at (or use expires_in_days) to rotate it; until then plans keep it as it is.", d.object, exp.fixed.Format(time.RFC3339)))
		d.reason = tokenlife.NoRotation
	}
	return d
}

// keepToken plans no rotation: the value and expiry stay, with a warning
// when the token expires soon and nothing renews it.
func keepToken(kind tokenKind, plan, state tokenRefs, exp tokenExpiry, d rotation, ceiling tokenCeiling, now time.Time, diags *diag.Diagnostics) {
	*plan.Token = *state.Token
	*plan.Expiry = *state.Expiry
	if ceiling.capped(d.stateExpiry) {
		// With rotate_before_days, decideRotation has said so already.
		if !exp.setup.Rotating && tokenlife.ExpiresSoon(now, d.stateExpiry, exp.setup.Days) {
			diags.AddWarning(kind.title+" expires soon",
				fmt.Sprintf("%s: it expires at %s, in %s, when %s; no rotation can make a token of it last longer.", d.object, d.stateExpiry.UTC().Format(time.RFC3339), tokenlife.Left(now, d.stateExpiry), ceiling.whose))
		}
		return
	}
	if w := tokenlife.ExpiryWarning(now, d.stateExpiry, exp.setup); w != "" {
		diags.AddWarning(kind.title+" expires soon", fmt.Sprintf("%s: %s.", d.object, w))
	}
}

// planRotation words a rotation in a warning and plans its new values.
// inPlace: the API regenerates the value keeping the ID (Classic); else a
// new token (a new ID) replaces the old one, which is then deleted.
func planRotation(kind tokenKind, plan tokenRefs, exp tokenExpiry, d rotation, inPlace bool, diags *diag.Diagnostics) {
	why := string(d.reason)
	switch d.reason {
	case tokenlife.Stale:
		why += ": " + d.stale
	case tokenlife.Expired:
		why += fmt.Sprintf(" (at %s)", d.stateExpiry.Format(time.RFC3339))
	}
	how := "This plan regenerates its value in place"
	if !inPlace {
		how = "This plan creates a new token (a new ID) and then deletes the old one"
	}
	diags.AddWarning(kind.title+" will be rotated",
		fmt.Sprintf("%s will be rotated because %s. %s; anything that uses the old value must be given the new one.", d.object, why, how))
	*plan.Token = types.StringUnknown()
	*plan.Expiry = timetypes.NewRFC3339Unknown()
	if exp.fixedKnown {
		*plan.Expiry = timeValue(exp.fixed)
	}
	if !inPlace {
		*plan.ID = types.StringUnknown()
		*plan.CreatedAt = timetypes.NewRFC3339Unknown()
	}
}

// effectiveDays is the validity the token in state was issued for: the
// configured days, or the whole days between creation and expiry (0 when
// that is not a whole number of days).
func effectiveDays(state tokenRefs) int64 {
	if !state.ExpiresInDays.IsNull() {
		return state.ExpiresInDays.ValueInt64()
	}
	created, ok1 := knownTime(*state.CreatedAt)
	expires, ok2 := knownTime(*state.Expiry)
	if !ok1 || !ok2 {
		return 0
	}
	days, _ := tokenlife.WholeDays(created, expires)
	return days
}

// tokenInState reads, for ModifyPlan, the token in state and why its value
// no longer works (stale, "" when it does), and plans its pending
// revocations; ok is false after an error.
func tokenInState(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan, state tokenModel) (stale string, ok bool) {
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	stale, ds := getStale(ctx, req.Private)
	resp.Diagnostics.Append(ds...)
	if resp.Diagnostics.HasError() {
		return "", false
	}
	// Tokens replaced earlier whose delete failed: this apply deletes them.
	planPendingRevocations(plan, state, &resp.Diagnostics)
	return stale, true
}

// planPendingRevocations is the plan of pending_revocations: this apply
// deletes those in state (so the plan holds none), with a warning naming
// them.
func planPendingRevocations(plan, state tokenModel, diags *diag.Diagnostics) {
	*plan.refs().PendingRevocations = idList(nil)
	if state != nil {
		warnPendingRevocations(diags, idsOf(*state.refs().PendingRevocations), state.label(), "tokens", "This apply")
	}
}

// warnPendingOnDestroy says what destroying a token with pending
// revocations deletes besides it; state is the model to read into.
func warnPendingOnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, state tokenModel) {
	if req.State.Raw.IsNull() {
		return
	}
	if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
		return
	}
	warnPendingRevocations(&resp.Diagnostics, idsOf(*state.refs().PendingRevocations), state.label(), "tokens", "Destroying it")
}

// ---- apply ----

// saveCreatedToken is the end of a token's Create: a token with an ID is
// saved even with an error (an interrupt after it was made), without a
// value when the value was lost (the next plan rotates it).
func saveCreatedToken(ctx context.Context, c *gitpod.Client, resp *resource.CreateResponse, m tokenModel, value string, identity any, err error) {
	r := m.refs()
	*r.Token = stringOrNull(value)
	*r.PendingRevocations = idList(nil)
	if value == "" {
		resp.Diagnostics.Append(setStale(ctx, resp.Private, lostCreateValue)...)
	}
	if err != nil {
		addError(&resp.Diagnostics, err)
	}
	rememberOwner(ctx, c, resp.Private, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// revokePending deletes, first thing in an Update, the tokens an earlier
// rotation replaced but could not delete; the state keeps those that still
// fail.
func revokePending(ctx context.Context, resp *resource.UpdateResponse, state tokenModel, del func(context.Context, string) error) {
	r := state.refs()
	if pending := idsOf(*r.PendingRevocations); len(pending) > 0 {
		*r.PendingRevocations = idList(revoke(ctx, pending, del, state.label(), "token", &resp.Diagnostics))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
}

// tokenReplacement is a rotation by create-then-delete.
type tokenReplacement struct {
	// create makes the new token and writes it into the next state; it
	// returns its ID ("" when nothing was made), its value ("" when lost)
	// and the identity to set.
	create func(ctx context.Context) (id, value string, identity any, err error)
	// remove deletes a token by ID (one already gone counts as deleted).
	remove func(ctx context.Context, id string) error
}

// replaceToken rotates a token that the API cannot change: the new token is
// created first and saved with the old one remembered in
// pending_revocations, then the old one is deleted (after an interrupt too,
// briefly), so the state always holds a working value and no old value is
// forgotten while it works.
func replaceToken(ctx context.Context, c *gitpod.Client, resp *resource.UpdateResponse, next, state tokenModel, r tokenReplacement) {
	n := next.refs()
	pending := idsOf(*state.refs().PendingRevocations)
	oldID := state.refs().ID.ValueString()
	id, value, identity, err := r.create(ctx)
	if id == "" {
		addError(&resp.Diagnostics, err)
		return
	}
	*n.Token = stringOrNull(value)
	stale := ""
	if value == "" {
		stale = lostCreateValue
	}
	resp.Diagnostics.Append(setStale(ctx, resp.Private, stale)...)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	*n.PendingRevocations = idList(append(pending, oldID))
	resp.Diagnostics.Append(resp.State.Set(ctx, next)...)
	if err != nil {
		addError(&resp.Diagnostics, err)
	}
	dctx, cancel := c.ShortContext(ctx)
	defer cancel()
	*n.PendingRevocations = idList(append(pending, revoke(dctx, []string{oldID}, r.remove, next.label(), "token", &resp.Diagnostics)...))
	resp.Diagnostics.Append(resp.State.Set(ctx, next)...)
}

// deleteToken is a token's Delete: the token, then the tokens it replaced
// but could not delete. The resource stays in state (to be destroyed again)
// while any of this fails.
func deleteToken(ctx context.Context, diags *diag.Diagnostics, state tokenModel, del func(context.Context, string) error) {
	if err := del(ctx, state.refs().ID.ValueString()); err != nil {
		// Named as the label names it: `token "ci" (id)`.
		l := state.label()
		addError(diags, gitpod.About(err, strings.ToLower(l[:1])+l[1:]))
	}
	revoke(ctx, idsOf(*state.refs().PendingRevocations), del, state.label(), "token", diags)
}

// stillListed keeps the tokens of ids that the listing still holds: one
// deleted outside Terraform counts as revoked. When the listing fails,
// every ID is kept.
func stillListed(ctx context.Context, ids []string, list func(context.Context) ([]string, error)) []string {
	if len(ids) == 0 {
		return nil
	}
	listed, err := list(ctx)
	if err != nil {
		return ids
	}
	live := map[string]bool{}
	for _, id := range listed {
		live[id] = true
	}
	var out []string
	for _, id := range ids {
		if live[id] {
			out = append(out, id)
		}
	}
	return out
}
