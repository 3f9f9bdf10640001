package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
)

var (
	_ validator.String = durationBetweenValidator{}
	_ validator.String = regexValidator{}
	_ validator.String = hostValidator{}
)

// uuidPattern matches a UUID in its canonical lower-case form, the only
// spelling Gitpod returns: other spellings would never match state.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// classicWorkspaceIDPattern is Gitpod Classic's workspace id format.
var classicWorkspaceIDPattern = regexp.MustCompile(`^[0-9a-z]{2,16}-[0-9a-z]{2,16}-[0-9a-z]{8,11}$`)

// uuidValidator checks an id is a canonical lower-case UUID.
func uuidValidator(what string) validator.String {
	return stringvalidator.RegexMatches(uuidPattern, "must be "+what+": a UUID in lower case, such as 0f9a3a4e-6d0c-4f0f-9d8e-4a1e6f0c1a01")
}

// workspaceIDValidator accepts both generations' workspace ids: a lower-case
// UUID (gitpod.v1 environments, newer Classic workspaces) or Classic's
// color-animal-suffix form.
func workspaceIDValidator() validator.String {
	return stringvalidator.Any(
		stringvalidator.RegexMatches(uuidPattern, "must be a lower-case UUID"),
		stringvalidator.RegexMatches(classicWorkspaceIDPattern, "must look like a Classic workspace id, such as amber-heron-k2f9x1qz7mw"),
	)
}

// notBlank rejects values made only of white space.
var notBlank = stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must contain a character other than white space")

// trimmed rejects values with leading or trailing white space, which the API
// trims away: the value read back would never match the configuration.
var trimmed = stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`), "must not start or end with white space")

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

// hostValidator checks the provider's host with the transport's rules.
type hostValidator struct{}

func (hostValidator) Description(context.Context) string {
	return "must be an https URL (http only for loopback addresses)"
}

func (v hostValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (hostValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := backend.CheckHost(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Gitpod host",
			fmt.Sprintf("The host %q cannot be used: %s.", gitpod.Sanitize(req.ConfigValue.ValueString()), err))
	}
}
