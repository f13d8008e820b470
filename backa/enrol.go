package backa

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// EnrolRequest enrols a child in Backa barnet: the child, the guardians with
// custody, the first Barnkontakt and, optionally, the first members of the
// child's team.
type EnrolRequest struct {
	// Child is the child's record; a zero ID gets a new one. The personnummer
	// is unique among children: a child enrolled before is refused with an
	// error matching adapters.ErrAlreadyExists.
	Child roles.Child `json:"child"`
	// Guardians are the guardians with custody. A guardian already stored
	// (by ID, or else by personnummer, for instance a sibling's guardian) is
	// reused as stored; the others are created.
	Guardians []GuardianCustody `json:"guardians,omitempty"`
	// Barnkontakt is the professional who becomes the child's Barnkontakt from
	// Since; their agency must be one the policy allows for the child's age.
	Barnkontakt roles.ID[roles.Professional] `json:"barnkontakt"`
	// Team are professionals who join the child's team (barnets_team) from Since.
	Team []roles.ID[roles.Professional] `json:"team,omitempty"`
	// Since is when the child enters Backa barnet; zero means now. It may not
	// lie in the future.
	Since time.Time `json:"since,omitzero"`
}

// GuardianCustody is a guardian and when their custody of the child began.
type GuardianCustody struct {
	Guardian roles.Guardian `json:"guardian"`
	// Since is when custody began; zero means the child's birth.
	Since time.Time `json:"since,omitzero"`
}

// LogValue implements slog.LogValuer: IDs and counts only.
func (r EnrolRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.Child.ID.String()),
		slog.Int("guardians", len(r.Guardians)),
		slog.String("barnkontakt", r.Barnkontakt.String()),
		slog.Int("team", len(r.Team)),
	)
}

// Enrolment is what Enrol stored.
type Enrolment struct {
	ChildID     roles.ID[roles.Child]        `json:"childId"`
	Guardians   []roles.ID[roles.Guardian]   `json:"guardians,omitempty"`
	Custodies   []roles.ID[roles.Custody]    `json:"custodies,omitempty"`
	Barnkontakt roles.ID[roles.Assignment]   `json:"barnkontakt"`
	Team        []roles.ID[roles.Assignment] `json:"team,omitempty"`
}

// Enrol enrols a child in Backa barnet, in one transaction: the child,
// the guardians and their custody, the Barnkontakt and any team members.
//
// Access: a professional, deciding a write of grunduppgifter in their own
// agency over the child's records as they will be: so the one who enrols must
// be the Barnkontakt or one of the team members. The role assignments are
// checked with roles.ValidateAssignments (one Barnkontakt, from an agency the
// policy allows for the child's age). Event: child.enrolled.
func (s *Service) Enrol(ctx context.Context, actor roles.Actor, req EnrolRequest) (Enrolment, error) {
	o, err := s.newOp("enrol", actor, roles.PurposeSamordning)
	if err != nil {
		return Enrolment{}, err
	}
	// IDs before the transaction, so that a retried attempt writes the same.
	if req.Child.ID.IsZero() {
		req.Child.ID = roles.ID[roles.Child](o.id())
	}
	newGuardian := make([]roles.ID[roles.Guardian], len(req.Guardians))
	custodyIDs := make([]roles.ID[roles.Custody], len(req.Guardians))
	for i := range req.Guardians {
		newGuardian[i] = roles.ID[roles.Guardian](o.id())
		custodyIDs[i] = roles.ID[roles.Custody](o.id())
	}
	bkID := roles.ID[roles.Assignment](o.id())
	teamIDs := make([]roles.ID[roles.Assignment], len(req.Team))
	for i := range req.Team {
		teamIDs[i] = roles.ID[roles.Assignment](o.id())
	}
	since := req.Since
	if since.IsZero() {
		since = o.now
	}
	since = adapters.NormalizeTime(since)

	var out Enrolment
	err = s.exec(ctx, o, func(o *op) error {
		out = Enrolment{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		ve := &roles.ValidationError{Subject: "enrolment"}
		child := req.Child
		child.Revision = 0
		ve.Merge("child", child.Validate())
		if since.After(o.now) {
			ve.Add("since", "in_future", "enrolment cannot start in the future")
		}
		if req.Barnkontakt.IsZero() {
			ve.Add("barnkontakt", "required", "")
		}
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}

		// The guardians: stored ones reused, new ones to create.
		var recs roles.Records
		var create []roles.Guardian
		for i, gc := range req.Guardians {
			g, found, err := o.findGuardian(gc.Guardian)
			if err != nil {
				return err
			}
			if !found {
				g = gc.Guardian
				g.ID, g.Revision = newGuardian[i], 0
				ve.Merge(indexPath("guardians", i)+".guardian", g.Validate())
				create = append(create, g)
			}
			if hasGuardian(recs.Guardians, g.ID) {
				ve.Add(indexPath("guardians", i), "duplicate", "the same guardian twice")
				continue
			}
			recs.Guardians = append(recs.Guardians, g)
			start := gc.Since
			if start.IsZero() {
				start = child.BirthDate().Start()
			}
			c := roles.Custody{
				ID: custodyIDs[i], ChildID: child.ID, GuardianID: g.ID,
				Period:     roles.Period{Start: adapters.NormalizeTime(start)},
				RecordedBy: o.actor.Party, RecordedAt: o.now,
			}
			ve.Merge(indexPath("guardians", i)+".custody", c.Validate())
			recs.Custodies = append(recs.Custodies, c)
		}

		// The roles.
		bk, err := o.assignment(bkID, child.ID, roles.Barnkontakt, req.Barnkontakt, since, "barnkontakt", ve)
		if err != nil {
			return err
		}
		recs.Assignments = append(recs.Assignments, bk)
		for i, p := range req.Team {
			a, err := o.assignment(teamIDs[i], child.ID, roles.BarnetsTeam, p, since, indexPath("team", i), ve)
			if err != nil {
				return err
			}
			recs.Assignments = append(recs.Assignments, a)
		}
		if err := ve.Err(); err != nil {
			return o.fail(err)
		}
		if err := roles.ValidateAssignments(&child, recs.Assignments, o.now, &o.s.pol); err != nil {
			return o.fail(err)
		}

		if err := o.index(child, recs); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !d.ok {
			return o.deny(d)
		}

		tx, ctx := o.tx, o.ctx
		if err := tx.Children().Create(ctx, &child); err != nil {
			return o.fail(err)
		}
		for i := range create {
			if err := tx.Guardians().Create(ctx, &create[i]); err != nil {
				return o.fail(err)
			}
		}
		for i := range recs.Custodies {
			if err := tx.Custodies().Create(ctx, &recs.Custodies[i]); err != nil {
				return o.fail(err)
			}
			out.Custodies = append(out.Custodies, recs.Custodies[i].ID)
			out.Guardians = append(out.Guardians, recs.Custodies[i].GuardianID)
		}
		for i := range recs.Assignments {
			if err := tx.Assignments().Create(ctx, &recs.Assignments[i]); err != nil {
				return o.fail(err)
			}
		}
		out.ChildID, out.Barnkontakt = child.ID, bkID
		out.Team = append(out.Team, teamIDs...)
		return o.event(ChildEnrolled{
			PayloadHead: o.head(), Barnkontakt: roleRef(&recs.Assignments[0]), Guardians: out.Guardians,
		})
	})
	if err != nil {
		return Enrolment{}, err
	}
	return out, nil
}

// head returns the payload head for the op's child.
func (o *op) head() PayloadHead {
	return PayloadHead{Version: PayloadVersion, ChildID: o.child.ID,
		By: EventActor{Kind: o.actor.Party.Kind, Agency: o.actor.Agency, UnitID: o.actor.UnitID}}
}

// findGuardian returns the stored guardian g refers to, by ID or else by
// personnummer.
func (o *op) findGuardian(g roles.Guardian) (roles.Guardian, bool, error) {
	if !g.ID.IsZero() {
		stored, err := o.tx.Guardians().Get(o.ctx, g.ID)
		switch {
		case err == nil:
			return stored, true, nil
		case !errors.Is(err, adapters.ErrNotFound):
			return roles.Guardian{}, false, o.fail(err)
		}
	}
	if !g.Personnummer.Valid() {
		return roles.Guardian{}, false, nil
	}
	stored, err := o.tx.Guardians().ByPersonnummer(o.ctx, g.Personnummer)
	switch {
	case err == nil:
		return stored, true, nil
	case errors.Is(err, adapters.ErrNotFound):
		return roles.Guardian{}, false, nil
	}
	return roles.Guardian{}, false, o.fail(err)
}

// assignment returns a new assignment of role to the professional, from
// start, with the professional's agency and unit from their record; a missing
// professional is a problem at path in ve.
func (o *op) assignment(id roles.ID[roles.Assignment], child roles.ID[roles.Child], role roles.Role,
	prof roles.ID[roles.Professional], start time.Time, path string, ve *roles.ValidationError) (roles.Assignment, error) {
	a := roles.Assignment{
		ID: id, ChildID: child, Role: role, Holder: roles.ProfessionalParty(prof),
		Period: roles.Period{Start: start}, RecordedBy: o.actor.Party, RecordedAt: o.now,
	}
	if prof.IsZero() {
		ve.Add(path, "required", "")
		return a, nil
	}
	p, err := o.tx.Professionals().Get(o.ctx, prof)
	switch {
	case errors.Is(err, adapters.ErrNotFound):
		ve.Add(path, "unknown_professional", "no such professional")
		return a, nil
	case err != nil:
		return a, o.fail(err)
	}
	a.Agency, a.UnitID = p.Agency, p.UnitID
	return a, nil
}
