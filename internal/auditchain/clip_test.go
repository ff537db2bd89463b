package auditchain_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"motcua/internal/auditchain"
)

// TestClipKeepsWholeCharacters: a long user agent or sign-in identity
// is clipped inside a hashed entry; the cut falls between characters.
func TestClipKeepsWholeCharacters(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Trình duyệt", 100, "Trình duyệt"},
		{"Trình duyệt", 4, "Trì"},  // "ì" is two bytes: bytes 3..4
		{"Trình duyệt", 3, "Tr"},   // would cut "ì" in half
		{"ệệ", 5, "ệ"},             // "ệ" is three bytes
		{"a\xffb", 10, "a\uFFFDb"}, // invalid bytes made valid, not stored raw
		{"", 5, ""},
	} {
		got := auditchain.Clip(c.in, c.n)
		assert.Equal(t, c.want, got, "clip %q to %d", c.in, c.n)
		assert.True(t, utf8.ValidString(got))
		assert.LessOrEqual(t, len(got), c.n)
	}
}
