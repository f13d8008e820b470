package sqlstore_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// The differential test runs random sequences of operations on memstore (the
// reference) and on sqlstore (SQLite in memory) and compares everything a
// caller can observe: every value returned, every error (its sentinel and
// the entity, ID and key it names), every page of every paged query.

var (
	diffSeeds = flag.Int("diff.seeds", 8, "differential test: number of random sequences")
	diffSteps = flag.Int("diff.steps", 120, "differential test: transactions per sequence")
	diffSeed  = flag.Uint64("diff.seed", 0, "differential test: run only this seed (0: seeds 1 to diff.seeds)")
)

func TestDifferential(t *testing.T) {
	t.Parallel()
	seeds := make([]uint64, 0, *diffSeeds)
	for i := 1; i <= *diffSeeds; i++ {
		seeds = append(seeds, uint64(i))
	}
	if *diffSeed != 0 {
		seeds = []uint64{*diffSeed}
	}
	for _, seed := range seeds {
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			runDifferential(t, seed, *diffSteps)
		})
	}
}

// FuzzDifferential lets the fuzzer choose the seeds of the differential
// test: go test -run '^$' -fuzz FuzzDifferential -fuzztime 20s.
func FuzzDifferential(f *testing.F) {
	f.Add(uint64(1), uint8(40))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) {
		runDifferential(t, seed, int(steps))
	})
}

// runDifferential runs one random sequence of steps transactions on
// memstore and on sqlstore, SQLite in memory.
func runDifferential(t *testing.T, seed uint64, steps int) {
	sql, err := sqlstore.OpenSQLite(t.Context(), sqlstore.MemoryPath)
	if err != nil {
		t.Fatal(err)
	}
	defer sql.Close()
	d, err := newDiff(t.Context(), seed, [sides]adapters.Store{memstore.New(), sql})
	if err != nil {
		t.Fatal(err)
	}
	for step := range steps {
		if err := d.step(step); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

// side 0 is memstore, side 1 sqlstore.
const sides = 2

// An op is one operation of a transaction. run performs it on one side's
// transaction; its inputs were drawn before, the same for both sides.
// commit, when set, records in the model what a committed, successful run
// (memstore's result) wrote.
type op struct {
	name   string
	run    func(ctx context.Context, tx adapters.Tx, side int) (any, error)
	commit func(result any)
}

// diff is one random sequence: the stores, the random source and a model of
// what was committed (the records to pick from and to update).
type diff struct {
	ctx    context.Context
	rng    *rand.Rand
	stores [sides]adapters.Store
	f      *adaptertest.Fixtures

	org           roles.Organisation
	units         []roles.Unit
	professionals []roles.Professional
	guardians     []roles.Guardian
	related       roles.RelatedPerson
	children      []roles.Child
	assignments   []roles.Assignment
	consents      []roles.Consent
	plans         []plan.Plan
	events        []roles.ID[adapters.Event]
}

var agencies = []roles.Agency{roles.Forskola, roles.Socialtjanst, roles.HalsoSjukvard}

func newDiff(ctx context.Context, seed uint64, stores [sides]adapters.Store) (*diff, error) {
	d := &diff{ctx: ctx, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), stores: stores, f: adaptertest.NewFixtures()}
	// A small world to start from: an organisation with a unit and a
	// professional of each agency, guardians, a närstående and children.
	d.org = d.f.Organisation()
	var setup []op
	setup = append(setup, createOp("Organisations", d.org, adapters.Tx.Organisations, nil))
	for _, a := range agencies {
		u := d.f.Unit(d.org, a)
		p := d.f.Professional(u)
		d.units, d.professionals = append(d.units, u), append(d.professionals, p)
		setup = append(setup, createOp("Units", u, adapters.Tx.Units, nil), createOp("Professionals", p, adapters.Tx.Professionals, nil))
	}
	for range 3 {
		g := d.f.Guardian()
		d.guardians = append(d.guardians, g)
		setup = append(setup, createOp("Guardians", g, adapters.Tx.Guardians, nil))
	}
	d.related = d.f.RelatedPerson()
	setup = append(setup, createOp("RelatedPersons", d.related, adapters.Tx.RelatedPersons, nil))
	if err := d.transact("setup", setup, false); err != nil {
		return nil, err
	}
	for len(d.children) < 4 {
		if err := d.transact("setup", []op{d.createChild()}, false); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// pick returns a random element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// instant returns one of a few instants around the fixtures' base, some
// with nanoseconds, so that queries meet stored instants exactly.
func (d *diff) instant() time.Time {
	t := d.f.At(time.Duration(d.rng.IntN(6)-2) * adaptertest.Day)
	if d.rng.IntN(4) == 0 {
		t = t.Add(time.Duration(d.rng.IntN(3)) * 500 * time.Nanosecond)
	}
	return t
}

func (d *diff) date() roles.Date { return d.f.Date(d.rng.IntN(20) - 5) }

// transact runs ops in one transaction on both sides (in a View when
// readOnly), sometimes rolling it back, and compares the results; an error
// says where they differ.
func (d *diff) transact(what string, ops []op, readOnly bool) error {
	rollback := !readOnly && d.rng.IntN(8) == 0
	errRollback := errors.New("rolled back on purpose")
	var results [sides][]outcome
	var txErrs [sides]error
	for side, s := range d.stores {
		fn := func(ctx context.Context, tx adapters.Tx) error {
			results[side] = nil
			for _, o := range ops {
				v, err := o.run(ctx, tx, side)
				results[side] = append(results[side], outcome{v, classify(err)})
			}
			if rollback {
				return errRollback
			}
			return nil
		}
		if readOnly {
			txErrs[side] = s.View(d.ctx, fn)
		} else {
			txErrs[side] = s.InTx(d.ctx, fn)
		}
		if txErrs[side] != nil && !errors.Is(txErrs[side], errRollback) {
			return fmt.Errorf("%s: side %d: the transaction failed: %w", what, side, txErrs[side])
		}
	}
	for i, o := range ops {
		if !reflect.DeepEqual(results[0][i], results[1][i]) {
			return fmt.Errorf("%s, op %d %s: memstore gave\n\t%+v\nsqlstore gave\n\t%+v", what, i, o.name, results[0][i], results[1][i])
		}
	}
	if rollback || readOnly {
		return nil
	}
	for i, o := range ops {
		if o.commit != nil && results[0][i].err == (errClass{}) {
			o.commit(results[0][i].value)
		}
	}
	return nil
}

// outcome is what one op gave: a value and the class of its error.
type outcome struct {
	value any
	err   errClass
}

// errClass is what a caller can tell of an error: the sentinel it matches
// and what an *adapters.Error names.
type errClass struct {
	sentinel             string
	entity, id, key, msg string
}

func classify(err error) errClass {
	if err == nil {
		return errClass{}
	}
	var c errClass
	for _, s := range []struct {
		name string
		err  error
	}{{"not found", adapters.ErrNotFound}, {"already exists", adapters.ErrAlreadyExists}, {"conflict", adapters.ErrConflict},
		{"invalid", roles.ErrInvalid}, {"done", adapters.ErrTxDone}, {"read-only", adapters.ErrReadOnly}} {
		if errors.Is(err, s.err) {
			c.sentinel = s.name
			break
		}
	}
	var ae *adapters.Error
	if errors.As(err, &ae) {
		c.entity, c.id, c.key = string(ae.Entity), ae.ID, ae.Key
	}
	if c.sentinel == "" {
		c.msg = err.Error() // unexpected: shows in the report
	}
	return c
}

// step draws a transaction of one to four operations and runs it.
func (d *diff) step(n int) error {
	readOnly := d.rng.IntN(4) == 0
	var ops []op
	for range 1 + d.rng.IntN(4) {
		if readOnly {
			ops = append(ops, d.read())
		} else if d.rng.IntN(3) == 0 {
			ops = append(ops, d.read())
		} else {
			ops = append(ops, d.write())
		}
	}
	return d.transact("step "+strconv.Itoa(n), ops, readOnly)
}

// createOp creates v through repo; commit gets the stored value.
func createOp[T any, R interface {
	Create(context.Context, *T) error
}](name string, v T, repo func(adapters.Tx) R, commit func(T)) op {
	vs := [sides]T{v, v}
	o := op{name: name + ".Create", run: func(ctx context.Context, tx adapters.Tx, side int) (any, error) {
		err := repo(tx).Create(ctx, &vs[side])
		return vs[side], err
	}}
	if commit != nil {
		o.commit = func(r any) { commit(r.(T)) }
	}
	return o
}

// updateOp updates v through repo.
func updateOp[T any, R interface {
	Update(context.Context, *T) error
}](name string, v T, repo func(adapters.Tx) R, commit func(T)) op {
	vs := [sides]T{v, v}
	return op{name: name + ".Update", run: func(ctx context.Context, tx adapters.Tx, side int) (any, error) {
		err := repo(tx).Update(ctx, &vs[side])
		return vs[side], err
	}, commit: func(r any) { commit(r.(T)) }}
}

// query is an op that only reads.
func query(name string, fn func(ctx context.Context, tx adapters.Tx) (any, error)) op {
	return op{name: name, run: func(ctx context.Context, tx adapters.Tx, _ int) (any, error) { return fn(ctx, tx) }}
}

// walk pages through a paged query with a random limit and returns every
// page's items and whether it had a Next.
func walk[T any](limit int, q func(pr adapters.PageRequest) (adapters.Page[T], error)) (any, error) {
	type pageOut struct {
		Items []T
		More  bool
	}
	var out []pageOut
	pr := adapters.PageRequest{Limit: limit}
	for range 1000 {
		p, err := q(pr)
		if err != nil {
			return out, err
		}
		out = append(out, pageOut{p.Items, p.Next != ""})
		if p.Next == "" {
			return out, nil
		}
		pr.Cursor = p.Next
	}
	return out, errors.New("more than 1000 pages")
}

func (d *diff) limit() int { return 1 + d.rng.IntN(4) }

// replace returns s with the element that has the same key as v replaced.
func replace[T any, K comparable](s []T, v T, key func(T) K) []T {
	for i := range s {
		if key(s[i]) == key(v) {
			s[i] = v
		}
	}
	return s
}

func (d *diff) createChild() op {
	c := d.f.Child()
	switch {
	case len(d.children) > 0 && d.rng.IntN(8) == 0:
		c.Personnummer = pick(d.rng, d.children).Personnummer
	case len(d.children) > 0 && d.rng.IntN(10) == 0:
		c.ID = pick(d.rng, d.children).ID
	case d.rng.IntN(4) == 0:
		c.Contact = nil
	}
	return createOp("Children", c, adapters.Tx.Children, func(c roles.Child) { d.children = append(d.children, c) })
}

// revision returns rev, or sometimes a stale or future one.
func (d *diff) revision(rev int64) int64 {
	switch d.rng.IntN(10) {
	case 0:
		return rev - 1
	case 1:
		return rev + 1
	}
	return rev
}

// write draws an operation that writes.
func (d *diff) write() op {
	r := d.rng
	switch r.IntN(16) {
	case 0:
		return d.createChild()
	case 1:
		c := pick(r, d.children)
		c.Revision = d.revision(c.Revision)
		c.GivenName = pick(r, []string{"Ebba", "Zoë", "Ödön"})
		c.Protection = pick(r, roles.ProtectionLevels())
		if r.IntN(3) == 0 {
			c.Contact = pick(r, []*roles.Contact{nil, {}, {City: "Bengtsfors"}})
		}
		if r.IntN(5) == 0 {
			c.Personnummer = pick(r, d.children).Personnummer // usually another child's
		}
		return updateOp("Children", c, adapters.Tx.Children, func(c roles.Child) {
			d.children = replace(d.children, c, func(c roles.Child) roles.ID[roles.Child] { return c.ID })
		})
	case 2, 3:
		a := d.f.Assignment(pick(r, d.children).ID, pick(r, d.professionals), pick(r, roles.Roles()))
		a.Period = roles.Period{Start: d.instant()}
		if r.IntN(2) == 0 {
			a.Period.End = a.Period.Start.Add(time.Duration(1+r.IntN(5)) * adaptertest.Day)
		}
		if r.IntN(5) == 0 {
			a.UnitID = roles.ID[roles.Unit]{}
		}
		return createOp("Assignments", a, adapters.Tx.Assignments, func(a roles.Assignment) { d.assignments = append(d.assignments, a) })
	case 4:
		if len(d.assignments) == 0 {
			return d.createChild()
		}
		a := pick(r, d.assignments)
		a.Revision = d.revision(a.Revision)
		a.Period.End = pick(r, []time.Time{{}, d.instant()})
		return updateOp("Assignments", a, adapters.Tx.Assignments, func(a roles.Assignment) {
			d.assignments = replace(d.assignments, a, func(a roles.Assignment) roles.ID[roles.Assignment] { return a.ID })
		})
	case 5:
		c := d.f.Custody(pick(r, d.children).ID, pick(r, d.guardians).ID)
		c.Period = roles.Period{Start: d.instant()}
		return createOp("Custodies", c, adapters.Tx.Custodies, nil)
	case 6:
		c := d.f.Consent(pick(r, d.children).ID, pick(r, d.guardians).ID, pick(r, d.professionals))
		c.ValidFrom = d.instant()
		c.ValidUntil = c.ValidFrom.Add(time.Duration(r.IntN(6)) * adaptertest.Day)
		c.Withdrawal, c.Status = nil, roles.ConsentAktiv
		return createOp("Consents", c, adapters.Tx.Consents, func(c roles.Consent) { d.consents = append(d.consents, c) })
	case 7:
		if len(d.consents) == 0 {
			return d.createChild()
		}
		c := pick(r, d.consents)
		c.Revision = d.revision(c.Revision)
		c.Status = roles.ConsentAterkallad
		c.Withdrawal = &roles.Withdrawal{By: roles.GuardianParty(pick(r, d.guardians).ID), At: d.instant(),
			RecordedBy: roles.ProfessionalParty(pick(r, d.professionals).ID)}
		return updateOp("Consents", c, adapters.Tx.Consents, func(c roles.Consent) {
			d.consents = replace(d.consents, c, func(c roles.Consent) roles.ID[roles.Consent] { return c.ID })
		})
	case 8:
		a := d.f.Assessment(pick(r, d.children).ID, pick(r, d.professionals), time.Duration(r.IntN(5))*adaptertest.Day)
		if r.IntN(3) == 0 && len(d.children) > 0 {
			a.AssessedAt = d.f.At(0) // ties, broken by ID
		}
		return createOp("Assessments", a, adapters.Tx.Assessments, nil)
	case 9:
		if len(d.assignments) == 0 {
			return d.createChild()
		}
		c := d.f.Concern(pick(r, d.children).ID, pick(r, d.professionals), pick(r, d.assignments), time.Duration(r.IntN(4))*adaptertest.Day)
		return createOp("Concerns", c, adapters.Tx.Concerns, nil)
	case 10, 11:
		return d.planWrite()
	case 12, 13:
		var child roles.ID[roles.Child]
		if r.IntN(5) > 0 {
			child = pick(r, d.children).ID
		}
		a := d.f.AuditEntry(child, pick(r, d.professionals))
		a.At = d.instant()
		as := [sides]adapters.AuditEntry{a, a}
		return op{name: "Audit.Append", run: func(ctx context.Context, tx adapters.Tx, side int) (any, error) {
			err := tx.Audit().Append(ctx, &as[side])
			return as[side], err
		}}
	case 14:
		e := d.f.Event(pick(r, d.children).ID)
		if r.IntN(3) == 0 {
			e.Payload = nil
		}
		es := [sides]adapters.Event{e, e}
		return op{name: "Outbox.Append", run: func(ctx context.Context, tx adapters.Tx, side int) (any, error) {
			err := tx.Outbox().Append(ctx, &es[side])
			return es[side], err
		}, commit: func(any) { d.events = append(d.events, e.ID) }}
	default:
		id := roles.MustNewID[adapters.Event]()
		if len(d.events) > 0 && r.IntN(5) > 0 {
			id = pick(r, d.events)
		}
		when := d.instant()
		return op{name: "Outbox.Ack", run: func(ctx context.Context, tx adapters.Tx, _ int) (any, error) {
			return nil, tx.Outbox().Ack(ctx, id, when)
		}}
	}
}

// planWrite creates a plan for a child, or changes one: its status, its
// next review, its items' agencies, due dates and statuses.
func (d *diff) planWrite() op {
	r := d.rng
	if len(d.plans) == 0 || r.IntN(3) == 0 {
		child := pick(r, d.children)
		bk := d.f.Assignment(child.ID, d.professionals[0], roles.Barnkontakt)
		ss := d.f.Assignment(child.ID, d.professionals[1], roles.Stodsamordnare)
		p := d.f.Plan(adaptertest.PlanPeople{Child: child.ID, Guardian: d.guardians[0].ID, Related: d.related.ID,
			Barnkontakt: bk, Stodsamordnare: ss, Principal: d.org.ID}, r.IntN(3))
		d.shuffle(&p)
		return createOp("Plans", p, adapters.Tx.Plans, func(p plan.Plan) { d.plans = append(d.plans, p) })
	}
	p := pick(r, d.plans)
	p.Revision = d.revision(p.Revision)
	d.shuffle(&p)
	if r.IntN(4) == 0 && len(p.Items) > 1 {
		p.Items = p.Items[:len(p.Items)-1]
	}
	p.Summary = "Ändrad " + strconv.Itoa(r.IntN(100))
	return updateOp("Plans", p, adapters.Tx.Plans, func(p plan.Plan) {
		d.plans = replace(d.plans, p, func(p plan.Plan) roles.ID[plan.Plan] { return p.ID })
	})
}

// shuffle draws a plan's status, next review and items.
func (d *diff) shuffle(p *plan.Plan) {
	r := d.rng
	p.Status = pick(r, []plan.Status{plan.Aktiv, plan.Aktiv, plan.Utkast, pick(r, plan.Statuses())})
	p.NextReview = pick(r, []roles.Date{{}, d.date(), d.date()})
	items := make([]plan.Item, len(p.Items))
	copy(items, p.Items)
	for i := range items {
		items[i].Agency = pick(r, append(agencies, ""))
		items[i].Due = pick(r, []roles.Date{{}, d.date(), d.date(), d.date()})
		items[i].Status = pick(r, plan.ItemStatuses())
	}
	p.Items = items
}

// read draws an operation that only reads.
func (d *diff) read() op {
	r := d.rng
	d2 := func(name string, fn func(ctx context.Context, tx adapters.Tx) (any, error)) op {
		return query(name, fn)
	}
	child := pick(r, d.children).ID
	if r.IntN(10) == 0 {
		child = roles.MustNewID[roles.Child]()
	}
	t, limit := d.instant(), d.limit()
	switch r.IntN(20) {
	case 0:
		return d2("Children.Get", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Children().Get(ctx, child) })
	case 1:
		pnr := pick(r, d.children).Personnummer
		return d2("Children.ByPersonnummer", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return tx.Children().ByPersonnummer(ctx, pnr)
		})
	case 2:
		u := pick(r, d.units).ID
		return d2("Children.OfUnit", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return walk(limit, func(pr adapters.PageRequest) (adapters.Page[roles.Child], error) {
				return tx.Children().OfUnit(ctx, u, t, pr)
			})
		})
	case 3:
		p := pick(r, d.professionals).ID
		return d2("Children.OfProfessional", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return walk(limit, func(pr adapters.PageRequest) (adapters.Page[roles.Child], error) {
				return tx.Children().OfProfessional(ctx, p, t, pr)
			})
		})
	case 4:
		return d2("Assignments.OfChild", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Assignments().OfChild(ctx, child) })
	case 5:
		h := roles.ProfessionalParty(pick(r, d.professionals).ID)
		return d2("Assignments.OfHolder", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Assignments().OfHolder(ctx, h, t) })
	case 6:
		return d2("Custodies.OfChild", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Custodies().OfChild(ctx, child) })
	case 7:
		g := pick(r, d.guardians).ID
		return d2("Custodies.OfGuardian", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Custodies().OfGuardian(ctx, g) })
	case 8:
		return d2("Consents.InForceAt", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Consents().InForceAt(ctx, child, t) })
	case 9:
		return d2("Consents.OfChild", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Consents().OfChild(ctx, child) })
	case 10:
		return d2("Assessments.LatestByAgency", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return tx.Assessments().LatestByAgency(ctx, child)
		})
	case 11:
		return d2("Assessments.OfChild", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Assessments().OfChild(ctx, child) })
	case 12:
		p := pick(r, d.professionals).ID
		return d2("Concerns.OfBarnkontakt", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return walk(limit, func(pr adapters.PageRequest) (adapters.Page[behovskompass.Concern], error) {
				return tx.Concerns().OfBarnkontakt(ctx, p, pr)
			})
		})
	case 13:
		return d2("Plans.ByChild", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Plans().ByChild(ctx, child) })
	case 14:
		if len(d.plans) == 0 {
			break
		}
		p := pick(r, d.plans)
		rev := int64(r.IntN(int(p.Revision) + 2))
		return d2("Plans.Revision and Revisions", func(ctx context.Context, tx adapters.Tx) (any, error) {
			got, err := tx.Plans().Revision(ctx, p.ID, rev)
			log, lerr := walk(limit, func(pr adapters.PageRequest) (adapters.Page[plan.LogEntry], error) {
				return tx.Plans().Revisions(ctx, p.ID, pr)
			})
			return []any{got, classify(err), log}, lerr
		})
	case 15:
		a, on := pick(r, append(agencies, roles.Skola)), d.date()
		return d2("Plans.OverdueItems", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return walk(limit, func(pr adapters.PageRequest) (adapters.Page[adapters.PlanItem], error) {
				return tx.Plans().OverdueItems(ctx, a, on, pr)
			})
		})
	case 16:
		by := d.date()
		return d2("Plans.DueForFollowUp", func(ctx context.Context, tx adapters.Tx) (any, error) {
			return walk(limit, func(pr adapters.PageRequest) (adapters.Page[plan.Plan], error) {
				return tx.Plans().DueForFollowUp(ctx, by, pr)
			})
		})
	case 17:
		from := int64(r.IntN(10))
		return d2("Audit.Last, ByChild and Scan", func(ctx context.Context, tx adapters.Tx) (any, error) {
			last, err := tx.Audit().Last(ctx)
			byChild, berr := walk(limit, func(pr adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
				return tx.Audit().ByChild(ctx, child, pr)
			})
			scan, serr := walk(limit, func(pr adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
				return tx.Audit().Scan(ctx, from, pr)
			})
			return []any{last, classify(err), byChild, classify(berr), scan}, serr
		})
	case 18:
		return d2("Outbox.Pending and PendingOfChild", func(ctx context.Context, tx adapters.Tx) (any, error) {
			all, err := walk(limit, func(pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
				return tx.Outbox().Pending(ctx, pr)
			})
			mine, merr := walk(limit, func(pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
				return tx.Outbox().PendingOfChild(ctx, child, pr)
			})
			return []any{all, classify(err), mine}, merr
		})
	}
	if len(d.events) > 0 {
		id := pick(r, d.events)
		return d2("Outbox.Get", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Outbox().Get(ctx, id) })
	}
	return d2("Organisations.List", func(ctx context.Context, tx adapters.Tx) (any, error) { return tx.Organisations().List(ctx) })
}

// TestDifferentialCatchesADifference makes sure that the comparison can
// fail: between two memstores, one with an audit entry more than the other,
// a sequence soon finds a difference.
func TestDifferentialCatchesADifference(t *testing.T) {
	t.Parallel()
	a, b := memstore.New(), memstore.New()
	f := adaptertest.NewFixtures()
	e := f.AuditEntry(roles.ID[roles.Child]{}, f.Professional(f.Unit(f.Organisation(), roles.Skola)))
	if err := b.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error { return tx.Audit().Append(ctx, &e) }); err != nil {
		t.Fatal(err)
	}
	d, err := newDiff(t.Context(), 1, [sides]adapters.Store{a, b})
	if err != nil {
		t.Fatal(err)
	}
	for step := range 200 {
		if err := d.step(step); err != nil {
			return // found
		}
	}
	t.Errorf("200 steps on two stores whose audit trails differ found no difference")
}
