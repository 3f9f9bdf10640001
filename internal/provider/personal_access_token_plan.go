package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// The plan of gitpod_personal_access_token, in three steps: the rules of
// the API in use (checkTokenAPI), the plan of a new token (planNewToken),
// and for an existing one the rotation decision (decideRotation) and its
// wording (planRotation).

// checkTokenAPI applies the rules of the API generation in use to the
// configuration.
func checkTokenAPI(c *gitpod.Client, cfg PersonalAccessTokenResourceModel, diags *diag.Diagnostics) {
	maxDays := int64(c.Limits().TokenMaxValidity / tokenlife.Day)
	if !c.Has(gitpod.FeatureTokenReadOnly) && cfg.ReadOnly.ValueBool() {
		notAvailable(diags, path.Root("read_only"), c, gitpod.FeatureTokenReadOnly, "Remove read_only.")
	}
	if !c.Has(gitpod.FeatureTokenFixedExpiry) && !cfg.ExpiresAt.IsNull() {
		notAvailable(diags, path.Root("expires_at"), c, gitpod.FeatureTokenFixedExpiry, fmt.Sprintf("Use expires_in_days (1 to %d) instead.", maxDays))
	}
	if !cfg.ExpiresInDays.IsNull() && !cfg.ExpiresInDays.IsUnknown() && cfg.ExpiresInDays.ValueInt64() > maxDays {
		diags.AddAttributeError(path.Root("expires_in_days"), "Validity too long",
			fmt.Sprintf("%s makes tokens valid for at most %d days; expires_in_days is %d.", c.API().Describe(), maxDays, cfg.ExpiresInDays.ValueInt64()))
	}
	if !cfg.Name.IsUnknown() && !cfg.Name.IsNull() {
		checkTokenName(diags, path.Root("name"), c, cfg.Name.ValueString(), "")
	}
}

// checkTokenName applies the API's rule for token names, if it has one;
// note says where the name came from when it is not the configuration's.
func checkTokenName(diags attributeErrors, p path.Path, c *gitpod.Client, name, note string) {
	l := c.Limits()
	if l.TokenNamePattern == nil || l.TokenNamePattern.MatchString(name) {
		return
	}
	diags.AddAttributeError(p, "Invalid token name",
		fmt.Sprintf("%s takes token names of %s; %sthe name %q is not one.", c.API().Describe(), l.TokenNameRule, note, name))
}

// tokenExpiry is how the configuration asks for the token's expiry.
type tokenExpiry struct {
	// absolute: a fixed expires_at; fixed is its value when known.
	absolute, fixedKnown bool
	fixed                time.Time
	setup                tokenlife.Setup
}

// plannedExpiry fills in the default validity and says how the expiry is
// asked for.
func plannedExpiry(cfg PersonalAccessTokenResourceModel, plan *PersonalAccessTokenResourceModel) tokenExpiry {
	e := tokenExpiry{absolute: !cfg.ExpiresAt.IsNull()}
	switch {
	case e.absolute:
		plan.ExpiresInDays = types.Int64Null()
	case cfg.ExpiresInDays.IsNull():
		plan.ExpiresInDays = types.Int64Value(tokenlife.DefaultDays)
	}
	e.fixed, e.fixedKnown = knownTime(cfg.ExpiresAt)
	e.setup = tokenlife.Setup{Fixed: e.absolute, Days: plan.ExpiresInDays.ValueInt64(), Rotating: !plan.RotateBeforeDays.IsNull()}
	return e
}

// ModifyPlan fills in the default validity, checks the API's rules, and
// decides whether the token is rotated, saying why.
func (r *PersonalAccessTokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		warnPendingOnDestroy(ctx, req, resp)
		return
	}
	if r.data == nil {
		return
	}
	var plan, cfg PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	checkTokenAPI(c, cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.data.clock()
	exp := plannedExpiry(cfg, &plan)
	if req.State.Raw.IsNull() {
		plan.PendingRevocations = idList(nil)
		planNewToken(&plan, exp, now, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var state PersonalAccessTokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	stale, ds := getStale(ctx, req.Private)
	resp.Diagnostics.Append(ds...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Tokens replaced earlier whose delete failed: this apply deletes them.
	plan.PendingRevocations = idList(nil)
	warnPendingRevocations(&resp.Diagnostics, idsOf(state.PendingRevocations), tokenOwner(state), "tokens", "This apply")
	d := decideRotation(c, plan, state, exp, stale, now, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.reason == tokenlife.NoRotation {
		plan.Token = state.Token
		plan.ValidUntil = state.ValidUntil
		if w := tokenlife.ExpiryWarning(now, d.stateExpiry, exp.setup); w != "" {
			resp.Diagnostics.AddWarning("Personal access token expires soon", fmt.Sprintf("%s: %s.", d.object, w))
		}
	} else {
		planRotation(c, &plan, exp, d, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// warnPendingOnDestroy says what destroying a token with pending
// revocations deletes besides it.
func warnPendingOnDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state PersonalAccessTokenResourceModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	warnPendingRevocations(&resp.Diagnostics, idsOf(state.PendingRevocations), tokenOwner(state), "tokens", "Destroying it")
}

// planNewToken is the plan of a token that does not exist yet.
func planNewToken(plan *PersonalAccessTokenResourceModel, exp tokenExpiry, now time.Time, diags *diag.Diagnostics) {
	if exp.fixedKnown && !exp.fixed.After(now) {
		diags.AddAttributeError(path.Root("expires_at"), "expires_at is in the past",
			fmt.Sprintf("The new token %q would expire at %s, which is not in the future. Set a later expires_at, or use expires_in_days.", plan.Name.ValueString(), exp.fixed.Format(time.RFC3339)))
		return
	}
	plan.ValidUntil = timetypes.NewRFC3339Unknown()
	if exp.fixedKnown {
		plan.ValidUntil = timeValue(exp.fixed)
		if w := tokenlife.ExpiryWarning(now, exp.fixed, exp.setup); w != "" {
			diags.AddAttributeWarning(path.Root("expires_at"), "Personal access token expires soon", fmt.Sprintf("The new token %q: %s.", plan.Name.ValueString(), w))
		}
	}
}

// rotation is the decision about an existing token.
type rotation struct {
	reason      tokenlife.Reason
	stale       string    // why the value in state no longer works, if it does not
	stateExpiry time.Time // when the token in state expires
	object      string    // the token, for people
}

// decideRotation says whether, and why, an existing token is rotated.
func decideRotation(c *gitpod.Client, plan, state PersonalAccessTokenResourceModel, exp tokenExpiry, stale string, now time.Time, diags *diag.Diagnostics) rotation {
	d := rotation{stale: stale, object: fmt.Sprintf("Token %q (%s)", gitpod.Sanitize(state.Name.ValueString()), state.ID.ValueString())}
	var ok bool
	if d.stateExpiry, ok = knownTime(state.ValidUntil); !ok {
		// Nothing recorded (an interrupted create): rotate to learn it.
		d.stateExpiry, d.stale = now, "its expiry is unknown"
	}
	var expiryChanged bool
	switch {
	case exp.absolute && !exp.fixedKnown:
		expiryChanged = true
	case exp.absolute:
		expiryChanged = !exp.fixed.Equal(d.stateExpiry) || !state.ExpiresInDays.IsNull()
	case plan.ExpiresInDays.IsUnknown():
		expiryChanged = true
	default:
		expiryChanged = plan.ExpiresInDays.ValueInt64() != effectiveDays(state)
	}
	d.reason = tokenlife.RotationReason(tokenlife.Input{
		Now:              now,
		ExpiresAt:        d.stateExpiry,
		RotateBeforeDays: plan.RotateBeforeDays.ValueInt64(),
		TriggersChanged:  !plan.RotationTriggers.Equal(state.RotationTriggers),
		ExpiryChanged:    expiryChanged,
		Stale:            d.stale != "",
		ChangedInPlace:   !c.Has(gitpod.FeatureTokenRename) && (!plan.Name.Equal(state.Name) || !plan.ReadOnly.Equal(state.ReadOnly)),
	})
	if !exp.fixedKnown || exp.fixed.After(now) {
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
		diags.AddAttributeWarning(path.Root("expires_at"), "Personal access token has expired",
			fmt.Sprintf("%s expired at %s, its configured expires_at, so its value no longer works. Set a later expires_at (or use expires_in_days) to rotate it; until then plans keep it as it is.", d.object, exp.fixed.Format(time.RFC3339)))
		d.reason = tokenlife.NoRotation
	}
	return d
}

// planRotation words a rotation in a warning and plans its new values.
func planRotation(c *gitpod.Client, plan *PersonalAccessTokenResourceModel, exp tokenExpiry, d rotation, diags *diag.Diagnostics) {
	why := string(d.reason)
	switch d.reason {
	case tokenlife.Stale:
		why += ": " + d.stale
	case tokenlife.Expired:
		why += fmt.Sprintf(" (at %s)", d.stateExpiry.Format(time.RFC3339))
	}
	how := "This plan regenerates its value in place"
	if !c.Has(gitpod.FeatureTokenRegenerate) {
		how = "This plan creates a new token (a new ID) and then deletes the old one"
	}
	diags.AddWarning("Personal access token will be rotated",
		fmt.Sprintf("%s will be rotated because %s. %s; anything that uses the old value must be given the new one.", d.object, why, how))
	plan.Token = types.StringUnknown()
	plan.ValidUntil = timetypes.NewRFC3339Unknown()
	if exp.fixedKnown {
		plan.ValidUntil = timeValue(exp.fixed)
	}
	if !c.Has(gitpod.FeatureTokenRegenerate) {
		plan.ID = types.StringUnknown()
		plan.CreatedAt = timetypes.NewRFC3339Unknown()
	}
}

// effectiveDays is the validity the token in state was issued for: the
// configured days, or the whole days between creation and expiry (0 when
// that is not a whole number of days).
func effectiveDays(state PersonalAccessTokenResourceModel) int64 {
	if !state.ExpiresInDays.IsNull() {
		return state.ExpiresInDays.ValueInt64()
	}
	created, ok1 := knownTime(state.CreatedAt)
	expires, ok2 := knownTime(state.ValidUntil)
	if !ok1 || !ok2 {
		return 0
	}
	days, _ := tokenlife.WholeDays(created, expires)
	return days
}
