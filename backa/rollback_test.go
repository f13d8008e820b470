package backa_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// journeyState is what one child's journey remembers between its steps.
type journeyState struct {
	pnr      roles.Personnummer
	g1, g2   roles.Guardian
	child    roles.ID[roles.Child]
	consent  roles.ID[roles.Consent]
	goal     roles.ID[plan.Goal]
	schoolIt roles.ID[plan.Item]
	socialIt roles.ID[plan.Item]
	status   plan.ItemStatus
}

// journeyStep is one use case call of a journey.
type journeyStep struct {
	name string
	run  func(w *env, s *journeyState) error
}

// journey is a child's way through Backa barnet, every use case at least
// once, refusals included.
func journey() []journeyStep {
	toggle := journeyStep{"move the school's item", func(w *env, s *journeyState) error {
		to := plan.Pausad
		if s.status == plan.Pausad {
			to = plan.Pagaende
		}
		_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: s.child, ItemID: s.schoolIt, To: to})
		if err == nil {
			s.status = to
		}
		return err
	}}
	return []journeyStep{
		{"enrol", func(w *env, s *journeyState) error {
			e, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
				Child:       roles.Child{Personnummer: s.pnr, GivenName: "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad},
				Guardians:   []backa.GuardianCustody{{Guardian: s.g1}, {Guardian: s.g2}},
				Barnkontakt: w.pid("mentor"), Team: []roles.ID[roles.Professional]{w.pid("nurse"), w.pid("socsek")},
			})
			if err == nil {
				s.child, s.g1.ID, s.g2.ID = e.ChildID, e.Guardians[0], e.Guardians[1]
			}
			return err
		}},
		{"appoint a Stödsamordnare", func(w *env, s *journeyState) error {
			_, err := w.svc.AppointStodsamordnare(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: s.child, Professional: w.pid("socsek")})
			return err
		}},
		{"the school assesses", func(w *env, s *journeyState) error {
			_, err := w.svc.RecordAssessment(w.ctx, w.actor("mentor"), newAssessment(s.child, behovskompass.BehovAvStod, behovskompass.Trygghet), "")
			return err
		}},
		{"health care assesses", func(w *env, s *journeyState) error {
			_, err := w.svc.RecordAssessment(w.ctx, w.actor("nurse"), newAssessment(s.child, behovskompass.BehovTillgodoses, behovskompass.Halsa), "")
			return err
		}},
		{"a consent from health care", func(w *env, s *journeyState) error {
			now := w.clock.Now()
			id, err := w.svc.RecordConsent(w.ctx, w.actor("nurse"), roles.Consent{
				ChildID: s.child, Givers: []roles.ConsentGiver{{Party: roles.GuardianParty(s.g1.ID), GivenAt: now}, {Party: roles.GuardianParty(s.g2.ID), GivenAt: now}},
				DisclosingAgency: roles.HalsoSjukvard, ReceivingAgencies: []roles.Agency{roles.Skola}, Categories: []roles.Category{roles.CategoryBehovskompass},
				Purpose: roles.PurposeSamordning, ValidFrom: now, ValidUntil: now.AddDate(0, 3, 0), Form: roles.Muntligt,
			})
			if err == nil {
				s.consent = id
			}
			return err
		}},
		{"the school's overview", func(w *env, s *journeyState) error {
			_, err := w.svc.Overview(w.ctx, w.actor("mentor"), s.child, backa.OverviewOptions{})
			return err
		}},
		{"a doctor without a role is refused", func(w *env, s *journeyState) error {
			_, err := w.svc.Overview(w.ctx, w.actor("doctor"), s.child, backa.OverviewOptions{})
			return err
		}},
		{"social services creates the plan", func(w *env, s *journeyState) error {
			today := roles.DateOf(w.clock.Now())
			s.goal, s.schoolIt, s.socialIt = roles.MustNewID[plan.Goal](), roles.MustNewID[plan.Item](), roles.MustNewID[plan.Item]()
			_, err := w.svc.CreatePlan(w.ctx, w.actor("socsek"), backa.ChangePlanRequest{ChildID: s.child, Ops: []backa.PlanOp{
				backa.SetReason{Reason: "Oro för trygghet."},
				backa.AddGoal{Goal: plan.Goal{ID: s.goal, Areas: []behovskompass.Area{behovskompass.Trygghet}, Outcome: "Trygg", Indicator: "Säger det själv"}},
				backa.AddItem{Item: plan.Item{ID: s.schoolIt, Description: "Samtal med mentor", GoalID: s.goal, Area: behovskompass.Trygghet, Agency: roles.Skola, ProfessionalID: w.pid("mentor"), Start: today, Due: today.AddDays(20)}},
				backa.AddItem{Item: plan.Item{ID: s.socialIt, Description: "Föräldrastöd", GoalID: s.goal, Area: behovskompass.Trygghet, Agency: roles.Socialtjanst, Start: today, Due: today.AddDays(40)}},
				backa.SetNextReview{Date: today.AddDays(30)},
			}})
			return err
		}},
		{"activate the plan", func(w *env, s *journeyState) error {
			_, err := w.svc.ActivatePlan(w.ctx, w.actor("socsek"), backa.PlanStatusRequest{ChildID: s.child})
			return err
		}},
		{"start the school's item", func(w *env, s *journeyState) error {
			_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: s.child, ItemID: s.schoolIt, To: plan.Pagaende})
			if err == nil {
				s.status = plan.Pagaende
			}
			return err
		}},
		{"social services may not move the school's item", func(w *env, s *journeyState) error {
			_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("socsek"), backa.ItemStatusRequest{ChildID: s.child, ItemID: s.schoolIt, To: plan.Avbruten})
			return err
		}},
		{"a teacher raises a concern and reports it", func(w *env, s *journeyState) error {
			_, err := w.svc.RaiseConcern(w.ctx, w.actor("teacher"), backa.ConcernRequest{
				ChildID: s.child, Noticed: "Ledsen.", Areas: []behovskompass.Area{behovskompass.Omsorg}, Seriousness: behovskompass.Allvarlig,
				Report: &backa.Report{Reason: "Misstanke.", FamilyInformed: true},
			})
			return err
		}},
		{"the team grows", func(w *env, s *journeyState) error {
			_, err := w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{ChildID: s.child, Add: []backa.TeamMember{{Professional: w.pid("kurator")}}})
			return err
		}},
		toggle, toggle,
		{"a follow-up", func(w *env, s *journeyState) error {
			today := roles.DateOf(w.clock.Now())
			_, err := w.svc.FollowUpPlan(w.ctx, w.actor("socsek"), backa.FollowUpRequest{ChildID: s.child, FollowUp: plan.FollowUp{
				Date: today, Participants: []roles.Party{roles.GuardianParty(s.g1.ID)}, NextReview: today.AddDays(45),
			}})
			return err
		}},
		{"a guardian's overview", func(w *env, s *journeyState) error {
			_, err := w.svc.Overview(w.ctx, roles.GuardianActor(s.g1.ID), s.child, backa.OverviewOptions{})
			return err
		}},
		toggle,
		{"the consent withdrawn", func(w *env, s *journeyState) error {
			return w.svc.WithdrawConsent(w.ctx, w.actor("nurse"), backa.WithdrawRequest{ConsentID: s.consent, By: roles.GuardianParty(s.g2.ID)})
		}},
		{"health care discloses on a legal basis", func(w *env, s *journeyState) error {
			_, err := w.svc.RecordDisclosure(w.ctx, w.actor("nurse"), backa.DisclosureRequest{
				ChildID: s.child, Outcome: roles.Utlamnad, Categories: []roles.Category{roles.CategoryHalsa}, To: roles.Socialtjanst,
				Purpose: roles.PurposeNodvandigVard, Basis: roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisHalsoTillSocial},
				Reason: "Samordning av vård.", FamilyInformed: true,
			})
			return err
		}},
		{"the mentor's worklist", func(w *env, s *journeyState) error {
			_, err := w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{DueWithinDays: 60})
			return err
		}},
		{"the guardian's log extract", func(w *env, s *journeyState) error {
			_, err := w.svc.LogExtract(w.ctx, roles.GuardianActor(s.g1.ID), s.child, adapters.PageRequest{Limit: 5})
			return err
		}},
		{"the Barnkontakt hands over", func(w *env, s *journeyState) error {
			_, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: s.child, Professional: w.pid("teacher")})
			return err
		}},
		{"events delivered", func(w *env, s *journeyState) error {
			_, err := w.svc.Deliver(w.ctx, 7, func(context.Context, adapters.Event) error { return nil })
			return err
		}},
		{"follow-up reminders", func(w *env, s *journeyState) error {
			_, err := w.svc.RemindFollowUps(w.ctx, roles.DateOf(w.clock.Now()).AddDays(100))
			return err
		}},
	}
}

// TestRollback runs journeys on a store that fails at random steps (seeded)
// and, in lockstep, on the same store without faults. A use case that fails
// by an injected fault must leave the store exactly as it was (no change
// without its audit entry, no audit entry without its change, no half-written
// plan); once it succeeds, the store must hold exactly what the faultless
// store holds after the same step.
func TestRollback(t *testing.T) {
	for _, sk := range stores {
		seeds := []uint64{1, 2, 3}
		if sk.name != "memstore" || testing.Short() {
			seeds = seeds[:1] // a database is slower
		}
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed %d", sk.name, seed), func(t *testing.T) {
				testRollback(t, sk.open, seed)
			})
		}
	}
}

func testRollback(t *testing.T, open func(testing.TB) adapters.Store, seed uint64) {
	f := newFaults(seed, 0.03, 0.1)
	var inner adapters.Store
	faulty := newEnv(t, func(t testing.TB) adapters.Store {
		inner = open(t)
		return faultStore{inner: inner, f: f}
	}, nil)
	clean := newEnv(t, open, nil)
	// The professionals of both worlds differ in ID only; use the clean
	// world's names.
	snapOf := func(w *env, children []roles.ID[roles.Child]) snapshot {
		f.mu.Lock()
		on := f.on
		f.on = false
		f.mu.Unlock()
		defer func() { f.mu.Lock(); f.on = on; f.mu.Unlock() }()
		return w.snap(children...)
	}

	var childrenF, childrenC []roles.ID[roles.Child]
	steps, failures, journeys := 0, 0, 0
	for f.ops < 5000 || journeys < 2 {
		journeys++
		sf, sc := &journeyState{}, &journeyState{}
		sf.pnr, sc.pnr = faulty.fx.ChildPersonnummer(), clean.fx.ChildPersonnummer()
		sf.g1 = roles.Guardian{Personnummer: faulty.fx.AdultPersonnummer(), GivenName: "Gun", FamilyName: "Exempelsson", Protection: roles.Oskyddad}
		sf.g2 = roles.Guardian{Personnummer: faulty.fx.AdultPersonnummer(), GivenName: "Göran", FamilyName: "Exempelsson", Protection: roles.Oskyddad}
		sc.g1, sc.g2 = sf.g1, sf.g2
		sc.g1.Personnummer, sc.g2.Personnummer = clean.fx.AdultPersonnummer(), clean.fx.AdultPersonnummer()
		for _, st := range journey() {
			steps++
			errC := st.run(clean, sc)
			if len(childrenC) < journeys && !sc.child.IsZero() {
				childrenC = append(childrenC, sc.child)
			}
			want := snapOf(clean, childrenC)

			var errF error
			for attempt := 0; ; attempt++ {
				require.Less(t, attempt, 200, "step %q never got through", st.name)
				before := snapOf(faulty, childrenF)
				f.mu.Lock()
				f.on = true
				f.mu.Unlock()
				errF = st.run(faulty, sf)
				f.mu.Lock()
				f.on = false
				f.mu.Unlock()
				if len(childrenF) < journeys && !sf.child.IsZero() {
					childrenF = append(childrenF, sf.child)
				}
				if !errors.Is(errF, errInjected) {
					break
				}
				failures++
				after := snapOf(faulty, childrenF)
				require.Equal(t, before, after, "journey %d, step %q: a failed attempt changed the store", journeys, st.name)
			}
			require.Equal(t, errorKindOf(errC), errorKindOf(errF), "journey %d, step %q: %v / %v", journeys, st.name, errC, errF)
			require.Equal(t, want, snapOf(faulty, childrenF), "journey %d, step %q: the store differs from the faultless one", journeys, st.name)
			faulty.clock.Advance(time.Minute)
			clean.clock.Advance(time.Minute)
		}
	}
	t.Logf("%d journeys, %d steps, %d store operations, %d faults injected, %d transactions run twice", journeys, steps, f.ops, f.injected, f.retried)
	require.GreaterOrEqual(t, f.ops, 5000)
	require.Positive(t, failures)

	// The audit trail is whole, and every revision of every plan is valid.
	svc, err := backa.NewService(inner, nil)
	require.NoError(t, err)
	rep, err := svc.VerifyAudit(context.Background())
	require.NoError(t, err)
	assert.Equal(t, snapOf(clean, nil).audit, rep.Entries)
	err = inner.View(context.Background(), func(ctx context.Context, tx adapters.Tx) error {
		for _, c := range childrenF {
			cur, err := tx.Plans().ByChild(ctx, c)
			if err != nil {
				return err
			}
			for rev := int64(1); rev <= cur.Revision; rev++ {
				p, err := tx.Plans().Revision(ctx, cur.ID, rev)
				if err != nil {
					return err
				}
				if err := p.Validate(); err != nil {
					return fmt.Errorf("revision %d: %w", rev, err)
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
}

// errorKindOf names an error for comparing the two worlds.
func errorKindOf(err error) string {
	var de *backa.DeniedError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &de):
		return "denied " + fmt.Sprint(de.Codes())
	}
	return "error " + err.Error()
}
