// Package vntext folds Vietnamese text for search (tìm kiếm không dấu): lower
// case, no tone or vowel marks, đ as d, spaces collapsed. SQLite's own folding
// does not know đ, so search text is folded here, in Go, on both sides.
package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in lower case without diacritics, with runs of anything
// that is not a letter or digit collapsed to one space: "Hộ tịch – Đăng ký"
// becomes "ho tich dang ky".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		case r == '.':
			// Keep dots inside procedure codes such as 1.001193.
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Terms splits a folded query into its words, for matching every word.
func Terms(query string) []string {
	return strings.Fields(Fold(query))
}

// SearchKey is the folded text a record is found by: its parts folded and
// joined, and a part written as groups of digits (a phone number typed
// "0900 000 123") also as its digits alone, so that either spelling finds it.
func SearchKey(parts ...string) string {
	var out []string
	for _, p := range parts {
		f := Fold(p)
		if f == "" {
			continue
		}
		out = append(out, f)
		if d := strings.ReplaceAll(f, " ", ""); d != f && strings.Trim(d, "0123456789") == "" {
			out = append(out, d)
		}
	}
	return strings.Join(out, " ")
}
