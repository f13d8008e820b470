package roles

import (
	"slices"
	"strconv"
	"time"
)

// Assignment gives a person a role towards one child for a period: the
// Barnkontakt, the Stödsamordnare, membership of the Barnteam or of the child's
// own team (Individuellt barnteam), a närstående taking part. Every change
// records who made it and when. Guardianship is recorded as Custody, not here.
type Assignment struct {
	ID      ID[Assignment] `json:"id" validate:"required"`
	ChildID ID[Child]      `json:"childId" validate:"required"`
	Role    Role           `json:"role" validate:"required,code"`
	// Holder is who has the role: a professional for professional roles, a
	// related person for Närstående.
	Holder Party `json:"holder"`
	// Agency is the holder's agency; required for professional roles.
	Agency Agency `json:"agency,omitempty" validate:"omitempty,code"`
	// UnitID is the holder's unit, where known.
	UnitID     ID[Unit]  `json:"unitId,omitzero"`
	Period     Period    `json:"period"`
	RecordedBy Party     `json:"recordedBy"`
	RecordedAt time.Time `json:"recordedAt"`
	Revision   int64     `json:"revision"`
}

// ActiveAt reports whether the assignment is in force at t.
func (a *Assignment) ActiveAt(t time.Time) bool { return a.Period.Contains(t) }

// Validate checks one assignment on its own; ValidateAssignments checks the
// rules across a child's assignments.
func (a *Assignment) Validate() error {
	ve := &ValidationError{Subject: "assignment"}
	a.check(ve, "")
	return ve.Err()
}

func (a *Assignment) check(ve *ValidationError, prefix string) {
	CheckStruct(ve, prefix, a)
	p := func(field string) string {
		if prefix == "" {
			return field
		}
		return prefix + "." + field
	}
	if !a.Period.Valid() {
		ve.Add(p("period"), "period", "a start is required and the end must come after it")
	}
	switch {
	case a.Role.IsProfessional():
		if a.Holder.Kind != PartyProfessional && !a.Holder.IsZero() {
			ve.Add(p("holder.kind"), "holder_kind", "a professional role is held by a professional")
		}
		if a.Agency == "" {
			ve.Add(p("agency"), "required", "a professional role needs the holder's agency")
		}
	case a.Role == Narstaende:
		if a.Holder.Kind != PartyRelated && !a.Holder.IsZero() {
			ve.Add(p("holder.kind"), "holder_kind", "a närstående is a related person")
		}
	case a.Role == Vardnadshavare || a.Role == Barn:
		ve.Add(p("role"), "role", "guardians are recorded as custody and the child as the child, not as assignments")
	}
	if a.RecordedAt.IsZero() {
		ve.Add(p("recordedAt"), "required", "a value is required")
	}
}

// ActiveAssignments returns the assignments of role active at t (all roles
// when role is ""), in the order given.
func ActiveAssignments(as []Assignment, role Role, t time.Time) []Assignment {
	var out []Assignment
	for i := range as {
		if (role == "" || as[i].Role == role) && as[i].ActiveAt(t) {
			out = append(out, as[i])
		}
	}
	return out
}

// ValidateAssignments checks the invariants of DOMAIN.md over all the role
// assignments of one child, at time at, and returns a *ValidationError listing
// every broken rule (paths index into as: "[2].period") or nil:
//
//   - each assignment is valid on its own and belongs to child ("child");
//   - exactly one Barnkontakt is active at at ("barnkontakt_missing" when none);
//   - Barnkontakt periods neither overlap nor leave a gap: at a handover the
//     old one ends exactly when the new one starts ("barnkontakt_overlap",
//     "barnkontakt_gap");
//   - each Barnkontakt is from an agency pol allows for the child's age when the
//     assignment starts, and the active one also for the age at at
//     ("barnkontakt_agency"); a nil pol means DefaultPolicy;
//   - Stödsamordnare periods do not overlap: at most one at a time
//     ("stodsamordnare_overlap");
//   - the same person does not hold any other role twice at once ("duplicate_role").
func ValidateAssignments(child *Child, as []Assignment, at time.Time, pol *Policy) error {
	ve := &ValidationError{Subject: "assignments"}
	if child == nil {
		ve.Add("", "child", "the child is required")
		return ve
	}
	if pol == nil {
		def := DefaultPolicy()
		pol = &def
	}
	path := func(i int, field string) string {
		s := "[" + strconv.Itoa(i) + "]"
		if field != "" {
			s += "." + field
		}
		return s
	}
	for i := range as {
		as[i].check(ve, path(i, ""))
		if as[i].ChildID != child.ID {
			ve.Add(path(i, "childId"), "child", "the assignment belongs to another child")
		}
	}
	// byStart returns the indexes of the assignments of role r with a valid
	// period, ordered by start.
	byStart := func(r Role) []int {
		var out []int
		for i := range as {
			if as[i].Role == r && as[i].Period.Valid() {
				out = append(out, i)
			}
		}
		slices.SortStableFunc(out, func(a, b int) int { return as[a].Period.Start.Compare(as[b].Period.Start) })
		return out
	}
	// sweep calls f for each assignment in idx after the first with the end of
	// the time covered by the ones before it (open when one of them is open-ended).
	sweep := func(idx []int, f func(i int, end time.Time, open bool)) {
		var end time.Time
		open := false
		for n, i := range idx {
			p := as[i].Period
			if n > 0 {
				f(i, end, open)
			}
			if p.End.IsZero() {
				open = true
			} else if p.End.After(end) {
				end = p.End
			}
		}
	}

	bk := byStart(Barnkontakt)
	active := 0
	for _, i := range bk {
		a := &as[i]
		if a.ActiveAt(at) {
			active++
			if a.Agency.Valid() && !pol.BarnkontaktEligible(a.Agency, child.AgeAt(at)) {
				ve.Add(path(i, "agency"), "barnkontakt_agency", "this agency may not provide the Barnkontakt for the child's present age; hand over")
			}
		}
		if a.Agency.Valid() && !pol.BarnkontaktEligible(a.Agency, child.AgeAt(a.Period.Start)) {
			ve.Add(path(i, "agency"), "barnkontakt_agency", "this agency may not provide the Barnkontakt for the child's age at the start")
		}
	}
	sweep(bk, func(i int, end time.Time, open bool) {
		switch start := as[i].Period.Start; {
		case open || end.After(start):
			ve.Add(path(i, "period"), "barnkontakt_overlap", "two Barnkontakt periods overlap; the old one must end when the new one starts")
		case end.Before(start):
			ve.Add(path(i, "period"), "barnkontakt_gap", "a gap between two Barnkontakt periods; the old one must end when the new one starts")
		}
	})
	if active == 0 {
		ve.Add("", "barnkontakt_missing", "no Barnkontakt is active; every child has exactly one")
	}
	sweep(byStart(Stodsamordnare), func(i int, end time.Time, open bool) {
		if open || end.After(as[i].Period.Start) {
			ve.Add(path(i, "period"), "stodsamordnare_overlap", "two Stödsamordnare periods overlap; there is at most one at a time")
		}
	})
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			a, b := &as[i], &as[j]
			if a.Role == b.Role && a.Role != Barnkontakt && a.Role != Stodsamordnare &&
				a.Holder == b.Holder && a.Period.Valid() && b.Period.Valid() && a.Period.Overlaps(b.Period) {
				ve.Add(path(j, "period"), "duplicate_role", "the same person holds the same role twice at once")
			}
		}
	}
	return ve.Err()
}
