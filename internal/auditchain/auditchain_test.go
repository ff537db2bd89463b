package auditchain_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/auditchain"
)

func chain(n int) []auditchain.Entry {
	out := make([]auditchain.Entry, n)
	var prevSeq int64
	prev := ""
	for i := range out {
		e := &out[i]
		*e = auditchain.Entry{
			At: fmt.Sprintf("2026-11-02T08:%02d:00.000Z", i%60), ActorType: "staff", ActorID: "u1",
			ActorEmail: "tiepnhan@ninhxuan.example", ActorRole: "receptionist", ActorName: "Trần Thị Mẫu",
			IP: "10.0.0.5", UserAgent: "Mozilla/5.0", Action: "update", Collection: "dossiers",
			RecordID: fmt.Sprintf("rec%d", i), Changes: fmt.Sprintf(`{"status":{"before":"received","after":"processing%d"}}`, i),
		}
		auditchain.Seal(e, prevSeq, prev)
		prevSeq, prev = e.Seq, e.Hash
	}
	return out
}

func TestHashIsStableAndDocumented(t *testing.T) {
	e := auditchain.Entry{Seq: 1, At: "2026-11-02T08:00:00.000Z", Action: "create", Changes: "{}"}
	// A fixed vector: changing the encoding must be a deliberate, versioned act.
	assert.Equal(t, "6b01e7a7a65bf53422bd9952e4ca8372865b1287885f12b49867c7e2db240931", auditchain.Hash(&e))
	// Length prefixes keep field boundaries: moving a byte between fields changes the hash.
	a := auditchain.Entry{Seq: 1, ActorID: "ab", ActorEmail: "c"}
	b := auditchain.Entry{Seq: 1, ActorID: "a", ActorEmail: "bc"}
	assert.NotEqual(t, auditchain.Hash(&a), auditchain.Hash(&b))
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func([]auditchain.Entry) []auditchain.Entry
		ok      bool
		badSeq  int64
		entries int64
	}{
		{"intact", func(c []auditchain.Entry) []auditchain.Entry { return c }, true, 0, 10},
		{"edit a field", func(c []auditchain.Entry) []auditchain.Entry { c[4].ActorEmail = "other@x"; return c }, false, 5, 4},
		{"edit changes", func(c []auditchain.Entry) []auditchain.Entry {
			c[6].Changes = `{"status":{"before":"received","after":"returned"}}`
			return c
		}, false, 7, 6},
		{"edit and rehash one entry", func(c []auditchain.Entry) []auditchain.Entry {
			c[2].Action = "delete"
			c[2].Hash = auditchain.Hash(&c[2])
			return c
		}, false, 4, 3},
		{"delete a middle entry", func(c []auditchain.Entry) []auditchain.Entry { return append(c[:3], c[4:]...) }, false, 5, 3},
		{"delete a middle entry and renumber", func(c []auditchain.Entry) []auditchain.Entry {
			c = append(c[:3], c[4:]...)
			for i := 3; i < len(c); i++ {
				c[i].Seq--
			}
			return c
		}, false, 4, 3},
		{"swap two entries", func(c []auditchain.Entry) []auditchain.Entry { c[2], c[3] = c[3], c[2]; return c }, false, 4, 2},
		{"swap contents keeping seq", func(c []auditchain.Entry) []auditchain.Entry {
			c[2], c[3] = c[3], c[2]
			c[2].Seq, c[3].Seq = 3, 4
			return c
		}, false, 3, 2},
		{"truncate the tail", func(c []auditchain.Entry) []auditchain.Entry { return c[:7] }, true, 0, 7},
		{"delete the first entry", func(c []auditchain.Entry) []auditchain.Entry { return c[1:] }, false, 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := auditchain.Verify(tc.tamper(chain(10)))
			assert.Equal(t, tc.ok, r.OK, r.Reason)
			assert.Equal(t, tc.badSeq, r.FirstBadSeq)
			assert.Equal(t, tc.entries, r.Entries)
			if !tc.ok {
				assert.NotEmpty(t, r.Reason)
			}
		})
	}
}

func TestTailTruncationIsCaughtOnlyByAnAnchor(t *testing.T) {
	full := chain(10)
	anchor := auditchain.Head{Seq: full[9].Seq, Hash: full[9].Hash}

	truncated := full[:8]
	alone := auditchain.Verify(truncated)
	require.True(t, alone.OK, "a truncated chain is valid by itself")
	assert.Equal(t, int64(8), alone.HeadSeq)
	assert.Equal(t, full[7].Hash, alone.HeadHash)

	r := auditchain.VerifyAgainstAnchor(truncated, anchor)
	assert.False(t, r.OK)
	assert.Equal(t, int64(10), r.FirstBadSeq)
	assert.Contains(t, r.Reason, "truncated")

	ok := auditchain.VerifyAgainstAnchor(full, anchor)
	assert.True(t, ok.OK, ok.Reason)

	// A chain rewritten from entry 3 onwards is valid by itself but differs
	// from an anchor taken before the rewrite.
	rewritten := chain(10)
	rewritten[2].Action = "delete"
	for i := 2; i < len(rewritten); i++ {
		auditchain.Seal(&rewritten[i], rewritten[i-1].Seq, rewritten[i-1].Hash)
	}
	require.True(t, auditchain.Verify(rewritten).OK)
	bad := auditchain.VerifyAgainstAnchor(rewritten, anchor)
	assert.False(t, bad.OK)
	assert.Equal(t, int64(10), bad.FirstBadSeq)
}

func TestVerifierStopsAtFirstFailure(t *testing.T) {
	c := chain(5)
	c[1].IP = "1.2.3.4"
	v := auditchain.NewVerifier()
	assert.True(t, v.Add(&c[0]))
	assert.False(t, v.Add(&c[1]))
	assert.False(t, v.Add(&c[2]))
	r := v.Result()
	assert.Equal(t, int64(2), r.FirstBadSeq)
	assert.Equal(t, int64(1), r.Entries)
}

func BenchmarkVerify(b *testing.B) {
	c := chain(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := auditchain.NewVerifier()
		for j := range c {
			v.Add(&c[j])
		}
		if !v.Result().OK {
			b.Fatal("broken")
		}
	}
	b.ReportMetric(float64(b.N*len(c))/b.Elapsed().Seconds(), "entries/s")
}

// TestSegmentsAgreeWithVerify: checking a chain in seq ranges (in parallel)
// gives the same verdict and first bad entry as checking it in one pass.
func TestSegmentsAgreeWithVerify(t *testing.T) {
	tampers := map[string]func([]auditchain.Entry) []auditchain.Entry{
		"intact":       func(c []auditchain.Entry) []auditchain.Entry { return c },
		"edit at seam": func(c []auditchain.Entry) []auditchain.Entry { c[4].Action = "x"; return c },
		"edit inside":  func(c []auditchain.Entry) []auditchain.Entry { c[6].Action = "x"; return c },
		"delete at seam start": func(c []auditchain.Entry) []auditchain.Entry {
			return append(c[:5], c[6:]...)
		},
		"delete at seam end": func(c []auditchain.Entry) []auditchain.Entry {
			return append(c[:4], c[5:]...)
		},
		"rehash after seam": func(c []auditchain.Entry) []auditchain.Entry {
			c[5].Action = "x"
			c[5].Hash = auditchain.Hash(&c[5])
			return c
		},
		"tail cut": func(c []auditchain.Entry) []auditchain.Entry { return c[:9] },
	}
	for name, tamper := range tampers {
		t.Run(name, func(t *testing.T) {
			c := tamper(chain(12))
			want := auditchain.Verify(c)
			for _, bounds := range [][]int64{{1, 6, 11}, {1, 5, 9}, {1, 13, 20}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}} {
				var segs []*auditchain.Verifier
				for i, lo := range bounds {
					hi := int64(1 << 62)
					if i+1 < len(bounds) {
						hi = bounds[i+1] - 1
					}
					v := auditchain.NewVerifier()
					if i > 0 {
						v = auditchain.NewSegmentVerifier(lo)
					}
					for j := range c {
						if c[j].Seq >= lo && c[j].Seq <= hi && !v.Add(&c[j]) {
							break
						}
					}
					segs = append(segs, v)
				}
				got := auditchain.Join(segs...)
				assert.Equal(t, want.OK, got.OK, "%v: %s", bounds, got.Reason)
				assert.Equal(t, want.FirstBadSeq, got.FirstBadSeq, "%v", bounds)
				assert.Equal(t, want.HeadHash, got.HeadHash, "%v", bounds)
				assert.Equal(t, want.Entries, got.Entries, "%v", bounds)
			}
		})
	}
}
