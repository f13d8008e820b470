package backa

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// ReadOptions are the options of a read.
type ReadOptions struct {
	// Purpose is what the reader acts for: a consent covers a read only for
	// its own purpose. Default roles.PurposeSamordning.
	Purpose roles.Purpose `json:"purpose,omitempty"`
	// ConfirmProtected is the reader's explicit confirmation that they mean to
	// view information about a child whose identity, or a guardian's, is
	// protected. Without it such a view is refused (an error matching
	// ErrConfirmationRequired); with it, or without, the view is audited with
	// high severity.
	ConfirmProtected bool `json:"confirmProtected,omitempty"`
}

func (r ReadOptions) purpose() roles.Purpose {
	if r.Purpose == "" {
		return roles.PurposeSamordning
	}
	return r.Purpose
}

// WithheldKind says what kind of entry a Withheld marker stands for.
type WithheldKind string

// The kinds of withheld entries.
const (
	// WithheldAssessment: an assessment on the needs compass.
	WithheldAssessment WithheldKind = "assessment"
	// WithheldItem: an item of the plan.
	WithheldItem WithheldKind = "item"
)

// Withheld marks an entry the reader may know exists but may not read: which
// kind, its ID, the agency whose information it is, and for an assessment
// when it was made. A marker is shown only when the reader holds a role for
// the child in their own agency and the entry's agency takes part in the
// child's Backa barnet (holds an active role for the child), so that the
// marker tells the reader nothing their role does not already tell them; any
// other entry the reader may not read is left out without a trace. To read
// it, the reader needs a consent or a legal basis from that agency.
type Withheld struct {
	Kind   WithheldKind `json:"kind"`
	ID     uuid.UUID    `json:"id"`
	Agency roles.Agency `json:"agency"`
	At     time.Time    `json:"at,omitzero"`
}

// PlanView is the child's plan as one reader may see it.
type PlanView struct {
	// Plan is a copy of the plan's current revision without the items the
	// reader may not read. It is a view: with items left out it need not pass
	// plan.Plan.Validate.
	Plan plan.Plan `json:"plan"`
	// Withheld are markers for items left out (see Withheld).
	Withheld []Withheld `json:"withheld,omitempty"`
	// Complete reports that nothing was left out.
	Complete bool `json:"complete"`
}

// Overview is a child's overview as one reader may see it: the combined
// picture (helhetsbild) of the assessments the reader may read, and the plan.
// It holds no names or contact data.
type Overview struct {
	ChildID roles.ID[roles.Child] `json:"childId"`
	// Protected reports that the child or a guardian has a protected identity.
	Protected bool `json:"protected"`
	// Helhetsbild is the combined picture over the assessments the reader may
	// read (behovskompass.Combine).
	Helhetsbild behovskompass.Helhetsbild `json:"helhetsbild"`
	// Withheld are markers for assessments left out (see Withheld).
	Withheld []Withheld `json:"withheld,omitempty"`
	// Plan is the plan as the reader may see it; nil when the child has no
	// plan or the reader may not read it.
	Plan *PlanView `json:"plan,omitempty"`
}

// LogValue implements slog.LogValuer: IDs and counts only.
func (v Overview) LogValue() slog.Value {
	items := 0
	if v.Plan != nil {
		items = len(v.Plan.Plan.Items)
	}
	return slog.GroupValue(
		slog.String("child", v.ChildID.String()),
		slog.Bool("protected", v.Protected),
		slog.Int("withheld", len(v.Withheld)),
		slog.Bool("plan", v.Plan != nil),
		slog.Int("items", items),
	)
}

// OverviewOptions are the options of Overview.
type OverviewOptions struct {
	ReadOptions
	// Since is the moment trends are measured from (behovskompass.Combine);
	// zero gives no trends.
	Since time.Time `json:"since,omitzero"`
}

// Overview returns the child's overview filtered to what the reader may see:
// the combined picture over the assessments the reader may read, and the plan
// without the items the reader may not read, with markers where the rules
// allow them (Withheld).
//
// Access, one decision and one audit entry per agency whose information is
// read: a professional reads the combined picture in their own agency (an
// active role for the child; refused otherwise, and then nothing is shown),
// the entries of other agencies on a consent or a legal basis from each for
// its assessments (roles.CategoryBehovskompass: the combined picture is made
// of the agencies' assessments), the plan in their own agency and the items
// of other agencies on a basis from each (roles.CategoryPlan). A guardian with
// custody and the child read both as their own access (Policy.OwnAccess),
// unless a significant-harm exception leaves the guardian out. A view of a
// protected identity needs opts.ConfirmProtected.
func (s *Service) Overview(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], opts OverviewOptions) (Overview, error) {
	o, err := s.newOp("overview", actor, opts.purpose())
	if err != nil {
		return Overview{}, err
	}
	var out Overview
	err = s.exec(ctx, o, func(o *op) error {
		out = Overview{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		own := o.ownAgency()
		first := o.decideView(o.readRequest(roles.CategoryHelhetsbild, own), opts.ConfirmProtected)
		if !first.ok {
			return o.deny(first)
		}
		out.ChildID, out.Protected = o.child.ID, o.facts.Protected()

		as, err := o.tx.Assessments().OfChild(o.ctx, o.child.ID)
		if err != nil {
			return o.fail(err)
		}
		visible := as // the family's own access covers every agency's entries
		if own != "" {
			// as is this read's own copy: filter it in place.
			visible = as[:0]
			verdict := verdicts{{own, true}}
			for i := range as {
				a := &as[i]
				ok, seen := verdict.get(a.Agency)
				if !seen {
					ok = o.decideAssessments(a.Agency, opts.ConfirmProtected)
					verdict = append(verdict, verdict1{a.Agency, ok})
				}
				switch {
				case ok:
					visible = append(visible, *a)
				case o.marker(a.Agency):
					out.Withheld = append(out.Withheld, Withheld{
						Kind: WithheldAssessment, ID: a.ID.UUID(), Agency: a.Agency, At: a.AssessedAt,
					})
				}
			}
		}
		out.Helhetsbild = behovskompass.Combine(o.child.ID, visible, opts.Since)

		v, err := o.readPlan(opts.ReadOptions)
		if err != nil {
			return err
		}
		out.Plan = v
		return nil
	})
	if err != nil {
		return Overview{}, err
	}
	return out, nil
}

// decideAssessments decides (and audits) whether the reader may see the
// assessments of another agency in the combined picture: they are that
// agency's information on the needs compass (roles.CategoryBehovskompass),
// which the combined picture is made of.
func (o *op) decideAssessments(agency roles.Agency, confirmed bool) bool {
	return o.decideView(o.readRequest(roles.CategoryBehovskompass, agency), confirmed).ok
}

// Plan returns the child's plan filtered to what the reader may see: the
// plan's current revision without the items the reader may not read, with
// markers where the rules allow them. A child without a plan, or a plan the
// reader may not read at all, gives an error: adapters.ErrNotFound or a
// *DeniedError. Access as for the plan in Overview.
func (s *Service) Plan(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], opts ReadOptions) (PlanView, error) {
	o, err := s.newOp("read plan", actor, opts.purpose())
	if err != nil {
		return PlanView{}, err
	}
	var out PlanView
	err = s.exec(ctx, o, func(o *op) error {
		out = PlanView{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		own := o.ownAgency()
		d := o.decideView(o.readRequest(roles.CategoryPlan, own), opts.ConfirmProtected)
		if !d.ok {
			return o.deny(d)
		}
		p, ok, err := o.plan()
		if err != nil {
			return err
		}
		if !ok {
			return o.fail(errNoPlan(o.child.ID))
		}
		out = o.filterPlan(p, opts)
		return nil
	})
	if err != nil {
		return PlanView{}, err
	}
	return out, nil
}

// ownAgency returns the agency a reader reads in: a professional's own, and
// "" for a guardian or the child, whose own access is not tied to one.
func (o *op) ownAgency() roles.Agency {
	if o.actor.Party.Kind == roles.PartyProfessional {
		return o.actor.Agency
	}
	return ""
}

// readRequest returns a read of cat recorded by agency.
func (o *op) readRequest(cat roles.Category, agency roles.Agency) roles.Request {
	req := o.request(roles.Read, cat, agency)
	if o.actor.Party.Kind != roles.PartyProfessional {
		req.Purpose = ""
	}
	return req
}

// readPlan reads the child's plan for Overview: nil when there is none or the
// reader may not read it (the refusal audited).
func (o *op) readPlan(opts ReadOptions) (*PlanView, error) {
	p, ok, err := o.plan()
	if err != nil || !ok {
		return nil, err
	}
	if d := o.decideView(o.readRequest(roles.CategoryPlan, o.ownAgency()), opts.ConfirmProtected); !d.ok {
		return nil, nil
	}
	v := o.filterPlan(p, opts)
	return &v, nil
}

// filterPlan returns the view of p for a reader allowed to read the plan in
// their own agency (or as their own access): the items of other agencies
// only on a decision that allows it, one per agency. The view is the reader's
// own deep copy: p, as the store lends it, may share memory with what the
// store keeps (adapters.Plans).
func (o *op) filterPlan(p *plan.Plan, opts ReadOptions) PlanView {
	own := o.ownAgency()
	if own == "" {
		return PlanView{Plan: *p.CloneFiltered(nil), Complete: true}
	}
	var verdict verdicts
	var withheld []Withheld
	complete := true
	i := -1 // the index of it in p.Items: keep is called for each item in order
	c := p.CloneFiltered(func(it *plan.Item) bool {
		i++
		ok := it.Agency == "" || it.Agency == own
		if !ok {
			var seen bool
			if ok, seen = verdict.get(it.Agency); !seen {
				ok = o.decideView(o.readRequest(roles.CategoryPlan, it.Agency), opts.ConfirmProtected).ok
				verdict = append(verdict, verdict1{it.Agency, ok})
			}
		}
		if !ok {
			complete = false
			if o.marker(it.Agency) {
				if withheld == nil {
					withheld = make([]Withheld, 0, len(p.Items)-i) // at most the items left
				}
				withheld = append(withheld, Withheld{Kind: WithheldItem, ID: it.ID.UUID(), Agency: it.Agency})
			}
		}
		return ok
	})
	return PlanView{Plan: *c, Withheld: withheld, Complete: complete}
}

// verdict1 is the outcome of one agency's decision within a read.
type verdict1 struct {
	agency roles.Agency
	ok     bool
}

// verdicts are the decisions taken so far within a read, one per agency: a
// read decides (and audits) each agency once. There are few agencies, so a
// slice beats a map.
type verdicts []verdict1

func (vs verdicts) get(a roles.Agency) (ok, seen bool) {
	for _, v := range vs {
		if v.agency == a {
			return v.ok, true
		}
	}
	return false, false
}

// marker reports whether the reader may see that an entry of agency exists:
// the reader holds a role for the child in their own agency, and agency holds
// an active professional role for the child (see Withheld).
func (o *op) marker(agency roles.Agency) bool {
	if o.actor.Party.Kind != roles.PartyProfessional {
		return false
	}
	readerHasRole, agencyTakesPart := false, false
	for i := range o.recs.Assignments {
		a := &o.recs.Assignments[i]
		if !a.Role.IsProfessional() || !a.ActiveAt(o.now) {
			continue
		}
		if a.Agency == o.actor.Agency && a.Holder == o.actor.Party {
			readerHasRole = true
		}
		if a.Agency == agency {
			agencyTakesPart = true
		}
	}
	return readerHasRole && agencyTakesPart
}
