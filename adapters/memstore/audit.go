package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

type auditID = roles.ID[adapters.AuditEntry]

// storedAudit is an audit entry as the store keeps it: the entry and, in the
// same allocation, the memory of its slices when they are of the usual size
// (SHA-256 hashes, a few reasons).
type storedAudit struct {
	e       adapters.AuditEntry
	hashes  [2 * sha256Size]byte
	reasons [4]string
}

// sha256Size is the size of the hashes package backa writes.
const sha256Size = 32

// cloneAudit returns a copy of e that shares no memory with it, normalised,
// in one allocation where its slices fit (see storedAudit).
func cloneAudit(e *adapters.AuditEntry) *adapters.AuditEntry {
	st := &storedAudit{e: *e}
	c := &st.e
	c.At = norm(e.At)
	hashes := st.hashes[:0]
	c.PrevHash, hashes = copyInto(hashes, e.PrevHash)
	c.Hash, _ = copyInto(hashes, e.Hash)
	c.Reasons, _ = copyInto(st.reasons[:0], e.Reasons)
	return c
}

// auditOut returns the copy of a stored entry that a read hands out: it
// shares no memory with the store, and its hashes share one small buffer.
func auditOut(e *adapters.AuditEntry) adapters.AuditEntry {
	c := *e
	var hashes []byte
	if n := len(e.PrevHash) + len(e.Hash); n > 0 {
		hashes = make([]byte, 0, n)
	}
	c.PrevHash, hashes = copyInto(hashes, e.PrevHash)
	c.Hash, _ = copyInto(hashes, e.Hash)
	c.Reasons = cloneBytes(e.Reasons)
	return c
}

// copyInto copies s into the free capacity of buf when it fits, else into
// memory of its own; it returns the copy (nil when s is empty; capacity
// capped) and what is left of buf.
func copyInto[E any](buf, s []E) (copied, rest []E) {
	n := len(s)
	switch {
	case n == 0:
		return nil, buf
	case cap(buf)-len(buf) < n:
		return cloneBytes(s), buf
	}
	k := len(buf)
	buf = append(buf, s...)
	return buf[k : k+n : k+n], buf
}

// auditLog is the committed audit trail: entries[i] has Seq i+1.
type auditLog struct {
	entries []*adapters.AuditEntry
	byID    map[auditID]int64
	byChild map[childID][]int64 // ascending
}

func (l *auditLog) init() {
	l.byID = make(map[auditID]int64)
	l.byChild = make(map[childID][]int64)
}

// auditRepo is the audit trail within one transaction: the committed trail and
// the entries the transaction appended.
type auditRepo struct {
	tx    *tx
	base  *auditLog
	added []*adapters.AuditEntry
	// ids indexes added once it is too long to scan (see addedMap).
	ids     map[auditID]struct{}
	touched bool // on the transaction's dirty list
}

// has reports whether the transaction appended an entry with the ID.
func (r *auditRepo) has(id auditID) bool {
	if r.ids != nil {
		_, ok := r.ids[id]
		return ok
	}
	for _, e := range r.added {
		if e.ID == id {
			return true
		}
	}
	return false
}

// Append implements adapters.AuditLog.
func (r *auditRepo) Append(ctx context.Context, e *adapters.AuditEntry) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	if e.ID.IsZero() {
		return fmt.Errorf("memstore: append audit entry: zero ID: %w", roles.ErrInvalid)
	}
	if _, ok := r.base.byID[e.ID]; ok {
		return adapters.AlreadyExists(adapters.EntityAuditEntry, e.ID.String())
	}
	if r.has(e.ID) {
		return adapters.AlreadyExists(adapters.EntityAuditEntry, e.ID.String())
	}
	if !r.touched {
		r.touched = true
		r.tx.dirty = append(r.tx.dirty, r)
	}
	c := cloneAudit(e)
	c.Seq = int64(len(r.base.entries) + len(r.added) + 1)
	r.added = append(r.added, c)
	switch {
	case r.ids != nil:
		r.ids[c.ID] = struct{}{}
	case len(r.added) > addedMap:
		r.ids = make(map[auditID]struct{}, 2*len(r.added))
		for _, a := range r.added {
			r.ids[a.ID] = struct{}{}
		}
	}
	e.Seq = c.Seq
	return nil
}

// release implements committer; the appended entries are not reused.
func (r *auditRepo) release() {}

func (r *auditRepo) commit() {
	for _, e := range r.added {
		r.base.entries = append(r.base.entries, e)
		r.base.byID[e.ID] = e.Seq
		if !e.ChildID.IsZero() {
			r.base.byChild[e.ChildID] = append(r.base.byChild[e.ChildID], e.Seq)
		}
	}
}

// entry returns the entry with seq as this transaction sees it.
func (r *auditRepo) entry(seq int64) *adapters.AuditEntry {
	if n := int64(len(r.base.entries)); seq > n {
		return r.added[seq-n-1]
	}
	return r.base.entries[seq-1]
}

func (r *auditRepo) last() int64 { return int64(len(r.base.entries) + len(r.added)) }

// Last implements adapters.AuditLog.
func (r *auditRepo) Last(ctx context.Context) (adapters.AuditEntry, error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.AuditEntry{}, err
	}
	n := r.last()
	if n == 0 {
		return adapters.AuditEntry{}, adapters.NotFoundBy(adapters.EntityAuditEntry, "in an empty trail")
	}
	return auditOut(r.entry(n)), nil
}

// ByChild implements adapters.AuditLog.
func (r *auditRepo) ByChild(ctx context.Context, c roles.ID[roles.Child], page adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	var out adapters.Page[adapters.AuditEntry]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	before, err := decodeSeqCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	if before == 0 {
		before = r.last() + 1
	}
	limit := page.EffectiveLimit()
	// yield adds e to the page and reports whether to go on.
	yield := func(e *adapters.AuditEntry) bool {
		if len(out.Items) == limit {
			out.Next = encodeSeqCursor(out.Items[limit-1].Seq)
			return false
		}
		out.Items = append(out.Items, auditOut(e))
		return true
	}
	for i := len(r.added) - 1; i >= 0; i-- {
		if e := r.added[i]; e.Seq < before && e.ChildID == c && !yield(e) {
			return out, nil
		}
	}
	seqs := r.base.byChild[c]
	n, _ := slices.BinarySearch(seqs, before) // seqs[:n] are < before
	for i := n - 1; i >= 0; i-- {
		if !yield(r.base.entries[seqs[i]-1]) {
			return out, nil
		}
	}
	return out, nil
}

// Scan implements adapters.AuditLog.
func (r *auditRepo) Scan(ctx context.Context, from int64, page adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	var out adapters.Page[adapters.AuditEntry]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	after, err := decodeSeqCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	start := max(from, after+1, 1)
	limit := page.EffectiveLimit()
	last := r.last()
	for seq := start; seq <= last; seq++ {
		if len(out.Items) == limit {
			out.Next = encodeSeqCursor(seq - 1)
			break
		}
		out.Items = append(out.Items, auditOut(r.entry(seq)))
	}
	return out, nil
}
