package backa

import (
	"context"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// RecordMaturityAssessment records that a professional of the actor's agency
// assessed the child's maturity and placed the child in a consent band
// (roles.MaturityAssessment): while its period lasts it decides whose consent
// a waiver of secrecy about the child needs, in every agency. The service sets
// the ID (when zero), who assessed it (the actor), the agency and when it was
// recorded; the caller gives the band, the reason and the period.
//
// Access: a write of grunduppgifter in the actor's own agency. Event:
// maturity.recorded.
func (s *Service) RecordMaturityAssessment(ctx context.Context, actor roles.Actor, m roles.MaturityAssessment) (roles.ID[roles.MaturityAssessment], error) {
	o, err := s.newOp("record maturity assessment", actor, roles.PurposeSamordning)
	if err != nil {
		return roles.ID[roles.MaturityAssessment]{}, err
	}
	if m.ID.IsZero() {
		m.ID = roles.ID[roles.MaturityAssessment](o.id())
	}
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(m.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		rec := m
		rec.AssessedBy, rec.Agency, rec.RecordedAt, rec.Revision = o.actor.Party, o.actor.Agency, o.now, 0
		rec.Period = normPeriod(rec.Period)
		if err := rec.Validate(); err != nil {
			return o.fail(err)
		}
		if err := o.tx.MaturityAssessments().Create(o.ctx, &rec); err != nil {
			return o.fail(err)
		}
		return o.event(MaturityRecorded{
			PayloadHead: o.head(), MaturityAssessmentID: rec.ID, Band: rec.Band, Agency: rec.Agency,
			From: rec.Period.Start, Until: rec.Period.End,
		})
	})
	if err != nil {
		return roles.ID[roles.MaturityAssessment]{}, err
	}
	return m.ID, nil
}

// RecordHarmException records that a guardian is left out because telling
// them, or asking their consent, would cause the child significant harm (OSL
// 12:3; roles.HarmException): while its period lasts their consent is not
// needed, they are not informed, and they lose their own access to the plan
// and the combined picture. The reason is mandatory. The service sets the ID
// (when zero), who decided (the actor), the agency and when it was recorded.
//
// Access: a write of grunduppgifter in the actor's own agency. Event:
// harm_exception.recorded (IDs only; the guardian's systems are not told
// why).
func (s *Service) RecordHarmException(ctx context.Context, actor roles.Actor, h roles.HarmException) (roles.ID[roles.HarmException], error) {
	o, err := s.newOp("record harm exception", actor, roles.PurposeSamordning)
	if err != nil {
		return roles.ID[roles.HarmException]{}, err
	}
	if h.ID.IsZero() {
		h.ID = roles.ID[roles.HarmException](o.id())
	}
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(h.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		rec := h
		rec.DecidedBy, rec.Agency, rec.RecordedAt, rec.Revision = o.actor.Party, o.actor.Agency, o.now, 0
		rec.Period = normPeriod(rec.Period)
		ve := &roles.ValidationError{Subject: "harm exception"}
		ve.Merge("", rec.Validate())
		if !rec.GuardianID.IsZero() && !hasCustody(o.recs.Custodies, rec.GuardianID) {
			ve.Add("guardianId", "not_guardian", "the guardian has no custody of the child")
		}
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}
		if err := o.tx.HarmExceptions().Create(o.ctx, &rec); err != nil {
			return o.fail(err)
		}
		return o.event(HarmExceptionRecorded{
			PayloadHead: o.head(), HarmExceptionID: rec.ID, GuardianID: rec.GuardianID, Agency: rec.Agency,
			From: rec.Period.Start, Until: rec.Period.End,
		})
	})
	if err != nil {
		return roles.ID[roles.HarmException]{}, err
	}
	return h.ID, nil
}

func normPeriod(p roles.Period) roles.Period {
	return roles.Period{Start: adapters.NormalizeTime(p.Start), End: adapters.NormalizeTime(p.End)}
}

func hasCustody(cs []roles.Custody, g roles.ID[roles.Guardian]) bool {
	for i := range cs {
		if cs[i].GuardianID == g {
			return true
		}
	}
	return false
}
