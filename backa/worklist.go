package backa

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// WorklistRequest asks for one page of a professional's worklist.
type WorklistRequest struct {
	// On is the day the worklist is for; zero means today (Swedish time).
	On roles.Date `json:"on,omitzero"`
	// DueWithinDays counts plans whose review date falls within this many days
	// of On as due for follow-up (those past it too).
	DueWithinDays int `json:"dueWithinDays,omitempty"`
	// Page pages through the children for whom the professional holds a role
	// (adapters.Children.OfProfessional).
	Page adapters.PageRequest `json:"page"`
	ReadOptions
}

// WorkItem is an item of a child's plan on a worklist.
type WorkItem struct {
	ChildID  roles.ID[roles.Child] `json:"childId"`
	PlanID   roles.ID[plan.Plan]   `json:"planId"`
	Revision int64                 `json:"revision"`
	Item     plan.Item             `json:"item"`
}

// FollowUpDueItem is a plan due for follow-up on a worklist.
type FollowUpDueItem struct {
	ChildID    roles.ID[roles.Child] `json:"childId"`
	PlanID     roles.ID[plan.Plan]   `json:"planId"`
	Revision   int64                 `json:"revision"`
	NextReview roles.Date            `json:"nextReview"`
}

// ConcernNotice is a concern that went to the professional as Barnkontakt:
// that it exists, from which agency, when, and whether it was reported to
// social services. Its content is read through Concerns.
type ConcernNotice struct {
	ChildID   roles.ID[roles.Child]           `json:"childId"`
	ConcernID roles.ID[behovskompass.Concern] `json:"concernId"`
	Agency    roles.Agency                    `json:"agency,omitempty"`
	RaisedAt  time.Time                       `json:"raisedAt"`
	Reported  bool                            `json:"reported"`
}

// Worklist is one page of a professional's worklist.
type Worklist struct {
	// Items are the active plans' items the professional is responsible for
	// (Item.ProfessionalID), not ended, ordered as plan.Schedule orders them,
	// child by child.
	Items []WorkItem `json:"items,omitempty"`
	// Overdue are the active plans' items of the professional's agency that
	// are overdue on the day (plan.Overdue).
	Overdue []WorkItem `json:"overdue,omitempty"`
	// FollowUps are the active plans due for follow-up.
	FollowUps []FollowUpDueItem `json:"followUps,omitempty"`
	// Concerns are the concerns that went to the professional as Barnkontakt
	// and are not yet reported to social services, newest first.
	Concerns []ConcernNotice `json:"concerns,omitempty"`
	// ProtectedLeftOut counts children with a protected identity left out for
	// want of ReadOptions.ConfirmProtected.
	ProtectedLeftOut int `json:"protectedLeftOut,omitempty"`
	// Next is the cursor of the next page of children, or "".
	Next string `json:"next,omitempty"`
}

// Worklist returns one page of a professional's worklist: for the children
// for whom they hold a role now, the items they are responsible for, their
// agency's overdue items, the plans due for follow-up and the concerns that
// went to them as Barnkontakt.
//
// The children are those adapters.Children.OfProfessional lists: items that
// name the professional in a plan of a child for whom they hold no role are
// not found (adapters has no query of the items of one professional).
//
// Access: per child, a read of the plan in the professional's own agency
// (one audit entry each), and when concerns went to them, a read of oro in
// their own agency; only their own agency's items are listed. Children with
// a protected identity need opts.ConfirmProtected; without it they are left
// out (and counted), and the refusal is audited.
func (s *Service) Worklist(ctx context.Context, actor roles.Actor, req WorklistRequest) (Worklist, error) {
	o, err := s.newOp("worklist", actor, req.purpose())
	if err != nil {
		return Worklist{}, err
	}
	on := req.On
	if on.IsZero() {
		on = roles.DateOf(o.now)
	}
	var out Worklist
	err = s.exec(ctx, o, func(o *op) error {
		out = Worklist{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Read, roles.CategoryPlan); err != nil {
			return err
		}
		me := roles.ID[roles.Professional](o.actor.Party.ID)
		children, err := o.tx.Children().OfProfessional(o.ctx, me, o.now, req.Page)
		if err != nil {
			return o.fail(err)
		}
		out.Next = children.Next
		for _, c := range children.Items {
			if err := o.loadChild(c.ID); err != nil {
				return err
			}
			if err := o.worklistOf(&out, me, on, req); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Worklist{}, err
	}
	return out, nil
}

// worklistOf adds the op's child's part of the worklist.
func (o *op) worklistOf(out *Worklist, me roles.ID[roles.Professional], on roles.Date, req WorklistRequest) error {
	p, ok, err := o.plan()
	if err != nil {
		return err
	}
	concerns, err := o.tx.Concerns().OfChild(o.ctx, o.child.ID)
	if err != nil {
		return o.fail(err)
	}
	mine := concerns[:0:0]
	for _, c := range concerns {
		if c.Barnkontakt.ProfessionalID == me && !c.ReportedToSocialServices() {
			mine = append(mine, c)
		}
	}
	if ok && p.Status == plan.Aktiv {
		d := o.decideView(o.readRequest(roles.CategoryPlan, o.actor.Agency), req.ConfirmProtected)
		switch {
		case d.ok:
			for _, it := range plan.Schedule(p) {
				if it.ProfessionalID == me && it.Agency == o.actor.Agency && !it.Status.Terminal() {
					out.Items = append(out.Items, WorkItem{ChildID: o.child.ID, PlanID: p.ID, Revision: p.Revision, Item: it.Clone()})
				}
			}
			for _, it := range plan.Overdue(p, on) {
				if it.Agency == o.actor.Agency {
					out.Overdue = append(out.Overdue, WorkItem{ChildID: o.child.ID, PlanID: p.ID, Revision: p.Revision, Item: it.Clone()})
				}
			}
			if !p.NextReview.IsZero() && !p.NextReview.After(on.AddDays(max(req.DueWithinDays, 0))) {
				out.FollowUps = append(out.FollowUps, FollowUpDueItem{
					ChildID: o.child.ID, PlanID: p.ID, Revision: p.Revision, NextReview: p.NextReview,
				})
			}
		case d.Allowed:
			out.ProtectedLeftOut++
			return nil
		}
	}
	if len(mine) == 0 {
		return nil
	}
	d := o.decideView(o.readRequest(roles.CategoryOro, o.actor.Agency), req.ConfirmProtected)
	switch {
	case d.ok:
		for _, c := range mine {
			out.Concerns = append(out.Concerns, ConcernNotice{
				ChildID: o.child.ID, ConcernID: c.ID, Agency: c.Agency, RaisedAt: c.RaisedAt,
				Reported: c.ReportedToSocialServices(),
			})
		}
	case d.Allowed && !(ok && p.Status == plan.Aktiv):
		out.ProtectedLeftOut++
	}
	return nil
}

// ConcernsView is the concerns about a child as one reader may see them.
type ConcernsView struct {
	// Concerns are the concerns the reader may read, newest first.
	Concerns []behovskompass.Concern `json:"concerns,omitempty"`
	// Withheld are markers for concerns the reader may not read but may know
	// of: those that went to the reader as Barnkontakt, and others as
	// Withheld says.
	Withheld []ConcernNotice `json:"withheld,omitempty"`
}

// Concerns returns the concerns about the child that the reader may read.
//
// Access: a professional reads oro in their own agency (an active role for
// the child there; refused otherwise) and the concerns of other agencies on a
// consent or a legal basis from each, one decision per agency. A concern the
// reader may not read is listed as a notice without its content when it went
// to the reader as Barnkontakt, or when its agency takes part in the child's
// Backa barnet (as for Withheld).
func (s *Service) Concerns(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], opts ReadOptions) (ConcernsView, error) {
	o, err := s.newOp("read concerns", actor, opts.purpose())
	if err != nil {
		return ConcernsView{}, err
	}
	var out ConcernsView
	err = s.exec(ctx, o, func(o *op) error {
		out = ConcernsView{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Read, roles.CategoryOro); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		own := o.actor.Agency
		if d := o.decideView(o.readRequest(roles.CategoryOro, own), opts.ConfirmProtected); !d.ok {
			return o.deny(d)
		}
		cs, err := o.tx.Concerns().OfChild(o.ctx, o.child.ID)
		if err != nil {
			return o.fail(err)
		}
		me := roles.ID[roles.Professional](o.actor.Party.ID)
		verdict := map[roles.Agency]bool{own: true}
		for _, c := range cs {
			ok, seen := verdict[c.Agency]
			if !seen {
				ok = o.decideView(o.readRequest(roles.CategoryOro, c.Agency), opts.ConfirmProtected).ok
				verdict[c.Agency] = ok
			}
			switch {
			case ok:
				out.Concerns = append(out.Concerns, c)
			case c.Barnkontakt.ProfessionalID == me || o.marker(c.Agency):
				out.Withheld = append(out.Withheld, ConcernNotice{
					ChildID: o.child.ID, ConcernID: c.ID, Agency: c.Agency, RaisedAt: c.RaisedAt,
					Reported: c.ReportedToSocialServices(),
				})
			}
		}
		return nil
	})
	if err != nil {
		return ConcernsView{}, err
	}
	return out, nil
}

// RemindFollowUps raises a plan.follow_up_due event for every active plan
// whose review date is on or before on, once per plan and review date (a
// second call for the same date raises none), and returns how many it raised.
// It is meant for a daily job: it acts for no person, reads review dates and
// IDs only, and so is not audited.
func (s *Service) RemindFollowUps(ctx context.Context, on roles.Date) (int, error) {
	if !on.Valid() {
		return 0, fmt.Errorf("backa: remind follow-ups: invalid date: %w", roles.ErrInvalid)
	}
	now := adapters.NormalizeTime(s.now())
	n := 0
	err := s.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		n = 0
		page := adapters.PageRequest{Limit: adapters.MaxPageLimit}
		for {
			ps, err := tx.Plans().DueForFollowUp(ctx, on, page)
			if err != nil {
				return err
			}
			for i := range ps.Items {
				p := &ps.Items[i]
				id := followUpEventID(p.ID, p.NextReview)
				_, err := tx.Outbox().Get(ctx, id)
				switch {
				case err == nil:
					continue
				case !errors.Is(err, adapters.ErrNotFound):
					return err
				}
				b, err := marshalPayload(FollowUpDue{
					PayloadHead: PayloadHead{Version: PayloadVersion, ChildID: p.ChildID},
					PlanID:      p.ID, Revision: p.Revision, NextReview: p.NextReview, Agencies: p.Agencies(),
				})
				if err != nil {
					return err
				}
				e := adapters.Event{ID: id, ChildID: p.ChildID, Type: string(EventFollowUpDue), At: now, Payload: b}
				if err := tx.Outbox().Append(ctx, &e); err != nil {
					return err
				}
				n++
			}
			if ps.Next == "" {
				return nil
			}
			page.Cursor = ps.Next
		}
	})
	if err != nil {
		return 0, fmt.Errorf("backa: remind follow-ups: %w", err)
	}
	return n, nil
}

// followUpEventID is the ID of the follow-up reminder of a plan for one review
// date: a UUIDv7 whose time is the start of the review date and whose random
// bits come from the plan's ID and the date, so that a reminder is raised
// once.
func followUpEventID(p roles.ID[plan.Plan], d roles.Date) roles.ID[adapters.Event] {
	var in [16 + 8 + 9]byte
	copy(in[:16], p[:])
	binary.BigEndian.PutUint32(in[16:], uint32(d.Year))
	in[20], in[21] = byte(d.Month), byte(d.Day)
	copy(in[24:], "follow-up")
	h := sha256.Sum256(in[:])
	var u uuid.UUID
	ms := uint64(d.Start().UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	copy(u[6:], h[:10])
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return roles.ID[adapters.Event](u)
}
