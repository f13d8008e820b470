package behovskompass_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixedID returns a deterministic UUIDv7-shaped ID whose last bytes are n, so
// that IDs compare as their numbers do.
func fixedID[T any](n int) roles.ID[T] {
	return roles.ID[T](uuid.MustParse(fmt.Sprintf("01900000-0000-7000-8000-%012x", n)))
}

// at parses an RFC 3339 instant and returns it in UTC.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// golden compares the indented JSON of v with testdata/golden/name, or
// rewrites the file with -update.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return got
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if !bytes.Equal(got, want) {
		t.Errorf("JSON of %s differs from %s (run go test -update if the change is intended):\n%s", name, path, got)
	}
	return got
}

// Fixed people and places of the tests: all invented.
var (
	childID    = fixedID[roles.Child](1)
	otherChild = fixedID[roles.Child](2)
	nurseID    = fixedID[roles.Professional](10)
	teacherID  = fixedID[roles.Professional](11)
	bvcUnit    = fixedID[roles.Unit](20)
	schoolUnit = fixedID[roles.Unit](21)
)

// sampleAssessment is a complete, valid assessment by a school.
func sampleAssessment() bk.Assessment {
	return bk.Assessment{
		ID:         fixedID[bk.Assessment](100),
		ChildID:    childID,
		AssessedBy: teacherID,
		Agency:     roles.Skola,
		UnitID:     schoolUnit,
		AssessedAt: at("2026-03-12T09:30:00Z"),
		Scale:      bk.DefaultScale().Ref(),
		Areas: []bk.AreaEntry{
			{
				Area:      bk.Trygghet,
				Strengths: "Har två nära vänner i klassen.",
				Concerns:  "Blir utesluten på rasterna.",
				Level:     bk.BehovAvStod,
				Source:    bk.SourceObservation,
				Views:     bk.Views{Child: "Jag vill inte gå ut på rast.", Guardians: "Vi märker att hon är ledsen efter skolan."},
			},
			{
				Area:         bk.Utveckling,
				Strengths:    "Läser gärna och mycket.",
				Level:        bk.BehovTillgodoses,
				Source:       bk.SourceKartlaggning,
				SourceDetail: "Läsutveckling, vårterminen",
			},
			{
				Area:     bk.Halsa,
				Concerns: "Trött på förmiddagarna.",
				Source:   bk.SourceBarnet,
			},
		},
		Views: bk.Views{Child: "Skolan är bra men rasterna är jobbiga.", Guardians: "Vi vill ha mer stöd på rasterna."},
		Disagreements: []bk.Disagreement{{
			Area:        bk.Halsa,
			Between:     []bk.Viewpoint{bk.ViewpointBarnet, bk.ViewpointVardnadshavare},
			Description: "Barnet säger att hon sover bra; vårdnadshavarna att hon somnar sent.",
		}},
		Revision: 3,
	}
}

// sampleConcern is a complete, valid concern raised by a BVC nurse.
func sampleConcern() bk.Concern {
	return bk.Concern{
		ID:                         fixedID[bk.Concern](200),
		ChildID:                    childID,
		Noticed:                    "Barnet har vid två besök haft blåmärken på armarna.",
		Areas:                      []bk.Area{bk.Trygghet, bk.Omsorg},
		Seriousness:                bk.Allvarlig,
		RaisedBy:                   roles.ProfessionalParty(nurseID),
		Agency:                     roles.HalsoSjukvard,
		UnitID:                     bvcUnit,
		RaisedAt:                   at("2026-02-03T13:05:00Z"),
		Barnkontakt:                bk.BarnkontaktRef{AssignmentID: fixedID[roles.Assignment](300), ProfessionalID: nurseID},
		ReportedToSocialServicesAt: at("2026-02-03T15:40:00Z"),
		Revision:                   1,
	}
}
