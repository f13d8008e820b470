package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/dalsland -update to write it")
	assert.Equal(t, string(want), string(got), "output differs from %s (go test -update rewrites it)", path)
}

// fullPersonnummer matches a personnummer in full: twelve digits, or ten
// with a separator.
var fullPersonnummer = regexp.MustCompile(`\b(19|20)?\d{6}[-+]?\d{4}\b`)

func TestStory(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, nil))
	story := out.String()

	// The journey's key moments, in order (with runs of spaces and line
	// breaks read as one space, as paragraphs are wrapped and tables padded).
	steps := []string{
		"Theo Berglund (20170101-****) is five",
		"1. Lena notices (Upptäckare: the one who notices)",
		"2. Theo gets a Barnkontakt (named person)",
		"herself as Barnkontakt",
		"3. The concern goes to the Barnkontakt",
		"she may read 0 concerns and sees 1 notice",
		"4. Sara and Jonas consent (samtycke)",
		"On the preschool's consent Karin may now read the concern",
		"5. Two assessments, one combined picture (helhetsbild)",
		"Hälsa (Healthy) ███· ███· Behov av stöd (Needs support)",
		"6. A team forms around Theo (barnets team)",
		"7. Social services join; a Stödsamordnare is appointed",
		"8. The plan gets goals and items: who does what, and when",
		"Barnets plan: Aktiv (active), revision 5, also a SIP",
		"Föräldrastöd i hemmet, sex träffar 1 Maria Sand, Socialtjänst 2022-10-03 2022-12-16 Planerad",
		"9. Follow-up (uppföljning)",
		"Samtal om sömn och mat, vägning (Karin Holm, BVC): Genomförd",
		"Tillhörighet (Included) ██·· Behov tillgodoses (Need met) ↓ less need",
		"10. A consent is withdrawn; the next request is refused",
		"- consent_withdrawn: Samtycket har återkallats. (The consent has been withdrawn.)",
		"11. Who has looked at Theo's data? (the log extract)",
		"Karin Holm (BVC nurse) Hälso- och sjukvård 10 11 2",
		"Service.VerifyAudit finds it intact",
	}
	rest := words(story)
	for _, s := range steps {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Errorf("the story lacks, or has out of order: %q", s)
			continue
		}
		rest = rest[i+len(s):]
	}
	assert.Empty(t, fullPersonnummer.FindAllString(story, -1), "a full personnummer in the story")
	for i, line := range strings.Split(story, "\n") {
		assert.Equal(t, strings.TrimRight(line, " "), line, "line %d ends in spaces", i+1)
	}
	golden(t, "story.golden", out.Bytes())
}

// words returns s with every run of white space as one space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, []string{"-json"}))
	var state struct {
		Child struct {
			Personnummer string `json:"personnummer"`
		} `json:"child"`
		People   []json.RawMessage `json:"people"`
		Overview struct {
			Helhetsbild struct {
				Areas []json.RawMessage `json:"areas"`
			} `json:"helhetsbild"`
			Plan struct {
				Plan struct {
					Status string            `json:"status"`
					Items  []json.RawMessage `json:"items"`
					Goals  []json.RawMessage `json:"goals"`
				} `json:"plan"`
			} `json:"plan"`
		} `json:"overview"`
		Consents   []struct{ Status string } `json:"consents"`
		LogExtract []json.RawMessage         `json:"logExtract"`
		Audit      struct {
			Entries int64             `json:"entries"`
			Breaks  []json.RawMessage `json:"breaks"`
		} `json:"audit"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &state))
	assert.Equal(t, "20170101-****", state.Child.Personnummer)
	assert.Len(t, state.People, 6)
	assert.Len(t, state.Overview.Helhetsbild.Areas, 8)
	assert.Equal(t, "aktiv", state.Overview.Plan.Plan.Status)
	assert.Len(t, state.Overview.Plan.Plan.Items, 3, "the Barnkontakt reads every item")
	assert.Len(t, state.Overview.Plan.Plan.Goals, 2)
	var statuses []string
	for _, c := range state.Consents {
		statuses = append(statuses, c.Status)
	}
	assert.ElementsMatch(t, []string{"aktiv", "aterkallad", "aktiv"}, statuses)
	assert.NotEmpty(t, state.LogExtract)
	assert.Positive(t, state.Audit.Entries)
	assert.Empty(t, state.Audit.Breaks)
	assert.Empty(t, fullPersonnummer.FindAllString(out.String(), -1), "a full personnummer in the JSON")
	golden(t, "state.golden.json", out.Bytes())
}

func TestKeepDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dalsland.db")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, []string{"-db", path}))
	if !strings.Contains(words(out.String()), "the records are kept in the SQLite file "+path) {
		t.Errorf("the story does not say where the database is kept")
	}
	info, err := os.Stat(path)
	require.NoError(t, err, "-db keeps the database")
	assert.Positive(t, info.Size())

	// The story starts from an empty database, so it will not write over one.
	err = run(context.Background(), &out, []string{"-db", path})
	assert.ErrorContains(t, err, "the file exists")
}

func TestBadArguments(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), &out, []string{"-nosuchflag"}))
	assert.Error(t, run(context.Background(), &out, []string{"extra"}))
	assert.ErrorIs(t, run(context.Background(), &out, []string{"-h"}), flag.ErrHelp)
}
