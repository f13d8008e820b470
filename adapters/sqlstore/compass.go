package sqlstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

var assessmentTable = (&table[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]{
	name:   "assessments",
	entity: adapters.EntityAssessment,
	cols: []string{"id", "child_id", "assessed_by", "agency", "unit_id", "assessed_at", "scale_id", "scale_levels",
		"areas", "view_child", "view_guardians", "disagreements"},
	args: func(d *dialect, v *behovskompass.Assessment) ([]any, error) {
		areas, err := docArg(v.Areas, len(v.Areas))
		if err != nil {
			return nil, err
		}
		disagreements, err := docArg(v.Disagreements, len(v.Disagreements))
		if err != nil {
			return nil, err
		}
		return []any{idArg(d, v.ID), idArg(d, v.ChildID), idArg(d, v.AssessedBy), string(v.Agency), idArg(d, v.UnitID),
			at(d, v.AssessedAt), string(v.Scale.ID), codesArg(v.Scale.Levels), areas, v.Views.Child, v.Views.Guardians,
			disagreements}, nil
	},
	scan: func(scan func(...any) error, v *behovskompass.Assessment) error {
		err := scan(idCol(&v.ID), idCol(&v.ChildID), idCol(&v.AssessedBy), textCol(&v.Agency), idCol(&v.UnitID),
			timeCol(&v.AssessedAt), textCol(&v.Scale.ID), codesCol(&v.Scale.Levels), docCol(&v.Areas),
			textCol(&v.Views.Child), textCol(&v.Views.Guardians), docCol(&v.Disagreements), &v.Revision)
		for i := range v.Disagreements {
			v.Disagreements[i].Between = cloneBytes(v.Disagreements[i].Between) // [] as nil
		}
		return err
	},
	id:  func(v *behovskompass.Assessment) roles.ID[behovskompass.Assessment] { return v.ID },
	rev: func(v *behovskompass.Assessment) *int64 { return &v.Revision },
}).build()

var concernTable = (&table[behovskompass.Concern, roles.ID[behovskompass.Concern]]{
	name:   "concerns",
	entity: adapters.EntityConcern,
	cols: []string{"id", "child_id", "noticed", "areas", "seriousness", "raised_by_kind", "raised_by_id", "agency",
		"unit_id", "raised_at", "barnkontakt_assignment_id", "barnkontakt_professional_id", "reported_at"},
	args: func(d *dialect, v *behovskompass.Concern) ([]any, error) {
		args := append([]any{idArg(d, v.ID), idArg(d, v.ChildID), v.Noticed, codesArg(v.Areas), string(v.Seriousness)},
			partyArgs(d, v.RaisedBy)...)
		return append(args, string(v.Agency), idArg(d, v.UnitID), at(d, v.RaisedAt),
			idArg(d, v.Barnkontakt.AssignmentID), idArg(d, v.Barnkontakt.ProfessionalID),
			optAt(d, v.ReportedToSocialServicesAt)), nil
	},
	scan: func(scan func(...any) error, v *behovskompass.Concern) error {
		dest := append([]any{idCol(&v.ID), idCol(&v.ChildID), textCol(&v.Noticed), codesCol(&v.Areas), textCol(&v.Seriousness)},
			partyCols(&v.RaisedBy)...)
		return scan(append(dest, textCol(&v.Agency), idCol(&v.UnitID), timeCol(&v.RaisedAt),
			idCol(&v.Barnkontakt.AssignmentID), idCol(&v.Barnkontakt.ProfessionalID),
			timeCol(&v.ReportedToSocialServicesAt), &v.Revision)...)
	},
	id:  func(v *behovskompass.Concern) roles.ID[behovskompass.Concern] { return v.ID },
	rev: func(v *behovskompass.Concern) *int64 { return &v.Revision },
}).build()

type assessmentsRepo struct {
	records[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]
}

func (r assessmentsRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY assessed_at DESC, id DESC", idArg(r.t.d, child))
}

// LatestByAgency numbers each agency's assessments newest first in SQL and
// keeps the first of each; the canonical order of agencies is Go's.
func (r assessmentsRepo) LatestByAgency(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	cols := r.tb.columns
	latest, err := r.selectRows(ctx, "SELECT "+cols+" FROM (SELECT "+cols+
		", row_number() OVER (PARTITION BY agency ORDER BY assessed_at DESC, id DESC) AS newest"+
		" FROM assessments WHERE child_id = $1) AS a WHERE newest = 1", idArg(r.t.d, child))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(latest, func(a, b behovskompass.Assessment) int {
		return cmp.Or(cmp.Compare(agencyRank(a.Agency), agencyRank(b.Agency)), cmp.Compare(a.Agency, b.Agency))
	})
	return latest, nil
}

var agencyOrder = roles.Agencies()

// agencyRank places an agency in canonical order; unknown codes go last.
func agencyRank(a roles.Agency) int {
	if i := vocab.Index(a, agencyOrder); i >= 0 {
		return i
	}
	return len(agencyOrder)
}

type concernsRepo struct {
	records[behovskompass.Concern, roles.ID[behovskompass.Concern]]
}

func (r concernsRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Concern, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY raised_at DESC, id DESC", idArg(r.t.d, child))
}

func (r concernsRepo) OfBarnkontakt(ctx context.Context, professional roles.ID[roles.Professional], pr adapters.PageRequest) (adapters.Page[behovskompass.Concern], error) {
	var out adapters.Page[behovskompass.Concern]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	d := r.t.d
	var s stmt
	s.add("WHERE barnkontakt_professional_id = ", s.arg(idArg(d, professional)))
	if pr.Cursor != "" {
		c, err := readCursor(curTimeID, pr.Cursor)
		if err != nil {
			return out, err
		}
		t, id := c.int64(), c.id()
		s.add(" AND (raised_at, id) < (", s.arg(d.instant(timeFromMicros(t))), ", ", s.arg(d.id(id)), ")")
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY raised_at DESC, id DESC LIMIT ", s.arg(limit+1))
	vs, err := r.list(ctx, s.String(), s.args...)
	if err != nil {
		return out, err
	}
	return page(vs, limit, func(c *behovskompass.Concern) string {
		return newCursor(curTimeID).int64(micros(c.RaisedAt)).id(c.ID).String()
	}), nil
}
