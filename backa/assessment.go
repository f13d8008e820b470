package backa

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// RecordAssessment records an assessment on the needs compass made by the
// actor's agency. The service sets the ID (when zero), who made it (the
// actor), the agency and unit (the actor's), the time (now, when zero) and
// the scale (the catalogue's default scale, when unset); the caller gives the
// child, the areas, the views and any disagreements. behovskompass's
// Assessment.Validate checks it, and a scale the catalogue does not know is
// refused unless the assessment carries its levels (ScaleRef).
//
// Access: a write of behovskompass in the actor's own agency, for purpose
// (default, when empty, roles.PurposeBehovsbedomning). Event:
// assessment.recorded.
func (s *Service) RecordAssessment(ctx context.Context, actor roles.Actor, a behovskompass.Assessment, purpose roles.Purpose) (roles.ID[behovskompass.Assessment], error) {
	if purpose == "" {
		purpose = roles.PurposeBehovsbedomning
	}
	o, err := s.newOp("record assessment", actor, purpose)
	if err != nil {
		return roles.ID[behovskompass.Assessment]{}, err
	}
	if a.ID.IsZero() {
		a.ID = roles.ID[behovskompass.Assessment](o.id())
	}
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryBehovskompass); err != nil {
			return err
		}
		if err := o.loadChild(a.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryBehovskompass, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		rec := a
		rec.AssessedBy = roles.ID[roles.Professional](o.actor.Party.ID)
		rec.Agency, rec.UnitID, rec.Revision = o.actor.Agency, o.actor.UnitID, 0
		if rec.AssessedAt.IsZero() {
			rec.AssessedAt = o.now
		}
		rec.AssessedAt = adapters.NormalizeTime(rec.AssessedAt)
		if rec.Scale.IsZero() {
			rec.Scale = o.s.cat.DefaultScale().Ref()
		} else if sc, ok := o.s.cat.Scale(rec.Scale.ID); ok && len(rec.Scale.Levels) == 0 {
			rec.Scale = sc.Ref()
		}
		rec.Areas = slices.Clone(rec.Areas)
		rec.Disagreements = slices.Clone(rec.Disagreements)
		ve := &roles.ValidationError{Subject: "assessment"}
		if rec.AssessedAt.After(o.now) {
			ve.Add("assessedAt", "in_future", "an assessment cannot be made in the future")
		}
		ve.Merge("", rec.Validate())
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}
		if err := o.tx.Assessments().Create(o.ctx, &rec); err != nil {
			return o.fail(err)
		}
		areas := make([]behovskompass.Area, 0, len(rec.Areas))
		for _, ar := range behovskompass.Areas() {
			if _, ok := rec.Entry(ar); ok {
				areas = append(areas, ar)
			}
		}
		return o.event(AssessmentRecorded{
			PayloadHead: o.head(), AssessmentID: rec.ID, Agency: rec.Agency, UnitID: rec.UnitID,
			AssessedAt: rec.AssessedAt, Areas: areas,
		})
	})
	if err != nil {
		return roles.ID[behovskompass.Assessment]{}, err
	}
	return a.ID, nil
}

// ConcernRequest raises a concern: someone noticed that the child may need
// support.
type ConcernRequest struct {
	ChildID roles.ID[roles.Child] `json:"childId"`
	// Noticed is what was noticed, in the upptäckare's words (personal data).
	Noticed string `json:"noticed"`
	// Areas are the compass areas the concern touches.
	Areas []behovskompass.Area `json:"areas"`
	// Seriousness is how serious the upptäckare judges it.
	Seriousness behovskompass.Seriousness `json:"seriousness"`
	// Report, when set, also reports the concern to social services
	// (orosanmälan), in the same transaction.
	Report *Report `json:"report,omitempty"`
}

// Report is an orosanmälan: a concern report to social services (SoL
// 2025:400 19 kap. 1 §, OSL 10:28), recorded as a disclosure on the legal
// basis roles.BasisOrosanmalan.
type Report struct {
	// Reason says why the report was made (free text; the legal basis
	// requires one).
	Reason string `json:"reason"`
	// ToUnitID is the social-services unit reported to, where known.
	ToUnitID roles.ID[roles.Unit] `json:"toUnitId,omitzero"`
	// FamilyInformed says whether the family was told; NotInformedReason why
	// not.
	FamilyInformed    bool   `json:"familyInformed"`
	NotInformedReason string `json:"notInformedReason,omitempty"`
	// Views are the views the child and the guardians expressed.
	Views []roles.ExpressedView `json:"views,omitempty"`
}

// ConcernResult is what RaiseConcern stored.
type ConcernResult struct {
	ConcernID roles.ID[behovskompass.Concern] `json:"concernId"`
	// Barnkontakt is the assignment of the Barnkontakt the concern went to.
	Barnkontakt roles.ID[roles.Assignment] `json:"barnkontakt"`
	// Upptackare is the Upptäckare assignment the actor got, when they held
	// no role for the child in their agency (zero otherwise).
	Upptackare roles.ID[roles.Assignment] `json:"upptackare,omitzero"`
	// Disclosure is the recorded concern report, when one was made.
	Disclosure roles.ID[roles.Disclosure] `json:"disclosure,omitzero"`
}

// RaiseConcern records a concern raised by the actor (the upptäckare) and
// sends it to the child's Barnkontakt; with req.Report it is also reported to
// social services in the same transaction.
//
// Anyone who notices may raise a concern: a professional with no role for
// the child in their agency becomes its Upptäckare (an assignment for
// Options.UpptackarePeriod), which lets them record the concern in their own
// agency. The concern is information of the actor's agency: the Barnkontakt
// learns that it was raised (the concern.raised event names the concern and
// where it was raised, not what was noticed) and reads it as any reader
// does, in their own agency or on a basis from the actor's.
//
// Access: a write of oro in the actor's own agency, decided with the
// Upptäckare role in place; the report as in ReportConcern. The child must be
// enrolled (the concern goes to the Barnkontakt). Events: concern.raised,
// team.changed for a new Upptäckare, and with a report concern.reported and
// disclosure.recorded.
func (s *Service) RaiseConcern(ctx context.Context, actor roles.Actor, req ConcernRequest) (ConcernResult, error) {
	o, err := s.newOp("raise concern", actor, roles.PurposeSamordning)
	if err != nil {
		return ConcernResult{}, err
	}
	concernID := roles.ID[behovskompass.Concern](o.id())
	roleID := roles.ID[roles.Assignment](o.id())
	disclosureID := roles.ID[roles.Disclosure](o.id())
	var out ConcernResult
	err = s.exec(ctx, o, func(o *op) error {
		out = ConcernResult{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryOro); err != nil {
			return err
		}
		if err := o.loadChild(req.ChildID); err != nil {
			return err
		}
		bk := activeRole(o.recs.Assignments, roles.Barnkontakt, o.now)
		if bk == nil {
			ve := &roles.ValidationError{Subject: "concern"}
			ve.Add("childId", "barnkontakt_missing", "the child has no active Barnkontakt")
			return o.fail(ve)
		}
		// An upptäckare without a role for the child gets one.
		var upp *roles.Assignment
		if !holdsRole(o.recs.Assignments, o.actor, o.now) {
			upp = &roles.Assignment{
				ID: roleID, ChildID: o.child.ID, Role: roles.Upptackare, Holder: o.actor.Party,
				Agency: o.actor.Agency, UnitID: o.actor.UnitID,
				Period:     roles.Period{Start: o.now, End: o.now.Add(o.s.upptackare)},
				RecordedBy: o.actor.Party, RecordedAt: o.now,
			}
			recs := o.recs
			recs.Assignments = append(slices.Clone(recs.Assignments), *upp)
			if err := o.index(o.child, recs); err != nil {
				return err
			}
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryOro, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		c := behovskompass.Concern{
			ID: concernID, ChildID: o.child.ID, Noticed: req.Noticed, Areas: slices.Clone(req.Areas),
			Seriousness: req.Seriousness, RaisedBy: o.actor.Party, Agency: o.actor.Agency, UnitID: o.actor.UnitID,
			RaisedAt:    o.now,
			Barnkontakt: behovskompass.BarnkontaktRef{AssignmentID: bk.ID, ProfessionalID: roles.ID[roles.Professional](bk.Holder.ID)},
		}
		if err := c.Validate(); err != nil {
			return o.fail(err)
		}
		var disc *roles.Disclosure
		if req.Report != nil {
			var err error
			if disc, err = o.report(&c, req.Report, disclosureID); err != nil {
				return err
			}
		}
		if upp != nil {
			if err := roles.ValidateAssignments(&o.child, o.recs.Assignments, o.now, &o.s.pol); err != nil {
				return o.fail(err)
			}
			if err := o.tx.Assignments().Create(o.ctx, upp); err != nil {
				return o.fail(err)
			}
			out.Upptackare = upp.ID
			if err := o.event(TeamChanged{PayloadHead: o.head(), Added: []RoleRef{roleRef(upp)}}); err != nil {
				return err
			}
		}
		if disc != nil {
			c.ReportedToSocialServicesAt = o.now
		}
		if err := o.tx.Concerns().Create(o.ctx, &c); err != nil {
			return o.fail(err)
		}
		out.ConcernID, out.Barnkontakt = c.ID, bk.ID
		if err := o.event(ConcernRaised{
			PayloadHead: o.head(), ConcernID: c.ID, Agency: c.Agency, UnitID: c.UnitID, Barnkontakt: roleRef(bk),
		}); err != nil {
			return err
		}
		if disc != nil {
			out.Disclosure = disc.ID
			return o.storeReport(&c, disc)
		}
		return nil
	})
	if err != nil {
		return ConcernResult{}, err
	}
	return out, nil
}

// ReportConcernRequest reports a concern recorded earlier to social services.
type ReportConcernRequest struct {
	ConcernID roles.ID[behovskompass.Concern] `json:"concernId"`
	Report    Report                          `json:"report"`
}

// ReportConcern reports a concern to social services (orosanmälan): it
// records the report as a disclosure of oro from the concern's agency to
// social services on the legal basis roles.BasisOrosanmalan, with the
// reason, and marks the concern as reported.
//
// A concern report is never blocked by missing or withdrawn consent, and
// needs no role for the child: any professional of the agency that recorded
// the concern may make it (roles.Decide, a disclose of oro to socialtjanst for
// roles.PurposeOrosanmalan). Events: concern.reported and disclosure.recorded.
func (s *Service) ReportConcern(ctx context.Context, actor roles.Actor, req ReportConcernRequest) (roles.ID[roles.Disclosure], error) {
	o, err := s.newOp("report concern", actor, roles.PurposeOrosanmalan)
	if err != nil {
		return roles.ID[roles.Disclosure]{}, err
	}
	disclosureID := roles.ID[roles.Disclosure](o.id())
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Disclose, roles.CategoryOro); err != nil {
			return err
		}
		c, err := o.tx.Concerns().Get(o.ctx, req.ConcernID)
		if err != nil {
			return o.fail(err)
		}
		if err := o.loadChild(c.ChildID); err != nil {
			return err
		}
		d, err := o.report(&c, &req.Report, disclosureID)
		if err != nil {
			return err
		}
		c.ReportedToSocialServicesAt = o.now
		if err := o.tx.Concerns().Update(o.ctx, &c); err != nil {
			return o.fail(err)
		}
		return o.storeReport(&c, d)
	})
	if err != nil {
		return roles.ID[roles.Disclosure]{}, err
	}
	return disclosureID, nil
}

// errAlreadyReported refuses a second report of one concern.
var errAlreadyReported = errors.New("concern already reported to social services")

// report decides a concern report of c and returns its disclosure record, or
// a refusal.
func (o *op) report(c *behovskompass.Concern, r *Report, id roles.ID[roles.Disclosure]) (*roles.Disclosure, error) {
	req := o.request(roles.Disclose, roles.CategoryOro, c.Agency)
	req.Recipient, req.Purpose, req.LegalBasis = roles.Socialtjanst, roles.PurposeOrosanmalan, roles.BasisOrosanmalan
	if d := o.decide(req); !d.ok {
		return nil, o.deny(d)
	}
	if c.ReportedToSocialServices() {
		ve := &roles.ValidationError{Subject: "concern report"}
		ve.Add("concernId", "already_reported", errAlreadyReported.Error())
		return nil, o.fail(ve)
	}
	d := &roles.Disclosure{
		ID: id, ChildID: o.child.ID, Outcome: roles.Utlamnad, Categories: []roles.Category{roles.CategoryOro},
		From: c.Agency, FromUnitID: o.actor.UnitID, To: roles.Socialtjanst, ToUnitID: r.ToUnitID,
		Purpose: roles.PurposeOrosanmalan, Basis: roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisOrosanmalan},
		Reason: r.Reason, Views: slices.Clone(r.Views), FamilyInformed: r.FamilyInformed,
		NotInformedReason: r.NotInformedReason, DecidedBy: o.actor.Party, DecidedAt: o.now, RecordedAt: o.now,
	}
	if err := o.facts.CheckDisclosure(d, &o.s.pol); err != nil {
		return nil, o.fail(err)
	}
	return d, nil
}

// storeReport stores a concern report d of c, which is stored marked
// reported, and adds the events.
func (o *op) storeReport(c *behovskompass.Concern, d *roles.Disclosure) error {
	if err := o.tx.Disclosures().Create(o.ctx, d); err != nil {
		return o.fail(err)
	}
	if err := o.event(disclosureEvent(o, d)); err != nil {
		return err
	}
	return o.event(ConcernReported{
		PayloadHead: o.head(), ConcernID: c.ID, DisclosureID: d.ID, From: d.From, ToUnitID: d.ToUnitID,
	})
}

// activeRole returns the assignment of role active at t, or nil.
func activeRole(as []roles.Assignment, role roles.Role, t time.Time) *roles.Assignment {
	for i := range as {
		if as[i].Role == role && as[i].ActiveAt(t) {
			return &as[i]
		}
	}
	return nil
}

// holdsRole reports whether the actor holds an active professional role for
// the child in their own agency at t.
func holdsRole(as []roles.Assignment, actor roles.Actor, t time.Time) bool {
	for i := range as {
		a := &as[i]
		if a.Holder == actor.Party && a.Agency == actor.Agency && a.Role.IsProfessional() && a.ActiveAt(t) {
			return true
		}
	}
	return false
}
