package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ validator.String = durationBetweenValidator{}
	_ validator.String = regexValidator{}
)

// durationBetween checks a Go duration string lies within [lo, hi].
func durationBetween(lo, hi time.Duration) validator.String {
	return durationBetweenValidator{lo: lo, hi: hi}
}

type durationBetweenValidator struct{ lo, hi time.Duration }

func (v durationBetweenValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration between %s and %s", v.lo, v.hi)
}

func (v durationBetweenValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationBetweenValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		// The attribute's type reports malformed durations.
		return
	}
	if d < v.lo || d > v.hi {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration out of range",
			fmt.Sprintf("%s is %s, but must be between %s and %s.", req.Path, d, v.lo, v.hi))
	}
}

// validRegex checks that a string compiles as a Go (RE2) regular expression.
func validRegex() validator.String { return regexValidator{} }

type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid RE2 regular expression"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s is not a valid RE2 regular expression: %s.", req.Path, err))
	}
}
