// Package auditchain is the tamper-evident hash chain of Motcua's audit log
// (nhật ký kiểm toán). It has no PocketBase import: the hooks translate rows of
// the `audit_log` collection into Entry values and back.
//
// # Encoding (version 1)
//
// The hash of an entry is the lowercase hex SHA-256 of
//
//	"motcua-audit-v1\n" || F(seq) || F(at) || F(actor_type) || F(actor_id) ||
//	F(actor_email) || F(actor_role) || F(actor_name) || F(ip) || F(user_agent) ||
//	F(action) || F(collection) || F(record_id) || F(changes) || F(prev_hash)
//
// where F(x) is the 4-byte big-endian length of x's bytes followed by those
// bytes, and seq is written in decimal ASCII. `changes` is the exact JSON text
// stored in the database (it is hashed and stored byte for byte, never
// re-encoded). prev_hash is the hash of the entry with seq-1, and "" for the
// first entry (seq 1). The record id of the row is not hashed: it carries no
// meaning.
//
// # What the chain catches
//
// Editing any hashed field of an entry, deleting an entry in the middle,
// inserting one, or reordering entries breaks the chain at the first entry
// affected. Deleting the last entries (tail truncation) leaves a shorter chain
// that is valid by itself: only an anchor kept outside the database (the head
// seq and hash printed on paper and signed) catches it, with
// VerifyAgainstAnchor or NewVerifier's anchors. Someone who rewrites every
// hash from the edited entry onwards is likewise caught only by an anchor
// taken after that entry.
package auditchain

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
)

// Domain separates Motcua's audit hashes from any other SHA-256 use.
const Domain = "motcua-audit-v1\n"

// Entry is one audit log entry as stored.
type Entry struct {
	Seq        int64
	At         string
	ActorType  string
	ActorID    string
	ActorEmail string
	ActorRole  string
	ActorName  string
	IP         string
	UserAgent  string
	Action     string
	Collection string
	RecordID   string
	Changes    string // JSON text, hashed exactly as stored
	PrevHash   string
	Hash       string
}

// Hasher computes entry hashes, reusing its buffers: one per goroutine.
type Hasher struct {
	h   hash.Hash
	buf []byte
	sum [sha256.Size]byte
	hex [2 * sha256.Size]byte
}

// NewHasher returns a Hasher.
func NewHasher() *Hasher {
	return &Hasher{h: sha256.New(), buf: make([]byte, 0, 1024)}
}

// sumHex returns the hex hash of e as a byte slice owned by the Hasher, valid
// until the next call.
func (x *Hasher) sumHex(e *Entry) []byte {
	b := append(x.buf[:0], Domain...)
	var num [20]byte
	b = field(b, strconv.AppendInt(num[:0], e.Seq, 10))
	for _, s := range [...]string{e.At, e.ActorType, e.ActorID, e.ActorEmail, e.ActorRole, e.ActorName,
		e.IP, e.UserAgent, e.Action, e.Collection, e.RecordID, e.Changes, e.PrevHash} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	x.buf = b
	x.h.Reset()
	x.h.Write(b)
	x.h.Sum(x.sum[:0])
	hex.Encode(x.hex[:], x.sum[:])
	return x.hex[:]
}

func field(b, v []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// Hash returns the hash of e (its Hash field is ignored).
func (x *Hasher) Hash(e *Entry) string { return string(x.sumHex(e)) }

// Hash returns the hash of e (its Hash field is ignored).
func Hash(e *Entry) string { return NewHasher().Hash(e) }

// Seal links e after prev (seq and hash of the current head; 0 and "" for an
// empty log) and sets its Seq, PrevHash and Hash.
func Seal(e *Entry, prevSeq int64, prevHash string) {
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	e.Hash = Hash(e)
}

// Result is the outcome of a verification.
type Result struct {
	OK       bool   `json:"ok"`
	Entries  int64  `json:"entries"`
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	// FirstBadSeq is the seq of the first entry that does not verify (for a
	// missing anchored entry: the anchor's seq).
	FirstBadSeq int64  `json:"first_bad_seq,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// Head is a chain head (đầu chuỗi): the seq and hash of its last entry. As an
// anchor it is recorded outside the database (printed, signed, kept beside
// data.db); the audit entries of a restore record the head of the chain they
// replaced or left out. Its JSON keys are those of every stored head.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Verifier checks a chain streamed in seq order, one entry at a time, without
// keeping the entries.
type Verifier struct {
	hasher   *Hasher
	res      Result
	anchors  []Head
	matched  int
	prevHash []byte
	// segment verifiers (see NewSegmentVerifier) take the prev_hash of their
	// first entry on trust; Join checks it against the previous segment.
	segment   bool
	started   bool
	firstSeq  int64
	firstPrev string
	firstSeen bool
}

// NewSegmentVerifier verifies the part of a chain that starts at firstSeq,
// so that long chains can be checked in parallel by seq ranges. The first
// entry's prev_hash is taken as given; Join checks it against the end of the
// previous segment.
func NewSegmentVerifier(firstSeq int64, anchors ...Head) *Verifier {
	v := NewVerifier(anchors...)
	v.segment, v.firstSeq, v.res.HeadSeq = true, firstSeq, firstSeq-1
	return v
}

// Join combines the verifiers of consecutive segments (the first one made by
// NewVerifier, the others by NewSegmentVerifier) into the chain's result: the
// first failure in seq order wins.
func Join(segments ...*Verifier) Result {
	var prev *Verifier
	for _, v := range segments {
		if prev != nil && v.firstSeen {
			// An empty segment joins nothing; the next one must start
			// right after the last entry seen.
			if v.firstSeq != prev.res.HeadSeq+1 || v.firstPrev != string(prev.prevHash) {
				r := prev.Result()
				r.OK, r.HeadHash = false, ""
				r.FirstBadSeq = v.firstSeq
				r.Reason = fmt.Sprintf("entry %d: prev_hash does not match the hash of entry %d", v.firstSeq, v.firstSeq-1)
				return r
			}
		}
		if !v.res.OK {
			r := v.res
			if prev != nil {
				r.Entries += prev.res.Entries
			}
			return r
		}
		if prev != nil {
			v.res.Entries += prev.res.Entries
			if !v.started {
				v.res.HeadSeq = prev.res.HeadSeq
				v.prevHash = append(v.prevHash[:0], prev.prevHash...)
			}
		}
		prev = v
	}
	if prev == nil {
		return NewVerifier().Result()
	}
	return prev.Result()
}

// NewVerifier returns a Verifier that also requires every anchor to be in the
// chain with the same hash.
func NewVerifier(anchors ...Head) *Verifier {
	return &Verifier{hasher: NewHasher(), res: Result{OK: true}, anchors: anchors, prevHash: make([]byte, 0, 64)}
}

// Add checks the next entry and reports whether the chain is still intact.
// After the first failure it ignores further entries.
func (v *Verifier) Add(e *Entry) bool {
	if !v.res.OK {
		return false
	}
	want := v.res.HeadSeq + 1
	if v.segment && !v.started && e.Seq == want {
		v.firstSeen = true
		v.firstPrev = e.PrevHash
		v.prevHash = append(v.prevHash[:0], e.PrevHash...)
	}
	v.started = true
	switch {
	case e.Seq != want:
		return v.fail(e.Seq, fmt.Sprintf("seq %d where %d was expected: entries are missing, inserted or reordered", e.Seq, want))
	case e.PrevHash != string(v.prevHash):
		return v.fail(e.Seq, fmt.Sprintf("entry %d: prev_hash does not match the hash of entry %d", e.Seq, want-1))
	}
	sum := v.hasher.sumHex(e)
	if string(sum) != e.Hash {
		return v.fail(e.Seq, fmt.Sprintf("entry %d: hash does not match its content (edited)", e.Seq))
	}
	for _, a := range v.anchors {
		if a.Seq == e.Seq {
			if a.Hash != e.Hash {
				return v.fail(e.Seq, fmt.Sprintf("entry %d: hash differs from the anchor %s", e.Seq, a.Hash))
			}
			v.matched++
		}
	}
	v.prevHash = append(v.prevHash[:0], sum...)
	v.res.Entries++
	v.res.HeadSeq = e.Seq
	return true
}

func (v *Verifier) fail(seq int64, reason string) bool {
	v.res.OK = false
	v.res.FirstBadSeq = seq
	v.res.Reason = reason
	return false
}

// Result ends the verification: an anchor beyond the head means the tail was
// truncated.
func (v *Verifier) Result() Result {
	r := v.res
	if r.OK {
		r.HeadHash = string(v.prevHash)
		for _, a := range v.anchors {
			if a.Seq > r.HeadSeq {
				r.OK = false
				r.FirstBadSeq = a.Seq
				r.Reason = fmt.Sprintf("entry %d of the anchor is missing: the log ends at %d (tail truncated)", a.Seq, r.HeadSeq)
				break
			}
		}
	}
	return r
}

// Verify checks a whole chain held in memory.
func Verify(entries []Entry, anchors ...Head) Result {
	v := NewVerifier(anchors...)
	for i := range entries {
		if !v.Add(&entries[i]) {
			break
		}
	}
	return v.Result()
}

// VerifyAgainstAnchor checks a chain and that it still contains the anchored
// head: the only way to catch deleted last entries.
func VerifyAgainstAnchor(entries []Entry, anchor Head) Result {
	return Verify(entries, anchor)
}
