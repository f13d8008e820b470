package behovskompass_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The moments of the combined-picture tests: since lies between t0 and t1.
var (
	t0    = at("2025-01-15T10:00:00Z")
	since = at("2025-03-01T00:00:00Z")
	t1    = at("2025-06-01T10:00:00Z")
	t2    = at("2025-09-01T10:00:00Z")
)

// rated returns an entry on area with a level (none when level is "").
func rated(area bk.Area, level bk.LevelCode) bk.AreaEntry {
	return bk.AreaEntry{Area: area, Concerns: "Text.", Level: level, Source: bk.SourceObservation}
}

// assessed returns a Backa4 assessment of the test child.
func assessed(id int, agency roles.Agency, when time.Time, entries ...bk.AreaEntry) bk.Assessment {
	return bk.Assessment{
		ID: fixedID[bk.Assessment](id), ChildID: childID, AssessedBy: teacherID, Agency: agency,
		UnitID: schoolUnit, AssessedAt: when, Scale: bk.DefaultScale().Ref(), Areas: entries, Revision: 1,
	}
}

// sevenLevels is a municipality's scale of seven levels.
func sevenLevels() bk.ScaleRef {
	return bk.ScaleRef{ID: "kommun7", Levels: []bk.LevelCode{"n0", "n1", "n2", "n3", "n4", "n5", "n6"}}
}

// latestIDs returns, per agency in the order given, the assessment ID of the latest entries.
func latestOf(p bk.AreaPicture) map[roles.Agency]roles.ID[bk.Assessment] {
	out := map[roles.Agency]roles.ID[bk.Assessment]{}
	for _, e := range p.Latest {
		out[e.Agency] = e.AssessmentID
	}
	return out
}

func TestCombineLatestAndHighest(t *testing.T) {
	t.Parallel()
	aid := fixedID[bk.Assessment]
	onOtherScale := func(a bk.Assessment, scale bk.ScaleRef) bk.Assessment { a.Scale = scale; return a }
	tests := []struct {
		name        string
		assessments []bk.Assessment
		area        bk.Area
		latest      map[roles.Agency]roles.ID[bk.Assessment]
		highest     bk.Rating // Level, Agency, AssessmentID are compared; zero: none
	}{
		{
			name: "one assessment",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovAvStod)),
			},
			area:    bk.Trygghet,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(1)},
			highest: bk.Rating{Level: bk.BehovAvStod, Agency: roles.Skola, AssessmentID: aid(1)},
		},
		{
			name: "latest per agency, highest across agencies",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.OmfattandeBehov)),
				assessed(2, roles.Skola, t2, rated(bk.Trygghet, bk.BehovTillgodoses)),
				assessed(3, roles.HalsoSjukvard, t1, rated(bk.Trygghet, bk.IngetBehov)),
			},
			area:    bk.Trygghet,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(2), roles.HalsoSjukvard: aid(3)},
			highest: bk.Rating{Level: bk.BehovTillgodoses, Agency: roles.Skola, AssessmentID: aid(2)},
		},
		{
			name: "the highest agency wins",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t2, rated(bk.Halsa, bk.BehovTillgodoses)),
				assessed(2, roles.Socialtjanst, t0, rated(bk.Halsa, bk.OmfattandeBehov)),
				assessed(3, roles.HalsoSjukvard, t1, rated(bk.Halsa, bk.BehovAvStod)),
			},
			area:    bk.Halsa,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(1), roles.Socialtjanst: aid(2), roles.HalsoSjukvard: aid(3)},
			highest: bk.Rating{Level: bk.OmfattandeBehov, Agency: roles.Socialtjanst, AssessmentID: aid(2)},
		},
		{
			name: "same agency at the same instant: the greater ID is the latest",
			assessments: []bk.Assessment{
				assessed(7, roles.Skola, t1, rated(bk.Fritid, bk.IngetBehov)),
				assessed(5, roles.Skola, t1, rated(bk.Fritid, bk.OmfattandeBehov)),
			},
			area:    bk.Fritid,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(7)},
			highest: bk.Rating{Level: bk.IngetBehov, Agency: roles.Skola, AssessmentID: aid(7)},
		},
		{
			name: "equal levels of two agencies: the later wins",
			assessments: []bk.Assessment{
				assessed(3, roles.Skola, t1, rated(bk.Omsorg, bk.BehovAvStod)),
				assessed(2, roles.HalsoSjukvard, t2, rated(bk.Omsorg, bk.BehovAvStod)),
			},
			area:    bk.Omsorg,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(3), roles.HalsoSjukvard: aid(2)},
			highest: bk.Rating{Level: bk.BehovAvStod, Agency: roles.HalsoSjukvard, AssessmentID: aid(2)},
		},
		{
			name: "equal levels at the same instant: the greater ID wins",
			assessments: []bk.Assessment{
				assessed(4, roles.HalsoSjukvard, t1, rated(bk.Omsorg, bk.BehovAvStod)),
				assessed(9, roles.Skola, t1, rated(bk.Omsorg, bk.BehovAvStod)),
			},
			area:    bk.Omsorg,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(9), roles.HalsoSjukvard: aid(4)},
			highest: bk.Rating{Level: bk.BehovAvStod, Agency: roles.Skola, AssessmentID: aid(9)},
		},
		{
			name: "across scales: the higher normalised position wins",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t2, rated(bk.Ansvar, bk.BehovTillgodoses)),                       // 1/3
				onOtherScale(assessed(2, roles.HalsoSjukvard, t0, rated(bk.Ansvar, "n3")), sevenLevels()), // 3/6
			},
			area:    bk.Ansvar,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(1), roles.HalsoSjukvard: aid(2)},
			highest: bk.Rating{Level: "n3", Agency: roles.HalsoSjukvard, AssessmentID: aid(2)},
		},
		{
			name: "across scales: equal positions, the later wins",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t2, rated(bk.Ansvar, bk.BehovTillgodoses)),                       // 1/3
				onOtherScale(assessed(2, roles.HalsoSjukvard, t0, rated(bk.Ansvar, "n2")), sevenLevels()), // 2/6
			},
			area:    bk.Ansvar,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(1), roles.HalsoSjukvard: aid(2)},
			highest: bk.Rating{Level: bk.BehovTillgodoses, Agency: roles.Skola, AssessmentID: aid(1)},
		},
		{
			name: "a level stands until the agency sets a new one",
			assessments: []bk.Assessment{
				assessed(1, roles.Skola, t0, rated(bk.Respekt, bk.BehovAvStod)),
				assessed(2, roles.Skola, t2, rated(bk.Respekt, "")),
			},
			area:    bk.Respekt,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(2)},
			highest: bk.Rating{Level: bk.BehovAvStod, Agency: roles.Skola, AssessmentID: aid(1)},
		},
		{
			name: "no level at all",
			assessments: []bk.Assessment{
				assessed(1, roles.Forskola, t0, rated(bk.Tillhorighet, "")),
			},
			area:   bk.Tillhorighet,
			latest: map[roles.Agency]roles.ID[bk.Assessment]{roles.Forskola: aid(1)},
		},
		{
			name: "another child, an unknown agency, an unknown area and a level off the scale are left out",
			assessments: func() []bk.Assessment {
				other := assessed(1, roles.Skola, t2, rated(bk.Utveckling, bk.OmfattandeBehov))
				other.ChildID = otherChild
				return []bk.Assessment{
					other,
					assessed(2, "fritids", t2, rated(bk.Utveckling, bk.OmfattandeBehov)),
					assessed(3, roles.Skola, t1, rated("lek", bk.OmfattandeBehov), rated(bk.Utveckling, bk.BehovTillgodoses)),
					assessed(4, roles.Polis, t1, rated(bk.Utveckling, "stor_oro")),
				}
			}(),
			area:    bk.Utveckling,
			latest:  map[roles.Agency]roles.ID[bk.Assessment]{roles.Skola: aid(3), roles.Polis: aid(4)},
			highest: bk.Rating{Level: bk.BehovTillgodoses, Agency: roles.Skola, AssessmentID: aid(3)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, order := range [][]bk.Assessment{tt.assessments, reversed(tt.assessments)} {
				h := bk.Combine(childID, order, time.Time{})
				require.Len(t, h.Areas, 8)
				p := h.Area(tt.area)
				assert.Equal(t, tt.area, p.Area)
				assert.Equal(t, tt.latest, latestOf(p))
				assert.True(t, slices.IsSortedFunc(p.Latest, func(a, b bk.AgencyEntry) int {
					return slices.Index(roles.Agencies(), a.Agency) - slices.Index(roles.Agencies(), b.Agency)
				}), "latest entries in canonical agency order")
				assert.Equal(t, tt.highest.Level, p.Highest.Level, "highest level")
				assert.Equal(t, tt.highest.Agency, p.Highest.Agency, "agency of the highest level")
				assert.Equal(t, tt.highest.AssessmentID, p.Highest.AssessmentID, "assessment of the highest level")
				assert.True(t, p.Trend.IsZero(), "no trends without since")
				for _, q := range h.Areas {
					if q.Area != tt.area {
						assert.False(t, q.Assessed(), "only %s was assessed, not %s", tt.area, q.Area)
					}
				}
			}
		})
	}
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func TestCombineTrends(t *testing.T) {
	t.Parallel()
	aid := fixedID[bk.Assessment]
	type want struct {
		dir      bk.Direction // "": no trend
		from, to bk.LevelCode
	}
	tests := []struct {
		name        string
		assessments []bk.Assessment
		want        want
	}{
		{"up", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
			assessed(2, roles.Skola, t2, rated(bk.Trygghet, bk.BehovAvStod)),
		}, want{bk.TrendUp, bk.BehovTillgodoses, bk.BehovAvStod}},
		{"down", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.OmfattandeBehov)),
			assessed(2, roles.Skola, t1, rated(bk.Trygghet, bk.BehovTillgodoses)),
		}, want{bk.TrendDown, bk.OmfattandeBehov, bk.BehovTillgodoses}},
		{"same level assessed again", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovAvStod)),
			assessed(2, roles.Skola, t2, rated(bk.Trygghet, bk.BehovAvStod)),
		}, want{bk.TrendSame, bk.BehovAvStod, bk.BehovAvStod}},
		{"new: first assessed after since", []bk.Assessment{
			assessed(1, roles.Skola, t1, rated(bk.Trygghet, bk.BehovAvStod)),
		}, want{bk.TrendNew, "", bk.BehovAvStod}},
		{"new: first level after since", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, "")),
			assessed(2, roles.Socialtjanst, t1, rated(bk.Trygghet, bk.IngetBehov)),
		}, want{bk.TrendNew, "", bk.IngetBehov}},
		{"same: assessed again, no level at all", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, "")),
			assessed(2, roles.Skola, t1, rated(bk.Trygghet, "")),
		}, want{bk.TrendSame, "", ""}},
		{"same: assessed again without a level, the old level stands", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovAvStod)),
			assessed(2, roles.Skola, t1, rated(bk.Trygghet, "")),
		}, want{bk.TrendSame, bk.BehovAvStod, bk.BehovAvStod}},
		{"up through another agency", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
			assessed(2, roles.Socialtjanst, t2, rated(bk.Trygghet, bk.OmfattandeBehov)),
		}, want{bk.TrendUp, bk.BehovTillgodoses, bk.OmfattandeBehov}},
		{"down to another agency's level", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.OmfattandeBehov)),
			assessed(2, roles.HalsoSjukvard, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
			assessed(3, roles.Skola, t2, rated(bk.Trygghet, bk.IngetBehov)),
		}, want{bk.TrendDown, bk.OmfattandeBehov, bk.BehovTillgodoses}},
		{"a lower level of a second agency does not move the highest", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovAvStod)),
			assessed(2, roles.Polis, t1, rated(bk.Trygghet, bk.IngetBehov)),
		}, want{bk.TrendSame, bk.BehovAvStod, bk.BehovAvStod}},
		{"across scales: the same position is the same", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
			func() bk.Assessment {
				a := assessed(2, roles.Skola, t1, rated(bk.Trygghet, "n2"))
				a.Scale = sevenLevels()
				return a
			}(),
		}, want{bk.TrendSame, bk.BehovTillgodoses, "n2"}},
		{"not assessed after since: no trend", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovAvStod)),
		}, want{}},
		{"an assessment at since belongs to the past", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.IngetBehov)),
			assessed(2, roles.Skola, since, rated(bk.Trygghet, bk.BehovAvStod)),
		}, want{}},
		{"ties at the same instant after since", []bk.Assessment{
			assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
			assessed(8, roles.Skola, t1, rated(bk.Trygghet, bk.IngetBehov)),
			assessed(6, roles.Skola, t1, rated(bk.Trygghet, bk.OmfattandeBehov)),
		}, want{bk.TrendDown, bk.BehovTillgodoses, bk.IngetBehov}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, order := range [][]bk.Assessment{tt.assessments, reversed(tt.assessments)} {
				h := bk.Combine(childID, order, since)
				assert.Equal(t, since, h.Since)
				p := h.Area(bk.Trygghet)
				if tt.want.dir == "" {
					assert.True(t, p.Trend.IsZero(), "no trend: %+v", p.Trend)
					assert.Empty(t, h.Changed())
					continue
				}
				assert.Equal(t, tt.want.dir, p.Trend.Direction)
				assert.Equal(t, tt.want.from, p.Trend.From.Level, "from")
				assert.Equal(t, tt.want.to, p.Trend.To.Level, "to")
				assert.Equal(t, p.Highest, p.Trend.To, "the trend ends at the highest level now")
				switch tt.want.dir {
				case bk.TrendSame:
					assert.Empty(t, h.Changed())
				default:
					assert.Equal(t, []bk.Area{bk.Trygghet}, h.Changed())
				}
			}
		})
	}

	// The trend's endpoints say where they come from.
	h := bk.Combine(childID, []bk.Assessment{
		assessed(1, roles.Skola, t0, rated(bk.Trygghet, bk.BehovTillgodoses)),
		assessed(2, roles.Socialtjanst, t2, rated(bk.Trygghet, bk.OmfattandeBehov)),
	}, since)
	tr := h.Area(bk.Trygghet).Trend
	assert.Equal(t, bk.Rating{Level: bk.BehovTillgodoses, Scale: bk.Backa4, Rank: bk.Rank{Index: 1, Size: 4},
		Agency: roles.Skola, AssessmentID: aid(1), AssessedAt: t0}, tr.From)
	assert.Equal(t, bk.Rating{Level: bk.OmfattandeBehov, Scale: bk.Backa4, Rank: bk.Rank{Index: 3, Size: 4},
		Agency: roles.Socialtjanst, AssessmentID: aid(2), AssessedAt: t2}, tr.To)
}

// scenario is a child followed by three agencies over two dates, with a
// disagreement, for the golden file and the order tests.
func scenario() []bk.Assessment {
	bvc := assessed(31, roles.HalsoSjukvard, t0,
		rated(bk.Halsa, bk.BehovAvStod), rated(bk.Omsorg, bk.BehovTillgodoses))
	bvc.AssessedBy, bvc.UnitID = nurseID, bvcUnit
	school1 := assessed(32, roles.Skola, t0,
		rated(bk.Trygghet, bk.BehovTillgodoses), rated(bk.Utveckling, bk.BehovAvStod))
	school2 := assessed(35, roles.Skola, t2,
		rated(bk.Trygghet, bk.BehovAvStod), rated(bk.Utveckling, bk.BehovTillgodoses), rated(bk.Fritid, ""))
	school2.Areas[0].Views = bk.Views{Child: "Jag är rädd på rasterna.", Guardians: "Hon är trygg i skolan."}
	school2.Disagreements = []bk.Disagreement{{
		Area: bk.Trygghet, Between: []bk.Viewpoint{bk.ViewpointBarnet, bk.ViewpointVardnadshavare},
		Description: "Barnet känner sig otryggt på rasterna; vårdnadshavarna ser det inte så.",
	}}
	social := assessed(34, roles.Socialtjanst, t1, rated(bk.Omsorg, bk.BehovAvStod))
	return []bk.Assessment{bvc, school1, school2, social}
}

func TestCombineJSONGolden(t *testing.T) {
	t.Parallel()
	h := bk.Combine(childID, scenario(), since)
	golden(t, "helhetsbild.json", h)
	assert.Equal(t, []bk.Area{bk.Trygghet, bk.Utveckling, bk.Omsorg}, h.Changed())
	tr := h.Area(bk.Trygghet)
	require.Len(t, tr.Latest, 1)
	require.Len(t, tr.Latest[0].Disagreements, 1, "the disagreement about the area goes with the entry")
	assert.Empty(t, h.Area(bk.Utveckling).Latest[0].Disagreements)
	assert.Equal(t, bk.Rank{Index: 2, Size: 4}, tr.Latest[0].Rank)
	assert.True(t, h.Area(bk.Fritid).Latest[0].Rank.IsZero())
}

func TestCombineDoesNotDependOnOrder(t *testing.T) {
	t.Parallel()
	as := benchmarkAssessments(60, 3)
	// Ties: several assessments of one agency at one instant.
	for i := 10; i < 16; i++ {
		as[i].AssessedAt, as[i].Agency = as[9].AssessedAt, as[9].Agency
	}
	mid := as[0].AssessedAt.AddDate(1, 0, 0)
	want := bk.Combine(childID, as, mid)
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20 {
		shuffled := slices.Clone(as)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, want, bk.Combine(childID, shuffled, mid))
	}
}

func TestCombineEmpty(t *testing.T) {
	t.Parallel()
	h := bk.Combine(childID, nil, since)
	require.Len(t, h.Areas, 8)
	for i, p := range h.Areas {
		assert.Equal(t, bk.Areas()[i], p.Area)
		assert.False(t, p.Assessed())
		assert.True(t, p.Highest.IsZero())
		assert.True(t, p.Trend.IsZero())
	}
	assert.Empty(t, h.Changed())
	assert.Equal(t, bk.AreaPicture{}, h.Area("okand"))
}

func TestCombineDoesNotAliasItsInput(t *testing.T) {
	t.Parallel()
	as := scenario()
	h := bk.Combine(childID, as, since)
	as[2].Areas[0].Level = bk.IngetBehov
	as[2].Disagreements[0].Description = "ändrad"
	p := h.Area(bk.Trygghet)
	assert.Equal(t, bk.BehovAvStod, p.Latest[0].Entry.Level)
	assert.NotEqual(t, "ändrad", p.Latest[0].Disagreements[0].Description)
}
