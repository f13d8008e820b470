package memstore_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// people writes the records around one child and returns what a plan needs.
type people struct {
	child                     roles.Child
	guardian                  roles.Guardian
	related                   roles.RelatedPerson
	org                       roles.Organisation
	teacher, nurse, social    roles.Professional
	barnkontakt, samordnare   roles.Assignment
	custody                   roles.Custody
	preschool, health, office roles.Unit
}

func writePeople(tb testing.TB, s adapters.Store, f *adaptertest.Fixtures) *people {
	tb.Helper()
	p := &people{child: f.Child(), guardian: f.Guardian(), related: f.RelatedPerson(), org: f.Organisation()}
	p.preschool, p.health, p.office = f.Unit(p.org, roles.Forskola), f.Unit(p.org, roles.HalsoSjukvard), f.Unit(p.org, roles.Socialtjanst)
	p.teacher, p.nurse, p.social = f.Professional(p.preschool), f.Professional(p.health), f.Professional(p.office)
	p.barnkontakt = f.Assignment(p.child.ID, p.teacher, roles.Barnkontakt)
	p.samordnare = f.Assignment(p.child.ID, p.social, roles.Stodsamordnare)
	p.custody = f.Custody(p.child.ID, p.guardian.ID)
	err := s.InTx(context.Background(), func(ctx context.Context, tx adapters.Tx) error {
		for _, err := range []error{
			tx.Organisations().Create(ctx, &p.org),
			tx.Units().Create(ctx, &p.preschool), tx.Units().Create(ctx, &p.health), tx.Units().Create(ctx, &p.office),
			tx.Professionals().Create(ctx, &p.teacher), tx.Professionals().Create(ctx, &p.nurse), tx.Professionals().Create(ctx, &p.social),
			tx.Children().Create(ctx, &p.child), tx.Guardians().Create(ctx, &p.guardian), tx.RelatedPersons().Create(ctx, &p.related),
			tx.Custodies().Create(ctx, &p.custody),
			tx.Assignments().Create(ctx, &p.barnkontakt), tx.Assignments().Create(ctx, &p.samordnare),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func (p *people) planPeople() adaptertest.PlanPeople {
	return adaptertest.PlanPeople{Child: p.child.ID, Guardian: p.guardian.ID, Related: p.related.ID,
		Barnkontakt: p.barnkontakt, Stodsamordnare: p.samordnare, Principal: p.org.ID}
}

// BenchmarkCreatePlanRevision stores a new revision of a plan with 20 items
// (Plans.Update in its own transaction). Target: at most 20 µs/op.
func BenchmarkCreatePlanRevision(b *testing.B) {
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	var s *memstore.Store
	var pl plan.Plan
	reset := func() {
		s = memstore.New()
		p := writePeople(b, s, f)
		pl = f.Plan(p.planPeople(), 17) // 3 + 17 = 20 items
		if err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &pl) }); err != nil {
			b.Fatal(err)
		}
	}
	reset()
	if len(pl.Items) != 20 {
		b.Fatalf("plan has %d items, want 20", len(pl.Items))
	}
	b.ReportAllocs()
	cpu := startCPU(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%10000 == 0 { // keep the revision history from growing without bound
			b.StopTimer()
			cpu.pause()
			reset()
			cpu.resume()
			b.StartTimer()
		}
		pl.Summary = "Ändring."
		pl.UpdatedAt = pl.UpdatedAt.Add(time.Second)
		if err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &pl) }); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
}

// childRecord is what a vendor's screen shows for one child.
type childRecord struct {
	child       roles.Child
	custodies   []roles.Custody
	assignments []roles.Assignment
	consents    []roles.Consent
	assessments []behovskompass.Assessment
	plan        plan.Plan
}

func loadChild(ctx context.Context, s adapters.Store, id roles.ID[roles.Child], at time.Time) (childRecord, error) {
	var r childRecord
	err := s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		if r.child, err = tx.Children().Get(ctx, id); err != nil {
			return err
		}
		if r.custodies, err = tx.Custodies().OfChild(ctx, id); err != nil {
			return err
		}
		if r.assignments, err = tx.Assignments().OfChild(ctx, id); err != nil {
			return err
		}
		if r.consents, err = tx.Consents().InForceAt(ctx, id, at); err != nil {
			return err
		}
		if r.assessments, err = tx.Assessments().LatestByAgency(ctx, id); err != nil {
			return err
		}
		r.plan, err = tx.Plans().ByChild(ctx, id)
		return err
	})
	return r, err
}

// seedRecord writes one child's full record, among other children's.
func seedRecord(tb testing.TB, s adapters.Store, f *adaptertest.Fixtures, items int) *people {
	ctx := context.Background()
	p := writePeople(tb, s, f)
	pl := f.Plan(p.planPeople(), items-3)
	c1 := f.Consent(p.child.ID, p.guardian.ID, p.teacher)
	c1.Withdrawal, c1.Status = nil, roles.ConsentAktiv
	c2 := f.Consent(p.child.ID, p.guardian.ID, p.nurse)
	team := f.Assignment(p.child.ID, p.nurse, roles.BarnetsTeam)
	var as []behovskompass.Assessment
	for i, pr := range []roles.Professional{p.teacher, p.nurse, p.social, p.teacher, p.nurse, p.social} {
		as = append(as, f.Assessment(p.child.ID, pr, time.Duration(i)*adaptertest.Day))
	}
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, err := range []error{
			tx.Plans().Create(ctx, &pl), tx.Consents().Create(ctx, &c1), tx.Consents().Create(ctx, &c2),
			tx.Assignments().Create(ctx, &team),
		} {
			if err != nil {
				return err
			}
		}
		for i := range as {
			if err := tx.Assessments().Create(ctx, &as[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkLoadChildRecord reads one child's full record in a View: the child,
// custody, role assignments, consents in force, the latest assessment of each
// agency and the plan (20 items), in a store holding 1,000 children's records.
// Target: under 10 µs/op.
func BenchmarkLoadChildRecord(b *testing.B) {
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	var p *people
	for range 1000 {
		p = seedRecord(b, s, f, 20)
	}
	at := f.At(adaptertest.Day)
	r, err := loadChild(ctx, s, p.child.ID, at)
	if err != nil {
		b.Fatal(err)
	}
	if len(r.custodies) != 1 || len(r.assignments) != 3 || len(r.consents) != 2 || len(r.assessments) != 3 || len(r.plan.Items) != 20 {
		b.Fatalf("record: %d custodies, %d assignments, %d consents, %d assessments, %d items",
			len(r.custodies), len(r.assignments), len(r.consents), len(r.assessments), len(r.plan.Items))
	}
	b.ReportAllocs()
	cpu := startCPU(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := loadChild(ctx, s, p.child.ID, at); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report()
}

// BenchmarkConflictingPlanUpdates runs 1,000 goroutines that each make 100
// successful updates of one plan, retrying on ErrConflict, and checks that no
// update was lost: the plan ends at revision 100,001 and every revision was
// won by exactly one writer. It reports the conflicts retried per op.
func BenchmarkConflictingPlanUpdates(b *testing.B) {
	const goroutines, updates = 1000, 100
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := memstore.New()
		p := writePeople(b, s, f)
		pl := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p.child.ID, Status: plan.Utkast,
			UpdatedAt: f.At(0), UpdatedBy: roles.ProfessionalParty(p.teacher.ID), Summary: "Utkast."}
		if err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &pl) }); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		res, err := adaptertest.UpdatePlanConcurrently(ctx, s, pl.ID, goroutines, updates)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if lost := int64(goroutines*updates+1) - res.Final; lost != 0 || len(res.Wins) != goroutines*updates {
			b.Fatalf("lost updates: final revision %d, %d wins; want %d and %d", res.Final, len(res.Wins), goroutines*updates+1, goroutines*updates)
		}
		b.ReportMetric(float64(res.Conflicts), "conflicts/op")
		b.ReportMetric(0, "lost/op")
		b.StartTimer()
	}
}

// TestNoLostUpdates is the short form of BenchmarkConflictingPlanUpdates that
// runs with the tests.
func TestNoLostUpdates(t *testing.T) {
	goroutines, updates := 1000, 100
	if testing.Short() {
		goroutines, updates = 100, 10
	}
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	p := writePeople(t, s, f)
	pl := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p.child.ID, Status: plan.Utkast,
		UpdatedAt: f.At(0), UpdatedBy: roles.ProfessionalParty(p.teacher.ID), Summary: "Utkast."}
	if err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &pl) }); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := adaptertest.UpdatePlanConcurrently(ctx, s, pl.ID, goroutines, updates)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(goroutines*updates + 1); res.Final != want || len(res.Wins) != goroutines*updates {
		t.Fatalf("final revision %d with %d wins, want %d and %d: updates were lost", res.Final, len(res.Wins), want, goroutines*updates)
	}
	t.Logf("%d goroutines x %d updates on GOMAXPROCS=%d: %v, %d conflicts retried, 0 lost",
		goroutines, updates, runtime.GOMAXPROCS(0), time.Since(start).Round(time.Millisecond), res.Conflicts)
}

// cpuMeter measures the CPU time of a benchmark's loop and reports it per op
// as cpu-ns/op (0 where the system does not tell): on a shared machine wall
// time also counts the time spent waiting for a core.
type cpuMeter struct {
	b       *testing.B
	start   time.Duration
	paused  time.Duration
	pauseAt time.Duration
}

func startCPU(b *testing.B) *cpuMeter { return &cpuMeter{b: b, start: cpuTime()} }

func (m *cpuMeter) pause()  { m.pauseAt = cpuTime() }
func (m *cpuMeter) resume() { m.paused += cpuTime() - m.pauseAt }

func (m *cpuMeter) report() {
	m.b.ReportMetric(float64(cpuTime()-m.start-m.paused)/float64(m.b.N), "cpu-ns/op")
}
