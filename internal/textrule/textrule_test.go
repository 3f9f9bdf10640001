package textrule

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

func TestLen(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"ASCII", "platform", 8},
		{"80 precomposed é", strings.Repeat("é", 80), 80},
		{"81 precomposed é", strings.Repeat("é", 81), 81},
		{"decomposed é is two code points", "e\u0301", 2},
		{"100 CJK", strings.Repeat("团", 100), 100},
		{"emoji outside the BMP", "😀", 1},
		{"flag: two regional indicators", "🇩🇪", 2},
		{"family: code points joined by ZWJ", "👨\u200d👩\u200d👧", 5},
		{"invalid byte counts as one", "a\xffb", 3},
		{"truncated sequence: each byte counts", "a\xe6\x9d", 3},
		{"encoded U+FFFD", "\uFFFD", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Len(tt.in); got != tt.want {
				t.Errorf("Len(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"team", 4},
		{strings.Repeat("é", 64), 64},
		{strings.Repeat("团", 10), 10},
		{"😀", 2},
		{"a😀b", 4},
		{"a\xffb", 3},
	}
	for _, tt := range tests {
		if got := UTF16Len(tt.in); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestFirstForbidden(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantRune  rune
		wantIndex int
		wantOK    bool
	}{
		{"empty", "", 0, 0, false},
		{"plain", "Platform team", 0, 0, false},
		{"accents and CJK", "équipe 团队 ß", 0, 0, false},
		{"emoji with ZWJ and variation selector", "👨\u200d💻 ❤\ufe0f", 0, 0, false},
		{"space and no-break space", "a b\u00a0c", 0, 0, false},
		{"LRM, RLM and ALM marks are allowed", "\u200fשלום\u200e 1\u061c", 0, 0, false},
		{"zero-width joiner and BOM are not controls", "a\u200db\ufeff", 0, 0, false},
		{"encoded U+FFFD", "a\uFFFDb", 0, 0, false},
		{"NUL", "ab\x00c", 0x00, 2, true},
		{"BEL", "\x07team", 0x07, 0, true},
		{"BS", "team\b", 0x08, 4, true},
		{"TAB", "a\tb", 0x09, 1, true},
		{"LF", "line\n", 0x0a, 4, true},
		{"CR", "a\r\nb", 0x0d, 1, true},
		{"ESC after multi-byte characters", "éé团\x1b[31m", 0x1b, 3, true},
		{"US", "a\x1f", 0x1f, 1, true},
		{"DEL", "a\x7f", 0x7f, 1, true},
		{"C1 PAD", "a\u0080", 0x80, 1, true},
		{"C1 NEL", "a\u0085b", 0x85, 1, true},
		{"C1 CSI", "\u009b31m", 0x9b, 0, true},
		{"C1 APC", "x\u009f", 0x9f, 1, true},
		{"after C1: U+00A0 is fine", "\u00a0", 0, 0, false},
		{"LSEP", "a\u2028b", 0x2028, 1, true},
		{"PSEP", "a\u2029b", 0x2029, 1, true},
		{"LRE", "\u202aabc", 0x202a, 0, true},
		{"RLO", "admin\u202egnp.exe", 0x202e, 5, true},
		{"PDF", "a\u202c", 0x202c, 1, true},
		{"LRI", "a\u2066b", 0x2066, 1, true},
		{"PDI", "a\u2069b", 0x2069, 1, true},
		{"just outside the isolates", "\u2065\u206a", 0, 0, false},
		{"just outside the separators and embeddings", "\u2027\u202f", 0, 0, false},
		{"first of several", "a\u202eb\x1b", 0x202e, 1, true},
		{"invalid bytes count for the index but are not forbidden", "\xff\xfe\x1b", 0x1b, 2, true},
		{"invalid bytes only", "\xff", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, i, ok := FirstForbidden(tt.in)
			if r != tt.wantRune || i != tt.wantIndex || ok != tt.wantOK {
				t.Errorf("FirstForbidden(%q) = %s, %d, %v; want %s, %d, %v",
					tt.in, Describe(r), i, ok, Describe(tt.wantRune), tt.wantIndex, tt.wantOK)
			}
		})
	}
}

func TestIsForbiddenRanges(t *testing.T) {
	// Every code point up to U+FFFF, and the ends of the planes above,
	// against the ranges written out differently.
	want := func(r rune) bool {
		return unicode.Is(unicode.Cc, r) ||
			r == '\u2028' || r == '\u2029' ||
			strings.ContainsRune("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", r)
	}
	check := func(r rune) {
		if got := IsForbidden(r); got != want(r) {
			t.Errorf("IsForbidden(%s) = %v, want %v", Describe(r), got, want(r))
		}
	}
	for r := rune(0); r <= 0xffff; r++ {
		check(r)
	}
	for _, r := range []rune{0x10000, 0x1f600, 0xe0001, 0xe007f, 0x10ffff, -1, 0x110000} {
		check(r)
	}
}

func TestFirstInvalidUTF8(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantByte  byte
		wantIndex int
		wantOK    bool
	}{
		{"empty", "", 0, 0, false},
		{"valid", "équipe 团队 😀", 0, 0, false},
		{"encoded U+FFFD is valid", "\uFFFD", 0, 0, false},
		{"lone byte", "ab\xff", 0xff, 2, true},
		{"after multi-byte characters", "é团\x80", 0x80, 2, true},
		{"truncated sequence", "a\xe6\x9d", 0xe6, 1, true},
		{"UTF-8 encoded surrogate", "a\xed\xa0\x80", 0xed, 1, true},
		{"overlong NUL", "\xc0\x80", 0xc0, 0, true},
		{"beyond U+10FFFF", "\xf4\x90\x80\x80", 0xf4, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, i, ok := FirstInvalidUTF8(tt.in)
			if b != tt.wantByte || i != tt.wantIndex || ok != tt.wantOK {
				t.Errorf("FirstInvalidUTF8(%q) = %#x, %d, %v; want %#x, %d, %v", tt.in, b, i, ok, tt.wantByte, tt.wantIndex, tt.wantOK)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		in   rune
		want string
	}{
		{0x00, "U+0000 (NUL)"},
		{0x07, "U+0007 (BEL)"},
		{0x08, "U+0008 (BS)"},
		{0x09, "U+0009 (HT, tab)"},
		{0x0a, "U+000A (LF, line feed)"},
		{0x1b, "U+001B (ESC)"},
		{0x7f, "U+007F (DEL)"},
		{0x85, "U+0085 (NEL)"},
		{0x9b, "U+009B (CSI)"},
		{0x200f, "U+200F (RLM, right-to-left mark)"},
		{0x2028, "U+2028 (LSEP, line separator)"},
		{0x202e, "U+202E (RLO, right-to-left override)"},
		{0x2069, "U+2069 (PDI, pop directional isolate)"},
		{'é', "U+00E9"},
		{0x1f600, "U+1F600"},
		{-1, "invalid code point -1"},
	}
	for _, tt := range tests {
		if got := Describe(tt.in); got != tt.want {
			t.Errorf("Describe(%#x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDescribeNamesEveryForbidden checks every forbidden character has a
// name, and that no description contains anything but printable ASCII.
func TestDescribeNamesEveryForbidden(t *testing.T) {
	for r := rune(0); r <= 0x2100; r++ {
		d := Describe(r)
		if IsForbidden(r) && !strings.Contains(d, "(") {
			t.Errorf("Describe(%#x) = %q has no name", r, d)
		}
		for _, c := range d {
			if c < 0x20 || c > 0x7e {
				t.Fatalf("Describe(%#x) = %q contains %#x", r, d, c)
			}
		}
	}
}

func TestDescribeByte(t *testing.T) {
	if got := DescribeByte(0xff); got != "byte 0xFF" {
		t.Errorf("DescribeByte(0xff) = %q", got)
	}
	if got := DescribeByte(0x0a); got != "byte 0x0A" {
		t.Errorf("DescribeByte(0x0a) = %q", got)
	}
}

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "team", strings.Repeat("é", 81), strings.Repeat("团", 100), "😀🇩🇪", "e\u0301",
		"a\x1bb", "\x00", "\t\n\r", "\u0085", "\u202e", "\u2066x\u2069", "\u200f", "\u2028",
		"\xff", "a\xe6\x9d", "\xed\xa0\x80", "\uFFFD", "\xc0\x80",
	} {
		f.Add(s)
	}
}

func FuzzLen(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Len(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("Len(%q) = %d, utf8.RuneCountInString = %d", s, got, want)
		}
		if got, want := UTF16Len(s), len(utf16.Encode([]rune(s))); got != want {
			t.Errorf("UTF16Len(%q) = %d, UTF-16 encoding has %d units", s, got, want)
		}
	})
}

// forbiddenOracle finds the first forbidden character independently of the
// package: it decodes by hand with utf8.DecodeRuneInString and classifies
// with the unicode package's Cc category and a list of the other characters.
func forbiddenOracle(s string) (rune, int, bool) {
	others := []rune{0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069}
	idx := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if size == 1 && r == utf8.RuneError {
			idx++
			continue
		}
		if unicode.Is(unicode.Cc, r) {
			return r, idx, true
		}
		for _, o := range others {
			if r == o {
				return r, idx, true
			}
		}
		idx++
	}
	return 0, 0, false
}

func FuzzFirstForbidden(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		r, i, ok := FirstForbidden(s)
		wr, wi, wok := forbiddenOracle(s)
		if r != wr || i != wi || ok != wok {
			t.Fatalf("FirstForbidden(%q) = %#x, %d, %v; oracle %#x, %d, %v", s, r, i, ok, wr, wi, wok)
		}
		if ok {
			// The index is a character index: the character is there.
			if got := []rune(s)[i]; got != r {
				t.Fatalf("FirstForbidden(%q): character %d is %#x, not %#x", s, i, got, r)
			}
		}
		b, bi, bok := FirstInvalidUTF8(s)
		if bok == utf8.ValidString(s) {
			t.Fatalf("FirstInvalidUTF8(%q) ok = %v, utf8.ValidString = %v", s, bok, utf8.ValidString(s))
		}
		if bok {
			// Everything before the reported byte is valid, and the byte
			// itself starts no valid sequence.
			prefix := string([]rune(s)[:bi])
			if !strings.HasPrefix(s, prefix) || !utf8.ValidString(prefix) {
				// []rune turns invalid bytes into U+FFFD, so the prefix
				// matches s only if it was valid.
				t.Fatalf("FirstInvalidUTF8(%q) = %#x at %d: prefix %q is not valid", s, b, bi, prefix)
			}
			rest := s[len(prefix):]
			if rest[0] != b {
				t.Fatalf("FirstInvalidUTF8(%q) = %#x at %d, but the byte there is %#x", s, b, bi, rest[0])
			}
			if rr, size := utf8.DecodeRuneInString(rest); rr != utf8.RuneError || size != 1 {
				t.Fatalf("FirstInvalidUTF8(%q): the byte at %d starts %#x", s, bi, rr)
			}
		}
	})
}
