package sqlstore

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// contactArgs returns the query arguments of the five contact columns.
func contactArgs(c *roles.Contact) []any {
	if c == nil {
		c = &roles.Contact{}
	}
	return []any{c.Address, c.PostalCode, c.City, c.Phone, c.Email}
}

// contactCols returns the scan destinations of the five contact columns.
func contactCols(c *roles.Contact) []any {
	return []any{textCol(&c.Address), textCol(&c.PostalCode), textCol(&c.City), textCol(&c.Phone), textCol(&c.Email)}
}

// contactOrNil returns c, or nil when it holds nothing.
func contactOrNil(c roles.Contact) *roles.Contact {
	if c == (roles.Contact{}) {
		return nil
	}
	return &c
}

var contactColumns = []string{"contact_address", "contact_postal_code", "contact_city", "contact_phone", "contact_email"}

const descPnr = "with that personnummer"

var childTable = (&table[roles.Child, roles.ID[roles.Child]]{
	name:   "children",
	entity: adapters.EntityChild,
	cols:   append([]string{"id", "pnr", "given_name", "family_name", "kommun", "protection"}, contactColumns...),
	args: func(d *dialect, v *roles.Child) ([]any, error) {
		return append([]any{idArg(d, v.ID), pnrArg(v.Personnummer), v.GivenName, v.FamilyName,
			string(v.Kommun), string(v.Protection)}, contactArgs(v.Contact)...), nil
	},
	scan: func(scan func(...any) error, v *roles.Child) error {
		var c roles.Contact
		dest := append([]any{idCol(&v.ID), pnrCol(&v.Personnummer), textCol(&v.GivenName), textCol(&v.FamilyName),
			textCol(&v.Kommun), textCol(&v.Protection)}, contactCols(&c)...)
		if err := scan(append(dest, &v.Revision)...); err != nil {
			return err
		}
		v.Contact = contactOrNil(c)
		return nil
	},
	id:         func(v *roles.Child) roles.ID[roles.Child] { return v.ID },
	rev:        func(v *roles.Child) *int64 { return &v.Revision },
	unique:     "pnr",
	uniqueDesc: descPnr,
	uniqueArg:  func(v *roles.Child) any { return pnrArg(v.Personnummer) },
}).build()

var guardianTable = (&table[roles.Guardian, roles.ID[roles.Guardian]]{
	name:   "guardians",
	entity: adapters.EntityGuardian,
	cols:   append([]string{"id", "pnr", "given_name", "family_name", "protection"}, contactColumns...),
	args: func(d *dialect, v *roles.Guardian) ([]any, error) {
		return append([]any{idArg(d, v.ID), pnrArg(v.Personnummer), v.GivenName, v.FamilyName,
			string(v.Protection)}, contactArgs(v.Contact)...), nil
	},
	scan: func(scan func(...any) error, v *roles.Guardian) error {
		var c roles.Contact
		dest := append([]any{idCol(&v.ID), pnrCol(&v.Personnummer), textCol(&v.GivenName), textCol(&v.FamilyName),
			textCol(&v.Protection)}, contactCols(&c)...)
		if err := scan(append(dest, &v.Revision)...); err != nil {
			return err
		}
		v.Contact = contactOrNil(c)
		return nil
	},
	id:         func(v *roles.Guardian) roles.ID[roles.Guardian] { return v.ID },
	rev:        func(v *roles.Guardian) *int64 { return &v.Revision },
	unique:     "pnr",
	uniqueDesc: descPnr,
	uniqueArg:  func(v *roles.Guardian) any { return pnrArg(v.Personnummer) },
}).build()

var custodyTable = (&table[roles.Custody, roles.ID[roles.Custody]]{
	name:   "custodies",
	entity: adapters.EntityCustody,
	cols: []string{"id", "child_id", "guardian_id", "period_start", "period_end",
		"recorded_by_kind", "recorded_by_id", "recorded_at"},
	args: func(d *dialect, v *roles.Custody) ([]any, error) {
		args := []any{idArg(d, v.ID), idArg(d, v.ChildID), idArg(d, v.GuardianID), at(d, v.Period.Start), optAt(d, v.Period.End)}
		return append(append(args, partyArgs(d, v.RecordedBy)...), at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.Custody) error {
		dest := []any{idCol(&v.ID), idCol(&v.ChildID), idCol(&v.GuardianID), timeCol(&v.Period.Start), timeCol(&v.Period.End)}
		dest = append(append(dest, partyCols(&v.RecordedBy)...), timeCol(&v.RecordedAt), &v.Revision)
		return scan(dest...)
	},
	id:  func(v *roles.Custody) roles.ID[roles.Custody] { return v.ID },
	rev: func(v *roles.Custody) *int64 { return &v.Revision },
}).build()

var relatedTable = (&table[roles.RelatedPerson, roles.ID[roles.RelatedPerson]]{
	name:   "related_persons",
	entity: adapters.EntityRelatedPerson,
	cols:   []string{"id", "given_name", "family_name", "relation"},
	args: func(d *dialect, v *roles.RelatedPerson) ([]any, error) {
		return []any{idArg(d, v.ID), v.GivenName, v.FamilyName, v.Relation}, nil
	},
	scan: func(scan func(...any) error, v *roles.RelatedPerson) error {
		return scan(idCol(&v.ID), textCol(&v.GivenName), textCol(&v.FamilyName), textCol(&v.Relation), &v.Revision)
	},
	id:  func(v *roles.RelatedPerson) roles.ID[roles.RelatedPerson] { return v.ID },
	rev: func(v *roles.RelatedPerson) *int64 { return &v.Revision },
}).build()

var organisationTable = (&table[roles.Organisation, roles.ID[roles.Organisation]]{
	name:   "organisations",
	entity: adapters.EntityOrganisation,
	cols:   []string{"id", "kind", "name", "kommun", "organisationsnummer"},
	args: func(d *dialect, v *roles.Organisation) ([]any, error) {
		return []any{idArg(d, v.ID), string(v.Kind), v.Name, string(v.Kommun), string(v.Organisationsnummer)}, nil
	},
	scan: func(scan func(...any) error, v *roles.Organisation) error {
		return scan(idCol(&v.ID), textCol(&v.Kind), textCol(&v.Name), textCol(&v.Kommun), textCol(&v.Organisationsnummer), &v.Revision)
	},
	id:  func(v *roles.Organisation) roles.ID[roles.Organisation] { return v.ID },
	rev: func(v *roles.Organisation) *int64 { return &v.Revision },
}).build()

var unitTable = (&table[roles.Unit, roles.ID[roles.Unit]]{
	name:   "units",
	entity: adapters.EntityUnit,
	cols:   []string{"id", "organisation_id", "name", "agency", "kommun", "hsa_id"},
	args: func(d *dialect, v *roles.Unit) ([]any, error) {
		return []any{idArg(d, v.ID), idArg(d, v.OrganisationID), v.Name, string(v.Agency), string(v.Kommun), string(v.HSAID)}, nil
	},
	scan: func(scan func(...any) error, v *roles.Unit) error {
		return scan(idCol(&v.ID), idCol(&v.OrganisationID), textCol(&v.Name), textCol(&v.Agency), textCol(&v.Kommun), textCol(&v.HSAID), &v.Revision)
	},
	id:  func(v *roles.Unit) roles.ID[roles.Unit] { return v.ID },
	rev: func(v *roles.Unit) *int64 { return &v.Revision },
}).build()

var professionalTable = (&table[roles.Professional, roles.ID[roles.Professional]]{
	name:   "professionals",
	entity: adapters.EntityProfessional,
	cols:   []string{"id", "given_name", "family_name", "title", "agency", "unit_id", "organisation_id", "hsa_id"},
	args: func(d *dialect, v *roles.Professional) ([]any, error) {
		return []any{idArg(d, v.ID), v.GivenName, v.FamilyName, v.Title, string(v.Agency),
			idArg(d, v.UnitID), idArg(d, v.OrganisationID), string(v.HSAID)}, nil
	},
	scan: func(scan func(...any) error, v *roles.Professional) error {
		return scan(idCol(&v.ID), textCol(&v.GivenName), textCol(&v.FamilyName), textCol(&v.Title), textCol(&v.Agency),
			idCol(&v.UnitID), idCol(&v.OrganisationID), textCol(&v.HSAID), &v.Revision)
	},
	id:  func(v *roles.Professional) roles.ID[roles.Professional] { return v.ID },
	rev: func(v *roles.Professional) *int64 { return &v.Revision },
}).build()

var assignmentTable = (&table[roles.Assignment, roles.ID[roles.Assignment]]{
	name:   "assignments",
	entity: adapters.EntityAssignment,
	cols: []string{"id", "child_id", "role", "holder_kind", "holder_id", "agency", "unit_id",
		"period_start", "period_end", "recorded_by_kind", "recorded_by_id", "recorded_at"},
	args: func(d *dialect, v *roles.Assignment) ([]any, error) {
		args := append([]any{idArg(d, v.ID), idArg(d, v.ChildID), string(v.Role)}, partyArgs(d, v.Holder)...)
		args = append(args, string(v.Agency), idArg(d, v.UnitID), at(d, v.Period.Start), optAt(d, v.Period.End))
		return append(append(args, partyArgs(d, v.RecordedBy)...), at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.Assignment) error {
		dest := append([]any{idCol(&v.ID), idCol(&v.ChildID), textCol(&v.Role)}, partyCols(&v.Holder)...)
		dest = append(dest, textCol(&v.Agency), idCol(&v.UnitID), timeCol(&v.Period.Start), timeCol(&v.Period.End))
		dest = append(append(dest, partyCols(&v.RecordedBy)...), timeCol(&v.RecordedAt), &v.Revision)
		return scan(dest...)
	},
	id:  func(v *roles.Assignment) roles.ID[roles.Assignment] { return v.ID },
	rev: func(v *roles.Assignment) *int64 { return &v.Revision },
}).build()

// activeAt is the condition that an assignment's period contains the
// instant in placeholder p.
func activeAt(p string) string {
	return "period_start <= " + p + " AND (period_end IS NULL OR period_end > " + p + ")"
}

type childrenRepo struct {
	records[roles.Child, roles.ID[roles.Child]]
}

func (r childrenRepo) ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Child, error) {
	if err := r.t.use(ctx, false); err != nil {
		return roles.Child{}, err
	}
	if !pnr.IsZero() {
		vs, err := r.list(ctx, "WHERE pnr = $1", pnrArg(pnr))
		if err != nil || len(vs) > 0 {
			return first(vs), err
		}
	}
	return roles.Child{}, adapters.NotFoundBy(adapters.EntityChild, descPnr)
}

// first returns vs[0], or the zero value.
func first[T any](vs []T) T {
	if len(vs) == 0 {
		var zero T
		return zero
	}
	return vs[0]
}

func (r childrenRepo) OfUnit(ctx context.Context, unit roles.ID[roles.Unit], t time.Time, pr adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return r.childrenOf(ctx, pr, func(s *stmt) string {
		return "unit_id = " + s.arg(idArg(r.t.d, unit)) + " AND " + activeAt(s.arg(at(r.t.d, t)))
	})
}

func (r childrenRepo) OfProfessional(ctx context.Context, id roles.ID[roles.Professional], t time.Time, pr adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return r.childrenOf(ctx, pr, func(s *stmt) string {
		return "holder_kind = " + s.arg(string(roles.PartyProfessional)) + " AND holder_id = " + s.arg(idArg(r.t.d, id)) +
			" AND " + activeAt(s.arg(at(r.t.d, t)))
	})
}

// childrenOf returns a page of the children of the assignments that cond
// selects, ordered by child ID.
func (r childrenRepo) childrenOf(ctx context.Context, pr adapters.PageRequest, cond func(*stmt) string) (adapters.Page[roles.Child], error) {
	var out adapters.Page[roles.Child]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	var s stmt
	s.add("WHERE id IN (SELECT child_id FROM assignments WHERE ", cond(&s))
	if pr.Cursor != "" {
		c, err := readCursor(curID, pr.Cursor)
		if err != nil {
			return out, err
		}
		s.add(" AND child_id > ", s.arg(r.t.d.id(c.id())))
	}
	limit := pr.EffectiveLimit()
	s.add(") ORDER BY id LIMIT ", s.arg(limit+1))
	vs, err := r.list(ctx, s.String(), s.args...)
	if err != nil {
		return out, err
	}
	return page(vs, limit, func(c *roles.Child) string { return newCursor(curID).id(c.ID).String() }), nil
}

type guardiansRepo struct {
	records[roles.Guardian, roles.ID[roles.Guardian]]
}

func (r guardiansRepo) ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Guardian, error) {
	if err := r.t.use(ctx, false); err != nil {
		return roles.Guardian{}, err
	}
	if !pnr.IsZero() {
		vs, err := r.list(ctx, "WHERE pnr = $1", pnrArg(pnr))
		if err != nil || len(vs) > 0 {
			return first(vs), err
		}
	}
	return roles.Guardian{}, adapters.NotFoundBy(adapters.EntityGuardian, descPnr)
}

type custodiesRepo struct {
	records[roles.Custody, roles.ID[roles.Custody]]
}

func (r custodiesRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Custody, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY period_start, id", idArg(r.t.d, child))
}

func (r custodiesRepo) OfGuardian(ctx context.Context, guardian roles.ID[roles.Guardian]) ([]roles.Custody, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE guardian_id = $1 ORDER BY period_start, id", idArg(r.t.d, guardian))
}

type relatedRepo struct {
	records[roles.RelatedPerson, roles.ID[roles.RelatedPerson]]
}

type organisationsRepo struct {
	records[roles.Organisation, roles.ID[roles.Organisation]]
}

func (r organisationsRepo) List(ctx context.Context) ([]roles.Organisation, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "ORDER BY id")
}

type unitsRepo struct {
	records[roles.Unit, roles.ID[roles.Unit]]
}

func (r unitsRepo) OfOrganisation(ctx context.Context, org roles.ID[roles.Organisation]) ([]roles.Unit, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE organisation_id = $1 ORDER BY id", idArg(r.t.d, org))
}

type professionalsRepo struct {
	records[roles.Professional, roles.ID[roles.Professional]]
}

func (r professionalsRepo) OfUnit(ctx context.Context, unit roles.ID[roles.Unit]) ([]roles.Professional, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE unit_id = $1 ORDER BY id", idArg(r.t.d, unit))
}

type assignmentsRepo struct {
	records[roles.Assignment, roles.ID[roles.Assignment]]
}

func (r assignmentsRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Assignment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY period_start, id", idArg(r.t.d, child))
}

func (r assignmentsRepo) OfHolder(ctx context.Context, holder roles.Party, t time.Time) ([]roles.Assignment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE holder_kind = $1 AND holder_id = $2 AND "+activeAt("$3")+" ORDER BY child_id, period_start, id",
		string(holder.Kind), idArg(r.t.d, holder.ID), at(r.t.d, t))
}
