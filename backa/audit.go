package backa

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// AuditHashVersion names the canonical encoding HashAuditEntry hashes. It is
// the first thing hashed, so that a later encoding can never produce the hash
// of an earlier one.
const AuditHashVersion = "backa/audit-entry/v1"

// HashAuditEntry returns the SHA-256 hash that chains e into the audit trail:
// over a canonical, versioned encoding (AuditHashVersion) of every field
// backa fills (ID, At at microsecond precision in UTC, Actor, ActorAgency,
// ActorUnit, ChildID, Action, Category, Purpose, Allowed, BasisKind, BasisRef,
// DecisionID, Reasons, Severity) and PrevHash. Seq, which the store assigns,
// and Hash itself are left out: the chain of PrevHash values fixes the order.
//
// The encoding: the version, then each field in that order; a text as its
// length in bytes (unsigned varint) followed by its bytes; an ID as its 16
// bytes; an instant as a byte 0 for the zero time or 1 followed by its Unix
// microseconds (8 bytes, big-endian, two's complement); a bool as a byte 0
// or 1; Reasons as their count (unsigned varint) followed by each code as a
// text; PrevHash as a text. Nil and empty slices encode alike, as stores
// return empty slices as nil.
func HashAuditEntry(e *adapters.AuditEntry) []byte {
	h := hashAuditEntry(e)
	return h[:]
}

// hashAuditEntry is HashAuditEntry as an array, for callers that keep the
// hash in memory of their own.
func hashAuditEntry(e *adapters.AuditEntry) [sha256.Size]byte {
	var buf [512]byte
	b := appendText(buf[:0], AuditHashVersion)
	b = append(b, e.ID[:]...)
	b = appendTime(b, e.At)
	b = appendText(b, string(e.Actor.Kind))
	b = append(b, e.Actor.ID[:]...)
	b = appendText(b, string(e.ActorAgency))
	b = append(b, e.ActorUnit[:]...)
	b = append(b, e.ChildID[:]...)
	b = appendText(b, e.Action)
	b = appendText(b, e.Category)
	b = appendText(b, e.Purpose)
	if e.Allowed {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = appendText(b, e.BasisKind)
	b = appendText(b, e.BasisRef)
	b = append(b, e.DecisionID[:]...)
	b = binary.AppendUvarint(b, uint64(len(e.Reasons)))
	for _, r := range e.Reasons {
		b = appendText(b, r)
	}
	b = appendText(b, string(e.Severity))
	b = binary.AppendUvarint(b, uint64(len(e.PrevHash)))
	b = append(b, e.PrevHash...)
	return sha256.Sum256(b)
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	return binary.BigEndian.AppendUint64(append(b, 1), uint64(t.UnixMicro()))
}

// BreakKind says how the audit trail is broken at an entry.
type BreakKind string

// The kinds of break VerifyAudit reports.
const (
	// BreakChanged: the entry's fields do not match its hash: it was changed
	// after it was written.
	BreakChanged BreakKind = "changed"
	// BreakRemoved: entries are missing before this one: its sequence number
	// does not follow the one before (or the trail does not start at 1, or it
	// ends before a checkpoint).
	BreakRemoved BreakKind = "removed"
	// BreakReordered: the entry is chained to an entry that stands elsewhere
	// in the trail: entries were moved.
	BreakReordered BreakKind = "reordered"
	// BreakLink: the entry is not chained to the one before it, and the entry
	// it is chained to is nowhere in the trail: the entry before it was
	// replaced (changed and its hash recomputed), or entries were removed and
	// the rest renumbered.
	BreakLink BreakKind = "broken_link"
)

// AuditBreak is one place where the audit trail is broken.
type AuditBreak struct {
	// Seq and ID identify the entry at which the break was found.
	Seq  int64                         `json:"seq"`
	ID   roles.ID[adapters.AuditEntry] `json:"id"`
	Kind BreakKind                     `json:"kind"`
}

// String returns "seq 12 (<id>): changed".
func (b AuditBreak) String() string {
	return "seq " + strconv.FormatInt(b.Seq, 10) + " (" + b.ID.String() + "): " + string(b.Kind)
}

// AuditHead is the end of the audit trail at one moment: the last entry's
// sequence number and hash. Kept outside the store (printed, sent to another
// system), it lets VerifyAuditAgainst notice entries removed from the end, or
// a trail rewritten as a whole, which no chain can show from the inside.
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash []byte `json:"hash,omitempty"`
}

// AuditReport is the result of verifying the audit trail.
type AuditReport struct {
	// Entries is the number of entries checked.
	Entries int64 `json:"entries"`
	// Head is the end of the trail as verified.
	Head AuditHead `json:"head"`
	// Breaks lists every break found, in sequence order.
	Breaks []AuditBreak `json:"breaks,omitempty"`
}

// AuditError reports that the audit trail is broken, and where. It matches
// ErrAuditBroken with errors.Is.
type AuditError struct {
	Breaks []AuditBreak
}

// Error returns "backa: audit trail broken: seq 5 (<id>): changed; ...".
func (e *AuditError) Error() string {
	var b strings.Builder
	b.WriteString("backa: audit trail broken: ")
	for i, br := range e.Breaks {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 5 {
			fmt.Fprintf(&b, "and %d more", len(e.Breaks)-i)
			break
		}
		b.WriteString(br.String())
	}
	return b.String()
}

// Unwrap returns ErrAuditBroken.
func (e *AuditError) Unwrap() error { return ErrAuditBroken }

// VerifyAudit reads the whole audit trail, in sequence order, and checks that
// every entry matches its hash and is chained to the one before it. It
// returns the report and, when anything is broken, an *AuditError (matching
// ErrAuditBroken) listing where and how: a changed entry, entries removed
// (a gap in the sequence), entries reordered, or a broken link.
//
// A chain shows changes from the inside only: entries removed from the end of
// the trail, or a trail rewritten as a whole, need a head kept elsewhere (see
// VerifyAuditAgainst).
func (s *Service) VerifyAudit(ctx context.Context) (AuditReport, error) {
	return s.verifyAudit(ctx, nil)
}

// VerifyAuditAgainst is VerifyAudit that also checks that the trail still
// holds the entry of head (an AuditReport.Head kept from an earlier
// verification) with the same hash: otherwise it reports a break of kind
// removed (the trail ends before head.Seq) or changed at head.Seq.
func (s *Service) VerifyAuditAgainst(ctx context.Context, head AuditHead) (AuditReport, error) {
	return s.verifyAudit(ctx, &head)
}

func (s *Service) verifyAudit(ctx context.Context, head *AuditHead) (AuditReport, error) {
	var rep AuditReport
	type link struct {
		brk  int // index in rep.Breaks
		prev []byte
	}
	var links []link
	headSeen := false
	err := s.view(ctx, func(ctx context.Context, tx adapters.Tx) error {
		rep = AuditReport{}
		links, headSeen = links[:0], false
		var prev *adapters.AuditEntry
		err := scanAudit(ctx, tx, func(e *adapters.AuditEntry) {
			rep.Entries++
			if !bytes.Equal(HashAuditEntry(e), e.Hash) {
				rep.Breaks = append(rep.Breaks, AuditBreak{Seq: e.Seq, ID: e.ID, Kind: BreakChanged})
			}
			switch {
			case prev == nil && e.Seq != 1, prev != nil && e.Seq != prev.Seq+1:
				rep.Breaks = append(rep.Breaks, AuditBreak{Seq: e.Seq, ID: e.ID, Kind: BreakRemoved})
			case prev == nil && len(e.PrevHash) != 0, prev != nil && !bytes.Equal(e.PrevHash, prev.Hash):
				links = append(links, link{brk: len(rep.Breaks), prev: e.PrevHash})
				rep.Breaks = append(rep.Breaks, AuditBreak{Seq: e.Seq, ID: e.ID, Kind: BreakLink})
			}
			if head != nil && e.Seq == head.Seq {
				headSeen = true
				if !bytes.Equal(e.Hash, head.Hash) {
					rep.Breaks = append(rep.Breaks, AuditBreak{Seq: e.Seq, ID: e.ID, Kind: BreakChanged})
				}
			}
			c := *e
			prev = &c
		})
		if err != nil {
			return err
		}
		if prev != nil {
			rep.Head = AuditHead{Seq: prev.Seq, Hash: prev.Hash}
		}
		if len(links) == 0 {
			return nil
		}
		// A second pass, only for a broken trail: an entry chained to an entry
		// that stands elsewhere in the trail was moved.
		want := make(map[string][]int, len(links))
		for i, l := range links {
			want[string(l.prev)] = append(want[string(l.prev)], i)
		}
		return scanAudit(ctx, tx, func(e *adapters.AuditEntry) {
			for _, i := range want[string(e.Hash)] {
				rep.Breaks[links[i].brk].Kind = BreakReordered
			}
		})
	})
	if err != nil {
		return AuditReport{}, fmt.Errorf("backa: verify audit: %w", err)
	}
	if head != nil && !headSeen && head.Seq > 0 {
		rep.Breaks = append(rep.Breaks, AuditBreak{Seq: head.Seq, Kind: BreakRemoved})
	}
	if len(rep.Breaks) == 0 {
		return rep, nil
	}
	slices.SortStableFunc(rep.Breaks, func(a, b AuditBreak) int {
		switch {
		case a.Seq < b.Seq:
			return -1
		case a.Seq > b.Seq:
			return 1
		}
		return 0
	})
	return rep, &AuditError{Breaks: slices.Clone(rep.Breaks)}
}

// scanAudit calls fn for every audit entry in sequence order, page by page.
func scanAudit(ctx context.Context, tx adapters.Tx, fn func(*adapters.AuditEntry)) error {
	page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
	for {
		p, err := tx.Audit().Scan(ctx, 1, page)
		if err != nil {
			return err
		}
		for i := range p.Items {
			fn(&p.Items[i])
		}
		if p.Next == "" {
			return nil
		}
		page.Cursor = p.Next
	}
}

// LogEntry is one line of a child's log extract: who did, or was refused,
// what on which category of the child's information, when, and on which
// basis. It holds IDs and codes only.
type LogEntry struct {
	Seq         int64                `json:"seq"`
	At          time.Time            `json:"at"`
	Actor       roles.Party          `json:"actor"`
	ActorAgency roles.Agency         `json:"actorAgency,omitempty"`
	ActorUnit   roles.ID[roles.Unit] `json:"actorUnit,omitzero"`
	Action      string               `json:"action"`
	Category    string               `json:"category,omitempty"`
	Purpose     string               `json:"purpose,omitempty"`
	Allowed     bool                 `json:"allowed"`
	BasisKind   string               `json:"basisKind,omitempty"`
	BasisRef    string               `json:"basisRef,omitempty"`
	Reasons     []string             `json:"reasons,omitempty"`
	Severity    adapters.Severity    `json:"severity"`
}

// LogExtract returns one page of the child's log extract, newest first: every
// audited access to the child's information, allowed or refused, by whom
// (the log extract of DOMAIN.md "Audit": who has looked at my child's data).
//
// The family reads it as their own access: the child, and a guardian with
// custody who is not left out by a significant-harm exception, decided as a
// read of the plan (the category Policy.OwnAccess gives them; (design
// choice) roles has no category of its own for the log). A professional needs
// an active role for the child in their own agency (a read of
// grunduppgifter). The extract is itself audited.
func (s *Service) LogExtract(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], page adapters.PageRequest) (adapters.Page[LogEntry], error) {
	o, err := s.newOp("log extract", actor, roles.PurposeSamordning)
	if err != nil {
		return adapters.Page[LogEntry]{}, err
	}
	var out adapters.Page[LogEntry]
	err = s.exec(ctx, o, func(o *op) error {
		out = adapters.Page[LogEntry]{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		var req roles.Request
		if o.actor.Party.Kind == roles.PartyProfessional {
			req = o.request(roles.Read, roles.CategoryGrunduppgifter, o.actor.Agency)
		} else {
			req = o.request(roles.Read, roles.CategoryPlan, "")
			req.Purpose = ""
		}
		if d := o.decide(req); !d.ok {
			return o.deny(d)
		}
		p, err := o.tx.Audit().ByChild(o.ctx, child, page)
		if err != nil {
			return o.fail(err)
		}
		out.Next = p.Next
		for _, e := range p.Items {
			out.Items = append(out.Items, LogEntry{
				Seq: e.Seq, At: e.At, Actor: e.Actor, ActorAgency: e.ActorAgency, ActorUnit: e.ActorUnit,
				Action: e.Action, Category: e.Category, Purpose: e.Purpose, Allowed: e.Allowed,
				BasisKind: e.BasisKind, BasisRef: e.BasisRef, Reasons: e.Reasons, Severity: e.Severity,
			})
		}
		return nil
	})
	return out, err
}
