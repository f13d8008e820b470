package memstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

type eventID = roles.ID[adapters.Event]

func cloneEvent(e *adapters.Event) *adapters.Event {
	c := *e
	c.At = norm(e.At)
	c.AckedAt = norm(e.AckedAt)
	c.Payload = cloneBytes(e.Payload)
	return &c
}

// outboxLog is the committed outbox: events[i] has Seq i+1.
type outboxLog struct {
	events  []*adapters.Event
	byID    map[eventID]int64
	byChild map[childID][]int64 // ascending
	pending []int64             // ascending: the seqs of events not acknowledged
}

func (l *outboxLog) init() {
	l.byID = make(map[eventID]int64)
	l.byChild = make(map[childID][]int64)
}

// outboxRepo is the outbox within one transaction: the committed outbox, the
// events the transaction appended and the acknowledgements it made.
type outboxRepo struct {
	tx    *tx
	base  *outboxLog
	added []*adapters.Event
	// ids indexes added once it is too long to scan (see addedMap).
	ids     map[eventID]int64
	acks    map[int64]time.Time // of committed events; nil until the first
	touched bool                // on the transaction's dirty list
}

// addedMap is the number of events or audit entries that a transaction
// appends before it indexes them by ID: fewer are scanned.
const addedMap = 16

func (r *outboxRepo) touch() {
	if !r.touched {
		r.touched = true
		r.tx.dirty = append(r.tx.dirty, r)
	}
}

// Append implements adapters.Outbox.
func (r *outboxRepo) Append(ctx context.Context, e *adapters.Event) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	if e.ID.IsZero() {
		return fmt.Errorf("memstore: append event: zero ID: %w", roles.ErrInvalid)
	}
	if r.seqOf(e.ID) != 0 {
		return adapters.AlreadyExists(adapters.EntityEvent, e.ID.String())
	}
	r.touch()
	c := cloneEvent(e)
	c.AckedAt = time.Time{}
	c.Seq = int64(len(r.base.events) + len(r.added) + 1)
	r.added = append(r.added, c)
	switch {
	case r.ids != nil:
		r.ids[c.ID] = c.Seq
	case len(r.added) > addedMap:
		r.ids = make(map[eventID]int64, 2*len(r.added))
		for _, a := range r.added {
			r.ids[a.ID] = a.Seq
		}
	}
	e.Seq = c.Seq
	return nil
}

// release implements committer; the appended events are not reused.
func (r *outboxRepo) release() {}

func (r *outboxRepo) commit() {
	for seq, at := range r.acks {
		c := *r.base.events[seq-1]
		c.AckedAt = at
		r.base.events[seq-1] = &c
		if i, ok := slices.BinarySearch(r.base.pending, seq); ok {
			r.base.pending = slices.Delete(r.base.pending, i, i+1)
		}
	}
	for _, e := range r.added {
		r.base.events = append(r.base.events, e)
		r.base.byID[e.ID] = e.Seq
		if !e.ChildID.IsZero() {
			r.base.byChild[e.ChildID] = append(r.base.byChild[e.ChildID], e.Seq)
		}
		if e.AckedAt.IsZero() {
			r.base.pending = append(r.base.pending, e.Seq)
		}
	}
}

// seqOf returns the seq of the event with the ID, or 0.
func (r *outboxRepo) seqOf(id eventID) int64 {
	if seq, ok := r.base.byID[id]; ok {
		return seq
	}
	if r.ids != nil {
		return r.ids[id]
	}
	for _, e := range r.added {
		if e.ID == id {
			return e.Seq
		}
	}
	return 0
}

// event returns the event with seq as this transaction sees it, and whether it
// is pending.
func (r *outboxRepo) event(seq int64) (*adapters.Event, bool) {
	if n := int64(len(r.base.events)); seq > n {
		e := r.added[seq-n-1]
		return e, e.AckedAt.IsZero()
	}
	e := r.base.events[seq-1]
	if !e.AckedAt.IsZero() {
		return e, false
	}
	_, acked := r.acks[seq]
	return e, !acked
}

// Get implements adapters.Outbox.
func (r *outboxRepo) Get(ctx context.Context, id roles.ID[adapters.Event]) (adapters.Event, error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.Event{}, err
	}
	seq := r.seqOf(id)
	if seq == 0 {
		return adapters.Event{}, adapters.NotFound(adapters.EntityEvent, id.String())
	}
	e, _ := r.event(seq)
	c := cloneEvent(e)
	if at, ok := r.acks[seq]; ok {
		c.AckedAt = at
	}
	return *c, nil
}

// Ack implements adapters.Outbox.
func (r *outboxRepo) Ack(ctx context.Context, id roles.ID[adapters.Event], at time.Time) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	if at.IsZero() {
		return fmt.Errorf("memstore: ack event: zero time: %w", roles.ErrInvalid)
	}
	seq := r.seqOf(id)
	if seq == 0 {
		return adapters.NotFound(adapters.EntityEvent, id.String())
	}
	e, pending := r.event(seq)
	if !pending {
		return nil
	}
	r.touch()
	if n := int64(len(r.base.events)); seq > n {
		e.AckedAt = norm(at) // the transaction's own copy
		return nil
	}
	if r.acks == nil {
		r.acks = make(map[int64]time.Time)
	}
	r.acks[seq] = norm(at)
	return nil
}

// page collects pending events from the seqs of committed events (ascending)
// and then from the events appended in this transaction that pass keep.
func (r *outboxRepo) page(seqs []int64, keep func(*adapters.Event) bool, pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	var out adapters.Page[adapters.Event]
	after, err := decodeSeqCursor(pr.Cursor)
	if err != nil {
		return out, err
	}
	limit := pr.EffectiveLimit()
	yield := func(e *adapters.Event) bool {
		if len(out.Items) == limit {
			out.Next = encodeSeqCursor(out.Items[limit-1].Seq)
			return false
		}
		out.Items = append(out.Items, *cloneEvent(e))
		return true
	}
	i, _ := slices.BinarySearch(seqs, after+1)
	for _, seq := range seqs[i:] {
		if e, pending := r.event(seq); pending && !yield(e) {
			return out, nil
		}
	}
	for _, e := range r.added {
		if e.Seq > after && e.AckedAt.IsZero() && keep(e) && !yield(e) {
			return out, nil
		}
	}
	return out, nil
}

// Pending implements adapters.Outbox.
func (r *outboxRepo) Pending(ctx context.Context, page adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.Page[adapters.Event]{}, err
	}
	return r.page(r.base.pending, func(*adapters.Event) bool { return true }, page)
}

// PendingOfChild implements adapters.Outbox.
func (r *outboxRepo) PendingOfChild(ctx context.Context, c roles.ID[roles.Child], page adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.Page[adapters.Event]{}, err
	}
	return r.page(r.base.byChild[c], func(e *adapters.Event) bool { return e.ChildID == c }, page)
}
