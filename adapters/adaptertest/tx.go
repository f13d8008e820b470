package adaptertest

import (
	"context"
	"errors"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

func txCases() []testCase {
	return []testCase{
		{"Tx/Commit", testTxCommit},
		{"Tx/RollbackOnError", testTxRollback},
		{"Tx/RollbackKeepsSequences", testTxRollbackSeq},
		{"Tx/RollbackRestoresIndexes", testTxRollbackIndexes},
		{"Tx/RollbackUndoesAck", testTxRollbackAck},
		{"Tx/ErrorUnchanged", testTxErrorUnchanged},
		{"Tx/ConflictRollsBack", testTxConflictRollsBack},
		{"Tx/Panic", testTxPanic},
		{"Tx/ViewPanic", testViewPanic},
		{"Tx/ReadYourWrites", testTxReadYourWrites},
		{"Tx/Isolation", testTxIsolation},
		{"Tx/Nested", testTxNested},
		{"Tx/Done", testTxDone},
		{"Tx/ViewReadOnly", testViewReadOnly},
		{"Tx/CancelledContext", testTxCancelled},
		{"Tx/CancelledDuringFn", testTxCancelledDuring},
		{"Tx/AuditAndOutboxWithTheChange", testTxAtomicLogs},
	}
}

// state reports what of a change is visible: whether the child exists, how
// many audit entries and pending events there are.
type visible struct {
	child         bool
	audit, events int
}

func (e *env) visible(child roles.ID[roles.Child]) visible {
	e.t.Helper()
	var v visible
	e.view("reading what is visible", func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Children().Get(ctx, child)
		switch {
		case err == nil:
			v.child = true
		case !errors.Is(err, adapters.ErrNotFound):
			return err
		}
		a, err := tx.Audit().Scan(ctx, 1, adapters.PageRequest{Limit: adapters.MaxPageLimit})
		if err != nil {
			return err
		}
		o, err := tx.Outbox().Pending(ctx, adapters.PageRequest{Limit: adapters.MaxPageLimit})
		if err != nil {
			return err
		}
		v.audit, v.events = len(a.Items), len(o.Items)
		return nil
	})
	return v
}

// change writes a child with an audit entry and an event: a typical unit of work.
func (e *env) change(ctx context.Context, tx adapters.Tx, c *roles.Child) error {
	if err := tx.Children().Create(ctx, c); err != nil {
		return err
	}
	a := e.f.AuditEntry(c.ID, roles.Professional{})
	if err := tx.Audit().Append(ctx, &a); err != nil {
		return err
	}
	ev := e.f.Event(c.ID)
	return tx.Outbox().Append(ctx, &ev)
}

func testTxCommit(e *env) {
	c := e.f.Child()
	calls := 0
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		calls++
		return e.change(ctx, tx, &c)
	})
	noErr(e.t, "InTx", err)
	if calls != 1 {
		e.t.Logf("InTx called fn %d times (allowed: a store may retry)", calls)
	}
	if v := e.visible(c.ID); v != (visible{true, 1, 1}) {
		e.t.Errorf("after a committed InTx: child stored %v, %d audit entries, %d events; want true, 1, 1", v.child, v.audit, v.events)
	}
}

var errRollback = errors.New("adaptertest: deliberate failure")

func testTxRollback(e *env) {
	w := e.world()
	c := e.f.Child()
	w.child.GivenName = "Changed"
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := e.change(ctx, tx, &c); err != nil {
			return err
		}
		if err := tx.Children().Update(ctx, &w.child); err != nil {
			return err
		}
		return errRollback
	})
	wantErr(e.t, "InTx whose fn failed", err, errRollback, "", "")
	if v := e.visible(c.ID); v != (visible{}) {
		e.t.Errorf("after InTx whose fn returned an error: child stored %v, %d audit entries, %d events; want nothing (rollback)", v.child, v.audit, v.events)
	}
	got := childRecords.mustGet(e, "Children.Get", w.child.ID)
	if got.Revision != 1 || got.GivenName == "Changed" {
		e.t.Errorf("after InTx whose fn returned an error: the updated child has revision %d, GivenName %q; want revision 1 and the name before (rollback)", got.Revision, got.GivenName)
	}
}

func testTxRollbackSeq(e *env) {
	w := e.world()
	a1, a2, a3 := e.f.AuditEntry(w.child.ID, w.teacher), e.f.AuditEntry(w.child.ID, w.teacher), e.f.AuditEntry(w.child.ID, w.teacher)
	v1, v2 := e.f.Event(w.child.ID), e.f.Event(w.child.ID)
	e.appendAudit(&a1)
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Audit().Append(ctx, &a2); err != nil {
			return err
		}
		if err := tx.Outbox().Append(ctx, &v1); err != nil {
			return err
		}
		return errRollback
	})
	wantErr(e.t, "InTx whose fn failed", err, errRollback, "", "")
	e.appendAudit(&a3)
	e.appendEvents(&v2)
	if a3.Seq != 2 || v2.Seq != 1 {
		e.t.Errorf("after a rolled-back append: the next audit entry got Seq %d (want 2), the next event Seq %d (want 1); sequences have no gaps", a3.Seq, v2.Seq)
	}
}

func testTxRollbackIndexes(e *env) {
	w := e.world()
	old := w.child.Personnummer
	moved := w.child
	moved.Personnummer = e.f.ChildPersonnummer()
	_, p := e.storePlan(0, nil)
	p.Status = plan.Utkast
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Update(ctx, &moved); err != nil {
			return err
		}
		if err := tx.Plans().Update(ctx, &p); err != nil {
			return err
		}
		return errRollback
	})
	wantErr(e.t, "InTx whose fn failed", err, errRollback, "", "")
	e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Children().ByPersonnummer(ctx, old)
		noErr(e.t, "Children.ByPersonnummer of the number before a rolled-back change", err)
		same(e, "Children.ByPersonnummer after a rolled-back change", got, w.child)
		_, err = tx.Children().ByPersonnummer(ctx, moved.Personnummer)
		wantErr(e.t, "Children.ByPersonnummer of the number a rolled-back change set", err, adapters.ErrNotFound, adapters.EntityChild, "")
		due, err := tx.Plans().DueForFollowUp(ctx, e.f.Date(365), adapters.PageRequest{})
		noErr(e.t, "Plans.DueForFollowUp", err)
		if len(due.Items) != 1 {
			e.t.Errorf("Plans.DueForFollowUp after a rolled-back change of the plan's status: %d plans, want 1", len(due.Items))
		}
		return nil
	})
}

func testTxRollbackAck(e *env) {
	w := e.world()
	ev := e.f.Event(w.child.ID)
	e.appendEvents(&ev)
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Outbox().Ack(ctx, ev.ID, e.f.At(time.Hour)); err != nil {
			return err
		}
		return errRollback
	})
	wantErr(e.t, "InTx whose fn failed", err, errRollback, "", "")
	got := e.getEvent(ev.ID)
	if !got.AckedAt.IsZero() {
		e.t.Errorf("Outbox.Get after a rolled-back Ack: AckedAt = %s, want zero (pending)", showTime(got.AckedAt))
	}
	if v := e.visible(w.child.ID); v.events != 1 {
		e.t.Errorf("Outbox.Pending after a rolled-back Ack: %d events, want 1", v.events)
	}
}

type customError struct{ code int }

func (c *customError) Error() string { return "custom error" }

func testTxErrorUnchanged(e *env) {
	want := &customError{code: 7}
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return want })
	if err != error(want) {
		e.t.Errorf("InTx returned %v; want the very error fn returned, unchanged", err)
	}
	err = e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return want })
	if err != error(want) {
		e.t.Errorf("View returned %v; want the very error fn returned, unchanged", err)
	}
}

func testTxConflictRollsBack(e *env) {
	w := e.world()
	stale := w.child
	w.child.GivenName = "Först"
	e.tx("updating", func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &w.child) })
	c := e.f.Child()
	err := e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := e.change(ctx, tx, &c); err != nil {
			return err
		}
		return tx.Children().Update(ctx, &stale)
	})
	wantErr(e.t, "InTx with a stale Update", err, adapters.ErrConflict, adapters.EntityChild, w.child.ID.String())
	if v := e.visible(c.ID); v.child || v.audit != 0 || v.events != 0 {
		e.t.Errorf("after InTx failed with a conflict: child stored %v, %d audit entries, %d events; want nothing", v.child, v.audit, v.events)
	}
}

func testTxPanic(e *env) {
	c := e.f.Child()
	type boom struct{ n int }
	func() {
		defer func() {
			r := recover()
			if r == nil {
				e.t.Errorf("InTx whose fn panicked returned normally; want the panic re-raised")
				return
			}
			if b, ok := r.(boom); !ok || b.n != 42 {
				e.t.Errorf("InTx whose fn panicked re-panicked with %v; want the same value", r)
			}
		}()
		_ = e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
			if err := e.change(ctx, tx, &c); err != nil {
				return err
			}
			panic(boom{42})
		})
	}()
	if v := e.visible(c.ID); v != (visible{}) {
		e.t.Errorf("after InTx whose fn panicked: child stored %v, %d audit entries, %d events; want nothing (rollback)", v.child, v.audit, v.events)
	}
	// The store must still work.
	d := e.f.Child()
	done := make(chan error, 1)
	go func() {
		done <- e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return e.change(ctx, tx, &d) })
	}()
	select {
	case err := <-done:
		noErr(e.t, "InTx after a panic", err)
	case <-time.After(10 * time.Second):
		e.t.Fatalf("InTx after a panicking InTx did not return in 10s: the store is stuck (a lock not released?)")
	}
}

func testViewPanic(e *env) {
	func() {
		defer func() {
			if r := recover(); r != "view boom" {
				e.t.Errorf("View whose fn panicked: recovered %v; want the same value re-raised", r)
			}
		}()
		_ = e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error { panic("view boom") })
	}()
	c := e.f.Child()
	done := make(chan error, 1)
	go func() {
		done <- e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error { return e.change(ctx, tx, &c) })
	}()
	select {
	case err := <-done:
		noErr(e.t, "InTx after a panicking View", err)
	case <-time.After(10 * time.Second):
		e.t.Fatalf("InTx after a panicking View did not return in 10s: the snapshot was not released")
	}
}

func testTxReadYourWrites(e *env) {
	e.tx("writing and reading in one transaction", func(ctx context.Context, tx adapters.Tx) error {
		w := e.f.newWorld()
		if err := w.write(ctx, tx); err != nil {
			return err
		}
		got, err := tx.Children().ByPersonnummer(ctx, w.child.Personnummer)
		noErr(e.t, "Children.ByPersonnummer in the transaction that created the child", err)
		same(e, "Children.ByPersonnummer in the same transaction", got, w.child)
		kids, err := tx.Children().OfUnit(ctx, w.preschool.ID, e.f.At(Day), adapters.PageRequest{})
		noErr(e.t, "Children.OfUnit", err)
		if len(kids.Items) != 1 {
			e.t.Errorf("Children.OfUnit in the transaction that wrote the assignment: %d children, want 1", len(kids.Items))
		}
		cs, err := tx.Custodies().OfChild(ctx, w.child.ID)
		noErr(e.t, "Custodies.OfChild", err)
		if len(cs) != 1 {
			e.t.Errorf("Custodies.OfChild in the transaction that wrote the custody: %d, want 1", len(cs))
		}
		w.child.GivenName = "Uppdaterad"
		noErr(e.t, "Children.Update of a child created in the same transaction", tx.Children().Update(ctx, &w.child))
		again, err := tx.Children().Get(ctx, w.child.ID)
		noErr(e.t, "Children.Get", err)
		same(e, "Children.Get after Update in the same transaction", again, w.child)
		if err := e.change(ctx, tx, ptr(e.f.Child())); err != nil {
			return err
		}
		p, err := tx.Outbox().Pending(ctx, adapters.PageRequest{})
		noErr(e.t, "Outbox.Pending", err)
		if len(p.Items) != 1 {
			e.t.Errorf("Outbox.Pending in the transaction that appended: %d events, want 1", len(p.Items))
		}
		return nil
	})
}

func ptr[T any](v T) *T { return &v }

func testTxIsolation(e *env) {
	c := e.f.Child()
	written, release, finished := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		finished <- e.s.InTx(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
			if err := e.change(ctx, tx, &c); err != nil {
				return err
			}
			close(written)
			select {
			case <-release:
			case <-time.After(30 * time.Second):
			}
			return nil
		})
	}()
	select {
	case <-written:
	case err := <-finished:
		e.t.Fatalf("InTx: %v", err)
	}
	// A reader may see the state before the write, or wait for the commit,
	// but must never see the uncommitted child.
	seen := make(chan error, 1)
	go func() {
		seen <- e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
			_, err := tx.Children().Get(ctx, c.ID)
			return err
		})
	}()
	select {
	case err := <-seen:
		if !errors.Is(err, adapters.ErrNotFound) {
			e.t.Errorf("View during an open write transaction: Children.Get of the uncommitted child gave %v; want ErrNotFound (no dirty reads)", err)
		}
		close(release)
	case <-time.After(500 * time.Millisecond):
		close(release) // the reader waits for the writer: allowed
		<-seen
	}
	noErr(e.t, "InTx", <-finished)
	if v := e.visible(c.ID); !v.child {
		e.t.Errorf("after the commit, View does not see the child")
	}
}

// derivedKey marks a context derived from fn's.
type derivedKey struct{}

func testTxNested(e *env) {
	c := e.f.Child()
	e.tx("an outer transaction", func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Create(ctx, &c); err != nil {
			return err
		}
		called := false
		err := e.s.InTx(ctx, func(context.Context, adapters.Tx) error { called = true; return nil })
		wantErr(e.t, "InTx inside InTx", err, adapters.ErrNestedTx, "", "")
		err = e.s.View(context.WithValue(ctx, derivedKey{}, 1), func(context.Context, adapters.Tx) error { called = true; return nil })
		wantErr(e.t, "View inside InTx (with a context derived from fn's)", err, adapters.ErrNestedTx, "", "")
		if called {
			e.t.Errorf("a nested InTx or View called its fn")
		}
		_, err = tx.Children().Get(ctx, c.ID)
		noErr(e.t, "Children.Get in the outer transaction after a refused nested one", err)
		return nil
	})
	if !e.visible(c.ID).child {
		e.t.Errorf("the outer transaction's write was lost after a refused nested transaction")
	}
	e.view("a View", func(ctx context.Context, tx adapters.Tx) error {
		err := e.s.InTx(ctx, func(context.Context, adapters.Tx) error { return nil })
		wantErr(e.t, "InTx inside View", err, adapters.ErrNestedTx, "", "")
		return nil
	})
}

func testTxDone(e *env) {
	var leaked adapters.Tx
	var leakedCtx context.Context
	var children adapters.Children
	e.tx("a transaction", func(ctx context.Context, tx adapters.Tx) error {
		leaked, leakedCtx, children = tx, ctx, tx.Children()
		return nil
	})
	c := e.f.Child()
	wantErr(e.t, "Children.Create on a Tx after InTx returned", leaked.Children().Create(e.ctx, &c), adapters.ErrTxDone, "", "")
	_, err := children.Get(e.ctx, c.ID)
	wantErr(e.t, "Children.Get on a repository of a Tx after InTx returned", err, adapters.ErrTxDone, "", "")
	_, err = leaked.Audit().Last(leakedCtx)
	wantErr(e.t, "Audit.Last on a Tx after InTx returned", err, adapters.ErrTxDone, "", "")
	e.view("a View", func(ctx context.Context, tx adapters.Tx) error { leaked = tx; return nil })
	_, err = leaked.Children().Get(e.ctx, c.ID)
	wantErr(e.t, "Children.Get on a Tx after View returned", err, adapters.ErrTxDone, "", "")
	if e.visible(c.ID).child {
		e.t.Errorf("a Create on a done Tx stored the child")
	}
}

func testViewReadOnly(e *env) {
	w := e.world()
	_, p := e.storePlan(0, nil)
	ev := e.f.Event(w.child.ID)
	e.appendEvents(&ev)
	e.view("writing in a View", func(ctx context.Context, tx adapters.Tx) error {
		c := e.f.Child()
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		v := e.f.Event(w.child.ID)
		g := e.f.Guardian()
		upd := w.child
		for what, err := range map[string]error{
			"Children.Create":    tx.Children().Create(ctx, &c),
			"Children.Update":    tx.Children().Update(ctx, &upd),
			"Guardians.Create":   tx.Guardians().Create(ctx, &g),
			"Assignments.Update": tx.Assignments().Update(ctx, &w.barnkontakt),
			"Plans.Update":       tx.Plans().Update(ctx, &p),
			"Audit.Append":       tx.Audit().Append(ctx, &a),
			"Outbox.Append":      tx.Outbox().Append(ctx, &v),
			"Outbox.Ack":         tx.Outbox().Ack(ctx, ev.ID, e.f.At(time.Hour)),
		} {
			wantErr(e.t, what+" in a View", err, adapters.ErrReadOnly, "", "")
		}
		return nil
	})
	got := childRecords.mustGet(e, "Children.Get", w.child.ID)
	if got.Revision != 1 {
		e.t.Errorf("after writes in a View: the child has revision %d, want 1", got.Revision)
	}
	if v := e.visible(w.child.ID); v.audit != 0 || v.events != 1 {
		e.t.Errorf("after writes in a View: %d audit entries and %d pending events, want 0 and 1", v.audit, v.events)
	}
}

func testTxCancelled(e *env) {
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	called := false
	err := e.s.InTx(ctx, func(context.Context, adapters.Tx) error { called = true; return nil })
	wantErr(e.t, "InTx with a cancelled context", err, context.Canceled, "", "")
	err = e.s.View(ctx, func(context.Context, adapters.Tx) error { called = true; return nil })
	wantErr(e.t, "View with a cancelled context", err, context.Canceled, "", "")
	if called {
		e.t.Errorf("InTx or View with a cancelled context called fn")
	}
	dctx, dcancel := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
	defer dcancel()
	err = e.s.InTx(dctx, func(context.Context, adapters.Tx) error { return nil })
	wantErr(e.t, "InTx with a context past its deadline", err, context.DeadlineExceeded, "", "")
}

func testTxCancelledDuring(e *env) {
	c := e.f.Child()
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	var repoErr error
	err := e.s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := e.change(ctx, tx, &c); err != nil {
			return err
		}
		cancel()
		_, repoErr = tx.Children().Get(ctx, c.ID)
		return nil // fn succeeds, but the context is done before the commit
	})
	wantErr(e.t, "a repository call after the context was cancelled", repoErr, context.Canceled, "", "")
	wantErr(e.t, "InTx whose context was cancelled before the commit", err, context.Canceled, "", "")
	if v := e.visible(c.ID); v != (visible{}) {
		e.t.Errorf("after InTx whose context was cancelled: child stored %v, %d audit entries, %d events; want nothing", v.child, v.audit, v.events)
	}
}

func testTxAtomicLogs(e *env) {
	w := e.world()
	e.tx("a change with its audit entry and event", func(ctx context.Context, tx adapters.Tx) error {
		w.child.Protection = roles.SkyddadFolkbokforing
		if err := tx.Children().Update(ctx, &w.child); err != nil {
			return err
		}
		a := e.f.AuditEntry(w.child.ID, w.teacher)
		if err := tx.Audit().Append(ctx, &a); err != nil {
			return err
		}
		ev := e.f.Event(w.child.ID)
		return tx.Outbox().Append(ctx, &ev)
	})
	e.view("reading", func(ctx context.Context, tx adapters.Tx) error {
		c, err := tx.Children().Get(ctx, w.child.ID)
		noErr(e.t, "Children.Get", err)
		a, err := tx.Audit().ByChild(ctx, w.child.ID, adapters.PageRequest{})
		noErr(e.t, "Audit.ByChild", err)
		o, err := tx.Outbox().PendingOfChild(ctx, w.child.ID, adapters.PageRequest{})
		noErr(e.t, "Outbox.PendingOfChild", err)
		if c.Revision != 2 || len(a.Items) != 1 || len(o.Items) != 1 {
			e.t.Errorf("after one transaction with a change, an audit entry and an event: revision %d, %d entries, %d events; want 2, 1, 1", c.Revision, len(a.Items), len(o.Items))
		}
		return nil
	})
}
