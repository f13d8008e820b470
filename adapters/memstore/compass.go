package memstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

type (
	assessment   = behovskompass.Assessment
	assessmentID = roles.ID[behovskompass.Assessment]
	concern      = behovskompass.Concern
	concernID    = roles.ID[behovskompass.Concern]
)

var assessmentKind = kind[assessmentID, assessment]{
	entity: adapters.EntityAssessment,
	id:     func(v *assessment) assessmentID { return v.ID },
	rev:    func(v *assessment) *int64 { return &v.Revision },
	clone: func(v *assessment) assessment {
		var c [1]assessment
		cloneAssessments(c[:], []*assessment{v})
		return c[0]
	},
	normalize: func(v *assessment) { v.AssessedAt = norm(v.AssessedAt) },
	indexes: []indexDef[assessment]{
		{keys: func(v *assessment, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
	},
}

var concernKind = kind[concernID, concern]{
	entity: adapters.EntityConcern,
	id:     func(v *concern) concernID { return v.ID },
	rev:    func(v *concern) *int64 { return &v.Revision },
	clone: func(v *concern) concern {
		c := *v
		c.Areas = cloneBytes(v.Areas)
		return c
	},
	normalize: func(v *concern) {
		v.RaisedAt, v.ReportedToSocialServicesAt = norm(v.RaisedAt), norm(v.ReportedToSocialServicesAt)
	},
	indexes: []indexDef[concern]{
		{keys: func(v *concern, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
		{keys: func(v *concern, out []ikey) []ikey {
			if !v.Barnkontakt.ProfessionalID.IsZero() {
				out = append(out, kProfessional(v.Barnkontakt.ProfessionalID))
			}
			return out
		}},
	},
}

// cloneAssessments deep-copies src into dst, the copies' slices cut from one
// buffer per kind; empty slices become nil.
func cloneAssessments(dst []assessment, src []*assessment) {
	var nLevels, nAreas, nDisagreements, nBetween int
	for _, v := range src {
		nLevels += len(v.Scale.Levels)
		nAreas += len(v.Areas)
		nDisagreements += len(v.Disagreements)
		for i := range v.Disagreements {
			nBetween += len(v.Disagreements[i].Between)
		}
	}
	levels := make([]behovskompass.LevelCode, nLevels)
	areas := make([]behovskompass.AreaEntry, nAreas)
	disagreements := make([]behovskompass.Disagreement, nDisagreements)
	between := make([]behovskompass.Viewpoint, nBetween)
	for i, v := range src {
		c := &dst[i]
		*c = *v
		c.Scale.Levels, levels = share(levels, v.Scale.Levels)
		c.Areas, areas = share(areas, v.Areas)
		c.Disagreements, disagreements = share(disagreements, v.Disagreements)
		for j := range c.Disagreements {
			d := &c.Disagreements[j]
			d.Between, between = share(between, d.Between)
		}
	}
}

// assessmentsOut returns copies of rows (see cloneAssessments); nil when
// there are none. (It calls cloneAssessments directly: a slice given to a
// function value escapes, and rows is usually on the caller's stack.)
func assessmentsOut(rows []*assessment) []assessment {
	if len(rows) == 0 {
		return nil
	}
	out := make([]assessment, len(rows))
	cloneAssessments(out, rows)
	return out
}

// newestFirst orders by time descending, then ID descending.
func newestFirst[K id16](ta, tb time.Time, a, b K) int {
	return cmp.Or(tb.Compare(ta), compareID(b, a))
}

type assessmentsRepo struct {
	repo[assessmentID, assessment]
}

func (r *assessmentsRepo) ofChild(c childID, buf []*assessment) []*assessment {
	rows := r.by(0, kChild(c), buf)
	slices.SortFunc(rows, func(a, b *assessment) int { return newestFirst(a.AssessedAt, b.AssessedAt, a.ID, b.ID) })
	return rows
}

// OfChild implements adapters.Assessments.
func (r *assessmentsRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*assessment
	return assessmentsOut(r.ofChild(c, buf[:0])), nil
}

var agencyOrder = roles.Agencies()

// LatestByAgency implements adapters.Assessments.
func (r *assessmentsRepo) LatestByAgency(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf, lbuf [rowBuf]*assessment
	latest := lbuf[:0]
	for _, a := range r.ofChild(c, buf[:0]) { // newest first: the first of each agency is its latest
		if !slices.ContainsFunc(latest, func(l *assessment) bool { return l.Agency == a.Agency }) {
			latest = append(latest, a)
		}
	}
	slices.SortFunc(latest, func(a, b *assessment) int {
		return cmp.Or(cmp.Compare(agencyRank(a.Agency), agencyRank(b.Agency)), cmp.Compare(a.Agency, b.Agency))
	})
	return assessmentsOut(latest), nil
}

// agencyRank places an agency in canonical order; unknown codes go last.
func agencyRank(a roles.Agency) int {
	if i := vocab.Index(a, agencyOrder); i >= 0 {
		return i
	}
	return len(agencyOrder)
}

type concernsRepo struct {
	repo[concernID, concern]
}

func sortConcerns(rows []*concern) {
	slices.SortFunc(rows, func(a, b *concern) int { return newestFirst(a.RaisedAt, b.RaisedAt, a.ID, b.ID) })
}

// OfChild implements adapters.Concerns.
func (r *concernsRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Concern, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*concern
	rows := r.by(0, kChild(c), buf[:0])
	sortConcerns(rows)
	return cloneAll(&concernKind, rows), nil
}

// A time-and-ID cursor: the instant in microseconds since the Unix epoch and
// the ID of the last item.
func encodeTimeIDCursor[K id16](t time.Time, id K) string {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 24), uint64(t.UnixMicro()))
	k := [16]byte(id)
	return encodeCursor(tagKey, append(b, k[:]...))
}

func decodeTimeIDCursor[K id16](s string) (time.Time, K, error) {
	var id K
	b, err := decodeCursor(tagKey, s, 24)
	if err != nil {
		return time.Time{}, id, err
	}
	for i := range 16 {
		id[i] = b[8+i]
	}
	return time.UnixMicro(int64(binary.BigEndian.Uint64(b))).UTC(), id, nil
}

// OfBarnkontakt implements adapters.Concerns.
func (r *concernsRepo) OfBarnkontakt(ctx context.Context, p roles.ID[roles.Professional], page adapters.PageRequest) (adapters.Page[behovskompass.Concern], error) {
	var out adapters.Page[behovskompass.Concern]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	rows := r.by(1, kProfessional(p), nil)
	if page.Cursor != "" {
		t, id, err := decodeTimeIDCursor[concernID](page.Cursor)
		if err != nil {
			return out, err
		}
		rows = slices.DeleteFunc(rows, func(c *concern) bool { return newestFirst(c.RaisedAt, t, c.ID, id) <= 0 })
	}
	sortConcerns(rows)
	if limit := page.EffectiveLimit(); len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		out.Next = encodeTimeIDCursor(last.RaisedAt, last.ID)
	}
	out.Items = cloneAll(&concernKind, rows)
	return out, nil
}
