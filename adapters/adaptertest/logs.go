package adaptertest

import (
	"context"
	"encoding/json"
	"reflect"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

func logCases() []testCase {
	return []testCase{
		{"Audit/RoundTrip", testAuditRoundTrip},
		{"Audit/Seq", testAuditSeq},
		{"Audit/Duplicate", testAuditDuplicate},
		{"Audit/ZeroID", testAuditZeroID},
		{"Audit/Last", testAuditLast},
		{"Audit/ByChild", testAuditByChild},
		{"Audit/Scan", testAuditScan},
		{"Audit/NoAliasing", testAuditNoAliasing},
		{"Outbox/RoundTrip", testOutboxRoundTrip},
		{"Outbox/Seq", testOutboxSeq},
		{"Outbox/Duplicate", testOutboxDuplicate},
		{"Outbox/ZeroID", testOutboxZeroID},
		{"Outbox/Pending", testOutboxPending},
		{"Outbox/PendingOfChild", testOutboxPendingOfChild},
		{"Outbox/Ack", testOutboxAck},
		{"Outbox/NoAliasing", testOutboxNoAliasing},
	}
}

// appendAudit appends entries in one transaction.
func (e *env) appendAudit(entries ...*adapters.AuditEntry) {
	e.t.Helper()
	e.tx("appending audit entries", func(ctx context.Context, tx adapters.Tx) error {
		for _, a := range entries {
			if err := tx.Audit().Append(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// scanAll reads the whole trail in Seq order.
func (e *env) scanAll() []adapters.AuditEntry {
	e.t.Helper()
	var out []adapters.AuditEntry
	e.view("scanning the audit trail", func(ctx context.Context, tx adapters.Tx) error {
		page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
		for {
			p, err := tx.Audit().Scan(ctx, 1, page)
			if err != nil {
				return err
			}
			out = append(out, p.Items...)
			if p.Next == "" {
				return nil
			}
			page.Cursor = p.Next
		}
	})
	return out
}

func seqs(entries []adapters.AuditEntry) []int64 {
	out := make([]int64, len(entries))
	for i := range entries {
		out[i] = entries[i].Seq
	}
	return out
}

func testAuditRoundTrip(e *env) {
	w := e.world()
	a := e.f.AuditEntry(w.child.ID, w.teacher)
	a.Seq = 42 // ignored
	e.appendAudit(&a)
	if a.Seq != 1 {
		e.t.Errorf("Audit.Append: the entry's Seq = %d after the first Append, want 1", a.Seq)
	}
	got := e.scanAll()
	if len(got) != 1 {
		e.t.Fatalf("Audit.Scan after one Append: %d entries, want 1", len(got))
	}
	same(e, "Audit.Scan after Append", got[0], a)
	e.view("reading the extract", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Audit().ByChild(ctx, w.child.ID, adapters.PageRequest{})
		noErr(e.t, "Audit.ByChild", err)
		same(e, "Audit.ByChild after Append", p.Items, []adapters.AuditEntry{a})
		return nil
	})

	// Without a child and with only the required fields: zero values come back zero.
	min := adapters.AuditEntry{ID: roles.MustNewID[adapters.AuditEntry](), At: e.f.At(time.Hour),
		Actor: roles.Party{Kind: roles.PartySystem, ID: roles.MustNewID[adapters.AuditEntry]().UUID()}, Action: "export", Severity: adapters.SeverityNormal}
	e.appendAudit(&min)
	got = e.scanAll()
	if len(got) == 2 {
		same(e, "Audit.Scan after Append of an entry with only the required fields", got[1], min)
	}
}

func testAuditSeq(e *env) {
	w := e.world()
	var es []adapters.AuditEntry
	for range 4 {
		es = append(es, e.f.AuditEntry(w.child.ID, w.teacher))
	}
	e.appendAudit(&es[0], &es[1], &es[2])
	e.appendAudit(&es[3])
	for i := range es {
		if es[i].Seq != int64(i+1) {
			e.t.Errorf("Audit.Append: entry %d got Seq %d, want %d (1, 2, 3, ... without gaps)", i+1, es[i].Seq, i+1)
		}
	}
	if got := seqs(e.scanAll()); !reflect.DeepEqual(got, []int64{1, 2, 3, 4}) {
		e.t.Errorf("Audit.Scan: sequence numbers %v, want [1 2 3 4]", got)
	}
}

func testAuditDuplicate(e *env) {
	w := e.world()
	a := e.f.AuditEntry(w.child.ID, w.teacher)
	e.appendAudit(&a)
	dup := e.f.AuditEntry(w.child.ID, w.nurse)
	dup.ID = a.ID
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Audit().Append(ctx, &dup) })
	wantErr(e.t, "Audit.Append of an entry with an ID in the trail", err, adapters.ErrAlreadyExists, adapters.EntityAuditEntry, a.ID.String())
	b := e.f.AuditEntry(w.child.ID, w.teacher)
	err = e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Audit().Append(ctx, &b); err != nil {
			return err
		}
		again := b
		return tx.Audit().Append(ctx, &again)
	})
	wantErr(e.t, "Audit.Append twice in one transaction", err, adapters.ErrAlreadyExists, adapters.EntityAuditEntry, b.ID.String())
	got := e.scanAll()
	if len(got) != 1 {
		e.t.Errorf("Audit.Scan after failed appends: %d entries, want 1", len(got))
	}
}

func testAuditZeroID(e *env) {
	w := e.world()
	a := e.f.AuditEntry(w.child.ID, w.teacher)
	a.ID = roles.ID[adapters.AuditEntry]{}
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Audit().Append(ctx, &a) })
	wantErr(e.t, "Audit.Append with a zero ID", err, roles.ErrInvalid, "", "")
}

func testAuditLast(e *env) {
	w := e.world()
	e.view("reading an empty trail", func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Audit().Last(ctx)
		wantErr(e.t, "Audit.Last of an empty trail", err, adapters.ErrNotFound, adapters.EntityAuditEntry, "")
		return nil
	})
	a, b, c := e.f.AuditEntry(w.child.ID, w.teacher), e.f.AuditEntry(w.child.ID, w.nurse), e.f.AuditEntry(roles.ID[roles.Child]{}, w.nurse)
	e.appendAudit(&a, &b)
	e.view("reading the last entry", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Audit().Last(ctx)
		noErr(e.t, "Audit.Last", err)
		same(e, "Audit.Last", got, b)
		return nil
	})
	e.tx("appending and reading the last entry", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Audit().Append(ctx, &c); err != nil {
			return err
		}
		got, err := tx.Audit().Last(ctx)
		noErr(e.t, "Audit.Last in the transaction that appended", err)
		same(e, "Audit.Last in the transaction that appended (it must see its own entry)", got, c)
		return nil
	})
}

func testAuditByChild(e *env) {
	w := e.world()
	other := e.world()
	var mine []adapters.AuditEntry
	var all []*adapters.AuditEntry
	for i := range 5 {
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		b := e.f.AuditEntry(other.child.ID, other.teacher)
		c := e.f.AuditEntry(roles.ID[roles.Child]{}, w.teacher)
		a.Allowed = i%2 == 0
		all = append(all, &a, &b, &c)
		e.appendAudit(&a, &b, &c)
		mine = append([]adapters.AuditEntry{a}, mine...)
	}
	_ = all
	e.view("reading the extract", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Audit().ByChild(ctx, w.child.ID, adapters.PageRequest{})
		noErr(e.t, "Audit.ByChild", err)
		if got := seqs(p.Items); !reflect.DeepEqual(got, seqs(mine)) {
			e.t.Errorf("Audit.ByChild: sequence numbers %v, want %v (the child's entries only, newest first)", got, seqs(mine))
		} else {
			same(e, "Audit.ByChild", p.Items, mine)
		}
		none, err := tx.Audit().ByChild(ctx, roles.MustNewID[roles.Child](), adapters.PageRequest{})
		noErr(e.t, "Audit.ByChild", err)
		nilSlice(e, "Audit.ByChild", none.Items)
		return nil
	})
}

func testAuditScan(e *env) {
	w := e.world()
	var es []*adapters.AuditEntry
	for range 5 {
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		es = append(es, &a)
	}
	e.appendAudit(es...)
	e.view("scanning", func(ctx context.Context, tx adapters.Tx) error {
		for _, tc := range []struct {
			from int64
			want []int64
		}{{1, []int64{1, 2, 3, 4, 5}}, {0, []int64{1, 2, 3, 4, 5}}, {3, []int64{3, 4, 5}}, {5, []int64{5}}, {6, []int64{}}} {
			p, err := tx.Audit().Scan(ctx, tc.from, adapters.PageRequest{})
			noErr(e.t, "Audit.Scan", err)
			if got := seqs(p.Items); !reflect.DeepEqual(got, tc.want) {
				e.t.Errorf("Audit.Scan from %d: sequence numbers %v, want %v", tc.from, got, tc.want)
			}
			if len(tc.want) == 0 {
				nilSlice(e, errorf("Audit.Scan from %d", tc.from), p.Items)
			}
		}
		return nil
	})
}

func testAuditNoAliasing(e *env) {
	w := e.world()
	a := e.f.AuditEntry(w.child.ID, w.teacher)
	e.appendAudit(&a)
	want := Expected(a)
	scribble(reflect.ValueOf(&a).Elem())
	got := e.scanAll()
	if len(got) != 1 {
		e.t.Fatalf("Audit.Scan: %d entries, want 1", len(got))
	}
	same(e, "Audit.Scan after the caller changed the entry it appended", got[0], want)
	scribble(reflect.ValueOf(&got[0]).Elem())
	again := e.scanAll()
	same(e, "Audit.Scan after the caller changed an entry Scan returned", again[0], want)
}

// appendEvents appends events in one transaction.
func (e *env) appendEvents(events ...*adapters.Event) {
	e.t.Helper()
	e.tx("appending events", func(ctx context.Context, tx adapters.Tx) error {
		for _, ev := range events {
			if err := tx.Outbox().Append(ctx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *env) getEvent(id roles.ID[adapters.Event]) adapters.Event {
	e.t.Helper()
	var ev adapters.Event
	e.view("reading an event", func(ctx context.Context, tx adapters.Tx) error {
		var err error
		ev, err = tx.Outbox().Get(ctx, id)
		return err
	})
	return ev
}

func eventSeqs(events []adapters.Event) []int64 {
	out := make([]int64, len(events))
	for i := range events {
		out[i] = events[i].Seq
	}
	return out
}

func testOutboxRoundTrip(e *env) {
	w := e.world()
	ev := e.f.Event(w.child.ID)
	ev.Seq, ev.AckedAt = 42, e.f.At(time.Hour) // both ignored
	e.appendEvents(&ev)
	if ev.Seq != 1 {
		e.t.Errorf("Outbox.Append: the event's Seq = %d after the first Append, want 1", ev.Seq)
	}
	want := ev
	want.AckedAt = time.Time{}
	same(e, "Outbox.Get after Append (a new event is pending: AckedAt zero; the payload byte for byte)", e.getEvent(ev.ID), want)

	bare := adapters.Event{ID: roles.MustNewID[adapters.Event](), Type: "system.started", At: e.f.At(time.Hour)}
	empty := adapters.Event{ID: roles.MustNewID[adapters.Event](), Type: "system.started", At: e.f.At(time.Hour), Payload: json.RawMessage{}}
	e.appendEvents(&bare, &empty)
	same(e, "Outbox.Get of an event without child or payload", e.getEvent(bare.ID), bare)
	same(e, "Outbox.Get of an event with an empty payload (it must come back nil)", e.getEvent(empty.ID), empty)

	_, err := func() (adapters.Event, error) {
		var got adapters.Event
		err := e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
			var err error
			got, err = tx.Outbox().Get(ctx, roles.MustNewID[adapters.Event]())
			return err
		})
		return got, err
	}()
	wantErr(e.t, "Outbox.Get of an ID never appended", err, adapters.ErrNotFound, adapters.EntityEvent, "")
}

func testOutboxSeq(e *env) {
	w := e.world()
	var es []adapters.Event
	for range 4 {
		es = append(es, e.f.Event(w.child.ID))
	}
	e.appendEvents(&es[0], &es[1])
	e.appendEvents(&es[2], &es[3])
	for i := range es {
		if es[i].Seq != int64(i+1) {
			e.t.Errorf("Outbox.Append: event %d got Seq %d, want %d", i+1, es[i].Seq, i+1)
		}
	}
}

func testOutboxDuplicate(e *env) {
	w := e.world()
	ev := e.f.Event(w.child.ID)
	e.appendEvents(&ev)
	dup := e.f.Event(w.child.ID)
	dup.ID = ev.ID
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Outbox().Append(ctx, &dup) })
	wantErr(e.t, "Outbox.Append with an ID in the outbox", err, adapters.ErrAlreadyExists, adapters.EntityEvent, ev.ID.String())
	same(e, "Outbox.Get after a failed Append", e.getEvent(ev.ID), ev)
}

func testOutboxZeroID(e *env) {
	ev := e.f.Event(roles.MustNewID[roles.Child]())
	ev.ID = roles.ID[adapters.Event]{}
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Outbox().Append(ctx, &ev) })
	wantErr(e.t, "Outbox.Append with a zero ID", err, roles.ErrInvalid, "", "")
}

func (e *env) ack(at time.Time, ids ...roles.ID[adapters.Event]) {
	e.t.Helper()
	e.tx("acknowledging events", func(ctx context.Context, tx adapters.Tx) error {
		for _, id := range ids {
			if err := tx.Outbox().Ack(ctx, id, at); err != nil {
				return err
			}
		}
		return nil
	})
}

func testOutboxPending(e *env) {
	w := e.world()
	var es []*adapters.Event
	for range 5 {
		ev := e.f.Event(w.child.ID)
		es = append(es, &ev)
	}
	e.appendEvents(es...)
	e.ack(e.f.At(time.Hour), es[1].ID, es[3].ID)
	e.view("reading pending events", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Outbox().Pending(ctx, adapters.PageRequest{})
		noErr(e.t, "Outbox.Pending", err)
		if got := eventSeqs(p.Items); !reflect.DeepEqual(got, []int64{1, 3, 5}) {
			e.t.Errorf("Outbox.Pending after 2 and 4 were acknowledged: sequence numbers %v, want [1 3 5]", got)
		} else {
			same(e, "Outbox.Pending", p.Items[1], *es[2])
		}
		return nil
	})
	e.ack(e.f.At(time.Hour), es[0].ID, es[2].ID, es[4].ID)
	e.view("reading pending events", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Outbox().Pending(ctx, adapters.PageRequest{})
		noErr(e.t, "Outbox.Pending", err)
		nilSlice(e, "Outbox.Pending when all are acknowledged", p.Items)
		return nil
	})
}

func testOutboxPendingOfChild(e *env) {
	w := e.world()
	other := e.world()
	var mine, theirs []*adapters.Event
	for range 3 {
		a, b := e.f.Event(w.child.ID), e.f.Event(other.child.ID)
		mine, theirs = append(mine, &a), append(theirs, &b)
		e.appendEvents(&a, &b)
	}
	e.ack(e.f.At(time.Hour), mine[0].ID, theirs[1].ID)
	e.view("reading pending events", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Outbox().PendingOfChild(ctx, w.child.ID, adapters.PageRequest{})
		noErr(e.t, "Outbox.PendingOfChild", err)
		want := []int64{mine[1].Seq, mine[2].Seq}
		if got := eventSeqs(p.Items); !reflect.DeepEqual(got, want) {
			e.t.Errorf("Outbox.PendingOfChild: sequence numbers %v, want %v (the child's pending events, in order)", got, want)
		}
		none, err := tx.Outbox().PendingOfChild(ctx, roles.MustNewID[roles.Child](), adapters.PageRequest{})
		noErr(e.t, "Outbox.PendingOfChild", err)
		nilSlice(e, "Outbox.PendingOfChild", none.Items)
		return nil
	})
}

func testOutboxAck(e *env) {
	w := e.world()
	ev := e.f.Event(w.child.ID)
	e.appendEvents(&ev)
	first := time.Date(2026, 3, 3, 10, 0, 0, 987654321, time.FixedZone("UTC+5", 5*3600))
	e.ack(first, ev.ID)
	want := ev
	want.AckedAt = first
	same(e, "Outbox.Get after Ack (AckedAt in UTC, truncated to microseconds)", e.getEvent(ev.ID), want)
	e.ack(first.Add(time.Hour), ev.ID)
	same(e, "Outbox.Get after a second Ack (it must keep the first AckedAt)", e.getEvent(ev.ID), want)
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		return tx.Outbox().Ack(ctx, roles.MustNewID[adapters.Event](), first)
	})
	wantErr(e.t, "Outbox.Ack of an ID never appended", err, adapters.ErrNotFound, adapters.EntityEvent, "")

	// Acknowledged in the transaction that appended it.
	ev2 := e.f.Event(w.child.ID)
	e.tx("appending and acknowledging", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Outbox().Append(ctx, &ev2); err != nil {
			return err
		}
		return tx.Outbox().Ack(ctx, ev2.ID, first)
	})
	want2 := ev2
	want2.AckedAt = first
	same(e, "Outbox.Get of an event acknowledged in the transaction that appended it", e.getEvent(ev2.ID), want2)
}

func testOutboxNoAliasing(e *env) {
	w := e.world()
	ev := e.f.Event(w.child.ID)
	e.appendEvents(&ev)
	want := Expected(ev)
	scribble(reflect.ValueOf(&ev).Elem())
	got := e.getEvent(want.ID)
	same(e, "Outbox.Get after the caller changed the event it appended", got, want)
	scribble(reflect.ValueOf(&got).Elem())
	same(e, "Outbox.Get after the caller changed an event Get returned", e.getEvent(want.ID), want)
}
