package backa_test

import (
	"context"
	"encoding/json"
	"errors"
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

// overviewWorld is a child assessed by the school, health care, social
// services and the police (whose team membership has ended), with a plan
// with items of the school and social services.
func overviewWorld(t *testing.T, open func(testing.TB) adapters.Store, protection roles.ProtectionLevel) (*env, family, map[roles.Agency]roles.ID[plan.Item]) {
	w := newEnv(t, open, nil)
	f := w.enrol(protection, "nurse", "socsek", "police")
	for _, who := range []string{"mentor", "nurse", "socsek", "police"} {
		_, err := w.svc.RecordAssessment(w.ctx, w.actor(who), newAssessment(f.child.ID, behovskompass.BehovAvStod, behovskompass.Trygghet, behovskompass.Halsa), "")
		require.NoError(t, err)
	}
	w.clock.Advance(time.Hour)
	_, err := w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{ChildID: f.child.ID, End: f.enrolment.Team[2:3]})
	require.NoError(t, err)
	_, err = w.svc.AppointStodsamordnare(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("socsek")})
	require.NoError(t, err)
	_, items := w.activePlan(f, "socsek", map[roles.Agency]roles.ID[roles.Professional]{
		roles.Skola: w.pid("mentor"), roles.Socialtjanst: w.pid("socsek"),
	})
	w.clock.Advance(time.Hour)
	return w, f, items
}

func agenciesOf(h behovskompass.Helhetsbild) []roles.Agency {
	seen := map[roles.Agency]bool{}
	var out []roles.Agency
	for _, a := range roles.Agencies() {
		for _, ap := range h.Areas {
			for _, e := range ap.Latest {
				if e.Agency == a && !seen[a] {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

func TestOverviewFiltered(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, items := overviewWorld(t, open, roles.Oskyddad)

		t.Run("the school without a consent", func(t *testing.T) {
			s0 := w.snap(f.child.ID)
			ov, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
			assert.Equal(t, []roles.Agency{roles.Skola}, agenciesOf(ov.Helhetsbild))
			var markers []roles.Agency
			for _, m := range ov.Withheld {
				assert.Equal(t, backa.WithheldAssessment, m.Kind)
				assert.False(t, m.At.IsZero())
				markers = append(markers, m.Agency)
			}
			assert.ElementsMatch(t, []roles.Agency{roles.HalsoSjukvard, roles.Socialtjanst}, markers,
				"markers for the agencies in the child's team; the police's left out without a trace")
			require.NotNil(t, ov.Plan)
			assert.False(t, ov.Plan.Complete)
			require.Len(t, ov.Plan.Plan.Items, 1)
			assert.Equal(t, items[roles.Skola], ov.Plan.Plan.Items[0].ID)
			require.Len(t, ov.Plan.Withheld, 1)
			assert.Equal(t, backa.WithheldItem, ov.Plan.Withheld[0].Kind)
			assert.Equal(t, items[roles.Socialtjanst].UUID(), ov.Plan.Withheld[0].ID)

			// One decision per agency and category read, each audited.
			got := summaries(w.auditSince(s0.audit))
			assert.Equal(t, []string{
				"read helhetsbild allowed same_domain_role",
				"read behovskompass denied", "read behovskompass denied", "read behovskompass denied",
				"read plan allowed same_domain_role",
				"read plan denied",
			}, got)
			assert.Equal(t, s0.events, w.snap(f.child.ID).events, "reads raise no events")
		})

		t.Run("the school with consents from health care and social services", func(t *testing.T) {
			w.consent(f, "nurse", roles.HalsoSjukvard, []roles.Agency{roles.Skola}, roles.PurposeSamordning, roles.CategoryBehovskompass)
			w.consent(f, "socsek", roles.Socialtjanst, []roles.Agency{roles.Skola}, roles.PurposeSamordning, roles.CategoryPlan)
			s0 := w.snap(f.child.ID)
			ov, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
			assert.Equal(t, []roles.Agency{roles.Skola, roles.HalsoSjukvard}, agenciesOf(ov.Helhetsbild))
			require.Len(t, ov.Withheld, 1)
			assert.Equal(t, roles.Socialtjanst, ov.Withheld[0].Agency)
			assert.True(t, ov.Plan.Complete)
			assert.Len(t, ov.Plan.Plan.Items, 2)
			entries := w.auditSince(s0.audit)
			var consentBased int
			for _, e := range entries {
				if e.Allowed && e.BasisKind == "consent" {
					consentBased++
					assert.NotEmpty(t, e.BasisRef)
				}
			}
			assert.Equal(t, 2, consentBased)
		})

		t.Run("a guardian sees all, as own access", func(t *testing.T) {
			s0 := w.snap(f.child.ID)
			ov, err := w.svc.Overview(w.ctx, roles.GuardianActor(f.g1.ID), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
			assert.Len(t, agenciesOf(ov.Helhetsbild), 4)
			assert.Empty(t, ov.Withheld)
			assert.True(t, ov.Plan.Complete)
			assert.Equal(t, []string{"read helhetsbild allowed own_access", "read plan allowed own_access"}, summaries(w.auditSince(s0.audit)))
		})

		t.Run("the child sees all", func(t *testing.T) {
			_, err := w.svc.Overview(w.ctx, roles.ChildActor(f.child.ID), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
		})

		t.Run("refused to a professional without a role", func(t *testing.T) {
			s0 := w.snap(f.child.ID)
			_, err := w.svc.Overview(w.ctx, w.actor("doctor"), f.child.ID, backa.OverviewOptions{})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, []string{"no_role"}, de.Codes())
			assert.NotEmpty(t, de.Swedish())
			assert.NotEmpty(t, de.English())
			assert.Equal(t, []string{"read helhetsbild denied"}, summaries(w.auditSince(s0.audit)))
		})

		t.Run("refused to a guardian left out by a significant-harm exception", func(t *testing.T) {
			err := w.store.InTx(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
				h := roles.HarmException{
					ID: roles.MustNewID[roles.HarmException](), ChildID: f.child.ID, GuardianID: f.g2.ID,
					Reason: "Skulle skada barnet.", Period: roles.Period{Start: w.clock.Now()},
					DecidedBy: roles.ProfessionalParty(w.pid("socsek")), Agency: roles.Socialtjanst, RecordedAt: w.clock.Now(),
				}
				return tx.HarmExceptions().Create(ctx, &h)
			})
			require.NoError(t, err)
			w.clock.Advance(time.Minute)
			_, err = w.svc.Overview(w.ctx, roles.GuardianActor(f.g2.ID), f.child.ID, backa.OverviewOptions{})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, []string{"harm_exception"}, de.Codes())
			_, err = w.svc.LogExtract(w.ctx, roles.GuardianActor(f.g2.ID), f.child.ID, adapters.PageRequest{})
			require.ErrorIs(t, err, backa.ErrDenied)
		})
	})
}

func TestProtectedIdentity(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, _ := overviewWorld(t, open, roles.SkyddadFolkbokforing)

		s0 := w.snap(f.child.ID)
		_, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
		require.ErrorIs(t, err, backa.ErrConfirmationRequired)
		require.ErrorIs(t, err, backa.ErrDenied)
		entries := w.auditSince(s0.audit)
		require.Len(t, entries, 1)
		assert.False(t, entries[0].Allowed)
		assert.Equal(t, []string{"protected_identity"}, entries[0].Reasons)
		assert.Equal(t, adapters.SeverityHigh, entries[0].Severity)

		s1 := w.snap(f.child.ID)
		ov, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		require.NoError(t, err)
		assert.True(t, ov.Protected)
		for _, e := range w.auditSince(s1.audit) {
			assert.Equal(t, adapters.SeverityHigh, e.Severity, entrySummary(e))
		}

		// Contact data never appears, even to the Barnkontakt who asks and confirms.
		cv, err := w.svc.Child(w.ctx, w.actor("mentor"), f.child.ID, backa.ChildOptions{WithContact: true, ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		require.NoError(t, err)
		assert.Nil(t, cv.Child.Contact)
		assert.True(t, cv.ContactWithheld)
		for _, g := range cv.Guardians {
			assert.Nil(t, g.Contact)
		}
		// A guardian's view too needs confirmation.
		_, err = w.svc.Overview(w.ctx, roles.GuardianActor(f.g1.ID), f.child.ID, backa.OverviewOptions{})
		require.ErrorIs(t, err, backa.ErrConfirmationRequired)
		// The worklist leaves the child out without confirmation, and counts it.
		wl, err := w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{})
		require.NoError(t, err)
		assert.Equal(t, 1, wl.ProtectedLeftOut)
		assert.Empty(t, wl.Items)
		wl, err = w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		require.NoError(t, err)
		assert.Zero(t, wl.ProtectedLeftOut)
		assert.Len(t, wl.Items, 1)
	})
}

func TestChildView(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad)
		cv, err := w.svc.Child(w.ctx, w.actor("mentor"), f.child.ID, backa.ChildOptions{})
		require.NoError(t, err)
		assert.Equal(t, "Elsa", cv.Child.GivenName)
		assert.Nil(t, cv.Child.Contact, "not asked for")
		assert.Len(t, cv.Guardians, 2)
		s0 := w.snap(f.child.ID)
		cv, err = w.svc.Child(w.ctx, w.actor("mentor"), f.child.ID, backa.ChildOptions{WithContact: true})
		require.NoError(t, err)
		require.NotNil(t, cv.Child.Contact)
		assert.Equal(t, "Storgatan 1", cv.Child.Contact.Address)
		assert.Equal(t, []string{"read grunduppgifter allowed same_domain_role", "read kontaktuppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
		_, err = w.svc.Child(w.ctx, w.actor("nurse"), f.child.ID, backa.ChildOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)
		_, err = w.svc.Child(w.ctx, w.actor("mentor"), roles.MustNewID[roles.Child](), backa.ChildOptions{})
		require.ErrorIs(t, err, adapters.ErrNotFound)
	})
}

func TestLogExtract(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad)
		w.enrolPnr("201701022384", roles.Oskyddad) // another child, whose entries stay out
		_, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
		require.NoError(t, err)
		_, err = w.svc.Overview(w.ctx, w.actor("doctor"), f.child.ID, backa.OverviewOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)

		page, err := w.svc.LogExtract(w.ctx, roles.GuardianActor(f.g1.ID), f.child.ID, adapters.PageRequest{})
		require.NoError(t, err)
		var got []string
		for _, e := range page.Items {
			got = append(got, e.Actor.String()+" "+e.Action+" "+e.Category)
		}
		mentor, doctor := roles.ProfessionalParty(w.pid("mentor")).String(), roles.ProfessionalParty(w.pid("doctor")).String()
		assert.Equal(t, []string{
			doctor + " read helhetsbild", // newest first, refused ones too
			mentor + " read helhetsbild",
			mentor + " write grunduppgifter",
		}, got, "the other child's entries are not in the extract")
		assert.False(t, page.Items[0].Allowed)
		assert.Equal(t, []string{"no_role"}, page.Items[0].Reasons)
		assert.Equal(t, roles.Skola, page.Items[1].ActorAgency)

		// The extract itself is audited; refused to a professional without a role.
		p2, err := w.svc.LogExtract(w.ctx, w.actor("mentor"), f.child.ID, adapters.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.Len(t, p2.Items, 1)
		assert.Equal(t, roles.GuardianParty(f.g1.ID), p2.Items[0].Actor)
		assert.NotEmpty(t, p2.Next)
		_, err = w.svc.LogExtract(w.ctx, w.actor("doctor"), f.child.ID, adapters.PageRequest{})
		require.ErrorIs(t, err, backa.ErrDenied)
	})
}

func TestWorklist(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, items := overviewWorld(t, open, roles.Oskyddad)
		wl, err := w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{})
		require.NoError(t, err)
		require.Len(t, wl.Items, 1)
		assert.Equal(t, items[roles.Skola], wl.Items[0].Item.ID)
		assert.Empty(t, wl.Overdue)
		assert.Empty(t, wl.FollowUps)

		// 40 days on, the school's item is overdue; with 30 days' notice the
		// follow-up is due.
		w.clock.Advance(40 * 24 * time.Hour)
		s0 := w.snap(f.child.ID)
		wl, err = w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{DueWithinDays: 30})
		require.NoError(t, err)
		require.Len(t, wl.Overdue, 1)
		assert.Equal(t, items[roles.Skola], wl.Overdue[0].Item.ID)
		require.Len(t, wl.FollowUps, 1)
		assert.Equal(t, f.child.ID, wl.FollowUps[0].ChildID)
		assert.Equal(t, []string{"read plan allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))

		// Social services sees its own item, not the school's.
		wl, err = w.svc.Worklist(w.ctx, w.actor("socsek"), backa.WorklistRequest{})
		require.NoError(t, err)
		require.Len(t, wl.Overdue, 1)
		assert.Equal(t, items[roles.Socialtjanst], wl.Overdue[0].Item.ID)

		_, err = w.svc.Worklist(w.ctx, roles.GuardianActor(f.g1.ID), backa.WorklistRequest{})
		require.ErrorIs(t, err, backa.ErrDenied)
	})
}

// TestEventsSayWhoseChange: an event says the kind of party and, for a
// professional, the agency and unit that caused it, and names no one.
func TestEventsSayWhoseChange(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, items := overviewWorld(t, open, roles.Oskyddad)
		s0 := w.snap(f.child.ID)
		_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("socsek"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Socialtjanst], To: plan.Pagaende})
		require.NoError(t, err)
		cid := w.consent(f, "nurse", roles.HalsoSjukvard, []roles.Agency{roles.Skola}, roles.PurposeSamordning, roles.CategoryBehovskompass)
		require.NoError(t, w.svc.WithdrawConsent(w.ctx, w.actor("nurse"), backa.WithdrawRequest{ConsentID: cid, By: roles.GuardianParty(f.g1.ID)}))
		evs := w.eventsSince(s0.events)
		require.Equal(t, []string{"plan.changed", "consent.recorded", "consent.withdrawn"}, eventTypes(evs))
		want := []backa.EventActor{
			{Kind: roles.PartyProfessional, Agency: roles.Socialtjanst, UnitID: w.units[roles.Socialtjanst].ID},
			{Kind: roles.PartyProfessional, Agency: roles.HalsoSjukvard, UnitID: w.units[roles.HalsoSjukvard].ID},
			{Kind: roles.PartyProfessional, Agency: roles.HalsoSjukvard, UnitID: w.units[roles.HalsoSjukvard].ID},
		}
		for i, e := range evs {
			p, err := backa.DecodePayload(e)
			require.NoError(t, err)
			var head backa.PayloadHead
			require.NoError(t, json.Unmarshal(e.Payload, &head))
			assert.Equal(t, want[i], head.By, "%s", p.EventType())
			for _, who := range []string{"socsek", "nurse", "doctor"} {
				assert.NotContains(t, string(e.Payload), w.pid(who).String(), "%s: no person named", p.EventType())
			}
		}
	})
}

func TestRemindFollowUps(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, _ := overviewWorld(t, open, roles.Oskyddad)
		n, err := w.svc.RemindFollowUps(w.ctx, roles.DateOf(w.clock.Now()))
		require.NoError(t, err)
		assert.Zero(t, n, "not due yet")
		due := roles.DateOf(w.clock.Now()).AddDays(61)
		s0 := w.snap(f.child.ID)
		n, err = w.svc.RemindFollowUps(w.ctx, due)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = w.svc.RemindFollowUps(w.ctx, due)
		require.NoError(t, err)
		assert.Zero(t, n, "once per plan and review date")
		evs := w.eventsSince(s0.events)
		require.Equal(t, []string{"plan.follow_up_due"}, eventTypes(evs))
		p, err := backa.DecodePayload(evs[0])
		require.NoError(t, err)
		fu := p.(backa.FollowUpDue)
		assert.Zero(t, fu.By, "the service reminds of itself: no actor")
		assert.Equal(t, roles.DateOf(w.clock.Now()).AddDays(60-1), fu.NextReview.AddDays(-1))
		assert.Contains(t, fu.Agencies, roles.Socialtjanst)
		_, err = w.svc.RemindFollowUps(w.ctx, roles.Date{})
		require.ErrorIs(t, err, roles.ErrInvalid)
	})
}

func TestDeliver(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		a := w.enrol(roles.Oskyddad)
		b := w.enrolPnr("201701022384", roles.Oskyddad)
		for _, f := range []family{a, b} {
			_, err := w.svc.RecordAssessment(w.ctx, w.actor("mentor"), newAssessment(f.child.ID, behovskompass.IngetBehov, behovskompass.Fritid), "")
			require.NoError(t, err)
		}
		// Events: a enrolled, b enrolled, a assessed, b assessed.
		var seen []string
		failA := true
		handle := func(_ context.Context, e adapters.Event) error {
			if e.ChildID == a.child.ID && failA {
				return errors.New("receiver down")
			}
			seen = append(seen, e.ChildID.String()+" "+e.Type)
			return nil
		}
		rep, err := w.svc.Deliver(w.ctx, 0, handle)
		require.NoError(t, err)
		assert.Equal(t, 2, rep.Delivered)
		assert.Equal(t, 1, rep.Failed)
		assert.Equal(t, 1, rep.Deferred, "a's second event waits for its first")
		require.Len(t, rep.Errors, 1)
		assert.Equal(t, []string{b.child.ID.String() + " child.enrolled", b.child.ID.String() + " assessment.recorded"}, seen)

		failA, seen = false, nil
		rep, err = w.svc.Deliver(w.ctx, 0, handle)
		require.NoError(t, err)
		assert.Equal(t, 2, rep.Delivered)
		assert.Equal(t, []string{a.child.ID.String() + " child.enrolled", a.child.ID.String() + " assessment.recorded"}, seen, "in order")
		p, err := w.svc.PendingEvents(w.ctx, adapters.PageRequest{})
		require.NoError(t, err)
		assert.Empty(t, p.Items)

		// Acknowledging twice is fine; an unknown event is not.
		require.NoError(t, w.svc.AckEvents(w.ctx))
		require.ErrorIs(t, w.svc.AckEvents(w.ctx, roles.MustNewID[adapters.Event]()), adapters.ErrNotFound)
	})
}

// TestReadsAreTheReadersOwn changes everything a reader got back (the plan of
// an overview, of a plan read, the items of a worklist) and reads again: the
// store may lend its plans (adapters.Plans), but what the service hands out
// is the reader's own.
func TestReadsAreTheReadersOwn(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w, f, items := overviewWorld(t, open, roles.Oskyddad)
		_, err := w.svc.ChangeItemStatus(w.ctx, w.actor("mentor"), backa.ItemStatusRequest{ChildID: f.child.ID, ItemID: items[roles.Skola], To: plan.Pagaende})
		require.NoError(t, err)
		read := func(who string) (backa.Overview, backa.PlanView) {
			ov, err := w.svc.Overview(w.ctx, w.actor(who), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
			require.NotNil(t, ov.Plan)
			pv, err := w.svc.Plan(w.ctx, w.actor(who), f.child.ID, backa.ReadOptions{})
			require.NoError(t, err)
			return ov, pv
		}
		scribble := func(p *plan.Plan) {
			p.Reason += " ändrad"
			for i := range p.Items {
				it := &p.Items[i]
				it.Description += " ändrad"
				for j := range it.History {
					it.History[j].Note = "ändrad"
				}
			}
			for i := range p.Goals {
				p.Goals[i].Areas[0] = behovskompass.Fritid
			}
			for i := range p.Team {
				p.Team[i].Role = roles.Narstaende
			}
			for i := range p.ChildViews {
				p.ChildViews[i].Text = "ändrad"
			}
			for i := range p.StatusHistory {
				p.StatusHistory[i].Note = "ändrad"
			}
		}
		for _, who := range []string{"mentor", "socsek"} {
			ov, pv := read(who)
			want := pv.Plan.Clone()
			histories := 0
			for _, it := range ov.Plan.Plan.Items {
				histories += len(it.History)
			}
			if who == "mentor" {
				require.NotZero(t, histories, "the mentor sees an item with a history")
			}
			scribble(&ov.Plan.Plan)
			scribble(&pv.Plan)
			again, againPV := read(who)
			assert.Equal(t, *want, again.Plan.Plan, "%s: the overview's plan after the reader changed the last one", who)
			assert.Equal(t, *want, againPV.Plan, "%s: the plan after the reader changed the last one", who)
		}
		wl, err := w.svc.Worklist(w.ctx, w.actor("mentor"), backa.WorklistRequest{})
		require.NoError(t, err)
		require.NotEmpty(t, wl.Items)
		require.NotEmpty(t, wl.Items[0].Item.History)
		wl.Items[0].Item.History[0].Note = "ändrad"
		_, pv := read("mentor")
		for _, it := range pv.Plan.Items {
			for _, h := range it.History {
				assert.NotEqual(t, "ändrad", h.Note, "a worklist item is the reader's own")
			}
		}
	})
}
