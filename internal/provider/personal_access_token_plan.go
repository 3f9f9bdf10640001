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
		warnPendingOnDestroy(ctx, req, resp, &PersonalAccessTokenResourceModel{})
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
		planPendingRevocations(&plan, nil, &resp.Diagnostics)
		planNewToken(&plan, exp, now, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var state PersonalAccessTokenResourceModel
	stale, ok := tokenInState(ctx, req, resp, &plan, &state)
	if !ok {
		return
	}
	d := decideRotation(rotationInput{
		kind: personalTokenKind, plan: plan.refs(), state: state.refs(), object: state.label(), exp: exp, stale: stale, now: now,
		changedInPlace: !c.Has(gitpod.FeatureTokenRename) && (!plan.Name.Equal(state.Name) || !plan.ReadOnly.Equal(state.ReadOnly)),
	}, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.reason == tokenlife.NoRotation {
		keepToken(personalTokenKind, plan.refs(), state.refs(), exp, d, tokenCeiling{}, now, &resp.Diagnostics)
	} else {
		planRotation(personalTokenKind, plan.refs(), exp, d, c.Has(gitpod.FeatureTokenRegenerate), &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
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
