package backa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// ChangePlanRequest changes the child's plan: the steps, applied in order
// through one plan.Draft, make one new revision.
type ChangePlanRequest struct {
	ChildID roles.ID[roles.Child] `json:"childId"`
	// Revision, when not 0, is the revision the caller based the change on:
	// if the plan has moved on since, the change is refused with an error
	// matching adapters.ErrConflict.
	Revision int64 `json:"revision,omitempty"`
	// Summary says in a few words what the change does (plan.MaxSummaryLen);
	// empty gives "Planen ändrad".
	Summary string `json:"summary,omitempty"`
	// Ops are the steps of the change.
	Ops PlanOps `json:"ops,omitempty"`
	// Purpose is what the actor acts for; default roles.PurposePlan.
	Purpose roles.Purpose `json:"purpose,omitempty"`
}

// LogValue implements slog.LogValuer: the child, the revision and the number
// of steps; never their texts.
func (r ChangePlanRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.Int64("revision", r.Revision),
		slog.Any("ops", r.Ops),
	)
}

// PlanChange is what a change of the plan stored.
type PlanChange struct {
	PlanID   roles.ID[plan.Plan] `json:"planId"`
	Revision int64               `json:"revision"`
	// Added holds, for each step in order, the ID of the entry it added
	// (goal, item, member, view, disagreement, follow-up), or uuid.Nil.
	Added []uuid.UUID `json:"added,omitempty"`
}

// CreatePlan creates the child's plan, as a draft (utkast): one plan per
// child, so a child who has one is refused with an error matching
// adapters.ErrAlreadyExists. The plan starts with the child's present
// Barnkontakt and Stödsamordnare and the members of the child's team (from
// the role assignments); the steps then shape it (req.Revision is ignored).
//
// Access: a write of the plan in the actor's own agency (an active role for
// the child there). Events: plan.changed, and item.assigned for each item.
func (s *Service) CreatePlan(ctx context.Context, actor roles.Actor, req ChangePlanRequest) (PlanChange, error) {
	if req.Summary == "" {
		req.Summary = "Plan upprättad"
	}
	return s.changePlanOps(ctx, actor, "create plan", true, req)
}

// ChangePlan makes a new revision of the child's plan from the steps in req.
//
// Access: each step is decided before it is applied, on the plan as it
// stands: a step on an existing item (UpdateItem, RemoveItem, SetItemStatus,
// AddOutcome) is a write of the plan in the item's agency, so only that
// agency's professionals with a role for the child change its items; every
// other step writes the plan's common part, in the actor's own agency. One
// audit entry per distinct agency. The plan's rules (plan.Plan.Validate and
// the Draft's transition tables) apply. Events: plan.changed, and
// item.assigned for each item added or moved to another agency.
func (s *Service) ChangePlan(ctx context.Context, actor roles.Actor, req ChangePlanRequest) (PlanChange, error) {
	if req.Summary == "" {
		req.Summary = "Planen ändrad"
	}
	return s.changePlanOps(ctx, actor, "change plan", false, req)
}

// PlanStatusRequest activates, closes or reopens the child's plan.
type PlanStatusRequest struct {
	ChildID  roles.ID[roles.Child] `json:"childId"`
	Revision int64                 `json:"revision,omitempty"`
	Note     string                `json:"note,omitempty"`
	Summary  string                `json:"summary,omitempty"`
}

// ActivatePlan activates the child's plan (utkast -> aktiv), or reopens a
// closed one (avslutad -> aktiv): ChangePlan with a SetPlanStatus step. An
// active plan must pass every rule of plan.Plan.Validate.
func (s *Service) ActivatePlan(ctx context.Context, actor roles.Actor, req PlanStatusRequest) (PlanChange, error) {
	return s.setPlanStatus(ctx, actor, "activate plan", plan.Aktiv, "Planen fastställd", req)
}

// ClosePlan closes the child's plan (aktiv -> avslutad): ChangePlan with a
// SetPlanStatus step. Every item must have ended.
func (s *Service) ClosePlan(ctx context.Context, actor roles.Actor, req PlanStatusRequest) (PlanChange, error) {
	return s.setPlanStatus(ctx, actor, "close plan", plan.Avslutad, "Planen avslutad", req)
}

func (s *Service) setPlanStatus(ctx context.Context, actor roles.Actor, name string, to plan.Status, summary string, req PlanStatusRequest) (PlanChange, error) {
	if req.Summary == "" {
		req.Summary = summary
	}
	return s.changePlanOps(ctx, actor, name, false, ChangePlanRequest{
		ChildID: req.ChildID, Revision: req.Revision, Summary: req.Summary,
		Ops: []PlanOp{SetPlanStatus{To: to, Note: req.Note}},
	})
}

// FollowUpRequest records a follow-up meeting of the child's plan.
type FollowUpRequest struct {
	ChildID  roles.ID[roles.Child] `json:"childId"`
	Revision int64                 `json:"revision,omitempty"`
	FollowUp plan.FollowUp         `json:"followUp"`
	Summary  string                `json:"summary,omitempty"`
}

// FollowUpPlan records a follow-up meeting, which sets the plan's next review
// date: ChangePlan with a RecordFollowUp step. The plan must be active.
func (s *Service) FollowUpPlan(ctx context.Context, actor roles.Actor, req FollowUpRequest) (PlanChange, error) {
	if req.Summary == "" {
		req.Summary = "Uppföljning"
	}
	return s.changePlanOps(ctx, actor, "follow up plan", false, ChangePlanRequest{
		ChildID: req.ChildID, Revision: req.Revision, Summary: req.Summary,
		Ops: []PlanOp{RecordFollowUp{FollowUp: req.FollowUp}},
	})
}

// ItemStatusRequest moves an item of the child's plan to another status.
type ItemStatusRequest struct {
	ChildID  roles.ID[roles.Child] `json:"childId"`
	Revision int64                 `json:"revision,omitempty"`
	ItemID   roles.ID[plan.Item]   `json:"itemId"`
	To       plan.ItemStatus       `json:"to"`
	Note     string                `json:"note,omitempty"`
	Summary  string                `json:"summary,omitempty"`
}

// ChangeItemStatus moves an item to another status: ChangePlan with a
// SetItemStatus step. The plan must be active and the item lifecycle must
// allow the move (an error matching plan.ErrInvalidTransition otherwise).
// Access: a write of the plan in the item's agency.
func (s *Service) ChangeItemStatus(ctx context.Context, actor roles.Actor, req ItemStatusRequest) (PlanChange, error) {
	if req.Summary == "" {
		req.Summary = "Insatsens status ändrad"
	}
	return s.changePlanOps(ctx, actor, "change item status", false, ChangePlanRequest{
		ChildID: req.ChildID, Revision: req.Revision, Summary: req.Summary,
		Ops: []PlanOp{SetItemStatus{ItemID: req.ItemID, To: req.To, Note: req.Note}},
	})
}

func (s *Service) changePlanOps(ctx context.Context, actor roles.Actor, name string, create bool, req ChangePlanRequest) (PlanChange, error) {
	purpose := req.Purpose
	if purpose == "" {
		purpose = roles.PurposePlan
	}
	o, err := s.newOp(name, actor, purpose)
	if err != nil {
		return PlanChange{}, err
	}
	ops := make([]PlanOp, len(req.Ops))
	for i, op := range req.Ops {
		if op == nil {
			return PlanChange{}, o.fail(fmt.Errorf("ops[%d]: nil step: %w", i, roles.ErrInvalid))
		}
		ops[i] = op.withIDs(o.id)
	}
	planID := roles.ID[plan.Plan](o.id())
	var out PlanChange
	err = s.exec(ctx, o, func(o *op) error {
		out = PlanChange{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryPlan); err != nil {
			return err
		}
		if err := o.loadChild(req.ChildID); err != nil {
			return err
		}
		var base *plan.Plan
		if create {
			base = plan.New(planID, o.child.ID)
		} else {
			p, ok, err := o.plan()
			switch {
			case err != nil:
				return err
			case !ok:
				return o.fail(errNoPlan(o.child.ID))
			}
			base = p
		}

		// Decide every agency whose information the steps write, on the plan
		// as it stands.
		agencies := []roles.Agency{o.actor.Agency}
		for _, op := range ops {
			if id, ok := op.item(); ok {
				if a := itemAgency(base, id); a != "" && !containsAgency(agencies, a) {
					agencies = append(agencies, a)
				}
			}
		}
		for _, a := range agencies {
			if d := o.decide(o.request(roles.Write, roles.CategoryPlan, a)); !d.ok {
				return o.deny(d)
			}
		}
		if !create && req.Revision != 0 && req.Revision != base.Revision {
			return o.fail(adapters.Conflict(adapters.EntityPlan, base.ID.String()))
		}

		added := make([]uuid.UUID, len(ops))
		next, err := o.changePlan(base, req.Summary, func(d *plan.Draft) error {
			if create {
				if err := o.seedPlan(d); err != nil {
					return err
				}
			}
			for i, op := range ops {
				id, err := op.apply(d)
				if err != nil {
					return opError(i, op, err)
				}
				added[i] = id
			}
			return nil
		})
		if err != nil {
			return err
		}
		out = PlanChange{PlanID: next.ID, Revision: next.Revision}
		for _, id := range added {
			if id != uuid.Nil {
				out.Added = added
				break
			}
		}
		return nil
	})
	if err != nil {
		return PlanChange{}, err
	}
	return out, nil
}

// opError says which step failed, keeping the error's identity.
func opError(i int, op PlanOp, err error) error {
	var ve *roles.ValidationError
	if errors.As(err, &ve) {
		out := &roles.ValidationError{Subject: "plan change"}
		out.Merge(indexPath("ops", i), ve)
		return out
	}
	return fmt.Errorf("ops[%d] (%s): %w", i, opName(op), err)
}

// seedPlan starts a new plan from the child's role assignments: the present
// Barnkontakt and Stödsamordnare, and the members of the child's team.
func (o *op) seedPlan(d *plan.Draft) error {
	for i := range o.recs.Assignments {
		a := &o.recs.Assignments[i]
		if !a.ActiveAt(o.now) {
			continue
		}
		r := plan.Responsible{ProfessionalID: roles.ID[roles.Professional](a.Holder.ID), Agency: a.Agency, AssignmentID: a.ID}
		var err error
		switch a.Role {
		case roles.Barnkontakt:
			err = d.SetBarnkontakt(r)
		case roles.Stodsamordnare:
			err = d.SetStodsamordnare(r)
		case roles.BarnetsTeam, roles.Narstaende:
			_, err = d.AddMember(plan.Member{
				ID: roles.ID[plan.Member](a.ID), Party: a.Holder, Role: a.Role, Agency: a.Agency, Period: a.Period,
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// plan reads the child's plan into the op's scratch (a second call replaces
// what the first returned); ok is false when the child has none. The plan
// may share memory with the store (adapters.Plans): it is read, never
// changed, and what a use case returns of it is a copy.
func (o *op) plan() (*plan.Plan, bool, error) {
	p, err := o.tx.Plans().ByChild(o.ctx, o.child.ID)
	switch {
	case errors.Is(err, adapters.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, o.fail(err)
	}
	o.sc.plan = p
	return &o.sc.plan, true, nil
}

// changePlan makes the next revision of p (a new plan when p.Revision is 0),
// stores it and adds its events.
func (o *op) changePlan(p *plan.Plan, summary string, edit func(*plan.Draft) error) (*plan.Plan, error) {
	next, err := p.Change(o.actor.Party, o.now, summary, edit)
	if err != nil {
		return nil, o.fail(err)
	}
	if p.Revision == 0 {
		if err := o.tx.Plans().Create(o.ctx, next); err != nil {
			return nil, o.fail(err)
		}
	} else {
		next.Revision = p.Revision
		if err := o.tx.Plans().Update(o.ctx, next); err != nil {
			return nil, o.fail(err)
		}
	}
	var prev *plan.Plan
	if p.Revision > 0 {
		prev = p
	}
	return next, o.planEvents(prev, next)
}

// planEvents adds plan.changed for the change from prev (nil for a new plan)
// to next, and item.assigned for each item added or moved to another agency.
func (o *op) planEvents(prev, next *plan.Plan) error {
	d := prev.Diff(next)
	ev := PlanChanged{
		PayloadHead: o.head(), PlanID: next.ID, Revision: next.Revision, FromRevision: d.FromRevision,
		Status: next.Status, Fields: d.Fields, Agencies: d.Agencies(), NextReview: next.NextReview,
	}
	if d.Status != nil {
		ev.PreviousStatus = d.Status.From
	}
	conv := func(xs []plan.ItemDiff) []ItemChange {
		var out []ItemChange
		for _, x := range xs {
			c := ItemChange{ItemID: x.ID, Agency: x.Agency, PreviousAgency: x.PreviousAgency, Fields: x.Fields}
			if x.Status != nil {
				c.From, c.To = x.Status.From, x.Status.To
			}
			out = append(out, c)
		}
		return out
	}
	ev.ItemsAdded, ev.ItemsRemoved, ev.ItemsChanged = conv(d.ItemsAdded), conv(d.ItemsRemoved), conv(d.ItemsChanged)
	if err := o.event(ev); err != nil {
		return err
	}
	assigned := func(x plan.ItemDiff) error {
		it, _ := next.Item(x.ID)
		if it.Agency == "" {
			return nil
		}
		return o.event(ItemAssigned{
			PayloadHead: o.head(), PlanID: next.ID, Revision: next.Revision, ItemID: it.ID,
			Agency: it.Agency, PreviousAgency: x.PreviousAgency, ProfessionalID: it.ProfessionalID,
			Start: it.Start, Due: it.Due,
		})
	}
	for _, x := range d.ItemsAdded {
		if err := assigned(x); err != nil {
			return err
		}
	}
	for _, x := range d.ItemsChanged {
		if slices.Contains(x.Fields, "agency") {
			if err := assigned(x); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsAgency(as []roles.Agency, a roles.Agency) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// errNoPlan is the error for a child without a plan.
func errNoPlan(child roles.ID[roles.Child]) error {
	return adapters.NotFoundBy(adapters.EntityPlan, "of child "+child.String())
}

// itemAgency returns the agency of the item with the ID in p, or "".
func itemAgency(p *plan.Plan, id roles.ID[plan.Item]) roles.Agency {
	for i := range p.Items {
		if p.Items[i].ID == id {
			return p.Items[i].Agency
		}
	}
	return ""
}
