package textvalidator

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// run calls v on value at path "team.name" (a nested path, so a diagnostic
// with the wrong path shows).
func run(t *testing.T, v validator.String, value types.String) diag.Diagnostics {
	t.Helper()
	p := path.Root("team").AtName("name")
	req := validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: value}
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), req, resp)
	for _, d := range resp.Diagnostics {
		wp, ok := d.(diag.DiagnosticWithPath)
		if !ok {
			t.Fatalf("diagnostic %q has no attribute path", d.Summary())
		}
		if !wp.Path().Equal(p) {
			t.Fatalf("diagnostic %q has path %s, want %s", d.Summary(), wp.Path(), p)
		}
		if d.Severity() != diag.SeverityError {
			t.Fatalf("diagnostic %q is not an error", d.Summary())
		}
	}
	return resp.Diagnostics
}

// check runs v and compares its single error's detail with want, or expects
// no diagnostic when want is empty.
func check(t *testing.T, v validator.String, value types.String, want string) {
	t.Helper()
	diags := run(t, v, value)
	if want == "" {
		if diags.HasError() {
			t.Fatalf("value %q: unexpected %s: %s", value.ValueString(), diags[0].Summary(), diags[0].Detail())
		}
		return
	}
	if len(diags) != 1 {
		t.Fatalf("value %q: got %d diagnostics, want 1: %v", value.ValueString(), len(diags), diags)
	}
	if got := diags[0].Detail(); got != want {
		t.Fatalf("value %q:\n got  %q\n want %q", value.ValueString(), got, want)
	}
}

func TestLengthBetween(t *testing.T) {
	tests := []struct {
		name     string
		min, max int
		value    string
		want     string
	}{
		{"80 x é passes 3..80 (160 bytes)", 3, 80, strings.Repeat("é", 80), ""},
		{"81 x é fails 3..80", 3, 80, strings.Repeat("é", 81), "Attribute team.name must be between 3 and 80 characters, got 81."},
		{"3 x é passes 3..80", 3, 80, "ééé", ""},
		{"2 x é fails 3..80 (4 bytes)", 3, 80, "éé", "Attribute team.name must be between 3 and 80 characters, got 2."},
		{"100 CJK pass 1..255 (300 bytes)", 1, 255, strings.Repeat("团", 100), ""},
		{"255 CJK pass 1..255", 1, 255, strings.Repeat("团", 255), ""},
		{"256 CJK fail 1..255", 1, 255, strings.Repeat("团", 256), "Attribute team.name must be between 1 and 255 characters, got 256."},
		{"64 emoji pass 1..64 (256 bytes)", 1, 64, strings.Repeat("😀", 64), ""},
		{"65 emoji fail 1..64", 1, 64, strings.Repeat("😀", 65), "Attribute team.name must be between 1 and 64 characters, got 65."},
		{"80 ASCII pass 3..80", 3, 80, strings.Repeat("a", 80), ""},
		{"81 ASCII fail 3..80", 3, 80, strings.Repeat("a", 81), "Attribute team.name must be between 3 and 80 characters, got 81."},
		{"empty fails 1..255", 1, 255, "", "Attribute team.name must be between 1 and 255 characters, got 0."},
		{"empty passes 0..500", 0, 500, "", ""},
		{"501 fail 0..500", 0, 500, strings.Repeat("ß", 501), "Attribute team.name must be at most 500 characters, got 501."},
		{"exact length", 2, 2, "团队", ""},
		{"exact length fails", 2, 2, "团", "Attribute team.name must be exactly 2 characters, got 1."},
		{"decomposed é counts two", 3, 3, "e\u0301", "Attribute team.name must be exactly 3 characters, got 2."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, LengthBetween(tt.min, tt.max), types.StringValue(tt.value), tt.want)
		})
	}
}

func TestLengthBetweenSkipsNullAndUnknown(t *testing.T) {
	v := LengthBetween(3, 80)
	check(t, v, types.StringNull(), "")
	check(t, v, types.StringUnknown(), "")
}

func TestLengthBetweenInvalidParameters(t *testing.T) {
	for _, b := range [][2]int{{-1, 3}, {5, 3}} {
		diags := run(t, LengthBetween(b[0], b[1]), types.StringValue("abcd"))
		if len(diags) != 1 || diags[0].Summary() != "Invalid Validator Parameters" {
			t.Fatalf("LengthBetween(%d, %d): got %v", b[0], b[1], diags)
		}
		// Even for null values: the schema is wrong whatever the value.
		if diags := run(t, LengthBetween(b[0], b[1]), types.StringNull()); len(diags) != 1 {
			t.Fatalf("LengthBetween(%d, %d) on null: got %v", b[0], b[1], diags)
		}
	}
}

func TestNoControlCharacters(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"plain", "Platform team", ""},
		{"accents, CJK, emoji", "équipe 团队 👨\u200d💻", ""},
		{"right-to-left text with marks", "\u200fצוות 42\u200e", ""},
		{"no-break space", "a\u00a0b", ""},
		{"ESC at character 5", "abcd\x1b[31m", "Attribute team.name must not contain control characters: found U+001B (ESC) at character 5."},
		{"ESC after multi-byte characters", "éé团\x1b", "Attribute team.name must not contain control characters: found U+001B (ESC) at character 4."},
		{"NUL", "ci\x00token", "Attribute team.name must not contain control characters: found U+0000 (NUL) at character 3."},
		{"BEL", "\x07team", "Attribute team.name must not contain control characters: found U+0007 (BEL) at character 1."},
		{"BS", "team\b\b", "Attribute team.name must not contain control characters: found U+0008 (BS) at character 5."},
		{"TAB", "a\tb", "Attribute team.name must not contain control characters: found U+0009 (HT, tab) at character 2."},
		{"LF from a heredoc", "my token\n", "Attribute team.name must not contain control characters: found U+000A (LF, line feed) at character 9. " +
			"The text must be a single line; note that a heredoc ends with a line feed (chomp() or trimspace() removes it)."},
		{"CR", "a\rb", "Attribute team.name must not contain control characters: found U+000D (CR, carriage return) at character 2. " +
			"The text must be a single line; note that a heredoc ends with a line feed (chomp() or trimspace() removes it)."},
		{"DEL", "a\x7f", "Attribute team.name must not contain control characters: found U+007F (DEL) at character 2."},
		{"C1 CSI", "\u009b31m", "Attribute team.name must not contain control characters: found U+009B (CSI) at character 1."},
		{"RLO", "admin\u202etxt.exe", "Attribute team.name must not contain control characters: found U+202E (RLO, right-to-left override) at character 6."},
		{"LRI", "\u2066x", "Attribute team.name must not contain control characters: found U+2066 (LRI, left-to-right isolate) at character 1."},
		{"line separator", "a\u2028b", "Attribute team.name must not contain control characters: found U+2028 (LSEP, line separator) at character 2."},
		{"only the first is reported", "a\x1b\x00", "Attribute team.name must not contain control characters: found U+001B (ESC) at character 2."},
		{"invalid UTF-8", "ab\xffc", "Attribute team.name must be valid UTF-8: found byte 0xFF at character 3."},
		{"invalid UTF-8 is reported before controls", "\x1b\xff", "Attribute team.name must be valid UTF-8: found byte 0xFF at character 2."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, NoControlCharacters(), types.StringValue(tt.value), tt.want)
		})
	}
}

// TestNoControlCharactersNeverEchoes checks that no diagnostic writes a
// control character back, whatever the value.
func TestNoControlCharactersNeverEchoes(t *testing.T) {
	for r := rune(0); r <= 0x206f; r++ {
		diags := run(t, NoControlCharacters(), types.StringValue("x"+string(r)+"y"))
		for _, d := range diags {
			for _, c := range d.Summary() + d.Detail() {
				if c < 0x20 || c > 0x7e {
					t.Fatalf("U+%04X: diagnostic contains %#x: %q", r, c, d.Detail())
				}
			}
		}
	}
}

func TestNoControlCharactersSkipsNullAndUnknown(t *testing.T) {
	check(t, NoControlCharacters(), types.StringNull(), "")
	check(t, NoControlCharacters(), types.StringUnknown(), "")
}

func TestDescriptions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		v    validator.String
		want string
	}{
		{LengthBetween(3, 80), "value must be between 3 and 80 characters long (Unicode code points, not bytes)"},
		{LengthBetween(0, 500), "value must be at most 500 characters long (Unicode code points, not bytes)"},
		{LengthBetween(4, 4), "value must be exactly 4 characters long (Unicode code points, not bytes)"},
	}
	for _, tt := range tests {
		if got := tt.v.Description(ctx); got != tt.want {
			t.Errorf("Description = %q, want %q", got, tt.want)
		}
		if got := tt.v.MarkdownDescription(ctx); got != tt.want {
			t.Errorf("MarkdownDescription = %q, want %q", got, tt.want)
		}
	}
	d := NoControlCharacters().Description(ctx)
	for _, s := range []string{"U+0000 to U+001F", "U+007F to U+009F", "U+2028", "U+202A to U+202E", "U+2066 to U+2069"} {
		if !strings.Contains(d, s) {
			t.Errorf("NoControlCharacters description %q lacks %q", d, s)
		}
	}
	if md := NoControlCharacters().MarkdownDescription(ctx); md != d {
		t.Errorf("MarkdownDescription %q differs from Description %q", md, d)
	}
}
