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

func TestAssignBarnkontakt(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		t.Run("handover now, the plan follows", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			w.activePlan(f, "mentor", map[roles.Agency]roles.ID[roles.Professional]{roles.Skola: w.pid("mentor")})
			w.clock.Advance(time.Hour)
			s0 := w.snap(f.child.ID)
			rc, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("teacher")})
			require.NoError(t, err)
			assert.Equal(t, f.enrolment.Barnkontakt, rc.Ended)
			assert.Equal(t, int64(3), rc.PlanRevision)
			assert.Equal(t, []string{"write grunduppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
			assert.Equal(t, []string{"barnkontakt.changed", "plan.changed"}, eventTypes(w.eventsSince(s0.events)))

			ev, err := backa.DecodePayload(w.eventsSince(s0.events)[0])
			require.NoError(t, err)
			rcv := ev.(backa.RoleChanged)
			require.NotNil(t, rcv.From)
			assert.Equal(t, rcv.To.From, rcv.From.Until, "the old ends when the new starts")
			assert.Equal(t, w.pid("teacher"), rcv.To.ProfessionalID)

			v, err := w.svc.Plan(w.ctx, w.actor("teacher"), f.child.ID, backa.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, w.pid("teacher"), v.Plan.Barnkontakt.ProfessionalID)
			assert.Equal(t, rc.Assignment, v.Plan.Barnkontakt.AssignmentID)

			// The old Barnkontakt has no role left: refused from now on.
			_, err = w.svc.Plan(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
			require.ErrorIs(t, err, backa.ErrDenied)
		})
		t.Run("handover planned ahead", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			at := w.clock.Now().Add(7 * 24 * time.Hour)
			rc, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("teacher"), From: at})
			require.NoError(t, err)
			assert.Zero(t, rc.PlanRevision)
			// Until then the mentor still acts as Barnkontakt.
			_, err = w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
			w.clock.Advance(8 * 24 * time.Hour)
			_, err = w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
			require.ErrorIs(t, err, backa.ErrDenied)
			_, err = w.svc.Overview(w.ctx, w.actor("teacher"), f.child.ID, backa.OverviewOptions{})
			require.NoError(t, err)
		})
		t.Run("an agency the policy does not allow for the age", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			_, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("nurse")})
			require.ErrorIs(t, err, roles.ErrInvalid)
			assert.Equal(t, s0, w.snap(f.child.ID), "nothing written, nothing audited")
		})
		t.Run("denied: no role", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			_, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("teacher"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("teacher")})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, []string{"no_role"}, de.Codes())
			s1 := w.snap(f.child.ID)
			assert.Equal(t, s0.audit+1, s1.audit, "the refusal is audited")
			s1.audit = s0.audit
			assert.Equal(t, s0, s1, "and nothing else is written")
		})
		t.Run("the same holder again changes nothing", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			rc, err := w.svc.AssignBarnkontakt(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("mentor")})
			require.NoError(t, err)
			assert.Equal(t, f.enrolment.Barnkontakt, rc.Assignment)
			assert.Zero(t, w.snap(f.child.ID).events-s0.events)
		})
	})
}

func TestAppointStodsamordnare(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad, "socsek")
		s0 := w.snap(f.child.ID)
		rc, err := w.svc.AppointStodsamordnare(w.ctx, w.actor("mentor"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("socsek")})
		require.NoError(t, err)
		assert.Zero(t, rc.Ended)
		assert.Equal(t, []string{"stodsamordnare.changed"}, eventTypes(w.eventsSince(s0.events)))

		// A second one replaces the first, the plan (created meanwhile) follows.
		_, err = w.svc.CreatePlan(w.ctx, w.actor("socsek"), backa.ChangePlanRequest{ChildID: f.child.ID})
		require.NoError(t, err)
		w.clock.Advance(time.Hour)
		rc2, err := w.svc.AppointStodsamordnare(w.ctx, w.actor("socsek"), backa.RoleRequest{ChildID: f.child.ID, Professional: w.pid("socsek2")})
		require.NoError(t, err)
		assert.Equal(t, rc.Assignment, rc2.Ended)
		assert.Equal(t, int64(2), rc2.PlanRevision)
		v, err := w.svc.Plan(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
		require.NoError(t, err)
		assert.Equal(t, w.pid("socsek2"), v.Plan.Stodsamordnare.ProfessionalID)
	})
}

func TestChangeTeam(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad)
		_, err := w.svc.CreatePlan(w.ctx, w.actor("mentor"), backa.ChangePlanRequest{ChildID: f.child.ID})
		require.NoError(t, err)
		s0 := w.snap(f.child.ID)
		tc, err := w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{
			ChildID: f.child.ID,
			Add: []backa.TeamMember{
				{Professional: w.pid("kurator")},
				{Related: &roles.RelatedPerson{GivenName: "Gun", FamilyName: "Mormorsson", Relation: "mormor"}},
			},
		})
		require.NoError(t, err)
		require.Len(t, tc.Added, 2)
		assert.Equal(t, int64(2), tc.PlanRevision)
		assert.Equal(t, []string{"write grunduppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
		assert.Equal(t, []string{"team.changed", "plan.changed"}, eventTypes(w.eventsSince(s0.events)))
		v, err := w.svc.Plan(w.ctx, w.actor("kurator"), f.child.ID, backa.ReadOptions{})
		require.NoError(t, err, "the new member has a role in their own agency")
		require.Len(t, v.Plan.Team, 2)
		assert.Equal(t, roles.ID[plan.Member](tc.Added[0]), v.Plan.Team[0].ID)

		// Ending a membership: the plan's team follows.
		w.clock.Advance(time.Hour)
		tc2, err := w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{ChildID: f.child.ID, End: tc.Added[:1]})
		require.NoError(t, err)
		assert.Equal(t, int64(3), tc2.PlanRevision)
		_, err = w.svc.Plan(w.ctx, w.actor("kurator"), f.child.ID, backa.ReadOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)

		// The Barnkontakt does not end here.
		_, err = w.svc.ChangeTeam(w.ctx, w.actor("mentor"), backa.TeamRequest{ChildID: f.child.ID, End: []roles.ID[roles.Assignment]{f.enrolment.Barnkontakt}})
		var ve *roles.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.True(t, ve.Has("end[0]", "not_team"), "%v", ve)

		// Refused to someone without a role.
		_, err = w.svc.ChangeTeam(w.ctx, w.actor("doctor"), backa.TeamRequest{ChildID: f.child.ID, Add: []backa.TeamMember{{Professional: w.pid("doctor")}}})
		require.ErrorIs(t, err, backa.ErrDenied)
	})
}

func TestConsents(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad, "socsek")
		s0 := w.snap(f.child.ID)

		// Social services cannot record the school's consent.
		now := w.clock.Now()
		c := roles.Consent{
			ChildID:          f.child.ID,
			Givers:           []roles.ConsentGiver{{Party: roles.GuardianParty(f.g1.ID), GivenAt: now}, {Party: roles.GuardianParty(f.g2.ID), GivenAt: now}},
			DisclosingAgency: roles.Skola, ReceivingAgencies: []roles.Agency{roles.Socialtjanst},
			Categories: []roles.Category{roles.CategoryBehovskompass}, Purpose: roles.PurposeSamordning,
			ValidFrom: now, ValidUntil: now.AddDate(0, 6, 0), Form: roles.Skriftligt,
		}
		_, err := w.svc.RecordConsent(w.ctx, w.actor("socsek"), c)
		var de *backa.DeniedError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, []string{"write_other_domain"}, de.Codes())

		id, err := w.svc.RecordConsent(w.ctx, w.actor("mentor"), c)
		require.NoError(t, err)
		assert.Equal(t, []string{"write grunduppgifter denied", "write grunduppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
		assert.Equal(t, []string{"consent.recorded"}, eventTypes(w.eventsSince(s0.events)))

		// Listed for the holder and the receiver, not for others.
		for _, who := range []string{"mentor", "socsek"} {
			cs, err := w.svc.Consents(w.ctx, w.actor(who), f.child.ID, backa.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, cs, 1, who)
			assert.Equal(t, id, cs[0].ID)
			assert.Equal(t, roles.ConsentAktiv, cs[0].Status)
		}
		_, err = w.svc.Consents(w.ctx, w.actor("nurse"), f.child.ID, backa.ReadOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)

		// An invalid consent (longer than the policy allows).
		bad := c
		bad.ValidUntil = now.AddDate(2, 0, 0)
		_, err = w.svc.RecordConsent(w.ctx, w.actor("mentor"), bad)
		require.ErrorIs(t, err, roles.ErrInvalid)

		// Withdrawn: the receiving agency no longer reads on it.
		w.clock.Advance(time.Hour)
		s1 := w.snap(f.child.ID)
		require.NoError(t, w.svc.WithdrawConsent(w.ctx, w.actor("mentor"), backa.WithdrawRequest{ConsentID: id, By: roles.GuardianParty(f.g1.ID)}))
		assert.Equal(t, []string{"consent.withdrawn"}, eventTypes(w.eventsSince(s1.events)))
		err = w.svc.WithdrawConsent(w.ctx, w.actor("mentor"), backa.WithdrawRequest{ConsentID: id, By: roles.GuardianParty(f.g1.ID)})
		require.ErrorIs(t, err, roles.ErrAlreadyWithdrawn)
		cs, err := w.svc.Consents(w.ctx, w.actor("mentor"), f.child.ID, backa.ReadOptions{})
		require.NoError(t, err)
		assert.Equal(t, roles.ConsentAterkallad, cs[0].Status)
		err = w.svc.WithdrawConsent(w.ctx, w.actor("socsek"), backa.WithdrawRequest{ConsentID: id, By: roles.GuardianParty(f.g1.ID)})
		require.ErrorIs(t, err, backa.ErrDenied, "only the holding agency records a withdrawal")
	})
}

func TestRecordDisclosure(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		t.Run("on a consent", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad, "socsek")
			cid := w.consent(f, "mentor", roles.Skola, []roles.Agency{roles.Socialtjanst}, roles.PurposeSamordning, roles.CategoryBehovskompass, roles.CategorySkola)
			s0 := w.snap(f.child.ID)
			id, err := w.svc.RecordDisclosure(w.ctx, w.actor("mentor"), backa.DisclosureRequest{
				ChildID: f.child.ID, Outcome: roles.Utlamnad, To: roles.Socialtjanst, Purpose: roles.PurposeSamordning,
				Categories: []roles.Category{roles.CategoryBehovskompass, roles.CategorySkola}, FamilyInformed: true,
			})
			require.NoError(t, err)
			entries := w.auditSince(s0.audit)
			assert.Equal(t, []string{"disclose behovskompass allowed consent", "disclose skola allowed consent"}, summaries(entries))
			assert.Equal(t, cid.String(), entries[0].BasisRef)
			evs := w.eventsSince(s0.events)
			require.Equal(t, []string{"disclosure.recorded"}, eventTypes(evs))
			p, err := backa.DecodePayload(evs[0])
			require.NoError(t, err)
			dr := p.(backa.DisclosureRecorded)
			assert.Equal(t, id, dr.DisclosureID)
			assert.Equal(t, roles.Basis{Kind: roles.BasisConsent, ConsentID: cid}, dr.Basis)
		})
		t.Run("refused by the rules: audited with high severity, not recorded", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			_, err := w.svc.RecordDisclosure(w.ctx, w.actor("mentor"), backa.DisclosureRequest{
				ChildID: f.child.ID, Outcome: roles.Utlamnad, To: roles.Polis, Purpose: roles.PurposeSamordning,
				Categories: []roles.Category{roles.CategorySkola}, FamilyInformed: true,
			})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, roles.Disclose, de.Action)
			entries := w.auditSince(s0.audit)
			require.Len(t, entries, 1)
			assert.Equal(t, adapters.SeverityHigh, entries[0].Severity)
			s1 := w.snap(f.child.ID)
			assert.Equal(t, s0.disclosures, s1.disclosures)
			assert.Equal(t, s0.events, s1.events)
		})
		t.Run("on a legal basis, with its reason", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad, "nurse")
			req := backa.DisclosureRequest{
				ChildID: f.child.ID, Outcome: roles.Utlamnad, To: roles.Socialtjanst, Purpose: roles.PurposeNodvandigVard,
				Categories:     []roles.Category{roles.CategoryHalsa},
				Basis:          roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisHalsoTillSocial},
				FamilyInformed: false, NotInformedReason: "Skulle skada barnet.",
			}
			_, err := w.svc.RecordDisclosure(w.ctx, w.actor("nurse"), req)
			require.ErrorIs(t, err, roles.ErrBasisMismatch, "the basis requires a reason")
			req.Reason = "Behov av gemensam vårdplanering."
			_, err = w.svc.RecordDisclosure(w.ctx, w.actor("nurse"), req)
			require.NoError(t, err)
		})
		t.Run("a decision not to disclose", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			s0 := w.snap(f.child.ID)
			_, err := w.svc.RecordDisclosure(w.ctx, w.actor("mentor"), backa.DisclosureRequest{
				ChildID: f.child.ID, Outcome: roles.EjUtlamnad, To: roles.Polis, Purpose: roles.PurposeSamordning,
				Categories: []roles.Category{roles.CategorySkola}, Reason: "Ingen grund.", FamilyInformed: true,
			})
			require.NoError(t, err)
			assert.Equal(t, []string{"write grunduppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
			assert.Equal(t, s0.disclosures+1, w.snap(f.child.ID).disclosures)
		})
	})
}

func TestAuthorityRecords(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		w := newEnv(t, open, nil)
		f := w.enrol(roles.Oskyddad, "nurse")
		now := w.clock.Now()

		// A consent given by the 9-year-old alone lets the school read nothing,
		// until a maturity assessment places her in the band where she
		// consents alone.
		_, err := w.svc.RecordConsent(w.ctx, w.actor("nurse"), roles.Consent{
			ChildID: f.child.ID, Givers: []roles.ConsentGiver{{Party: roles.ChildParty(f.child.ID), GivenAt: now}},
			DisclosingAgency: roles.HalsoSjukvard, ReceivingAgencies: []roles.Agency{roles.Skola},
			Categories: []roles.Category{roles.CategoryBehovskompass}, Purpose: roles.PurposeSamordning,
			ValidFrom: now, ValidUntil: now.AddDate(0, 3, 0), Form: roles.Muntligt,
		})
		require.NoError(t, err)
		_, err = w.svc.RecordAssessment(w.ctx, w.actor("nurse"), newAssessment(f.child.ID, behovskompass.IngetBehov, behovskompass.Halsa), "")
		require.NoError(t, err)
		ov, err := w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
		require.NoError(t, err)
		assert.Len(t, ov.Withheld, 1)

		s0 := w.snap(f.child.ID)
		_, err = w.svc.RecordMaturityAssessment(w.ctx, w.actor("nurse"), roles.MaturityAssessment{
			ChildID: f.child.ID, Band: roles.BandBarn, Reason: "Mogen att själv ta ställning.", Period: roles.Period{Start: now, End: now.AddDate(1, 0, 0)},
		})
		require.NoError(t, err)
		assert.Equal(t, []string{"write grunduppgifter allowed same_domain_role"}, summaries(w.auditSince(s0.audit)))
		assert.Equal(t, []string{"maturity.recorded"}, eventTypes(w.eventsSince(s0.events)))
		w.clock.Advance(time.Minute)
		ov, err = w.svc.Overview(w.ctx, w.actor("mentor"), f.child.ID, backa.OverviewOptions{})
		require.NoError(t, err)
		assert.Empty(t, ov.Withheld, "the child's own consent now suffices")

		// A significant-harm exception leaves a guardian out.
		_, err = w.svc.Overview(w.ctx, roles.GuardianActor(f.g2.ID), f.child.ID, backa.OverviewOptions{})
		require.NoError(t, err)
		_, err = w.svc.RecordHarmException(w.ctx, w.actor("mentor"), roles.HarmException{
			ChildID: f.child.ID, GuardianID: f.g2.ID, Reason: "Skulle skada barnet.", Period: roles.Period{Start: w.clock.Now()},
		})
		require.NoError(t, err)
		w.clock.Advance(time.Minute)
		_, err = w.svc.Overview(w.ctx, roles.GuardianActor(f.g2.ID), f.child.ID, backa.OverviewOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)
		_, err = w.svc.RecordHarmException(w.ctx, w.actor("mentor"), roles.HarmException{
			ChildID: f.child.ID, GuardianID: roles.MustNewID[roles.Guardian](), Reason: "x", Period: roles.Period{Start: w.clock.Now()},
		})
		var ve *roles.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.True(t, ve.Has("guardianId", "not_guardian"), "%v", ve)
		_, err = w.svc.RecordHarmException(w.ctx, w.actor("doctor"), roles.HarmException{
			ChildID: f.child.ID, GuardianID: f.g1.ID, Reason: "x", Period: roles.Period{Start: w.clock.Now()},
		})
		require.ErrorIs(t, err, backa.ErrDenied)
	})
}
