package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// These tests call the resource's ModifyPlan directly, to check the
// warnings a plan shows (the acceptance tests see only plans and errors).
// ModifyPlan never calls the API when the API generation is configured,
// so the host is never contacted.

var tokPlanT0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func tokPlanResource(t *testing.T, api string, now time.Time) *PersonalAccessTokenResource {
	t.Helper()
	h, err := backend.Open(backend.Config{Host: "http://127.0.0.1:9", Token: "test-token", API: api, Timeout: time.Second, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return &PersonalAccessTokenResource{data: &providerData{handle: h, now: func() time.Time { return now }}}
}

// tokPlanState is a token in state, created at tokPlanT0 for 30 days.
func tokPlanState() *PersonalAccessTokenResourceModel {
	return &PersonalAccessTokenResourceModel{
		ID:                 types.StringValue("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"),
		Name:               types.StringValue("ci-bot"),
		ReadOnly:           types.BoolValue(false),
		ExpiresInDays:      types.Int64Value(30),
		ExpiresAt:          timetypes.NewRFC3339Null(),
		RotateBeforeDays:   types.Int64Null(),
		RotationTriggers:   types.MapNull(types.StringType),
		Token:              types.StringValue("gitpod_pat_test"),
		ValidUntil:         timeValue(tokPlanT0.Add(30 * tokenlife.Day)),
		UserID:             types.StringValue("0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01"),
		CreatedAt:          timeValue(tokPlanT0),
		PendingRevocations: types.ListNull(types.StringType),
	}
}

// tokPlanConfig is a configuration with the given name and no other argument.
func tokPlanConfig(name string) PersonalAccessTokenResourceModel {
	return PersonalAccessTokenResourceModel{
		ID: types.StringNull(), Name: types.StringValue(name), ReadOnly: types.BoolNull(), ExpiresInDays: types.Int64Null(),
		ExpiresAt: timetypes.NewRFC3339Null(), RotateBeforeDays: types.Int64Null(), RotationTriggers: types.MapNull(types.StringType),
		Token: types.StringNull(), ValidUntil: timetypes.NewRFC3339Null(), UserID: types.StringNull(), CreatedAt: timetypes.NewRFC3339Null(),
		PendingRevocations: types.ListNull(types.StringType),
	}
}

// tokModifyPlan runs ModifyPlan as the framework would after its own plan
// modifiers: computed values come from state (or are unknown for a new
// token), optional computed ones default.
func tokModifyPlan(t *testing.T, r *PersonalAccessTokenResource, cfg PersonalAccessTokenResourceModel, state *PersonalAccessTokenResourceModel) (PersonalAccessTokenResourceModel, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	s := sr.Schema
	objType := s.Type().TerraformType(ctx)
	set := func(m any) tftypes.Value {
		st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(objType, nil)}
		if ds := st.Set(ctx, m); ds.HasError() {
			t.Fatalf("building a value: %v", ds)
		}
		return st.Raw
	}
	plan := cfg
	if cfg.ReadOnly.IsNull() {
		plan.ReadOnly = types.BoolValue(false)
	}
	if state == nil {
		plan.ID, plan.Token, plan.UserID = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
		plan.ValidUntil, plan.CreatedAt = timetypes.NewRFC3339Unknown(), timetypes.NewRFC3339Unknown()
		if cfg.ExpiresInDays.IsNull() {
			plan.ExpiresInDays = types.Int64Unknown()
		}
	} else {
		plan.ID, plan.Token, plan.UserID, plan.CreatedAt, plan.ValidUntil = state.ID, state.Token, state.UserID, state.CreatedAt, state.ValidUntil
		if cfg.ExpiresInDays.IsNull() {
			plan.ExpiresInDays = state.ExpiresInDays
		}
	}
	req := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Schema: s, Raw: set(&cfg)},
		Plan:   tfsdk.Plan{Schema: s, Raw: set(&plan)},
		State:  tfsdk.State{Schema: s, Raw: tftypes.NewValue(objType, nil)},
	}
	if state != nil {
		req.State.Raw = set(state)
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, &resp)
	var out PersonalAccessTokenResourceModel
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.Plan.Get(ctx, &out)...)
	}
	return out, resp.Diagnostics
}

// tokDiagText joins the summaries and details of one severity.
func tokDiagText(ds diag.Diagnostics, sev diag.Severity) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity() == sev {
			b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
		}
	}
	return b.String()
}

func TestPersonalAccessTokenPlanWarnings(t *testing.T) {
	t.Parallel()
	fixedAt := tokPlanT0.Add(2 * tokenlife.Day)
	withFixed := func(m PersonalAccessTokenResourceModel, at time.Time) PersonalAccessTokenResourceModel {
		m.ExpiresAt = timeValue(at)
		return m
	}
	fixedState := func() *PersonalAccessTokenResourceModel {
		s := tokPlanState()
		s.ExpiresInDays, s.ExpiresAt, s.ValidUntil = types.Int64Null(), timeValue(fixedAt), timeValue(fixedAt)
		return s
	}
	with := func(m PersonalAccessTokenResourceModel, f func(*PersonalAccessTokenResourceModel)) PersonalAccessTokenResourceModel {
		f(&m)
		return m
	}
	cases := []struct {
		name   string
		api    string
		now    time.Time
		cfg    PersonalAccessTokenResourceModel
		state  *PersonalAccessTokenResourceModel
		rotate bool
		// warn are phrases the warnings must hold, in order; nil: none.
		warn  []string
		never []string
	}{
		{
			name: "a passed fixed expiry warns and keeps the token", api: "classic", now: fixedAt.Add(tokenlife.Day),
			cfg: withFixed(tokPlanConfig("ci-bot"), fixedAt), state: fixedState(),
			warn: []string{"Personal access token has expired", `Token "ci-bot"`, "expired at " + fixedAt.Format(time.RFC3339), "Set a later expires_at"},
		},
		{
			name: "a passed fixed expiry with changed triggers still does not rotate to a dead value", api: "classic", now: fixedAt.Add(tokenlife.Day),
			cfg: with(withFixed(tokPlanConfig("ci-bot"), fixedAt), func(m *PersonalAccessTokenResourceModel) {
				m.RotationTriggers = types.MapValueMust(types.StringType, map[string]attr.Value{"n": types.StringValue("1")})
			}), state: fixedState(),
			warn: []string{"Personal access token has expired"},
		},
		{
			name: "a new token with a fixed expiry soon: advice without rotate_before_days", api: "classic", now: tokPlanT0,
			cfg:   withFixed(tokPlanConfig("ci-bot"), tokPlanT0.Add(3*tokenlife.Day)),
			warn:  []string{"Personal access token expires soon", `The new token "ci-bot"`, "Set a later expires_at"},
			never: []string{"Set rotate_before_days"},
		},
		{
			name: "a kept token that expires soon: advice to set rotate_before_days", api: "v1", now: tokPlanT0.Add(27 * tokenlife.Day),
			cfg: tokPlanConfig("ci-bot"), state: tokPlanState(),
			warn: []string{"Personal access token expires soon", "in 3 days", "Set rotate_before_days (1 to 29)"},
		},
		{
			name: "rotate_before_days outside its window: no warning", api: "v1", now: tokPlanT0.Add(22 * tokenlife.Day),
			cfg: with(tokPlanConfig("ci-bot"), func(m *PersonalAccessTokenResourceModel) { m.RotateBeforeDays = types.Int64Value(7) }), state: tokPlanState(),
		},
		{
			name: "Classic rotates in place", api: "classic", now: tokPlanT0.Add(tokenlife.Day),
			cfg: with(tokPlanConfig("ci-bot"), func(m *PersonalAccessTokenResourceModel) {
				m.RotationTriggers = types.MapValueMust(types.StringType, map[string]attr.Value{"n": types.StringValue("1")})
			}), state: tokPlanState(), rotate: true,
			warn:  []string{"Personal access token will be rotated", "because rotation_triggers changed", "regenerates its value in place"},
			never: []string{"new ID"},
		},
		{
			name: "gitpod.v1 replaces the token for a new name", api: "v1", now: tokPlanT0.Add(tokenlife.Day),
			cfg: tokPlanConfig("ci-bot renamed"), state: tokPlanState(), rotate: true,
			warn: []string{"Personal access token will be rotated", "cannot change a token in place", "creates a new token (a new ID) and then deletes the old one"},
		},
		{
			name: "Classic renames in place without rotating", api: "classic", now: tokPlanT0.Add(tokenlife.Day),
			cfg: tokPlanConfig("ci-bot renamed"), state: tokPlanState(),
		},
		{
			name: "an expired token is rotated with its expiry in the warning", api: "classic", now: tokPlanT0.Add(31 * tokenlife.Day),
			cfg: tokPlanConfig("ci-bot"), state: tokPlanState(), rotate: true,
			warn: []string{"will be rotated because the token has expired (at " + tokPlanT0.Add(30*tokenlife.Day).Format(time.RFC3339) + ")"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			plan, ds := tokModifyPlan(t, tokPlanResource(t, tc.api, tc.now), tc.cfg, tc.state)
			if ds.HasError() {
				t.Fatalf("errors: %s", tokDiagText(ds, diag.SeverityError))
			}
			warnings := tokDiagText(ds, diag.SeverityWarning)
			if tc.warn == nil && warnings != "" {
				t.Fatalf("warnings %q, want none", warnings)
			}
			rest := warnings
			for _, w := range tc.warn {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("warnings %q do not hold %q (in order)", warnings, w)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tc.never {
				if strings.Contains(warnings, n) {
					t.Fatalf("warnings %q must not hold %q", warnings, n)
				}
			}
			if tc.state != nil && plan.Token.IsUnknown() != tc.rotate {
				t.Fatalf("token unknown in the plan = %v, want a rotation = %v", plan.Token.IsUnknown(), tc.rotate)
			}
		})
	}
}
