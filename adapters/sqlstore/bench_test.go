package sqlstore_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// The benchmarks run the queries of the scale benchmark (internal/scalebench)
// and typical writes on a SQLite database in memory with a small data set:
// 2,000 children with two assignments each among 100 professionals, 600
// plans, 20,000 audit entries.

type benchData struct {
	s             *sqlstore.Store
	f             *adaptertest.Fixtures
	children      []roles.Child
	professionals []roles.Professional
	plans         []plan.Plan
}

var (
	benchOnce sync.Once
	bench     *benchData
	benchErr  error
)

func loadBench(b *testing.B) *benchData {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = newBenchData(context.Background()) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func newBenchData(ctx context.Context) (*benchData, error) {
	s, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	if err != nil {
		return nil, err
	}
	d := &benchData{s: s, f: adaptertest.NewFixtures()}
	rng := rand.New(rand.NewPCG(1, 1))
	f := d.f
	org := f.Organisation()
	g := f.Guardian()
	rel := f.RelatedPerson()
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, fn := range []func() error{
			func() error { return tx.Organisations().Create(ctx, &org) },
			func() error { return tx.Guardians().Create(ctx, &g) },
			func() error { return tx.RelatedPersons().Create(ctx, &rel) },
		} {
			if err := fn(); err != nil {
				return err
			}
		}
		agencies := []roles.Agency{roles.Forskola, roles.Socialtjanst, roles.HalsoSjukvard}
		for i := range 100 {
			u := f.Unit(org, agencies[i%3])
			p := f.Professional(u)
			if err := tx.Units().Create(ctx, &u); err != nil {
				return err
			}
			if err := tx.Professionals().Create(ctx, &p); err != nil {
				return err
			}
			d.professionals = append(d.professionals, p)
		}
		for i := range 2000 {
			c := f.Child()
			if err := tx.Children().Create(ctx, &c); err != nil {
				return err
			}
			d.children = append(d.children, c)
			var as [2]roles.Assignment
			for k, role := range []roles.Role{roles.Barnkontakt, roles.Stodsamordnare} {
				as[k] = f.Assignment(c.ID, d.professionals[(3*i+k)%100], role)
				if err := tx.Assignments().Create(ctx, &as[k]); err != nil {
					return err
				}
			}
			if i%10 < 3 {
				p := f.Plan(adaptertest.PlanPeople{Child: c.ID, Guardian: g.ID, Related: rel.ID, Barnkontakt: as[0],
					Stodsamordnare: as[1], Principal: org.ID}, 7)
				for k := range p.Items {
					p.Items[k].Due = f.Date(rng.IntN(300) - 150)
				}
				if err := tx.Plans().Create(ctx, &p); err != nil {
					return err
				}
				d.plans = append(d.plans, p)
			}
		}
		for i := range 20_000 {
			a := f.AuditEntry(d.children[rng.IntN(len(d.children))].ID, d.professionals[i%100])
			if err := tx.Audit().Append(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	return d, err
}

// view runs fn in a View for each iteration.
func (d *benchData) view(b *testing.B, fn func(ctx context.Context, tx adapters.Tx, i int) error) {
	b.Helper()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := d.s.View(b.Context(), func(ctx context.Context, tx adapters.Tx) error { return fn(ctx, tx, i) }); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkChildByPersonnummer(b *testing.B) {
	d := loadBench(b)
	d.view(b, func(ctx context.Context, tx adapters.Tx, i int) error {
		_, err := tx.Children().ByPersonnummer(ctx, d.children[i*7919%len(d.children)].Personnummer)
		return err
	})
}

func BenchmarkChildrenOfProfessional(b *testing.B) {
	d := loadBench(b)
	at := d.f.At(adaptertest.Day)
	d.view(b, func(ctx context.Context, tx adapters.Tx, i int) error {
		p, err := tx.Children().OfProfessional(ctx, d.professionals[i%len(d.professionals)].ID, at, adapters.PageRequest{})
		if err == nil && len(p.Items) == 0 {
			b.Fatal("no children")
		}
		return err
	})
}

func BenchmarkOverdueItems(b *testing.B) {
	d := loadBench(b)
	agencies := []roles.Agency{roles.Forskola, roles.Socialtjanst, roles.HalsoSjukvard}
	d.view(b, func(ctx context.Context, tx adapters.Tx, i int) error {
		_, err := tx.Plans().OverdueItems(ctx, agencies[i%3], d.f.Date(0), adapters.PageRequest{})
		return err
	})
}

func BenchmarkAuditByChild(b *testing.B) {
	d := loadBench(b)
	d.view(b, func(ctx context.Context, tx adapters.Tx, i int) error {
		_, err := tx.Audit().ByChild(ctx, d.children[i*7919%len(d.children)].ID, adapters.PageRequest{})
		return err
	})
}

func BenchmarkPlanGet(b *testing.B) {
	d := loadBench(b)
	d.view(b, func(ctx context.Context, tx adapters.Tx, i int) error {
		_, err := tx.Plans().Get(ctx, d.plans[i%len(d.plans)].ID)
		return err
	})
}

// BenchmarkAuditedChange is a typical unit of work: read the trail's last
// entry, update a child, append an audit entry and an event.
func BenchmarkAuditedChange(b *testing.B) {
	d := loadBench(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		err := d.s.InTx(b.Context(), func(ctx context.Context, tx adapters.Tx) error {
			c, err := tx.Children().Get(ctx, d.children[i%len(d.children)].ID)
			if err != nil {
				return err
			}
			last, err := tx.Audit().Last(ctx)
			if err != nil {
				return err
			}
			c.FamilyName = "Ändrad " + time.Now().Format(time.TimeOnly)
			if err := tx.Children().Update(ctx, &c); err != nil {
				return err
			}
			a := d.f.AuditEntry(c.ID, d.professionals[0])
			a.PrevHash = last.Hash
			if err := tx.Audit().Append(ctx, &a); err != nil {
				return err
			}
			e := d.f.Event(c.ID)
			return tx.Outbox().Append(ctx, &e)
		})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPlanUpdate stores a new revision of a plan with nine items.
func BenchmarkPlanUpdate(b *testing.B) {
	d := loadBench(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		err := d.s.InTx(b.Context(), func(ctx context.Context, tx adapters.Tx) error {
			p, err := tx.Plans().Get(ctx, d.plans[i%len(d.plans)].ID)
			if err != nil {
				return err
			}
			p.Summary = "Ny revision."
			return tx.Plans().Update(ctx, &p)
		})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}
