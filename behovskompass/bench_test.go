package behovskompass_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// benchmarkAssessments returns n assessments of the test child over two
// years, spread over agencies agencies, each covering all eight areas with a
// random level (or none), deterministically.
func benchmarkAssessments(n, agencies int) []bk.Assessment {
	rng := rand.New(rand.NewPCG(1, 2))
	start := at("2024-01-01T08:00:00Z")
	span := int64(2 * 365 * 24 * time.Hour / time.Minute)
	ags := roles.Agencies()[:agencies]
	scale := bk.DefaultScale().Ref()
	levels := append(bk.DefaultLevels(), "")
	out := make([]bk.Assessment, n)
	for i := range out {
		entries := make([]bk.AreaEntry, 0, 8)
		for _, area := range bk.Areas() {
			entries = append(entries, bk.AreaEntry{
				Area: area, Strengths: "Styrkor.", Concerns: fmt.Sprintf("Oro %d.", i),
				Level: levels[rng.IntN(len(levels))], Source: bk.SourceObservation,
			})
		}
		out[i] = bk.Assessment{
			ID:      fixedID[bk.Assessment](1000 + i),
			ChildID: childID, AssessedBy: teacherID, Agency: ags[rng.IntN(len(ags))], UnitID: schoolUnit,
			AssessedAt: start.Add(time.Duration(rng.Int64N(span)) * time.Minute),
			Scale:      scale, Areas: entries, Revision: 1,
		}
		if i%10 == 0 {
			out[i].Disagreements = []bk.Disagreement{{Area: bk.Trygghet,
				Between: []bk.Viewpoint{bk.ViewpointBarnet, bk.ViewpointVardnadshavare}, Description: "Olika syn."}}
		}
	}
	return out
}

// BenchmarkCombine: the combined picture over 200 assessments (8 areas, 6
// agencies, 2 years), with trends since the middle. Target: under 20 µs/op.
// by_time has the assessments in time order, as a store returns them;
// shuffled in no order.
func BenchmarkCombine(b *testing.B) {
	byTime := benchmarkAssessments(200, 6)
	slices.SortFunc(byTime, func(x, y bk.Assessment) int { return x.AssessedAt.Compare(y.AssessedAt) })
	shuffled := benchmarkAssessments(200, 6)
	mid := at("2025-01-01T00:00:00Z")
	for _, bc := range []struct {
		name string
		as   []bk.Assessment
	}{{"by_time", byTime}, {"shuffled", shuffled}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h := bk.Combine(childID, bc.as, mid)
				if len(h.Areas) != 8 {
					b.Fatal("eight areas expected")
				}
			}
		})
	}
}
