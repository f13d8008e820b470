package behovskompass_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// A school records its assessment of a child on the default scale, with the
// child's and the guardians' views kept apart and their disagreement noted.
func ExampleAssessment() {
	a := bk.Assessment{
		ID:         roles.MustNewID[bk.Assessment](),
		ChildID:    roles.MustNewID[roles.Child](),
		AssessedBy: roles.MustNewID[roles.Professional](),
		Agency:     roles.Skola,
		UnitID:     roles.MustNewID[roles.Unit](),
		AssessedAt: time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC),
		Scale:      bk.DefaultScale().Ref(),
		Areas: []bk.AreaEntry{
			{
				Area:      bk.Trygghet,
				Strengths: "Har två nära vänner i klassen.",
				Concerns:  "Blir utesluten på rasterna.",
				Level:     bk.BehovAvStod,
				Source:    bk.SourceObservation,
				Views: bk.Views{
					Child:     "Jag vill inte gå ut på rast.",
					Guardians: "Hon trivs i skolan.",
				},
			},
			{Area: bk.Utveckling, Strengths: "Läser mycket.", Level: bk.IngetBehov, Source: bk.SourceKartlaggning},
		},
		Disagreements: []bk.Disagreement{{
			Area:        bk.Trygghet,
			Between:     []bk.Viewpoint{bk.ViewpointBarnet, bk.ViewpointVardnadshavare},
			Description: "Barnet känner sig otryggt på rasterna; vårdnadshavarna ser det inte så.",
		}},
	}
	if err := a.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	cat := bk.BuiltinCatalog()
	for _, e := range a.Areas {
		fmt.Printf("%s: %s\n", cat.AreaLabel(e.Area, bk.Swedish), cat.LevelLabel(a.Scale.ID, e.Level, bk.Swedish))
	}
	for _, d := range a.DisagreementsOn(bk.Trygghet) {
		fmt.Println("oenighet mellan", d.Between)
	}
	// Output:
	// Trygghet: Behov av stöd
	// Utveckling: Inget behov
	// oenighet mellan [barnet vardnadshavare]
}

// Validate reports every problem with its path and rule, never the values.
func ExampleAssessment_Validate() {
	a := bk.Assessment{
		ID:         roles.MustNewID[bk.Assessment](),
		ChildID:    roles.MustNewID[roles.Child](),
		AssessedBy: roles.MustNewID[roles.Professional](),
		Agency:     roles.HalsoSjukvard,
		UnitID:     roles.MustNewID[roles.Unit](),
		AssessedAt: time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC),
		Scale:      bk.DefaultScale().Ref(),
		Areas: []bk.AreaEntry{
			{Area: bk.Halsa, Concerns: "Sover dåligt.", Level: bk.BehovAvStod, Source: bk.SourceVardnadshavare},
			{Area: bk.Halsa, Level: "stor_oro", Source: bk.SourceObservation},
		},
	}
	err := a.Validate()
	fmt.Println(errors.Is(err, roles.ErrInvalid))
	var ve *roles.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Path, p.Rule)
		}
	}
	// Output:
	// true
	// areas[1].area duplicate
	// areas[1].level level
}

// Labels and definitions come from a catalogue: Swedish and English are
// built in, and an unknown locale falls back to Swedish.
func ExampleCatalog_AreaLabel() {
	cat := bk.BuiltinCatalog()
	for _, a := range bk.Areas() {
		fmt.Printf("%-12s %-13s %s\n", a, cat.AreaLabel(a, bk.Swedish), cat.AreaLabel(a, bk.English))
	}
	fmt.Println(cat.AreaLabel(bk.Halsa, "fi"))
	fmt.Println(cat.AreaDefinition(bk.Trygghet, "en-GB"))
	fmt.Println(cat.LevelLabel(bk.Backa4, bk.OmfattandeBehov, bk.Swedish), "/", cat.LevelLabel(bk.Backa4, bk.OmfattandeBehov, bk.English))
	// Output:
	// trygghet     Trygghet      Safe
	// halsa        Hälsa         Healthy
	// utveckling   Utveckling    Achieving
	// omsorg       Omsorg        Nurtured
	// fritid       Fritid        Active
	// respekt      Respekt       Respected
	// ansvar       Ansvar        Responsible
	// tillhorighet Tillhörighet  Included
	// Hälsa
	// Protected from abuse, neglect or harm at home, in school and in the community.
	// Omfattande behov / Extensive need
}

// A municipality supplies its own wording as data, without changing code.
func ExampleParseCatalog() {
	data, err := os.ReadFile("testdata/dalsland_catalog.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	cat, err := bk.ParseCatalog(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cat.AreaLabel(bk.Trygghet, bk.Swedish))
	fmt.Println(cat.AreaLabel(bk.Trygghet, bk.English)) // no English wording: Swedish
	fmt.Println(cat.AreaLabel(bk.Tillhorighet, bk.English))
	fmt.Println(cat.DefaultScale().ID) // no scales of its own: the built-in ones
	// Output:
	// Trygg
	// Trygg
	// Included
	// backa4
}

// The combined picture: each agency's latest entry per area, the highest
// level across agencies, and how it moved since a date.
func ExampleCombine() {
	child := roles.MustNewID[roles.Child]()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 10, 0, 0, 0, time.UTC) }
	assess := func(agency roles.Agency, when time.Time, area bk.Area, level bk.LevelCode) bk.Assessment {
		return bk.Assessment{
			ID: roles.MustNewID[bk.Assessment](), ChildID: child, AssessedBy: roles.MustNewID[roles.Professional](),
			Agency: agency, UnitID: roles.MustNewID[roles.Unit](), AssessedAt: when, Scale: bk.DefaultScale().Ref(),
			Areas: []bk.AreaEntry{{Area: area, Concerns: "…", Level: level, Source: bk.SourceObservation}},
		}
	}
	assessments := []bk.Assessment{
		assess(roles.HalsoSjukvard, day(1, 15), bk.Halsa, bk.BehovAvStod),
		assess(roles.Skola, day(1, 20), bk.Trygghet, bk.BehovTillgodoses),
		assess(roles.Skola, day(9, 1), bk.Trygghet, bk.BehovAvStod),
		assess(roles.Socialtjanst, day(6, 1), bk.Omsorg, bk.BehovAvStod),
		assess(roles.Skola, day(6, 2), bk.Omsorg, bk.IngetBehov),
	}
	h := bk.Combine(child, assessments, day(3, 1))
	cat := bk.BuiltinCatalog()
	for _, p := range h.Areas {
		if !p.Assessed() {
			continue
		}
		fmt.Printf("%s: %s (highest: %s; agencies: %d)", cat.AreaLabel(p.Area, bk.Swedish),
			cat.LevelLabel(p.Highest.Scale, p.Highest.Level, bk.Swedish), p.Highest.Agency, len(p.Latest))
		if !p.Trend.IsZero() {
			fmt.Printf(", trend %s", p.Trend.Direction)
		}
		fmt.Println()
	}
	fmt.Println("changed:", h.Changed())
	// Output:
	// Trygghet: Behov av stöd (highest: skola; agencies: 1), trend up
	// Hälsa: Behov av stöd (highest: halso_sjukvard; agencies: 1)
	// Omsorg: Behov av stöd (highest: socialtjanst; agencies: 2), trend new
	// changed: [trygghet omsorg]
}
