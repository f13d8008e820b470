package backa_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// benchPlan enrols a child with a team and gives it an active plan with n
// items, spread over the school, social services and health care (the
// school's first), and returns the school's items.
func benchPlan(b *testing.B, w *env, pnr roles.Personnummer, n int) (roles.ID[roles.Child], []roles.ID[plan.Item]) {
	b.Helper()
	g := roles.Guardian{Personnummer: w.fx.AdultPersonnummer(), GivenName: "Gun", FamilyName: "Exempelsson", Protection: roles.Oskyddad}
	e, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
		Child:       roles.Child{Personnummer: pnr, GivenName: "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad},
		Guardians:   []backa.GuardianCustody{{Guardian: g}},
		Barnkontakt: w.pid("mentor"), Team: []roles.ID[roles.Professional]{w.pid("socsek"), w.pid("nurse")},
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.svc.AppointStodsamordnare(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: e.ChildID, Professional: w.pid("socsek")}); err != nil {
		b.Fatal(err)
	}
	today := roles.DateOf(w.clock.Now())
	goal := roles.MustNewID[plan.Goal]()
	ops := []backa.PlanOp{
		backa.SetReason{Reason: "Oro för trygghet och utveckling."},
		backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{behovskompass.Trygghet, behovskompass.Utveckling}, Outcome: "Trygg", Indicator: "Säger det själv"}},
		backa.SetNextReview{Date: today.AddDays(60)},
		backa.SetSIP{SIP: &plan.SIP{LeadPrincipalID: w.orgs[roles.Socialtjanst].ID}},
	}
	agencies := []roles.Agency{roles.Skola, roles.Socialtjanst, roles.HalsoSjukvard}
	var school []roles.ID[plan.Item]
	for i := range n {
		a := agencies[i%len(agencies)]
		id := roles.MustNewID[plan.Item]()
		if a == roles.Skola {
			school = append(school, id)
		}
		ops = append(ops, backa.AddItem{Item: plan.Item{
			ID: id, Description: "Insats med en beskrivning av rimlig längd för en verklig plan.", GoalID: goal,
			Area: behovskompass.Trygghet, Agency: a, PrincipalID: w.orgs[a].ID, Start: today, Due: today.AddDays(30 + i),
		}})
	}
	if _, err := w.svc.CreatePlan(w.ctx, w.actor("socsek"), backa.ChangePlanRequest{ChildID: e.ChildID, Ops: ops}); err != nil {
		b.Fatal(err)
	}
	if _, err := w.svc.ActivatePlan(w.ctx, w.actor("socsek"), backa.PlanStatusRequest{ChildID: e.ChildID}); err != nil {
		b.Fatal(err)
	}
	for _, id := range school {
		if _, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: e.ChildID, ItemID: id, To: plan.Pagaende}); err != nil {
			b.Fatal(err)
		}
	}
	return e.ChildID, school
}

// cpuMeter reports the CPU time per operation as cpu-ns/op besides the wall
// time: on a shared machine the wall time also counts other processes.
type cpuMeter struct {
	b                    *testing.B
	start, paused, since time.Duration
}

func startCPU(b *testing.B) *cpuMeter { return &cpuMeter{b: b, start: cpuTime()} }
func (m *cpuMeter) pause()            { m.b.StopTimer(); m.since = cpuTime() }
func (m *cpuMeter) resume()           { m.paused += cpuTime() - m.since; m.b.StartTimer() }
func (m *cpuMeter) report() {
	if c := cpuTime(); c > 0 {
		m.b.ReportMetric(float64(c-m.start-m.paused)/float64(m.b.N), "cpu-ns/op")
	}
}

// BenchmarkChangeItemStatus measures one item status change by the item's
// agency, in plans of 6 and 30 items: the child's facts read, the decision,
// the plan's new revision validated and written, the audit entry chained and
// appended, the event appended, in one transaction. Each school item of a
// child changes status four times (as an item does in its life: started,
// paused, resumed, done); then a fresh child is taken, copied (in batches,
// each child in one store transaction) from a child set up once through the
// service, so that the setup's own work weighs as little as it can on the
// figures.
func BenchmarkChangeItemStatus(b *testing.B) {
	for _, sk := range stores {
		for _, n := range []int{6, 30} {
			b.Run(fmt.Sprintf("%s/items=%d", sk.name, n), func(b *testing.B) {
				benchChangeItemStatus(b, sk, n)
			})
		}
	}
}

func benchChangeItemStatus(b *testing.B, sk storeKind, n int) {
	w := newEnv(b, sk.open, nil)
	tmplChild, _ := benchPlan(b, w, w.fx.ChildPersonnummer(), n)
	tmpl := readTemplate(b, w, tmplChild)
	var child roles.ID[roles.Child]
	var items []roles.ID[plan.Item]
	var fresh []benchChild // children copied, not yet used
	paused := map[roles.ID[plan.Item]]bool{}
	every := 0
	b.ReportAllocs()
	m := startCPU(b)
	for i := 0; b.Loop(); i++ {
		if i == every {
			if len(fresh) == 0 {
				// Copy children in batches: pausing the timer costs the
				// benchmark a stop of the world (ReadMemStats).
				m.pause()
				for range benchBatch {
					c, its := tmpl.copy(b, w)
					fresh = append(fresh, benchChild{c, its})
				}
				m.resume()
			}
			child, items = fresh[0].id, fresh[0].items
			fresh = fresh[1:]
			every += 4 * len(items)
			clear(paused)
		}
		it := items[i%len(items)]
		to := plan.Pausad
		if paused[it] {
			to = plan.Pagaende
		}
		if _, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: child, ItemID: it, To: to}); err != nil {
			b.Fatal(err)
		}
		paused[it] = !paused[it]
	}
	m.report()
}

// benchChild is a child copied from the template, and its school items.
type benchChild struct {
	id    roles.ID[roles.Child]
	items []roles.ID[plan.Item]
}

// benchBatch is how many children a benchmark copies at a time.
const benchBatch = 32

// childTemplate is what the store holds about a child set up through the
// service: the child, its guardians and custodies, its role assignments and
// its plan.
type childTemplate struct {
	child       roles.Child
	guardians   []roles.Guardian
	custodies   []roles.Custody
	assignments []roles.Assignment
	plan        plan.Plan
}

func readTemplate(b *testing.B, w *env, id roles.ID[roles.Child]) *childTemplate {
	b.Helper()
	t := &childTemplate{}
	err := w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		if t.child, err = tx.Children().Get(ctx, id); err != nil {
			return err
		}
		if t.custodies, err = tx.Custodies().OfChild(ctx, id); err != nil {
			return err
		}
		for _, c := range t.custodies {
			g, err := tx.Guardians().Get(ctx, c.GuardianID)
			if err != nil {
				return err
			}
			t.guardians = append(t.guardians, g)
		}
		if t.assignments, err = tx.Assignments().OfChild(ctx, id); err != nil {
			return err
		}
		t.plan, err = tx.Plans().ByChild(ctx, id)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// copy stores a new child like the template's, with new IDs and
// personnummer, in one transaction, and returns it and its school items.
func (t *childTemplate) copy(b *testing.B, w *env) (roles.ID[roles.Child], []roles.ID[plan.Item]) {
	b.Helper()
	c := t.child
	c.ID = roles.MustNewID[roles.Child]()
	c.Personnummer = w.fx.ChildPersonnummer()
	guardians := map[roles.ID[roles.Guardian]]roles.ID[roles.Guardian]{}
	err := w.store.InTx(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Create(ctx, &c); err != nil {
			return err
		}
		for _, g := range t.guardians {
			old := g.ID
			g.ID, g.Personnummer = roles.MustNewID[roles.Guardian](), w.fx.AdultPersonnummer()
			guardians[old] = g.ID
			if err := tx.Guardians().Create(ctx, &g); err != nil {
				return err
			}
		}
		for _, cu := range t.custodies {
			cu.ID, cu.ChildID, cu.GuardianID = roles.MustNewID[roles.Custody](), c.ID, guardians[cu.GuardianID]
			if err := tx.Custodies().Create(ctx, &cu); err != nil {
				return err
			}
		}
		assignments := map[roles.ID[roles.Assignment]]roles.ID[roles.Assignment]{}
		for _, a := range t.assignments {
			old := a.ID
			a.ID, a.ChildID = roles.MustNewID[roles.Assignment](), c.ID
			assignments[old] = a.ID
			if err := tx.Assignments().Create(ctx, &a); err != nil {
				return err
			}
		}
		p := t.plan
		p.ID, p.ChildID = roles.MustNewID[plan.Plan](), c.ID
		p.Barnkontakt.AssignmentID = assignments[p.Barnkontakt.AssignmentID]
		p.Stodsamordnare.AssignmentID = assignments[p.Stodsamordnare.AssignmentID]
		p.Items = slices.Clone(p.Items)
		for i := range p.Items {
			p.Items[i].ID = roles.MustNewID[plan.Item]()
		}
		if err := p.Validate(); err != nil {
			return err
		}
		return tx.Plans().Create(ctx, &p)
	})
	if err != nil {
		b.Fatal(err)
	}
	var school []roles.ID[plan.Item]
	err = w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Plans().ByChild(ctx, c.ID)
		for _, it := range p.Items {
			if it.Agency == roles.Skola {
				school = append(school, it.ID)
			}
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return c.ID, school
}

// BenchmarkOverview measures the school's filtered overview of a child with
// 10 assessments by four agencies and a 30-item plan of three agencies, with
// a consent from health care: six decisions, each audited.
func BenchmarkOverview(b *testing.B) {
	for _, sk := range stores {
		b.Run(sk.name, func(b *testing.B) {
			w := newEnv(b, sk.open, nil)
			child, _ := benchPlan(b, w, w.fx.ChildPersonnummer(), 30)
			if _, err := w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{ChildID: child, Add: []backa.TeamMember{{Professional: w.pid("kurator")}}}); err != nil {
				b.Fatal(err)
			}
			who := []string{"mentor", "nurse", "socsek", "kurator"}
			for i := range 10 {
				a := newAssessment(child, behovskompass.DefaultLevels()[i%4], behovskompass.Areas()[i%8], behovskompass.Areas()[(i+3)%8])
				if _, err := w.svc.RecordAssessment(w.ctx, w.actor(who[i%4]), a, ""); err != nil {
					b.Fatal(err)
				}
			}
			var f family
			f.child.ID = child
			err := w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
				cs, err := tx.Custodies().OfChild(ctx, child)
				f.g1.ID, f.g2.ID = cs[0].GuardianID, cs[0].GuardianID
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			benchConsent(b, w, f)
			b.ReportAllocs()
			m := startCPU(b)
			for b.Loop() {
				ov, err := w.svc.Overview(w.ctx, w.actor("mentor"), child, backa.OverviewOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if ov.Plan == nil || len(ov.Plan.Plan.Items) != 10 {
					b.Fatal("unexpected overview")
				}
			}
			m.report()
		})
	}
}

func benchConsent(b *testing.B, w *env, f family) {
	now := w.clock.Now()
	_, err := w.svc.RecordConsent(w.ctx, w.actor("nurse"), roles.Consent{
		ChildID: f.child.ID, Givers: []roles.ConsentGiver{{Party: roles.GuardianParty(f.g1.ID), GivenAt: now}},
		DisclosingAgency: roles.HalsoSjukvard, ReceivingAgencies: []roles.Agency{roles.Skola},
		Categories: []roles.Category{roles.CategoryBehovskompass}, Purpose: roles.PurposeSamordning,
		ValidFrom: now, ValidUntil: now.AddDate(0, 6, 0), Form: roles.Skriftligt,
	})
	if err != nil {
		b.Fatal(err)
	}
}
