package backa_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// tamperStore is a store whose audit trail, as Scan returns it, has been
// tampered with by tamper: the stand-in, on a store without SQL, for rows
// changed, deleted or swapped in the database behind the store's back.
type tamperStore struct {
	adapters.Store
	tamper func([]adapters.AuditEntry) []adapters.AuditEntry
}

func (s tamperStore) View(ctx context.Context, fn func(context.Context, adapters.Tx) error) error {
	return s.Store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		return fn(ctx, tamperTx{Tx: tx, tamper: s.tamper})
	})
}

type tamperTx struct {
	adapters.Tx
	tamper func([]adapters.AuditEntry) []adapters.AuditEntry
}

func (t tamperTx) Audit() adapters.AuditLog {
	return tamperLog{AuditLog: t.Tx.Audit(), tamper: t.tamper}
}

type tamperLog struct {
	adapters.AuditLog
	tamper func([]adapters.AuditEntry) []adapters.AuditEntry
}

// Scan returns the whole tampered trail from seq from on one page.
func (l tamperLog) Scan(ctx context.Context, from int64, _ adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	var all []adapters.AuditEntry
	page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
	for {
		p, err := l.AuditLog.Scan(ctx, 1, page)
		if err != nil {
			return adapters.Page[adapters.AuditEntry]{}, err
		}
		all = append(all, p.Items...)
		if p.Next == "" {
			break
		}
		page.Cursor = p.Next
	}
	var out []adapters.AuditEntry
	for _, e := range l.tamper(all) {
		if e.Seq >= from {
			out = append(out, e)
		}
	}
	return adapters.Page[adapters.AuditEntry]{Items: out}, nil
}

// auditTrail writes a trail of some entries: enrolments, reads and refusals.
func auditTrail(t *testing.T, w *env) {
	f := w.enrol(roles.Oskyddad, "nurse")
	for _, who := range []string{"mentor", "nurse", "doctor", "mentor"} {
		_, _ = w.svc.Overview(w.ctx, w.actor(who), f.child.ID, backa.OverviewOptions{})
	}
	_, err := w.svc.RecordAssessment(w.ctx, w.actor("nurse"), newAssessment(f.child.ID, behovskompass.IngetBehov, behovskompass.Halsa), "")
	require.NoError(t, err)
	_, _ = w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
}

func kinds(bs []backa.AuditBreak) map[int64]backa.BreakKind {
	out := map[int64]backa.BreakKind{}
	for _, b := range bs {
		out[b.Seq] = b.Kind
	}
	return out
}

func TestVerifyAudit(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		rep, err := w.svc.VerifyAudit(w.ctx)
		require.NoError(t, err, "an empty trail is whole")
		assert.Zero(t, rep.Entries)

		auditTrail(t, w)
		rep, err = w.svc.VerifyAudit(w.ctx)
		require.NoError(t, err)
		n := w.snap().audit
		require.GreaterOrEqual(t, n, int64(8))
		assert.Equal(t, n, rep.Entries)
		assert.Equal(t, n, rep.Head.Seq)
		assert.Len(t, rep.Head.Hash, 32)
		head := rep.Head

		entries := w.auditSince(0)
		for i, e := range entries {
			assert.Equal(t, backa.HashAuditEntry(&e), e.Hash, "seq %d", e.Seq)
			if i == 0 {
				assert.Nil(t, e.PrevHash)
			} else {
				assert.Equal(t, entries[i-1].Hash, e.PrevHash, "seq %d", e.Seq)
			}
		}

		verify := func(tamper func([]adapters.AuditEntry) []adapters.AuditEntry) (backa.AuditReport, error) {
			svc, err := backa.NewService(tamperStore{Store: w.store, tamper: tamper}, nil)
			require.NoError(t, err)
			return svc.VerifyAuditAgainst(w.ctx, head)
		}
		type tc struct {
			name   string
			tamper func([]adapters.AuditEntry) []adapters.AuditEntry
			want   map[int64]backa.BreakKind
		}
		for _, c := range []tc{
			{"untouched", func(es []adapters.AuditEntry) []adapters.AuditEntry { return es }, map[int64]backa.BreakKind{}},
			{"an entry changed", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es[2].Allowed = !es[2].Allowed
				return es
			}, map[int64]backa.BreakKind{3: backa.BreakChanged}},
			{"a reason changed", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es[4].Reasons = append([]string(nil), "consent_covers")
				return es
			}, map[int64]backa.BreakKind{5: backa.BreakChanged}},
			{"the time changed by a microsecond", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es[1].At = es[1].At.Add(1000)
				return es
			}, map[int64]backa.BreakKind{2: backa.BreakChanged}},
			{"an entry deleted", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				return append(es[:2:2], es[3:]...)
			}, map[int64]backa.BreakKind{4: backa.BreakRemoved}},
			{"the first entry deleted", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				return es[1:]
			}, map[int64]backa.BreakKind{2: backa.BreakRemoved}},
			{"the last entry deleted", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				return es[:len(es)-1]
			}, map[int64]backa.BreakKind{n: backa.BreakRemoved}},
			{"two entries swapped", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es[2], es[3] = es[3], es[2]
				es[2].Seq, es[3].Seq = 3, 4
				return es
			}, map[int64]backa.BreakKind{3: backa.BreakReordered, 4: backa.BreakReordered, 5: backa.BreakReordered}},
			{"an entry deleted and the rest renumbered", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es = append(es[:2:2], es[3:]...)
				for i := range es {
					es[i].Seq = int64(i + 1)
				}
				return es
			}, map[int64]backa.BreakKind{3: backa.BreakLink, n: backa.BreakRemoved}},
			{"an entry forged, with its hash recomputed", func(es []adapters.AuditEntry) []adapters.AuditEntry {
				es[2].Allowed = !es[2].Allowed
				es[2].Hash = backa.HashAuditEntry(&es[2])
				return es
			}, map[int64]backa.BreakKind{4: backa.BreakLink}},
		} {
			t.Run(c.name, func(t *testing.T) {
				rep, err := verify(c.tamper)
				assert.Equal(t, c.want, kinds(rep.Breaks))
				if len(c.want) == 0 {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, backa.ErrAuditBroken)
				var ae *backa.AuditError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, rep.Breaks, ae.Breaks)
				for _, b := range ae.Breaks {
					assert.Contains(t, err.Error(), b.String())
				}
			})
		}

		// A rewritten trail with every hash recomputed passes from the inside,
		// but not against a head kept elsewhere.
		rewrite := func(es []adapters.AuditEntry) []adapters.AuditEntry {
			var prev []byte
			for i := range es {
				es[i].Purpose = "plan"
				es[i].PrevHash = prev
				es[i].Hash = backa.HashAuditEntry(&es[i])
				prev = es[i].Hash
			}
			return es
		}
		svc, err := backa.NewService(tamperStore{Store: w.store, tamper: rewrite}, nil)
		require.NoError(t, err)
		_, err = svc.VerifyAudit(w.ctx)
		require.NoError(t, err)
		rep, err = svc.VerifyAuditAgainst(w.ctx, head)
		require.ErrorIs(t, err, backa.ErrAuditBroken)
		assert.Equal(t, map[int64]backa.BreakKind{n: backa.BreakChanged}, kinds(rep.Breaks))
	})
}

func TestHashAuditEntry(t *testing.T) {
	t.Parallel()
	e := adapters.AuditEntry{
		ID: roles.MustNewID[adapters.AuditEntry](), Seq: 7, At: t0, Actor: roles.GuardianParty(roles.MustNewID[roles.Guardian]()),
		ChildID: roles.MustNewID[roles.Child](), Action: "read", Category: "plan", Allowed: true,
		BasisKind: "own_access", Reasons: []string{"guardian_own_access"}, Severity: adapters.SeverityNormal,
	}
	h := backa.HashAuditEntry(&e)
	require.Len(t, h, 32)
	same := e
	same.Seq, same.Hash = 99, []byte("anything")
	same.Reasons = append([]string{}, e.Reasons...)
	assert.Equal(t, h, backa.HashAuditEntry(&same), "Seq and Hash are not hashed")
	empty := e
	empty.Reasons = []string{}
	nilR := e
	nilR.Reasons = nil
	assert.Equal(t, backa.HashAuditEntry(&empty), backa.HashAuditEntry(&nilR), "nil and empty alike")

	// Every field counts, and a text moved between fields changes the hash.
	muts := map[string]func(*adapters.AuditEntry){
		"id":         func(x *adapters.AuditEntry) { x.ID = roles.MustNewID[adapters.AuditEntry]() },
		"at":         func(x *adapters.AuditEntry) { x.At = x.At.Add(1000) },
		"actor":      func(x *adapters.AuditEntry) { x.Actor.Kind = roles.PartyChild },
		"agency":     func(x *adapters.AuditEntry) { x.ActorAgency = roles.Skola },
		"unit":       func(x *adapters.AuditEntry) { x.ActorUnit = roles.MustNewID[roles.Unit]() },
		"child":      func(x *adapters.AuditEntry) { x.ChildID = roles.MustNewID[roles.Child]() },
		"action":     func(x *adapters.AuditEntry) { x.Action = "write" },
		"category":   func(x *adapters.AuditEntry) { x.Category = "plan2" },
		"shifted":    func(x *adapters.AuditEntry) { x.Action, x.Category = "readplan", "" },
		"purpose":    func(x *adapters.AuditEntry) { x.Purpose = "plan" },
		"allowed":    func(x *adapters.AuditEntry) { x.Allowed = false },
		"basisKind":  func(x *adapters.AuditEntry) { x.BasisKind = "consent" },
		"basisRef":   func(x *adapters.AuditEntry) { x.BasisRef = "x" },
		"decision":   func(x *adapters.AuditEntry) { x.DecisionID = roles.MustNewID[roles.Child]().UUID() },
		"reasons":    func(x *adapters.AuditEntry) { x.Reasons = append([]string{}, "guardian_own_access", "x") },
		"severity":   func(x *adapters.AuditEntry) { x.Severity = adapters.SeverityHigh },
		"prevHash":   func(x *adapters.AuditEntry) { x.PrevHash = []byte{1} },
		"zero time":  func(x *adapters.AuditEntry) { x.At = x.At.AddDate(-3000, 0, 0) },
		"empty text": func(x *adapters.AuditEntry) { x.Reasons = []string{"guardian_own_access", ""} },
	}
	for name, m := range muts {
		x := e
		x.Reasons = append([]string(nil), e.Reasons...)
		m(&x)
		assert.NotEqual(t, h, backa.HashAuditEntry(&x), name)
	}
}

// TestVerifyAuditSQL tampers with the audit rows of an SQLite database
// directly, with SQL, as someone with access to the database could.
func TestVerifyAuditSQL(t *testing.T) {
	for _, c := range []struct {
		name string
		sql  []string
		want map[int64]backa.BreakKind
	}{
		{"a row changed", []string{`UPDATE audit_entries SET allowed = NOT allowed WHERE seq = 3`},
			map[int64]backa.BreakKind{3: backa.BreakChanged}},
		{"a purpose changed", []string{`UPDATE audit_entries SET purpose = 'plan' WHERE seq = 2`},
			map[int64]backa.BreakKind{2: backa.BreakChanged}},
		{"a row deleted", []string{`DELETE FROM audit_entries WHERE seq = 3`},
			map[int64]backa.BreakKind{4: backa.BreakRemoved}},
		{"two rows swapped", []string{
			`UPDATE audit_entries SET seq = CASE seq WHEN 3 THEN -4 ELSE -3 END WHERE seq IN (3, 4)`,
			`UPDATE audit_entries SET seq = -seq WHERE seq < 0`,
		}, map[int64]backa.BreakKind{3: backa.BreakReordered, 4: backa.BreakReordered, 5: backa.BreakReordered}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newEnv(t, openSQLite, nil)
			auditTrail(t, w)
			_, err := w.svc.VerifyAudit(w.ctx)
			require.NoError(t, err)
			db := w.store.(*sqlstore.Store).DB()
			for _, q := range c.sql {
				_, err := db.ExecContext(w.ctx, q)
				require.NoError(t, err, q)
			}
			rep, err := w.svc.VerifyAudit(w.ctx)
			require.ErrorIs(t, err, backa.ErrAuditBroken)
			assert.Equal(t, c.want, kinds(rep.Breaks))
		})
	}
}
