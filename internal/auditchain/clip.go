package auditchain

import (
	"strings"
	"unicode/utf8"
)

// Clip keeps at most n bytes of s, cut at a character boundary and made
// valid UTF-8: a clipped entry must still read (and hash) as the text it was.
func Clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
