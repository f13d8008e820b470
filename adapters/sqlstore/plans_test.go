package sqlstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planSides are memstore (the reference) and a sqlstore, with a plan in
// both.
type planSides struct {
	t      *testing.T
	f      *adaptertest.Fixtures
	stores [2]adapters.Store
	sql    *sqlstore.Store
	plan   plan.Plan // as committed
}

func newPlanSides(t *testing.T, s *sqlstore.Store, extra int) *planSides {
	t.Helper()
	f := adaptertest.NewFixtures()
	org := f.Organisation()
	pre, soc := f.Professional(f.Unit(org, roles.Forskola)), f.Professional(f.Unit(org, roles.Socialtjanst))
	child := f.Child()
	p := f.Plan(adaptertest.PlanPeople{Child: child.ID, Guardian: f.Guardian().ID, Related: f.RelatedPerson().ID,
		Barnkontakt: f.Assignment(child.ID, pre, roles.Barnkontakt), Stodsamordnare: f.Assignment(child.ID, soc, roles.Stodsamordnare),
		Principal: org.ID}, extra)
	ps := &planSides{t: t, f: f, stores: [2]adapters.Store{memstore.New(), s}, sql: s}
	ps.write("create", func(ctx context.Context, tx adapters.Tx, p *plan.Plan) error { return tx.Plans().Create(ctx, p) }, p)
	return ps
}

// write runs fn on a copy of p in a transaction on both sides, expects both
// to succeed alike, records the result as committed and checks that
// everything a caller can read of the plan is the same on both sides.
func (ps *planSides) write(what string, fn func(ctx context.Context, tx adapters.Tx, p *plan.Plan) error, p plan.Plan) {
	ps.t.Helper()
	var got [2]plan.Plan
	for side, s := range ps.stores {
		c := p
		c.Items = slices.Clone(p.Items)
		err := s.InTx(ps.t.Context(), func(ctx context.Context, tx adapters.Tx) error { return fn(ctx, tx, &c) })
		require.NoError(ps.t, err, "%s: side %d", what, side)
		got[side] = c
	}
	require.Equal(ps.t, got[0].Revision, got[1].Revision, what)
	ps.plan = got[0]
	ps.check(what)
}

// check compares the plan as Get, ByChild, Revision and OverdueItems give
// it on both sides, and checks that the sqlstore keeps a row of plan_items
// for each item.
func (ps *planSides) check(what string) {
	ps.t.Helper()
	var seen [2][]any
	for side, s := range ps.stores {
		err := s.View(ps.t.Context(), func(ctx context.Context, tx adapters.Tx) error {
			g, err := tx.Plans().Get(ctx, ps.plan.ID)
			if err != nil {
				return err
			}
			b, err := tx.Plans().ByChild(ctx, ps.plan.ChildID)
			if err != nil {
				return err
			}
			r, err := tx.Plans().Revision(ctx, ps.plan.ID, ps.plan.Revision)
			if err != nil {
				return err
			}
			seen[side] = append(seen[side], g, b, r)
			for _, a := range []roles.Agency{roles.Forskola, roles.Socialtjanst, roles.HalsoSjukvard, roles.Skola} {
				pr := adapters.PageRequest{Limit: 2}
				for {
					page, err := tx.Plans().OverdueItems(ctx, a, ps.f.Date(400), pr)
					if err != nil {
						return err
					}
					seen[side] = append(seen[side], page.Items)
					if page.Next == "" {
						break
					}
					pr.Cursor = page.Next
				}
			}
			return nil
		})
		require.NoError(ps.t, err, "%s: side %d", what, side)
	}
	for i := range seen[0] {
		if !reflect.DeepEqual(seen[0][i], seen[1][i]) {
			require.Equal(ps.t, seen[0][i], seen[1][i], "%s, result %d: memstore (expected) and sqlstore (actual) differ", what, i)
		}
	}
	var rows int
	require.NoError(ps.t, ps.sql.DB().QueryRowContext(ps.t.Context(), "SELECT count(*) FROM plan_items").Scan(&rows))
	assert.Equal(ps.t, len(ps.plan.Items), rows, "%s: rows of plan_items", what)
}

// update returns a write that updates the plan after change changed its
// items (a copy of them, as plans are never changed in place): in one
// transaction with a Get, changing the plan Get returned (read), or as the
// plan was committed, without reading it first.
func update(read bool, change func(p *plan.Plan)) func(ctx context.Context, tx adapters.Tx, p *plan.Plan) error {
	return func(ctx context.Context, tx adapters.Tx, p *plan.Plan) error {
		if read {
			got, err := tx.Plans().Get(ctx, p.ID)
			if err != nil {
				return err
			}
			*p = got
		}
		p.Items = slices.Clone(p.Items)
		change(p)
		return tx.Plans().Update(ctx, p)
	}
}

// planBackends are the databases the plan tests run on: a SQLite file and,
// when BACKA_POSTGRES_DSN is set, PostgreSQL.
var planBackends = []string{"sqlite", "postgres"}

// twoStores returns two Stores on one new database of the backend, as two
// processes would have; it skips a PostgreSQL test without a database.
func twoStores(t *testing.T, backend string) (a, b *sqlstore.Store) {
	t.Helper()
	if backend == "postgres" {
		open := postgresSchema(t, requirePostgres(t))
		var err error
		a, err = sqlstore.Open(t.Context(), open(), sqlstore.PostgreSQL, nil)
		require.NoError(t, err)
		b, err = sqlstore.Open(t.Context(), open(), sqlstore.PostgreSQL, nil)
		require.NoError(t, err)
		return a, b
	}
	path := filepath.Join(t.TempDir(), "two.db")
	var err error
	a, err = sqlstore.OpenSQLite(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	b, err = sqlstore.OpenSQLite(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { b.Close() })
	return a, b
}

// TestPlanUpdateItems checks that an Update leaves the plan's items as
// memstore does, whatever it changes about them, whether the transaction
// read the plan first or not.
func TestPlanUpdateItems(t *testing.T) {
	t.Parallel()
	for _, backend := range planBackends {
		for _, read := range []bool{true, false} {
			name := backend + "/blind"
			if read {
				name = backend + "/read"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				s, _ := twoStores(t, backend)
				testPlanUpdateItems(t, s, read)
			})
		}
	}
}

func testPlanUpdateItems(t *testing.T, s *sqlstore.Store, read bool) {
	ps := newPlanSides(t, s, 4)
	require.Greater(t, len(ps.plan.Items), 4)
	at := ps.f.At(30 * adaptertest.Day)
	added := []roles.ID[plan.Item]{roles.MustNewID[plan.Item](), roles.MustNewID[plan.Item](),
		roles.MustNewID[plan.Item](), roles.MustNewID[plan.Item]()}
	steps := []struct {
		what   string
		change func(p *plan.Plan)
	}{
		{"one item's status", func(p *plan.Plan) {
			it := &p.Items[1]
			it.History = append(slices.Clip(it.History), plan.ItemStatusChange{At: at, By: p.UpdatedBy, From: it.Status, To: plan.Pausad})
			it.Status = plan.Pausad
		}},
		{"one item's due date", func(p *plan.Plan) { p.Items[2].Due = ps.f.Date(3) }},
		{"nothing", func(p *plan.Plan) { p.Summary = "Bara en ny revision." }},
		{"reversed", func(p *plan.Plan) { slices.Reverse(p.Items) }},
		{"first dropped", func(p *plan.Plan) { p.Items = p.Items[1:] }},
		{"last dropped", func(p *plan.Plan) { p.Items = p.Items[:len(p.Items)-1] }},
		{"two swapped, one agency cleared", func(p *plan.Plan) {
			p.Items[0], p.Items[1] = p.Items[1], p.Items[0]
			p.Items[2].Agency = ""
		}},
		{"plan closed", func(p *plan.Plan) { p.Status = plan.Avslutad }},
		{"plan reopened", func(p *plan.Plan) { p.Status = plan.Aktiv }},
		{"items appended", func(p *plan.Plan) {
			for _, id := range added[:3] {
				it := p.Items[0]
				it.ID = id
				it.Due = ps.f.Date(len(p.Items))
				p.Items = append(p.Items, it)
			}
		}},
		{"all dropped", func(p *plan.Plan) { p.Items = nil }},
		{"one added", func(p *plan.Plan) {
			p.Items = []plan.Item{{ID: added[3], Description: "Ny insats.", GoalID: p.Goals[0].ID,
				Area: p.Goals[0].Areas[0], Agency: roles.Socialtjanst, Due: ps.f.Date(5), Status: plan.Planerad}}
		}},
	}
	for _, st := range steps {
		ps.write(st.what, update(read, st.change), ps.plan)
	}
}

// TestPlanUpdateRolledBack checks that the plan read after a rolled-back
// Update (which the Store's cache of plans saw) is the committed one, and
// that the next Update, from the committed plan, writes what it changes.
func TestPlanUpdateRolledBack(t *testing.T) {
	t.Parallel()
	for _, backend := range planBackends {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			s, _ := twoStores(t, backend)
			testPlanUpdateRolledBack(t, s)
		})
	}
}

func testPlanUpdateRolledBack(t *testing.T, s *sqlstore.Store) {
	ps := newPlanSides(t, s, 2)
	errUndo := errors.New("undone")
	for side, st := range ps.stores {
		err := st.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error {
			p := plan.Plan{ID: ps.plan.ID}
			if err := update(true, func(p *plan.Plan) {
				p.Items[0].Status = plan.Avbruten
				p.Items = p.Items[:2]
			})(ctx, tx, &p); err != nil {
				return err
			}
			return errUndo
		})
		require.ErrorIs(t, err, errUndo, "side %d", side)
	}
	ps.check("rolled back")
	ps.write("after the rollback", update(false, func(p *plan.Plan) { p.Items = p.Items[1:] }), ps.plan)
	ps.write("and again", update(true, func(p *plan.Plan) { p.Items[0].Status = plan.Avbruten }), ps.plan)
}

// TestPlanWrittenByAnotherStore checks that a Store reads a plan that
// another Store (another process, say) on the same database updated, and
// updates it in turn, although it read and cached the plan before.
func TestPlanWrittenByAnotherStore(t *testing.T) {
	t.Parallel()
	for _, backend := range planBackends {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			testPlanWrittenByAnotherStore(t, backend)
		})
	}
}

func testPlanWrittenByAnotherStore(t *testing.T, backend string) {
	a, b := twoStores(t, backend)
	ps := newPlanSides(t, a, 2)
	ps.stores[1] = b
	ps.write("by b", update(true, func(p *plan.Plan) { p.Items[0].Status = plan.Genomford }), ps.plan)
	ps.stores[1] = a
	ps.check("read by a")
	ps.write("by a", update(true, func(p *plan.Plan) { p.Items = p.Items[1:] }), ps.plan)
	ps.stores[1] = b
	ps.write("by b again, blind", update(false, func(p *plan.Plan) { p.Items[1].Status = plan.Genomford }), ps.plan)
	ps.stores[1] = a
	ps.write("by a again, blind", update(false, func(p *plan.Plan) { p.Status = plan.Avslutad }), ps.plan)
}
