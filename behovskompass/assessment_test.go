package behovskompass_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssessmentJSONGolden(t *testing.T) {
	t.Parallel()
	a := sampleAssessment()
	require.NoError(t, a.Validate())
	b := golden(t, "assessment.json", a)
	var back bk.Assessment
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, a, back)
}

func TestAssessmentValidate(t *testing.T) {
	t.Parallel()
	type P = roles.Problem
	stockholm := time.FixedZone("CET", 3600)
	tests := []struct {
		name   string
		modify func(*bk.Assessment)
		want   []P
	}{
		{"valid", func(*bk.Assessment) {}, nil},
		{"no ID", func(a *bk.Assessment) { a.ID = roles.ID[bk.Assessment]{} }, []P{{Path: "id", Rule: "required"}}},
		{"no child", func(a *bk.Assessment) { a.ChildID = roles.ID[roles.Child]{} }, []P{{Path: "childId", Rule: "required"}}},
		{"no assessor", func(a *bk.Assessment) { a.AssessedBy = roles.ID[roles.Professional]{} }, []P{{Path: "assessedBy", Rule: "required"}}},
		{"no agency", func(a *bk.Assessment) { a.Agency = "" }, []P{{Path: "agency", Rule: "required"}}},
		{"unknown agency", func(a *bk.Assessment) { a.Agency = "fritids" }, []P{{Path: "agency", Rule: "code"}}},
		{"no unit", func(a *bk.Assessment) { a.UnitID = roles.ID[roles.Unit]{} }, []P{{Path: "unitId", Rule: "required"}}},
		{"no time", func(a *bk.Assessment) { a.AssessedAt = time.Time{} }, []P{{Path: "assessedAt", Rule: "required"}}},
		{"time not in UTC", func(a *bk.Assessment) { a.AssessedAt = a.AssessedAt.In(stockholm) }, []P{{Path: "assessedAt", Rule: "utc"}}},
		{"no scale", func(a *bk.Assessment) { a.Scale = bk.ScaleRef{} }, []P{
			{Path: "scale.id", Rule: "required"}, {Path: "scale.levels", Rule: "levels"},
			{Path: "areas[0].level", Rule: "level"}, {Path: "areas[1].level", Rule: "level"}}},
		{"built-in scale with other levels", func(a *bk.Assessment) {
			a.Scale.Levels = []bk.LevelCode{bk.IngetBehov, bk.BehovTillgodoses, bk.BehovAvStod}
		}, []P{{Path: "scale.levels", Rule: "builtin_scale"}}},
		{"scale with a duplicate level", func(a *bk.Assessment) {
			a.Scale = bk.ScaleRef{ID: "kommun3", Levels: []bk.LevelCode{"lag", "hog", "lag"}}
			a.Areas[0].Level, a.Areas[1].Level = "hog", "lag"
		}, []P{{Path: "scale.levels[2]", Rule: "duplicate"}}},
		{"malformed scale", func(a *bk.Assessment) {
			a.Scale = bk.ScaleRef{ID: "Kommun 3", Levels: []bk.LevelCode{"Låg", "hog"}}
			a.Areas[0].Level, a.Areas[1].Level = "hog", "hog"
		}, []P{{Path: "scale.id", Rule: "code"}, {Path: "scale.levels[0]", Rule: "code"}}},
		{"no areas", func(a *bk.Assessment) { a.Areas = nil; a.Disagreements = nil }, []P{{Path: "areas", Rule: "required"}}},
		{"duplicate area", func(a *bk.Assessment) { a.Areas[2].Area = bk.Trygghet }, []P{{Path: "areas[2].area", Rule: "duplicate"}}},
		{"no area", func(a *bk.Assessment) { a.Areas[1].Area = "" }, []P{{Path: "areas[1].area", Rule: "required"}}},
		{"unknown area", func(a *bk.Assessment) { a.Areas[1].Area = "lek" }, []P{{Path: "areas[1].area", Rule: "code"}}},
		{"level not on the scale", func(a *bk.Assessment) { a.Areas[2].Level = "stor_oro" }, []P{{Path: "areas[2].level", Rule: "level"}}},
		{"level of another scale", func(a *bk.Assessment) { a.Scale = fiveLevels().Ref() }, []P{
			{Path: "areas[0].level", Rule: "level"}, {Path: "areas[1].level", Rule: "level"}}},
		{"empty entry", func(a *bk.Assessment) { a.Areas[2].Concerns = "" }, []P{{Path: "areas[2]", Rule: "empty_entry"}}},
		{"a level alone is enough", func(a *bk.Assessment) { a.Areas[2].Concerns, a.Areas[2].Level = "", bk.IngetBehov }, nil},
		{"no source", func(a *bk.Assessment) { a.Areas[0].Source = "" }, []P{{Path: "areas[0].source", Rule: "required"}}},
		{"unknown source", func(a *bk.Assessment) { a.Areas[0].Source = "rykte" }, []P{{Path: "areas[0].source", Rule: "code"}}},
		{"texts too long", func(a *bk.Assessment) {
			long := strings.Repeat("å", 4001)
			a.Areas[0].Strengths, a.Areas[1].Concerns, a.Areas[0].Views.Guardians = long, long, long
			a.Views.Child, a.Areas[1].SourceDetail = long, strings.Repeat("x", 201)
		}, []P{
			{Path: "areas[0].strengths", Rule: "max"}, {Path: "areas[1].concerns", Rule: "max"},
			{Path: "areas[0].views.guardians", Rule: "max"}, {Path: "views.child", Rule: "max"},
			{Path: "areas[1].sourceDetail", Rule: "max"}}},
		{"4000 characters fit", func(a *bk.Assessment) { a.Areas[0].Strengths = strings.Repeat("å", 4000) }, nil},
		{"negative revision", func(a *bk.Assessment) { a.Revision = -1 }, []P{{Path: "revision", Rule: "gte"}}},
		{"many problems at once", func(a *bk.Assessment) {
			a.ID = roles.ID[bk.Assessment]{}
			a.Areas[1].Level = "stor_oro"
			a.Areas[2].Area = bk.Trygghet
			a.Disagreements[0].Description = ""
		}, []P{{Path: "id", Rule: "required"}, {Path: "areas[1].level", Rule: "level"},
			{Path: "areas[2].area", Rule: "duplicate"}, {Path: "disagreements[0].description", Rule: "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := sampleAssessment()
			tt.modify(&a)
			err := a.Validate()
			assertProblems(t, err, tt.want)
			if err != nil {
				// Free texts never appear in the error.
				for _, e := range a.Areas {
					for _, s := range []string{e.Strengths, e.Concerns, e.Views.Child, e.Views.Guardians} {
						if s != "" {
							assert.NotContains(t, err.Error(), s)
						}
					}
				}
			}
		})
	}
}

func TestAssessmentDisagreements(t *testing.T) {
	t.Parallel()
	type P = roles.Problem
	vp := func(vs ...bk.Viewpoint) []bk.Viewpoint { return vs }
	tests := []struct {
		name string
		d    bk.Disagreement
		want []P
	}{
		{"child and guardians on an area", bk.Disagreement{Area: bk.Halsa, Between: vp(bk.ViewpointBarnet, bk.ViewpointVardnadshavare), Description: "x"}, nil},
		{"child and agency on the whole", bk.Disagreement{Between: vp(bk.ViewpointBarnet, bk.ViewpointVerksamheten), Description: "x"}, nil},
		{"all three", bk.Disagreement{Between: vp(bk.ViewpointVerksamheten, bk.ViewpointBarnet, bk.ViewpointVardnadshavare), Description: "x"}, nil},
		{"the guardians among themselves", bk.Disagreement{Area: bk.Omsorg, Between: vp(bk.ViewpointVardnadshavare), Description: "x"}, nil},
		{"on an area not assessed", bk.Disagreement{Area: bk.Fritid, Between: vp(bk.ViewpointBarnet, bk.ViewpointVardnadshavare), Description: "x"}, nil},
		{"the child alone", bk.Disagreement{Between: vp(bk.ViewpointBarnet), Description: "x"}, []P{{Path: "disagreements[1].between", Rule: "viewpoints"}}},
		{"the agency alone", bk.Disagreement{Between: vp(bk.ViewpointVerksamheten), Description: "x"}, []P{{Path: "disagreements[1].between", Rule: "viewpoints"}}},
		{"nobody", bk.Disagreement{Description: "x"}, []P{{Path: "disagreements[1].between", Rule: "min"}}},
		{"twice the same", bk.Disagreement{Between: vp(bk.ViewpointBarnet, bk.ViewpointBarnet), Description: "x"}, []P{{Path: "disagreements[1].between[1]", Rule: "duplicate"}}},
		{"unknown viewpoint", bk.Disagreement{Between: vp(bk.ViewpointBarnet, "larare"), Description: "x"}, []P{{Path: "disagreements[1].between[1]", Rule: "code"}}},
		{"unknown area", bk.Disagreement{Area: "lek", Between: vp(bk.ViewpointBarnet, bk.ViewpointVardnadshavare), Description: "x"}, []P{{Path: "disagreements[1].area", Rule: "code"}}},
		{"no description", bk.Disagreement{Between: vp(bk.ViewpointBarnet, bk.ViewpointVardnadshavare)}, []P{{Path: "disagreements[1].description", Rule: "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := sampleAssessment()
			a.Disagreements = append(a.Disagreements, tt.d)
			assertProblems(t, a.Validate(), tt.want)
		})
	}

	a := sampleAssessment()
	a.Disagreements = append(a.Disagreements,
		bk.Disagreement{Between: vp(bk.ViewpointBarnet, bk.ViewpointVerksamheten), Description: "helheten"},
		bk.Disagreement{Area: bk.Halsa, Between: vp(bk.ViewpointVardnadshavare), Description: "sömnen"})
	require.NoError(t, a.Validate())
	on := a.DisagreementsOn(bk.Halsa)
	require.Len(t, on, 2)
	assert.Equal(t, a.Disagreements[0], on[0])
	assert.Equal(t, "sömnen", on[1].Description)
	whole := a.DisagreementsOn("")
	require.Len(t, whole, 1)
	assert.Equal(t, "helheten", whole[0].Description)
	assert.Empty(t, a.DisagreementsOn(bk.Fritid))

	// The views are kept apart: the child's and the guardians' are distinct fields.
	e, ok := a.Entry(bk.Trygghet)
	require.True(t, ok)
	assert.Equal(t, "Jag vill inte gå ut på rast.", e.Views.Child)
	assert.Equal(t, "Vi märker att hon är ledsen efter skolan.", e.Views.Guardians)
	_, ok = a.Entry(bk.Ansvar)
	assert.False(t, ok)
}

func TestAssessmentDecodeRejectsUnknownCodes(t *testing.T) {
	t.Parallel()
	valid, err := json.Marshal(sampleAssessment())
	require.NoError(t, err)
	replace := func(old, new string) string {
		require.Contains(t, string(valid), old)
		return strings.Replace(string(valid), old, new, 1)
	}
	tests := []struct {
		name    string
		data    string
		is      error
		message string
	}{
		{"unknown area", replace(`"area":"utveckling"`, `"area":"larande"`), vocab.ErrUnknownCode,
			`assessment: areas[1].area: area: unknown code "larande"`},
		{"unknown area in a disagreement", replace(`"area":"halsa","between"`, `"area":"somn","between"`), vocab.ErrUnknownCode,
			`assessment: disagreements[0].area: area: unknown code "somn"`},
		{"empty area", replace(`"area":"utveckling"`, `"area":""`), vocab.ErrUnknownCode,
			`assessment: areas[1].area: area: empty code`},
		{"level not on the scale", replace(`"level":"behov_av_stod"`, `"level":"stor_oro"`), vocab.ErrUnknownCode,
			`assessment: areas[0].level: level "stor_oro" is not on the assessment's scale "backa4"`},
		{"malformed level", replace(`"level":"behov_av_stod"`, `"level":"Behov av stöd"`), vocab.ErrUnknownCode,
			`level: unknown code "Behov av stöd"`},
		{"unknown source", replace(`"source":"observation"`, `"source":"rykte"`), vocab.ErrUnknownCode,
			`source: unknown code "rykte"`},
		{"unknown viewpoint", replace(`"between":["barnet"`, `"between":["mentor"`), vocab.ErrUnknownCode,
			`viewpoint: unknown code "mentor"`},
		{"unknown agency", replace(`"agency":"skola"`, `"agency":"fritids"`), vocab.ErrUnknownCode,
			`agency: unknown code "fritids"`},
		{"malformed ID", replace(`"id":"01900000-0000-7000-8000-000000000064"`, `"id":"64"`), roles.ErrInvalid, "not a UUID"},
		{"instant out of range in UTC", replace(`"assessedAt":"2026-03-12T09:30:00Z"`, `"assessedAt":"9999-12-31T23:00:00-02:00"`), roles.ErrInvalid,
			"assessment: assessedAt: invalid: instant outside the years 0000 to 9999 in UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var a bk.Assessment
			err := json.Unmarshal([]byte(tt.data), &a)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.message)
		})
	}

	var a bk.Assessment
	err = json.Unmarshal([]byte(replace(`"level":"behov_tillgodoses"`, `"level":"stor_oro"`)), &a)
	var ule *bk.UnknownLevelError
	require.True(t, errors.As(err, &ule))
	assert.Equal(t, bk.UnknownLevelError{Path: "areas[1].level", Scale: bk.Backa4, Level: "stor_oro"}, *ule)
	assert.ErrorIs(t, err, roles.ErrInvalid)
	var pe *bk.PathError
	err = json.Unmarshal([]byte(replace(`"area":"utveckling"`, `"area":"larande"`)), &a)
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "areas[1].area", pe.Path)
	assert.ErrorIs(t, err, roles.ErrInvalid)
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
}

func TestAssessmentDecodeOnAnotherScale(t *testing.T) {
	t.Parallel()
	a := sampleAssessment()
	a.Scale = fiveLevels().Ref()
	a.Areas[0].Level, a.Areas[1].Level = "stor_oro", "ingen_oro"
	require.NoError(t, a.Validate())
	b, err := json.Marshal(a)
	require.NoError(t, err)
	var back bk.Assessment
	require.NoError(t, json.Unmarshal(b, &back), "a level of the recorded scale decodes without the scale's definition")
	assert.Equal(t, a, back)
	r, ok := back.Scale.Rank(back.Areas[0].Level)
	require.True(t, ok)
	assert.Equal(t, bk.Rank{Index: 3, Size: 5}, r)
}

func TestAssessmentDecodeConvertsToUTC(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(sampleAssessment())
	require.NoError(t, err)
	b = bytes.Replace(b, []byte(`"2026-03-12T09:30:00Z"`), []byte(`"2026-03-12T10:30:00+01:00"`), 1)
	var a bk.Assessment
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, sampleAssessment().AssessedAt, a.AssessedAt)
	assert.Equal(t, time.UTC, a.AssessedAt.Location())
	require.NoError(t, a.Validate())
}

func TestAssessmentLogValueHoldsNoText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	a := sampleAssessment()
	log.Info("recorded", "assessment", a)
	out := buf.String()
	assert.Contains(t, out, a.ID.String())
	assert.Contains(t, out, "skola")
	assert.Contains(t, out, "trygghet")
	for _, s := range []string{"vänner", "rasterna", "Trött", "sover"} {
		assert.NotContains(t, out, s)
	}
}
