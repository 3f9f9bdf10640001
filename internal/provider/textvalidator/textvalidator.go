// Package textvalidator has Terraform Plugin Framework validators for free
// text the provider sends to Gitpod. They count characters as Unicode code
// points, as Gitpod's API does, where stringvalidator.LengthBetween counts
// bytes, and they refuse control and bidirectional-override characters at
// plan time. The rules themselves are in package textrule.
package textvalidator

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/textrule"
)

var (
	_ validator.String = lengthBetweenValidator{}
	_ validator.String = noControlCharactersValidator{}
)

// LengthBetween checks that a string has between minLength and maxLength
// characters, both included, counted as Unicode code points (as protovalidate's
// min_len and max_len count them): 80 × "é" is 80 characters, not 160 bytes.
// Null and unknown values are not checked. minLength must be at least 0 and at
// most maxLength; otherwise every validation reports a provider bug.
func LengthBetween(minLength, maxLength int) validator.String {
	return lengthBetweenValidator{minLength: minLength, maxLength: maxLength}
}

type lengthBetweenValidator struct{ minLength, maxLength int }

func (v lengthBetweenValidator) requirement() string {
	if v.minLength == v.maxLength {
		return fmt.Sprintf("must be exactly %d characters", v.maxLength)
	}
	if v.minLength == 0 {
		return fmt.Sprintf("must be at most %d characters", v.maxLength)
	}
	return fmt.Sprintf("must be between %d and %d characters", v.minLength, v.maxLength)
}

func (v lengthBetweenValidator) Description(context.Context) string {
	return "value " + v.requirement() + " long (Unicode code points, not bytes)"
}

func (v lengthBetweenValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v lengthBetweenValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if v.minLength < 0 || v.minLength > v.maxLength {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Validator Parameters",
			fmt.Sprintf("This is a bug in the provider, please report it: textvalidator.LengthBetween(%d, %d) for attribute %s needs 0 <= minimum <= maximum.",
				v.minLength, v.maxLength, req.Path))
		return
	}
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := textrule.Len(req.ConfigValue.ValueString()); n < v.minLength || n > v.maxLength {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value Length",
			fmt.Sprintf("Attribute %s %s, got %d.", req.Path, v.requirement(), n))
	}
}

// NoControlCharacters refuses strings that contain a character
// textrule.IsForbidden: control characters (U+0000–U+001F, tab, line feed and
// carriage return included, U+007F–U+009F), the line and paragraph separators
// U+2028 and U+2029, and the bidirectional embeddings, overrides and isolates
// U+202A–U+202E and U+2066–U+2069. The bidirectional marks U+200E, U+200F and
// U+061C are allowed. It also refuses invalid UTF-8, which Gitpod could not
// receive. The message names the first such character by code point and
// position (counted from 1), never writing the character itself. Null and
// unknown values are not checked.
func NoControlCharacters() validator.String {
	return noControlCharactersValidator{}
}

type noControlCharactersValidator struct{}

func (noControlCharactersValidator) Description(context.Context) string {
	return "value must not contain control characters (U+0000 to U+001F, including tab and line breaks, and U+007F to U+009F), " +
		"the line and paragraph separators U+2028 and U+2029, " +
		"or bidirectional embedding, override and isolate characters (U+202A to U+202E, U+2066 to U+2069)"
}

func (v noControlCharactersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (noControlCharactersValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if b, i, ok := textrule.FirstInvalidUTF8(s); ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s must be valid UTF-8: found %s at character %d.", req.Path, textrule.DescribeByte(b), i+1))
		return
	}
	r, i, ok := textrule.FirstForbidden(s)
	if !ok {
		return
	}
	detail := fmt.Sprintf("Attribute %s must not contain control characters: found %s at character %d.", req.Path, textrule.Describe(r), i+1)
	if r == '\n' || r == '\r' {
		detail += " The text must be a single line; note that a heredoc ends with a line feed (chomp() or trimspace() removes it)."
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value", detail)
}
