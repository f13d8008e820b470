package backa_test

import (
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

func TestRecordAssessment(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad)
		s0 := w.snap(f.child.ID)
		id, err := w.svc.RecordAssessment(w.ctx, w.actor("mentor"), newAssessment(f.child.ID, behovskompass.BehovAvStod, behovskompass.Utveckling, behovskompass.Trygghet), "")
		require.NoError(t, err)
		entries := w.auditSince(s0.audit)
		assert.Equal(t, []string{"write behovskompass allowed same_domain_role"}, summaries(entries))
		assert.Equal(t, "behovsbedomning", entries[0].Purpose)
		evs := w.eventsSince(s0.events)
		require.Equal(t, []string{"assessment.recorded"}, eventTypes(evs))
		p, err := backa.DecodePayload(evs[0])
		require.NoError(t, err)
		ar := p.(backa.AssessmentRecorded)
		assert.Equal(t, id, ar.AssessmentID)
		assert.Equal(t, []behovskompass.Area{behovskompass.Trygghet, behovskompass.Utveckling}, ar.Areas, "canonical order")

		// Refused without a role; invalid without areas.
		_, err = w.svc.RecordAssessment(w.ctx, w.actor("nurse"), newAssessment(f.child.ID, behovskompass.BehovAvStod, behovskompass.Halsa), "")
		require.ErrorIs(t, err, backa.ErrDenied)
		_, err = w.svc.RecordAssessment(w.ctx, w.actor("mentor"), newAssessment(f.child.ID, ""), "")
		require.ErrorIs(t, err, roles.ErrInvalid)
		_, err = w.svc.RecordAssessment(w.ctx, w.actor("mentor"), newAssessment(f.child.ID, "hog", behovskompass.Halsa), "")
		require.ErrorIs(t, err, roles.ErrInvalid, "a level that is not on the scale")
	})
}

func TestConcern(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		t.Run("an upptäckare without a role", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			res, err := w.svc.RaiseConcern(w.ctx, w.actor("teacher"), backa.ConcernRequest{
				ChildID: f.child.ID, Noticed: "Eleven verkar ledsen och hungrig.",
				Areas: []behovskompass.Area{behovskompass.Omsorg}, Seriousness: behovskompass.Mattlig,
			})
			require.NoError(t, err)
			assert.NotZero(t, res.Upptackare)
			assert.Equal(t, f.enrolment.Barnkontakt, res.Barnkontakt)
			assert.Equal(t, []string{"write oro allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
			assert.Equal(t, []string{"team.changed", "concern.raised"}, eventTypes(w.eventsSince(s0.events)))

			// The Barnkontakt (same agency) reads it, and sees it on the worklist.
			cv, err := w.svc.Concerns(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, cv.Concerns, 1)
			assert.Equal(t, res.ConcernID, cv.Concerns[0].ID)
			wl, err := w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{})
			require.NoError(t, err)
			require.Len(t, wl.Concerns, 1)
			assert.Equal(t, res.ConcernID, wl.Concerns[0].ConcernID)

			// Reported later: never blocked, needs no role.
			s1 := w.snap(f.child.ID)
			did, err := w.svc.ReportConcern(w.ctx, w.actor("mentor"), backa.ReportConcernRequest{
				ConcernID: res.ConcernID, Report: backa.Report{Reason: "Misstanke om att barnet far illa.", FamilyInformed: true},
			})
			require.NoError(t, err)
			entries := w.auditSince(s1.audit)
			assert.Equal(t, []string{"disclose oro allowed legal_basis"}, summaries(entries))
			assert.Equal(t, string(roles.BasisOrosanmalan), entries[0].BasisRef)
			assert.Equal(t, []string{"disclosure.recorded", "concern.reported"}, eventTypes(w.eventsSince(s1.events)))
			p, err := backa.DecodePayload(w.eventsSince(s1.events)[1])
			require.NoError(t, err)
			assert.Equal(t, did, p.(backa.ConcernReported).DisclosureID)

			_, err = w.svc.ReportConcern(w.ctx, w.actor("mentor"), backa.ReportConcernRequest{
				ConcernID: res.ConcernID, Report: backa.Report{Reason: "Igen.", FamilyInformed: true},
			})
			require.ErrorIs(t, err, roles.ErrInvalid, "a concern is reported once")
		})
		t.Run("reported at once, with a withdrawn consent", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			cid := w.consent(f, "mentor", roles.Skola, []roles.Agency{roles.Socialtjanst}, roles.PurposeOrosanmalan, roles.CategoryOro)
			require.NoError(t, w.svc.WithdrawConsent(w.ctx, w.actor("mentor"), backa.WithdrawRequest{ConsentID: cid, By: roles.GuardianParty(f.g1.ID)}))
			w.clock.Advance(time.Minute)
			s0 := w.snap(f.child.ID)
			res, err := w.svc.RaiseConcern(w.ctx, w.actor("teacher"), backa.ConcernRequest{
				ChildID: f.child.ID, Noticed: "Blåmärken på armarna.", Areas: []behovskompass.Area{behovskompass.Trygghet},
				Seriousness: behovskompass.Allvarlig,
				Report:      &backa.Report{Reason: "Misstanke om våld i hemmet.", FamilyInformed: false, NotInformedReason: "Kan skada barnet."},
			})
			require.NoError(t, err)
			assert.NotZero(t, res.Disclosure)
			assert.Equal(t, []string{"write oro allowed same_domain_role", "disclose oro allowed legal_basis"}, summaries(w.auditSince(s0.audit)))
			assert.Equal(t, []string{"team.changed", "concern.raised", "disclosure.recorded", "concern.reported"}, eventTypes(w.eventsSince(s0.events)))
		})
		t.Run("a report needs a reason", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			_, err := w.svc.RaiseConcern(w.ctx, w.actor("teacher"), backa.ConcernRequest{
				ChildID: f.child.ID, Noticed: "Något.", Areas: []behovskompass.Area{behovskompass.Trygghet},
				Seriousness: behovskompass.Akut, Report: &backa.Report{FamilyInformed: true},
			})
			require.ErrorIs(t, err, roles.ErrInvalid)
			assert.Equal(t, s0, w.snap(f.child.ID), "nothing written: not the concern, not the role, not the audit")
		})
		t.Run("a guardian cannot raise one here", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			_, err := w.svc.RaiseConcern(w.ctx, roles.GuardianActor(f.g1.ID), backa.ConcernRequest{
				ChildID: f.child.ID, Noticed: "Något.", Areas: []behovskompass.Area{behovskompass.Trygghet}, Seriousness: behovskompass.Lindrig,
			})
			require.ErrorIs(t, err, backa.ErrDenied)
		})
	})
}

func TestPlanLifecycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad, "socsek")
		_, err := w.svc.AppointStodsamordnare(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("socsek")})
		require.NoError(t, err)
		s0 := w.snap(f.child.ID)
		pc, items := w.activePlan(f, "socsek", map[roles.Agency]roles.ID[roles.Professional]{
			roles.Skola: w.pid("mentor"), roles.Socialtjanst: w.pid("socsek"),
		})
		assert.Equal(t, int64(2), pc.Revision)
		evs := w.eventsSince(s0.events)
		assert.Equal(t, []string{"plan.changed", "item.assigned", "item.assigned", "plan.changed"}, eventTypes(evs))
		p, err := backa.DecodePayload(evs[3])
		require.NoError(t, err)
		pcv := p.(backa.PlanChanged)
		assert.Equal(t, plan.Aktiv, pcv.Status)
		assert.Equal(t, plan.Utkast, pcv.PreviousStatus)
		assert.Equal(t, int64(1), pcv.FromRevision)

		// The school moves its own item; social services cannot.
		w.clock.Advance(time.Hour)
		s1 := w.snap(f.child.ID)
		_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("socsek"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Pagaende})
		var de *backa.DeniedError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, roles.Skola, de.Agency)
		assert.Equal(t, []string{"write plan allowed same_domain_role", "write plan denied"}, summaries(w.auditSince(s1.audit)))
		assert.Equal(t, s1.planRev, w.snap(f.child.ID).planRev)

		s2 := w.snap(f.child.ID)
		pc, err = w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Pagaende, Revision: 2})
		require.NoError(t, err)
		assert.Equal(t, int64(3), pc.Revision)
		assert.Equal(t, []string{"write plan allowed same_domain_role"}, summaries(w.auditSince(s2.audit)))
		evs = w.eventsSince(s2.events)
		require.Equal(t, []string{"plan.changed"}, eventTypes(evs))
		p, err = backa.DecodePayload(evs[0])
		require.NoError(t, err)
		ch := p.(backa.PlanChanged).ItemsChanged
		require.Len(t, ch, 1)
		assert.Equal(t, plan.Planerad, ch[0].From)
		assert.Equal(t, plan.Pagaende, ch[0].To)

		// A stale revision is a conflict; an invalid move an invalid transition.
		_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Pausad, Revision: 2})
		require.ErrorIs(t, err, adapters.ErrConflict)
		_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Planerad})
		require.ErrorIs(t, err, plan.ErrInvalidTransition)

		// A follow-up sets the next review.
		w.clock.Advance(24 * time.Hour)
		today := roles.DateOf(w.clock.Now())
		pc, err = w.svc.FollowUpPlan(w.ctx, w.actor("socsek"), backa.FollowUpRequest{ChildID: f.child.ID, FollowUp: plan.FollowUp{
			Date: today, Participants: []roles.Party{roles.ProfessionalParty(w.pid("socsek")), roles.GuardianParty(f.g1.ID)},
			Decisions: "Fortsätter som planerat.", NextReview: today.AddDays(90),
		}})
		require.NoError(t, err)
		require.Len(t, pc.Added, 1)

		// Closing needs every item ended.
		_, err = w.svc.ClosePlan(w.ctx, w.actor("socsek"), backa.PlanStatusRequest{ChildID: f.child.ID})
		require.ErrorIs(t, err, roles.ErrInvalid)
		_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Genomford})
		require.NoError(t, err)
		_, err = w.svc.ChangeItemStatus(w.ctx, w.actor("socsek"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Socialtjanst], To: plan.Avbruten, Note: "Familjen tackade nej."})
		require.NoError(t, err)
		_, err = w.svc.ClosePlan(w.ctx, w.actor("socsek"), backa.PlanStatusRequest{ChildID: f.child.ID})
		require.NoError(t, err)
		// And it can be reopened.
		_, err = w.svc.ActivatePlan(w.ctx, w.actor("socsek"), backa.PlanStatusRequest{ChildID: f.child.ID, Note: "Ny oro."})
		require.NoError(t, err)

		// One plan per child.
		_, err = w.svc.CreatePlan(w.ctx, w.actor("socsek"), backa.ChangePlanRequest{ChildID: f.child.ID})
		require.ErrorIs(t, err, adapters.ErrAlreadyExists)
	})
}

func TestChangePlanOps(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad, "socsek")
		goal := roles.MustNewID[plan.Goal]()
		pc, err := w.svc.CreatePlan(w.ctx, w.actor("mentor"), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: []backa.PlanOp{
			backa.SetReason{Reason: "Skolfrånvaro."},
			backa.AddGoal{Goal: plan.Goal{ID: goal, Areas: []behovskompass.Area{behovskompass.Utveckling}, Outcome: "Går i skolan", Indicator: "Närvaro över 90 %"}},
			backa.AddItem{Item: plan.Item{Description: "Studiestöd", GoalID: goal, Area: behovskompass.Utveckling, Agency: roles.Skola}},
			backa.AddMember{Member: plan.Member{Party: roles.ChildParty(f.child.ID), Role: roles.Barn, Period: roles.Period{Start: w.clock.Now()}}},
			backa.AddView{View: plan.View{Holder: roles.ChildParty(f.child.ID), Text: "Jag vill ha hjälp med matten."}},
		}})
		require.NoError(t, err)
		require.Len(t, pc.Added, 5)
		assert.Equal(t, goal.UUID(), pc.Added[1])
		assert.NotZero(t, pc.Added[2])
		v, err := w.svc.Plan(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
		require.NoError(t, err)
		assert.Equal(t, plan.Utkast, v.Plan.Status)
		assert.Equal(t, w.pid("mentor"), v.Plan.Barnkontakt.ProfessionalID, "seeded from the assignments")
		assert.Len(t, v.Plan.Team, 2, "the social worker from the team, and the child")
		assert.Len(t, v.Plan.ChildViews, 1)

		// Errors name the step.
		_, err = w.svc.ChangePlan(w.ctx, w.actor("mentor"), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: []backa.PlanOp{
			backa.SetReason{Reason: "Ny."},
			backa.RemoveGoal{GoalID: roles.MustNewID[plan.Goal]()},
		}})
		require.ErrorIs(t, err, plan.ErrUnknownID)
		assert.Contains(t, err.Error(), "ops[1]")
		_, err = w.svc.ChangePlan(w.ctx, w.actor("mentor"), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: []backa.PlanOp{
			backa.AddMember{Member: plan.Member{Party: roles.ProfessionalParty(w.pid("nurse")), Role: roles.BarnetsTeam, Agency: roles.HalsoSjukvard}},
		}})
		var ve *roles.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.True(t, ve.Has("ops[0].member.role", "family_role"), "%v", ve)
		_, err = w.svc.ChangePlan(w.ctx, w.actor("mentor"), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: []backa.PlanOp{nil}})
		require.ErrorIs(t, err, roles.ErrInvalid)

		// A guardian only reads.
		_, err = w.svc.ChangePlan(w.ctx, roles.GuardianActor(f.g1.ID), backa.ChangePlanRequest{ChildID: f.child.ID, Ops: []backa.PlanOp{backa.SetReason{Reason: "x"}}})
		require.ErrorIs(t, err, backa.ErrDenied)
		// No plan yet for another child.
		g := newEnv(t, open, nil)
		f2 := g.enrol(roles.Oskyddad)
		_, err = g.svc.ChangePlan(g.ctx, g.actor("mentor"), backa.ChangePlanRequest{ChildID: f2.child.ID, Ops: []backa.PlanOp{backa.SetReason{Reason: "x"}}})
		require.ErrorIs(t, err, adapters.ErrNotFound)
	})
}
