package backa

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// RoleRequest gives a professional a role towards a child from a moment on:
// the Barnkontakt (AssignBarnkontakt) or the Stödsamordnare
// (AppointStodsamordnare).
type RoleRequest struct {
	ChildID      roles.ID[roles.Child]        `json:"childId"`
	Professional roles.ID[roles.Professional] `json:"professional"`
	// From is when the new holder takes over and the old one's period ends;
	// zero means now. A handover may be planned ahead; it may not be dated
	// before now.
	From time.Time `json:"from,omitzero"`
}

// RoleChange is what a role change stored.
type RoleChange struct {
	// Assignment is the new holder's assignment.
	Assignment roles.ID[roles.Assignment] `json:"assignment"`
	// Ended is the assignment that ends when the new one starts, if any.
	Ended roles.ID[roles.Assignment] `json:"ended,omitzero"`
	// PlanRevision is the revision of the child's plan that names the new
	// holder, when the plan followed the change (0 when it did not).
	PlanRevision int64 `json:"planRevision,omitempty"`
}

// AssignBarnkontakt makes a professional the child's Barnkontakt from
// req.From, handing over from the present one, whose period ends exactly
// then (no gap, no overlap). roles.ValidateAssignments checks the result,
// including that the agency may provide the Barnkontakt for the child's age.
// When the handover takes effect now and the child has a plan that is not
// closed, the plan follows in the same transaction (a new revision naming the
// new Barnkontakt).
//
// Access: a write of grunduppgifter in the actor's own agency (an active
// role for the child there). Events: barnkontakt.changed, and plan.changed
// when the plan followed.
func (s *Service) AssignBarnkontakt(ctx context.Context, actor roles.Actor, req RoleRequest) (RoleChange, error) {
	return s.changeRole(ctx, actor, "assign barnkontakt", roles.Barnkontakt, req)
}

// AppointStodsamordnare makes a professional the child's Stödsamordnare, who
// holds the overall responsibility for the plan, from req.From; a present
// Stödsamordnare's period ends exactly then. The rest is as for
// AssignBarnkontakt. Events: stodsamordnare.changed, and plan.changed when the
// plan followed.
func (s *Service) AppointStodsamordnare(ctx context.Context, actor roles.Actor, req RoleRequest) (RoleChange, error) {
	return s.changeRole(ctx, actor, "appoint stodsamordnare", roles.Stodsamordnare, req)
}

func (s *Service) changeRole(ctx context.Context, actor roles.Actor, name string, role roles.Role, req RoleRequest) (RoleChange, error) {
	o, err := s.newOp(name, actor, roles.PurposeSamordning)
	if err != nil {
		return RoleChange{}, err
	}
	newID := roles.ID[roles.Assignment](o.id())
	from := req.From
	if from.IsZero() {
		from = o.now
	}
	from = adapters.NormalizeTime(from)
	var out RoleChange
	err = s.exec(ctx, o, func(o *op) error {
		out = RoleChange{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(req.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		ve := &roles.ValidationError{Subject: "role change"}
		if from.Before(o.now) {
			ve.Add("from", "in_past", "a role cannot be handed over before now")
		}
		a, err := o.assignment(newID, o.child.ID, role, req.Professional, from, "professional", ve)
		if err != nil {
			return err
		}
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}
		all := append([]roles.Assignment(nil), o.recs.Assignments...)
		var old *roles.Assignment
		for i := range all {
			if all[i].Role == role && all[i].ActiveAt(from) {
				old = &all[i]
			}
		}
		if old != nil && old.Holder == a.Holder && old.Agency == a.Agency && old.UnitID == a.UnitID {
			out.Assignment = old.ID // already the holder: nothing to change
			return nil
		}
		if old != nil {
			old.Period.End = from
		}
		all = append(all, a)
		at := o.now
		if from.After(at) {
			at = from
		}
		if err := roles.ValidateAssignments(&o.child, all, at, &o.s.pol); err != nil {
			return o.fail(err)
		}

		var prev *RoleRef
		if old != nil {
			if err := o.tx.Assignments().Update(o.ctx, old); err != nil {
				return o.fail(err)
			}
			r := roleRef(old)
			prev, out.Ended = &r, old.ID
		}
		if err := o.tx.Assignments().Create(o.ctx, &a); err != nil {
			return o.fail(err)
		}
		out.Assignment = a.ID
		if err := o.event(RoleChanged{PayloadHead: o.head(), To: roleRef(&a), From: prev}); err != nil {
			return err
		}
		if from.After(o.now) {
			return nil
		}
		// The plan follows the role assignments.
		p, ok, err := o.plan()
		if err != nil || !ok || p.Status == plan.Avslutad {
			return err
		}
		r := plan.Responsible{ProfessionalID: roles.ID[roles.Professional](a.Holder.ID), Agency: a.Agency, AssignmentID: a.ID}
		summary := "Barnkontakt bytt"
		if role == roles.Stodsamordnare {
			summary = "Stödsamordnare utsedd"
		}
		next, err := o.changePlan(p, summary, func(d *plan.Draft) error {
			if role == roles.Stodsamordnare {
				return d.SetStodsamordnare(r)
			}
			return d.SetBarnkontakt(r)
		})
		if err != nil {
			return err
		}
		out.PlanRevision = next.Revision
		return nil
	})
	if err != nil {
		return RoleChange{}, err
	}
	return out, nil
}

// TeamRequest changes the child's team (individuellt barnteam): members join
// and leave at one moment.
type TeamRequest struct {
	ChildID roles.ID[roles.Child] `json:"childId"`
	// Add are the members who join.
	Add []TeamMember `json:"add,omitempty"`
	// End are the team assignments (barnets_team, barnteam, narstaende) that
	// end.
	End []roles.ID[roles.Assignment] `json:"end,omitempty"`
	// At is when they join and leave; zero means now. It may not lie in the
	// past.
	At time.Time `json:"at,omitzero"`
}

// TeamMember is a member who joins the child's team: a professional, or a
// närstående (close person) taking part on the family's wish.
type TeamMember struct {
	// Professional is a professional member; their agency and unit come from
	// their record.
	Professional roles.ID[roles.Professional] `json:"professional,omitzero"`
	// Role is the professional's role: roles.BarnetsTeam (the default) or
	// roles.Barnteam (a member of the standing team at a unit).
	Role roles.Role `json:"role,omitempty"`
	// Related is a närstående; stored when no related person has its ID
	// (a zero ID gets a new one).
	Related *roles.RelatedPerson `json:"related,omitempty"`
}

// TeamChange is what ChangeTeam stored.
type TeamChange struct {
	// Added are the new members' assignments, in request order.
	Added []roles.ID[roles.Assignment] `json:"added,omitempty"`
	// PlanRevision is the revision of the child's plan whose team followed the
	// change (0 when it did not).
	PlanRevision int64 `json:"planRevision,omitempty"`
}

// ChangeTeam adds members to the child's team and ends memberships, at one
// moment. Professionals join as roles.BarnetsTeam (or roles.Barnteam)
// assignments, närstående as roles.Narstaende assignments. When the child has
// a plan that is not closed, its team follows in the same transaction
// (members of the child's own team and närstående; a plan.Member has the ID
// of its assignment).
//
// Access: a write of grunduppgifter in the actor's own agency. Events:
// team.changed, and plan.changed when the plan followed.
func (s *Service) ChangeTeam(ctx context.Context, actor roles.Actor, req TeamRequest) (TeamChange, error) {
	o, err := s.newOp("change team", actor, roles.PurposeSamordning)
	if err != nil {
		return TeamChange{}, err
	}
	ids := make([]roles.ID[roles.Assignment], len(req.Add))
	relIDs := make([]roles.ID[roles.RelatedPerson], len(req.Add))
	for i := range req.Add {
		ids[i] = roles.ID[roles.Assignment](o.id())
		relIDs[i] = roles.ID[roles.RelatedPerson](o.id())
	}
	at := req.At
	if at.IsZero() {
		at = o.now
	}
	at = adapters.NormalizeTime(at)
	var out TeamChange
	err = s.exec(ctx, o, func(o *op) error {
		out = TeamChange{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(req.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}
		ve := &roles.ValidationError{Subject: "team change"}
		if at.Before(o.now) {
			ve.Add("at", "in_past", "the team cannot change before now")
		}
		if len(req.Add) == 0 && len(req.End) == 0 {
			ve.Add("", "empty", "nothing to change")
		}
		all := append([]roles.Assignment(nil), o.recs.Assignments...)
		var ended []int
		for i, id := range req.End {
			j := indexAssignment(all, id)
			path := indexPath("end", i)
			switch {
			case j < 0:
				ve.Add(path, "unknown_assignment", "no such assignment of the child")
			case !isTeamRole(all[j].Role):
				ve.Add(path, "not_team", "only team memberships end here")
			case !all[j].ActiveAt(at) && !all[j].Period.Start.After(at):
				ve.Add(path, "ended", "the membership has ended")
			default:
				all[j].Period.End = at
				ended = append(ended, j)
			}
		}
		var rels []roles.RelatedPerson
		var added []roles.Assignment
		for i, m := range req.Add {
			path := indexPath("add", i)
			var a roles.Assignment
			switch {
			case m.Related != nil && !m.Professional.IsZero():
				ve.Add(path, "one_of", "a professional or a närstående, not both")
				continue
			case m.Related != nil:
				r, create, err := o.related(*m.Related, relIDs[i], path+".related", ve)
				if err != nil {
					return err
				}
				if create {
					rels = append(rels, r)
				}
				a = roles.Assignment{
					ID: ids[i], ChildID: o.child.ID, Role: roles.Narstaende, Holder: roles.RelatedParty(r.ID),
					Period: roles.Period{Start: at}, RecordedBy: o.actor.Party, RecordedAt: o.now,
				}
			default:
				role := m.Role
				if role == "" {
					role = roles.BarnetsTeam
				}
				if role != roles.BarnetsTeam && role != roles.Barnteam {
					ve.Add(path+".role", "team_role", "barnets_team or barnteam")
				}
				var err error
				a, err = o.assignment(ids[i], o.child.ID, role, m.Professional, at, path+".professional", ve)
				if err != nil {
					return err
				}
			}
			added = append(added, a)
		}
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}
		all = append(all, added...)
		if err := roles.ValidateAssignments(&o.child, all, at, &o.s.pol); err != nil {
			return o.fail(err)
		}

		ev := TeamChanged{PayloadHead: o.head()}
		for _, j := range ended {
			if err := o.tx.Assignments().Update(o.ctx, &all[j]); err != nil {
				return o.fail(err)
			}
			ev.Ended = append(ev.Ended, roleRef(&all[j]))
		}
		for i := range rels {
			if err := o.tx.RelatedPersons().Create(o.ctx, &rels[i]); err != nil {
				return o.fail(err)
			}
		}
		for i := range added {
			if err := o.tx.Assignments().Create(o.ctx, &added[i]); err != nil {
				return o.fail(err)
			}
			out.Added = append(out.Added, added[i].ID)
			ev.Added = append(ev.Added, roleRef(&added[i]))
		}
		if err := o.event(ev); err != nil {
			return err
		}

		// The plan's team follows.
		p, ok, err := o.plan()
		if err != nil || !ok || p.Status == plan.Avslutad {
			return err
		}
		var endIDs []roles.ID[plan.Member]
		for _, j := range ended {
			id := roles.ID[plan.Member](all[j].ID)
			if hasMember(p, id) {
				endIDs = append(endIDs, id)
			}
		}
		var members []plan.Member
		for _, a := range added {
			if a.Role != roles.BarnetsTeam && a.Role != roles.Narstaende {
				continue
			}
			members = append(members, plan.Member{
				ID: roles.ID[plan.Member](a.ID), Party: a.Holder, Role: a.Role, Agency: a.Agency, Period: a.Period,
			})
		}
		if len(endIDs) == 0 && len(members) == 0 {
			return nil
		}
		next, err := o.changePlan(p, "Barnets team ändrat", func(d *plan.Draft) error {
			for _, id := range endIDs {
				if err := d.EndMember(id, at); err != nil {
					return err
				}
			}
			for _, m := range members {
				if _, err := d.AddMember(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		out.PlanRevision = next.Revision
		return nil
	})
	if err != nil {
		return TeamChange{}, err
	}
	return out, nil
}

// related returns the stored related person r refers to, or r to create
// (with id when it has none).
func (o *op) related(r roles.RelatedPerson, id roles.ID[roles.RelatedPerson], path string, ve *roles.ValidationError) (roles.RelatedPerson, bool, error) {
	if !r.ID.IsZero() {
		stored, err := o.tx.RelatedPersons().Get(o.ctx, r.ID)
		switch {
		case err == nil:
			return stored, false, nil
		case !errors.Is(err, adapters.ErrNotFound):
			return r, false, o.fail(err)
		}
	} else {
		r.ID = id
	}
	r.Revision = 0
	ve.Merge(path, r.Validate())
	return r, true, nil
}

func isTeamRole(r roles.Role) bool {
	return r == roles.BarnetsTeam || r == roles.Barnteam || r == roles.Narstaende
}

func indexAssignment(as []roles.Assignment, id roles.ID[roles.Assignment]) int {
	for i := range as {
		if as[i].ID == id {
			return i
		}
	}
	return -1
}

func hasMember(p *plan.Plan, id roles.ID[plan.Member]) bool {
	for i := range p.Team {
		if p.Team[i].ID == id {
			return true
		}
	}
	return false
}

func indexPath(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }
