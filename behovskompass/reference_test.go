package behovskompass_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/require"
)

// referenceCombine is Combine written as plainly as possible, straight from
// its documentation, to check the real one against.
func referenceCombine(child roles.ID[roles.Child], as []bk.Assessment, since time.Time) bk.Helhetsbild {
	later := func(a, b *bk.Assessment) bool { // a after b
		if c := a.AssessedAt.Compare(b.AssessedAt); c != 0 {
			return c > 0
		}
		return a.ID.Compare(b.ID) > 0
	}
	type pick struct {
		a *bk.Assessment
		e *bk.AreaEntry
	}
	rating := func(p pick) bk.Rating {
		if p.a == nil {
			return bk.Rating{}
		}
		r, _ := p.a.Scale.Rank(p.e.Level)
		return bk.Rating{Level: p.e.Level, Scale: p.a.Scale.ID, Rank: r, Agency: p.a.Agency, AssessmentID: p.a.ID, AssessedAt: p.a.AssessedAt}
	}
	highest := func(ps []pick) bk.Rating {
		var best pick
		for _, p := range ps {
			if p.a == nil {
				continue
			}
			if best.a != nil {
				c := rating(p).Rank.Compare(rating(best).Rank)
				if c < 0 || c == 0 && !later(p.a, best.a) {
					continue
				}
			}
			best = p
		}
		return rating(best)
	}
	h := bk.Helhetsbild{ChildID: child, Since: since}
	for _, area := range bk.Areas() {
		p := bk.AreaPicture{Area: area}
		var rated, base []pick
		after := false
		for _, agency := range roles.Agencies() {
			var latest, lr, lb pick
			for i := range as {
				a := &as[i]
				if a.ChildID != child || a.Agency != agency {
					continue
				}
				for j := range a.Areas {
					e := &a.Areas[j]
					if e.Area != area {
						continue
					}
					if latest.a == nil || later(a, latest.a) {
						latest = pick{a, e}
					}
					if !since.IsZero() && a.AssessedAt.After(since) {
						after = true
					}
					if _, ok := a.Scale.Rank(e.Level); !ok {
						continue
					}
					if lr.a == nil || later(a, lr.a) {
						lr = pick{a, e}
					}
					if !since.IsZero() && !a.AssessedAt.After(since) && (lb.a == nil || later(a, lb.a)) {
						lb = pick{a, e}
					}
				}
			}
			if latest.a != nil {
				ae := bk.AgencyEntry{Agency: agency, AssessmentID: latest.a.ID, AssessedBy: latest.a.AssessedBy,
					UnitID: latest.a.UnitID, AssessedAt: latest.a.AssessedAt, Scale: latest.a.Scale.ID, Entry: *latest.e}
				if latest.e.Level != "" {
					ae.Rank, _ = latest.a.Scale.Rank(latest.e.Level)
				}
				ae.Disagreements = latest.a.DisagreementsOn(area)
				p.Latest = append(p.Latest, ae)
			}
			rated, base = append(rated, lr), append(base, lb)
		}
		p.Highest = highest(rated)
		if after {
			from := highest(base)
			d := bk.TrendSame
			switch {
			case from.IsZero() && p.Highest.IsZero():
			case from.IsZero():
				d = bk.TrendNew
			case p.Highest.Rank.Compare(from.Rank) > 0:
				d = bk.TrendUp
			case p.Highest.Rank.Compare(from.Rank) < 0:
				d = bk.TrendDown
			}
			p.Trend = bk.Trend{Direction: d, From: from, To: p.Highest}
		}
		h.Areas = append(h.Areas, p)
	}
	return h
}

// randomAssessments returns a messy set: some areas left out, levels missing
// or off the scale, two scales, unknown agencies, another child's
// assessments, and many ties at the same instant.
func randomAssessments(rng *rand.Rand, n int) []bk.Assessment {
	agencies := append(roles.Agencies(), "fritids")
	scales := []bk.ScaleRef{bk.DefaultScale().Ref(), sevenLevels()}
	start := at("2024-01-01T00:00:00Z")
	out := make([]bk.Assessment, n)
	for i := range out {
		scale := scales[rng.IntN(len(scales))]
		var entries []bk.AreaEntry
		for _, area := range bk.Areas() {
			if rng.IntN(3) == 0 {
				continue
			}
			e := bk.AreaEntry{Area: area, Concerns: "x", Source: bk.SourceObservation}
			switch r := rng.IntN(10); {
			case r < 6:
				e.Level = scale.Levels[rng.IntN(len(scale.Levels))]
			case r == 6:
				e.Level = "utanfor_skalan"
			}
			entries = append(entries, e)
		}
		if rng.IntN(20) == 0 {
			entries = append(entries, bk.AreaEntry{Area: "okand", Level: scale.Levels[0]})
		}
		child := childID
		if rng.IntN(15) == 0 {
			child = otherChild
		}
		a := bk.Assessment{
			ID:      fixedID[bk.Assessment](rng.IntN(1 << 30)),
			ChildID: child, AssessedBy: teacherID, Agency: agencies[rng.IntN(len(agencies))], UnitID: schoolUnit,
			// Few distinct instants, so that ties are common.
			AssessedAt: start.Add(time.Duration(rng.IntN(40)) * 24 * time.Hour),
			Scale:      scale, Areas: entries,
		}
		if rng.IntN(4) == 0 {
			a.Disagreements = []bk.Disagreement{{Area: bk.Areas()[rng.IntN(8)], Between: []bk.Viewpoint{bk.ViewpointBarnet, bk.ViewpointVerksamheten}, Description: "y"}}
		}
		out[i] = a
	}
	return out
}

func TestCombineAgreesWithReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	for round := range 300 {
		as := randomAssessments(rng, 1+rng.IntN(80))
		since := at("2024-01-01T00:00:00Z").Add(time.Duration(rng.IntN(45)) * 24 * time.Hour)
		if round%10 == 0 {
			since = time.Time{}
		}
		want := referenceCombine(childID, as, since)
		byTime := slices.Clone(as)
		slices.SortStableFunc(byTime, func(x, y bk.Assessment) int { return x.AssessedAt.Compare(y.AssessedAt) })
		newestFirst := slices.Clone(byTime)
		slices.Reverse(newestFirst)
		for name, order := range map[string][]bk.Assessment{"given": as, "by time": byTime, "newest first": newestFirst} {
			require.Equal(t, want, bk.Combine(childID, order, since), "round %d, %s order", round, name)
		}
	}
}
