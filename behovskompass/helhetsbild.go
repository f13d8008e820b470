package behovskompass

import (
	"log/slog"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// Helhetsbild is the combined picture of one child's needs across agencies,
// built by Combine from the assessments a reader may see: per area, the
// latest entry of each agency, the highest level now, and how that level moved
// since a given moment.
type Helhetsbild struct {
	ChildID roles.ID[roles.Child] `json:"childId"`
	// Since is the moment trends are measured from; zero when there are none.
	Since time.Time `json:"since,omitzero"`
	// Areas has one picture per area, all eight in canonical order
	// (Areas[a.Index()] is area a), assessed or not.
	Areas []AreaPicture `json:"areas"`
}

// AreaPicture is the combined picture of one area.
type AreaPicture struct {
	Area Area `json:"area"`
	// Latest holds each agency's latest entry on the area, in the canonical
	// order of agencies (roles.Agencies); empty when no agency assessed it.
	Latest []AgencyEntry `json:"latest,omitzero"`
	// Highest is the highest level among the agencies' latest levels on the
	// area; zero when none set a level.
	Highest Rating `json:"highest,omitzero"`
	// Trend says how Highest moved since Helhetsbild.Since; zero when the
	// area was not assessed after Since, or Since is zero.
	Trend Trend `json:"trend,omitzero"`
}

// Assessed reports whether any agency assessed the area.
func (p AreaPicture) Assessed() bool { return len(p.Latest) > 0 }

// AgencyEntry is one agency's latest entry on an area, with where it comes from.
type AgencyEntry struct {
	Agency       roles.Agency                 `json:"agency"`
	AssessmentID roles.ID[Assessment]         `json:"assessmentId"`
	AssessedBy   roles.ID[roles.Professional] `json:"assessedBy"`
	UnitID       roles.ID[roles.Unit]         `json:"unitId"`
	AssessedAt   time.Time                    `json:"assessedAt"`
	// Scale is the ID of the scale of Entry.Level.
	Scale ScaleID `json:"scale"`
	// Rank is the position of Entry.Level on its scale; zero without a level.
	Rank Rank `json:"rank,omitzero"`
	// Entry is the entry as the assessment records it.
	Entry AreaEntry `json:"entry"`
	// Disagreements are the assessment's disagreements about the area.
	Disagreements []Disagreement `json:"disagreements,omitzero"`
}

// Rating is a level that an agency set on an area, with where it comes from.
type Rating struct {
	Level        LevelCode            `json:"level"`
	Scale        ScaleID              `json:"scale"`
	Rank         Rank                 `json:"rank"`
	Agency       roles.Agency         `json:"agency"`
	AssessmentID roles.ID[Assessment] `json:"assessmentId"`
	AssessedAt   time.Time            `json:"assessedAt"`
}

// IsZero reports whether r holds no level.
func (r Rating) IsZero() bool { return r.Level == "" }

// Trend says how an area's highest level moved: From is the highest level at
// Helhetsbild.Since (zero when there was none), To the highest level now.
type Trend struct {
	Direction Direction `json:"direction"`
	From      Rating    `json:"from,omitzero"`
	To        Rating    `json:"to,omitzero"`
}

// IsZero reports whether t holds no trend.
func (t Trend) IsZero() bool { return t.Direction == "" }

// Area returns the picture of area a (the zero AreaPicture when a is not valid).
func (h Helhetsbild) Area(a Area) AreaPicture {
	if i := a.Index(); i >= 0 && i < len(h.Areas) {
		return h.Areas[i]
	}
	return AreaPicture{}
}

// Changed returns, in canonical order, the areas whose highest level moved
// since Since: those with a trend TrendNew, TrendUp or TrendDown.
func (h Helhetsbild) Changed() []Area {
	var out []Area
	for _, p := range h.Areas {
		switch p.Trend.Direction {
		case TrendNew, TrendUp, TrendDown:
			out = append(out, p.Area)
		}
	}
	return out
}

// LogValue implements slog.LogValuer: the child's ID and the areas assessed;
// never the texts.
func (h Helhetsbild) LogValue() slog.Value {
	var assessed []string
	for _, p := range h.Areas {
		if p.Assessed() {
			assessed = append(assessed, string(p.Area))
		}
	}
	return slog.GroupValue(slog.String("childId", h.ChildID.String()), slog.Any("assessed", assessed))
}

// agencyOrder is the canonical order of agencies; never modified.
var agencyOrder = roles.Agencies()

// maxAgencies is the room Combine keeps for agencies (roles has seven); a
// test checks that every agency fits.
const maxAgencies = 8

// Combine builds the combined picture of child from assessments. It is a pure
// function of its arguments: it reads no clock and no store, and the caller
// decides which assessments the reader may see (the backa package filters
// them by the reader's access).
//
// For each area and each agency, the agency's latest entry is the entry of
// the latest of its assessments that covers the area: the one with the latest
// AssessedAt and, at the same instant, the greatest ID (for UUIDv7 IDs, the
// one created last). The highest level of an area is the highest among the
// agencies' latest levels: for each agency, the level of its latest assessment
// of the area that set one (a level stands until the same agency sets a new
// one). Levels on different scales compare by Rank.Compare; among equal ranks
// the later assessment wins, and at the same instant the greater ID.
//
// When since is not zero, each area assessed after since gets a Trend from
// the highest level as it stood at since (from the assessments made at or
// before since) to the highest level now: TrendNew when there was none,
// TrendUp, TrendDown or TrendSame. An area not assessed after since gets no
// trend: it did not change.
//
// Assessments of another child, of an unknown agency and entries of an
// unknown area are left out; a level that is not on its assessment's scale
// counts as no level. Combine does not validate otherwise. As long as
// assessment IDs are unique, the result does not depend on the order of
// assessments. The result shares no slice with assessments but the Between
// slices of the disagreements it copies.
//
// Combine takes time linear in the number of entries and allocates the
// result only. It is fastest on assessments sorted by time, either way, as a
// store returns them: it then visits the newest first and skips most of the
// older ones whole.
func Combine(child roles.ID[roles.Child], assessments []Assessment, since time.Time) Helhetsbild {
	var c combiner
	c.as = assessments
	c.trends = !since.IsZero()
	c.since = slot{sec: since.Unix(), nsec: int32(since.Nanosecond())}
	// Visiting the newest assessments first lets add skip most of the
	// older ones (see combiner.floors). Inputs usually come sorted by time,
	// one way or the other.
	n := len(assessments)
	first, step := 0, 1
	if n > 1 && assessments[0].AssessedAt.Before(assessments[n-1].AssessedAt) {
		first, step = n-1, -1
	}
	for i := first; i >= 0 && i < n; i += step {
		as := &assessments[i]
		if as.ChildID != child {
			continue
		}
		g := agencyIndex(as.Agency)
		if g < 0 || g >= maxAgencies {
			continue
		}
		c.add(i, g)
	}
	return c.picture(child, since)
}

// combiner is Combine's working state. The slots of area k and agency g are
// at k*maxAgencies+g: the latest entry, the latest entry with a level, and
// the latest entry with a level at since.
type combiner struct {
	as                  []Assessment
	trends              bool // since is set
	since               slot // the time of since
	latest, rated, base [numAreas * maxAgencies]slot
	// For each agency: which areas have a latest, a rated and a base slot
	// (bit k for area k), and the oldest of its latest and rated slots, and
	// of its base slots. An assessment that is older than these, when every
	// area has its slots, changes nothing.
	filled          [maxAgencies][3]uint8
	floorLR, floorB [maxAgencies]slot
}

const allAreas = 1<<numAreas - 1

// add takes in the entries of assessment i, of agency g.
func (c *combiner) add(i, g int) {
	as := &c.as[i]
	cur := slot{sec: as.AssessedAt.Unix(), nsec: int32(as.AssessedAt.Nanosecond()), a: int32(i + 1)}
	atSince := c.trends && !c.since.older(&cur) // at or before since
	f := &c.filled[g]
	if f[0] == allAreas && f[1] == allAreas && cur.older(&c.floorLR[g]) &&
		(!atSince || f[2] == allAreas && cur.older(&c.floorB[g])) {
		return
	}
	nLevels := len(as.Scale.Levels)
	if nLevels < MinLevels || nLevels > MaxLevels {
		nLevels = 0 // levels on this scale count as none
	}
	cur.size = int8(nLevels)
	// The floors rise only when a slot that held them is replaced, or when
	// the last empty slot is filled.
	fullLR, fullB := f[0]&f[1] == allAreas, f[2] == allAreas
	recompute := false
	for j := range as.Areas {
		e := &as.Areas[j]
		k := e.Area.Index()
		if k < 0 {
			continue
		}
		cur.e = int32(j)
		x := k*maxAgencies + g
		if s := &c.latest[x]; cur.after(s, c.as) {
			recompute = recompute || fullLR && !c.floorLR[g].older(s)
			*s = cur
			f[0] |= 1 << k
		}
		if e.Level == "" || nLevels == 0 {
			continue
		}
		upRated := cur.after(&c.rated[x], c.as)
		upBase := atSince && cur.after(&c.base[x], c.as)
		if !upRated && !upBase {
			continue
		}
		l := levelIndex(as.Scale.Levels, e.Level)
		if l < 0 {
			continue
		}
		cur.level = int8(l)
		if upRated {
			recompute = recompute || fullLR && !c.floorLR[g].older(&c.rated[x])
			c.rated[x] = cur
			f[1] |= 1 << k
		}
		if upBase {
			recompute = recompute || fullB && !c.floorB[g].older(&c.base[x])
			c.base[x] = cur
			f[2] |= 1 << k
		}
	}
	if recompute || !fullLR && f[0]&f[1] == allAreas || !fullB && f[2] == allAreas {
		c.floors(g)
	}
}

// floors recomputes the oldest times among the slots of agency g, once
// every area has its latest and rated slots (before that, add does not use them).
func (c *combiner) floors(g int) {
	lr, b := &c.floorLR[g], &c.floorB[g]
	*lr, *b = c.latest[g], c.base[g]
	for k := range numAreas {
		x := k*maxAgencies + g
		if s := &c.latest[x]; s.older(lr) {
			*lr = *s
		}
		if s := &c.rated[x]; s.older(lr) {
			*lr = *s
		}
		if s := &c.base[x]; s.older(b) {
			*b = *s
		}
	}
}

// picture builds the result from the slots.
func (c *combiner) picture(child roles.ID[roles.Child], since time.Time) Helhetsbild {
	nAg := min(len(agencyOrder), maxAgencies)
	count := 0
	for _, s := range c.latest {
		if s.a != 0 {
			count++
		}
	}
	entries := make([]AgencyEntry, count)
	h := Helhetsbild{ChildID: child, Since: since, Areas: make([]AreaPicture, numAreas)}
	m := 0
	for k, area := range areas {
		p := &h.Areas[k]
		p.Area = area
		start := m
		row := k * maxAgencies
		for _, s := range c.latest[row : row+nAg] {
			if s.a == 0 {
				continue
			}
			as := &c.as[s.a-1]
			e := &as.Areas[s.e]
			ae := &entries[m]
			m++
			*ae = AgencyEntry{Agency: as.Agency, AssessmentID: as.ID, AssessedBy: as.AssessedBy, UnitID: as.UnitID,
				AssessedAt: as.AssessedAt, Scale: as.Scale.ID, Entry: *e}
			if e.Level != "" {
				ae.Rank, _ = as.Scale.Rank(e.Level)
			}
			if len(as.Disagreements) > 0 {
				ae.Disagreements = disagreementsOn(as.Disagreements, area)
			}
		}
		if m > start {
			p.Latest = entries[start:m:m]
		}
		p.Highest = highest(c.rated[row:row+nAg], c.as)
		if c.assessedAfter(row, nAg, since) {
			from := highest(c.base[row:row+nAg], c.as)
			p.Trend = Trend{Direction: direction(from, p.Highest), From: from, To: p.Highest}
		}
	}
	return h
}

// assessedAfter reports whether an agency's latest entry in the row of slots
// that starts at row comes after since.
func (c *combiner) assessedAfter(row, nAg int, since time.Time) bool {
	if since.IsZero() {
		return false
	}
	for _, s := range c.latest[row : row+nAg] {
		if s.a != 0 && c.as[s.a-1].AssessedAt.After(since) {
			return true
		}
	}
	return false
}

// slot is Combine's working state for one area and agency: it points at an
// entry (a is the assessment's index+1, 0 for none; e the entry's index) and
// holds what comparisons need, so that they need not reach into the
// assessments: the assessment's time, and the level's index on a scale of
// size levels.
type slot struct {
	sec         int64
	nsec, a, e  int32
	level, size int8
}

// after reports whether s comes after t (always, when t is empty): a later
// time or, at the same instant, a greater assessment ID.
func (s *slot) after(t *slot, assessments []Assessment) bool {
	switch {
	case t.a == 0:
		return true
	case s.sec != t.sec:
		return s.sec > t.sec
	case s.nsec != t.nsec:
		return s.nsec > t.nsec
	}
	return assessments[s.a-1].ID.Compare(assessments[t.a-1].ID) > 0
}

// levelIndex returns the index of c in levels, or -1.
func levelIndex(levels []LevelCode, c LevelCode) int {
	for i := range levels {
		if levels[i] == c {
			return i
		}
	}
	return -1
}

// agencyByLen maps the length of an agency's code to its canonical
// position when no other code has that length, and to -1 otherwise.
var agencyByLen = func() (t [32]int8) {
	for i := range t {
		t[i] = -1
	}
	seen := [32]int{}
	for i, a := range agencyOrder {
		if n := len(a); n < len(t) {
			seen[n]++
			t[n] = int8(i)
		}
	}
	for n, c := range seen {
		if c > 1 {
			t[n] = -1
		}
	}
	return t
}()

// agencyIndex returns the canonical position of a, or -1.
func agencyIndex(a roles.Agency) int {
	if n := len(a); n < len(agencyByLen) {
		if i := agencyByLen[n]; i >= 0 {
			if agencyOrder[i] == a {
				return int(i)
			}
			return -1
		}
	}
	for i := range agencyOrder {
		if agencyOrder[i] == a {
			return i
		}
	}
	return -1
}

// older reports whether s has an earlier time than t.
func (s *slot) older(t *slot) bool {
	return s.sec < t.sec || s.sec == t.sec && s.nsec < t.nsec
}

// highest returns the highest rating among the slots of one area: the
// highest rank, then the later assessment.
func highest(ss []slot, assessments []Assessment) Rating {
	var best *slot
	for i := range ss {
		s := &ss[i]
		if s.a == 0 {
			continue
		}
		if best != nil {
			// Rank.Compare, for the valid ranks slots hold.
			x, y := int(s.level)*(int(best.size)-1), int(best.level)*(int(s.size)-1)
			if x < y || x == y && !s.after(best, assessments) {
				continue
			}
		}
		best = s
	}
	if best == nil {
		return Rating{}
	}
	as := &assessments[best.a-1]
	return Rating{Level: as.Areas[best.e].Level, Scale: as.Scale.ID, Rank: Rank{Index: int(best.level), Size: int(best.size)},
		Agency: as.Agency, AssessmentID: as.ID, AssessedAt: as.AssessedAt}
}

func direction(from, to Rating) Direction {
	switch {
	case from.IsZero() && to.IsZero():
		return TrendSame
	case from.IsZero():
		return TrendNew
	}
	switch to.Rank.Compare(from.Rank) {
	case 1:
		return TrendUp
	case -1:
		return TrendDown
	}
	return TrendSame
}

// disagreementsOn returns a copy of the disagreements about area, or nil.
func disagreementsOn(ds []Disagreement, area Area) []Disagreement {
	n := 0
	for i := range ds {
		if ds[i].Area == area {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Disagreement, 0, n)
	for i := range ds {
		if ds[i].Area == area {
			out = append(out, ds[i])
		}
	}
	return out
}
