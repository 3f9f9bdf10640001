// Package textrule holds the provider's rules for free text it sends to
// Gitpod (team names, token names and descriptions, service account names
// and descriptions): how long a value is, and which characters it must not
// contain. It is plain Go without Terraform imports, so schema validators and
// apply-time checks can share it.
//
// Lengths are counted in Unicode code points. That is how Gitpod counts:
// protovalidate's string min_len and max_len (the rules in gitpod.v1's
// descriptors) and CEL's size() on a string count code points, not bytes and
// not grapheme clusters. So "é" is one character (when precomposed, as
// Terraform's NFC normalization makes it) and a flag emoji, two regional
// indicators, is two.
//
// Indexes returned by this package are character indexes from 0, counted the
// way Len counts: every code point, and every byte that is not part of a valid
// UTF-8 encoding, is one character. Messages for people should add one.
package textrule

import (
	"fmt"
	"unicode/utf8"
)

// Len returns the number of characters in s: Unicode code points, each byte
// of invalid UTF-8 counting as one. It is the length protovalidate's
// min_len/max_len compare, not the number of bytes.
func Len(s string) int {
	return utf8.RuneCountInString(s)
}

// UTF16Len returns the number of UTF-16 code units in s, which is what
// JavaScript's String.length counts: Gitpod Classic's server (TypeScript)
// checks team names that way, so a character outside the Basic Multilingual
// Plane, such as most emoji, counts twice there. Each byte of invalid UTF-8
// counts as one unit (it would be sent as U+FFFD).
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// IsForbidden reports whether free text must not contain r:
//
//   - C0 controls U+0000–U+001F, tab, line feed and carriage return included;
//   - DEL U+007F and the C1 controls U+0080–U+009F;
//   - the line and paragraph separators U+2028 and U+2029, which break lines
//     like a line feed does;
//   - the bidirectional embeddings and overrides U+202A–U+202E and isolates
//     U+2066–U+2069, which reorder the text around them when it is displayed
//     (CVE-2021-42574, "Trojan Source").
//
// The bidirectional marks U+200E (LRM), U+200F (RLM) and U+061C (ALM) are
// allowed: they are zero-width characters with a direction, needed to show
// mixed right-to-left and left-to-right text correctly, and cannot reorder
// the text around them.
func IsForbidden(r rune) bool {
	switch {
	case r >= 0 && r <= 0x1f, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// FirstForbidden returns the first character of s that IsForbidden, with its
// character index (from 0); ok is false when s has none. Bytes of invalid
// UTF-8 are not forbidden characters here (each counts as one character for
// the index): FirstInvalidUTF8 reports them.
func FirstForbidden(s string) (r rune, index int, ok bool) {
	for _, c := range s {
		if IsForbidden(c) {
			return c, index, true
		}
		index++
	}
	return 0, 0, false
}

// FirstInvalidUTF8 returns the first byte of s that is not part of a valid
// UTF-8 encoding, with its character index (from 0); ok is false when s is
// valid UTF-8. A correctly encoded U+FFFD is valid. Gitpod cannot receive
// invalid UTF-8 at all: protobuf refuses to encode it in a string field.
func FirstInvalidUTF8(s string) (b byte, index int, ok bool) {
	for i := 0; i < len(s); index++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return s[i], index, true
		}
		i += size
	}
	return 0, 0, false
}

// names gives the characters Describe names: every forbidden one, and the
// allowed bidirectional marks.
var names = map[rune]string{
	0x00: "NUL", 0x01: "SOH", 0x02: "STX", 0x03: "ETX", 0x04: "EOT", 0x05: "ENQ", 0x06: "ACK", 0x07: "BEL",
	0x08: "BS", 0x09: "HT, tab", 0x0a: "LF, line feed", 0x0b: "VT", 0x0c: "FF", 0x0d: "CR, carriage return", 0x0e: "SO", 0x0f: "SI",
	0x10: "DLE", 0x11: "DC1", 0x12: "DC2", 0x13: "DC3", 0x14: "DC4", 0x15: "NAK", 0x16: "SYN", 0x17: "ETB",
	0x18: "CAN", 0x19: "EM", 0x1a: "SUB", 0x1b: "ESC", 0x1c: "FS", 0x1d: "GS", 0x1e: "RS", 0x1f: "US",
	0x7f: "DEL",
	0x80: "PAD", 0x81: "HOP", 0x82: "BPH", 0x83: "NBH", 0x84: "IND", 0x85: "NEL", 0x86: "SSA", 0x87: "ESA",
	0x88: "HTS", 0x89: "HTJ", 0x8a: "VTS", 0x8b: "PLD", 0x8c: "PLU", 0x8d: "RI", 0x8e: "SS2", 0x8f: "SS3",
	0x90: "DCS", 0x91: "PU1", 0x92: "PU2", 0x93: "STS", 0x94: "CCH", 0x95: "MW", 0x96: "SPA", 0x97: "EPA",
	0x98: "SOS", 0x99: "SGCI", 0x9a: "SCI", 0x9b: "CSI", 0x9c: "ST", 0x9d: "OSC", 0x9e: "PM", 0x9f: "APC",
	0x061c: "ALM, Arabic letter mark",
	0x200e: "LRM, left-to-right mark",
	0x200f: "RLM, right-to-left mark",
	0x2028: "LSEP, line separator",
	0x2029: "PSEP, paragraph separator",
	0x202a: "LRE, left-to-right embedding",
	0x202b: "RLE, right-to-left embedding",
	0x202c: "PDF, pop directional formatting",
	0x202d: "LRO, left-to-right override",
	0x202e: "RLO, right-to-left override",
	0x2066: "LRI, left-to-right isolate",
	0x2067: "RLI, right-to-left isolate",
	0x2068: "FSI, first strong isolate",
	0x2069: "PDI, pop directional isolate",
}

// Describe names r for a message without writing r itself, which could be a
// control character acting on the reader's terminal: "U+001B (ESC)",
// "U+202E (RLO, right-to-left override)", or just "U+00E9" for a character
// it has no name for. Values that are not Unicode code points (negative,
// surrogates, beyond U+10FFFF) are described the same way, by number.
func Describe(r rune) string {
	if name, ok := names[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, name)
	}
	if r < 0 {
		return fmt.Sprintf("invalid code point %d", r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// DescribeByte names a byte of invalid UTF-8 for a message: "byte 0xFF".
func DescribeByte(b byte) string {
	return fmt.Sprintf("byte 0x%02X", b)
}
