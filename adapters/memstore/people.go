package memstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

type (
	child          = roles.Child
	childID        = roles.ID[roles.Child]
	guardian       = roles.Guardian
	guardianID     = roles.ID[roles.Guardian]
	custody        = roles.Custody
	custodyID      = roles.ID[roles.Custody]
	related        = roles.RelatedPerson
	relatedID      = roles.ID[roles.RelatedPerson]
	organisation   = roles.Organisation
	organisationID = roles.ID[roles.Organisation]
	unit           = roles.Unit
	unitID         = roles.ID[roles.Unit]
	professional   = roles.Professional
	professionalID = roles.ID[roles.Professional]
	assignment     = roles.Assignment
	assignmentID   = roles.ID[roles.Assignment]
)

var norm = adapters.NormalizeTime

func normPeriod(p *roles.Period) { p.Start, p.End = norm(p.Start), norm(p.End) }

func cloneContact(c *roles.Contact) *roles.Contact {
	if c == nil || *c == (roles.Contact{}) {
		return nil
	}
	cc := *c
	return &cc
}

// pnrKeys files a record under its personnummer, when it has one.
func pnrKeys(p roles.Personnummer, out []ikey) []ikey {
	if !p.IsZero() {
		out = append(out, kPnr(p))
	}
	return out
}

// Index keys.
func kChild(id childID) ikey               { return ikey{tag: keyChild, id: id} }
func kGuardian(id guardianID) ikey         { return ikey{tag: keyGuardian, id: id} }
func kUnit(id unitID) ikey                 { return ikey{tag: keyUnit, id: id} }
func kOrg(id organisationID) ikey          { return ikey{tag: keyOrganisation, id: id} }
func kProfessional(id professionalID) ikey { return ikey{tag: keyProfessional, id: id} }
func kHolder(p roles.Party) ikey           { return ikey{tag: keyHolder, id: p.ID, s: string(p.Kind)} }
func kPnr(p roles.Personnummer) ikey       { return ikey{tag: keyPersonnummer, pnr: p} }
func kAgency(a roles.Agency) ikey          { return ikey{tag: keyAgency, s: string(a)} }

var kActive = ikey{tag: keyActive}

var childKind = kind[childID, child]{
	entity: adapters.EntityChild,
	id:     func(v *child) childID { return v.ID },
	rev:    func(v *child) *int64 { return &v.Revision },
	clone: func(v *child) child {
		c := *v
		c.Contact = cloneContact(v.Contact)
		return c
	},
	indexes: []indexDef[child]{
		{keys: func(v *child, out []ikey) []ikey { return pnrKeys(v.Personnummer, out) }, unique: true, desc: "with that personnummer"},
	},
}

var guardianKind = kind[guardianID, guardian]{
	entity: adapters.EntityGuardian,
	id:     func(v *guardian) guardianID { return v.ID },
	rev:    func(v *guardian) *int64 { return &v.Revision },
	clone: func(v *guardian) guardian {
		c := *v
		c.Contact = cloneContact(v.Contact)
		return c
	},
	indexes: []indexDef[guardian]{
		{keys: func(v *guardian, out []ikey) []ikey { return pnrKeys(v.Personnummer, out) }, unique: true, desc: "with that personnummer"},
	},
}

var custodyKind = kind[custodyID, custody]{
	entity: adapters.EntityCustody,
	id:     func(v *custody) custodyID { return v.ID },
	rev:    func(v *custody) *int64 { return &v.Revision },
	clone:  func(v *custody) custody { return *v },
	normalize: func(v *custody) {
		normPeriod(&v.Period)
		v.RecordedAt = norm(v.RecordedAt)
	},
	indexes: []indexDef[custody]{
		{keys: func(v *custody, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
		{keys: func(v *custody, out []ikey) []ikey { return append(out, kGuardian(v.GuardianID)) }},
	},
}

var relatedKind = kind[relatedID, related]{
	entity: adapters.EntityRelatedPerson,
	id:     func(v *related) relatedID { return v.ID },
	rev:    func(v *related) *int64 { return &v.Revision },
	clone:  func(v *related) related { return *v },
}

var organisationKind = kind[organisationID, organisation]{
	entity: adapters.EntityOrganisation,
	id:     func(v *organisation) organisationID { return v.ID },
	rev:    func(v *organisation) *int64 { return &v.Revision },
	clone:  func(v *organisation) organisation { return *v },
}

var unitKind = kind[unitID, unit]{
	entity: adapters.EntityUnit,
	id:     func(v *unit) unitID { return v.ID },
	rev:    func(v *unit) *int64 { return &v.Revision },
	clone:  func(v *unit) unit { return *v },
	indexes: []indexDef[unit]{
		{keys: func(v *unit, out []ikey) []ikey { return append(out, kOrg(v.OrganisationID)) }},
	},
}

var professionalKind = kind[professionalID, professional]{
	entity: adapters.EntityProfessional,
	id:     func(v *professional) professionalID { return v.ID },
	rev:    func(v *professional) *int64 { return &v.Revision },
	clone:  func(v *professional) professional { return *v },
	indexes: []indexDef[professional]{
		{keys: func(v *professional, out []ikey) []ikey { return append(out, kUnit(v.UnitID)) }},
	},
}

var assignmentKind = kind[assignmentID, assignment]{
	entity: adapters.EntityAssignment,
	id:     func(v *assignment) assignmentID { return v.ID },
	rev:    func(v *assignment) *int64 { return &v.Revision },
	clone:  func(v *assignment) assignment { return *v },
	normalize: func(v *assignment) {
		normPeriod(&v.Period)
		v.RecordedAt = norm(v.RecordedAt)
	},
	indexes: []indexDef[assignment]{
		{keys: func(v *assignment, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
		{keys: func(v *assignment, out []ikey) []ikey { return append(out, kHolder(v.Holder)) }},
		{keys: func(v *assignment, out []ikey) []ikey {
			if !v.UnitID.IsZero() {
				out = append(out, kUnit(v.UnitID))
			}
			return out
		}},
	},
}

// Index positions, as in the kinds above.
const (
	ixCustodyChild, ixCustodyGuardian                   = 0, 1
	ixAssignmentChild, ixAssignmentHolder, ixAssignUnit = 0, 1, 2
)

type childrenRepo struct {
	repo[childID, child]
}

// ByPersonnummer implements adapters.Children.
func (r *childrenRepo) ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Child, error) {
	if err := r.tx.readable(ctx); err != nil {
		return roles.Child{}, err
	}
	if !pnr.IsZero() {
		var buf [1]*child
		if rows := r.by(0, kPnr(pnr), buf[:0]); len(rows) > 0 {
			return childKind.clone(rows[0]), nil
		}
	}
	return roles.Child{}, adapters.NotFoundBy(adapters.EntityChild, "with that personnummer")
}

// OfUnit implements adapters.Children.
func (r *childrenRepo) OfUnit(ctx context.Context, u roles.ID[roles.Unit], t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.Page[roles.Child]{}, err
	}
	return r.childrenOf(r.tx.assignments.by(ixAssignUnit, kUnit(u), nil), t, page)
}

// OfProfessional implements adapters.Children.
func (r *childrenRepo) OfProfessional(ctx context.Context, id roles.ID[roles.Professional], t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	if err := r.tx.readable(ctx); err != nil {
		return adapters.Page[roles.Child]{}, err
	}
	return r.childrenOf(r.tx.assignments.by(ixAssignmentHolder, kHolder(roles.ProfessionalParty(id)), nil), t, page)
}

// childrenOf returns the page of the children of the assignments active at t,
// ordered by child ID.
func (r *childrenRepo) childrenOf(as []*assignment, t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	after, err := decodeIDCursor[childID](page.Cursor)
	if err != nil {
		return adapters.Page[roles.Child]{}, err
	}
	ids := make([]childID, 0, len(as))
	for _, a := range as {
		if a.Period.Contains(t) && (page.Cursor == "" || compareID(a.ChildID, after) > 0) {
			ids = append(ids, a.ChildID)
		}
	}
	slices.SortFunc(ids, compareID)
	ids = slices.Compact(ids)
	limit := page.EffectiveLimit()
	var out adapters.Page[roles.Child]
	for _, id := range ids {
		if len(out.Items) == limit {
			out.Next = encodeIDCursor(out.Items[limit-1].ID)
			break
		}
		if c := r.row(id); c != nil {
			out.Items = append(out.Items, childKind.clone(c))
		}
	}
	return out, nil
}

type guardiansRepo struct {
	repo[guardianID, guardian]
}

// ByPersonnummer implements adapters.Guardians.
func (r *guardiansRepo) ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Guardian, error) {
	if err := r.tx.readable(ctx); err != nil {
		return roles.Guardian{}, err
	}
	if !pnr.IsZero() {
		var buf [1]*guardian
		if rows := r.by(0, kPnr(pnr), buf[:0]); len(rows) > 0 {
			return guardianKind.clone(rows[0]), nil
		}
	}
	return roles.Guardian{}, adapters.NotFoundBy(adapters.EntityGuardian, "with that personnummer")
}

// byStartThenID orders records with periods by start, then ID.
func byStartThenID[K id16](pa, pb roles.Period, a, b K) int {
	if c := pa.Start.Compare(pb.Start); c != 0 {
		return c
	}
	return compareID(a, b)
}

type custodiesRepo struct {
	repo[custodyID, custody]
}

func (r *custodiesRepo) sorted(rows []*custody) []roles.Custody {
	slices.SortFunc(rows, func(a, b *custody) int { return byStartThenID(a.Period, b.Period, a.ID, b.ID) })
	return cloneAll(&custodyKind, rows)
}

// OfChild implements adapters.Custodies.
func (r *custodiesRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Custody, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*custody
	return r.sorted(r.by(ixCustodyChild, kChild(c), buf[:0])), nil
}

// OfGuardian implements adapters.Custodies.
func (r *custodiesRepo) OfGuardian(ctx context.Context, g roles.ID[roles.Guardian]) ([]roles.Custody, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*custody
	return r.sorted(r.by(ixCustodyGuardian, kGuardian(g), buf[:0])), nil
}

type relatedRepo struct {
	repo[relatedID, related]
}

type organisationsRepo struct {
	repo[organisationID, organisation]
}

// List implements adapters.Organisations.
func (r *organisationsRepo) List(ctx context.Context) ([]roles.Organisation, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	rows := r.all()
	slices.SortFunc(rows, func(a, b *organisation) int { return compareID(a.ID, b.ID) })
	return cloneAll(&organisationKind, rows), nil
}

type unitsRepo struct {
	repo[unitID, unit]
}

// OfOrganisation implements adapters.Units.
func (r *unitsRepo) OfOrganisation(ctx context.Context, org roles.ID[roles.Organisation]) ([]roles.Unit, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	rows := r.by(0, kOrg(org), nil)
	slices.SortFunc(rows, func(a, b *unit) int { return compareID(a.ID, b.ID) })
	return cloneAll(&unitKind, rows), nil
}

type professionalsRepo struct {
	repo[professionalID, professional]
}

// OfUnit implements adapters.Professionals.
func (r *professionalsRepo) OfUnit(ctx context.Context, u roles.ID[roles.Unit]) ([]roles.Professional, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	rows := r.by(0, kUnit(u), nil)
	slices.SortFunc(rows, func(a, b *professional) int { return compareID(a.ID, b.ID) })
	return cloneAll(&professionalKind, rows), nil
}

type assignmentsRepo struct {
	repo[assignmentID, assignment]
}

// OfChild implements adapters.Assignments.
func (r *assignmentsRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Assignment, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*assignment
	rows := r.by(ixAssignmentChild, kChild(c), buf[:0])
	slices.SortFunc(rows, func(a, b *assignment) int { return byStartThenID(a.Period, b.Period, a.ID, b.ID) })
	return cloneAll(&assignmentKind, rows), nil
}

// OfHolder implements adapters.Assignments.
func (r *assignmentsRepo) OfHolder(ctx context.Context, holder roles.Party, t time.Time) ([]roles.Assignment, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	rows := r.by(ixAssignmentHolder, kHolder(holder), nil)
	rows = slices.DeleteFunc(rows, func(a *assignment) bool { return !a.Period.Contains(t) })
	slices.SortFunc(rows, func(a, b *assignment) int {
		return cmp.Or(compareID(a.ChildID, b.ChildID), byStartThenID(a.Period, b.Period, a.ID, b.ID))
	})
	return cloneAll(&assignmentKind, rows), nil
}
