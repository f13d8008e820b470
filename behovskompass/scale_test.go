package behovskompass_test

import (
	"encoding/json"
	"strings"
	"testing"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultScaleLevels(t *testing.T) {
	t.Parallel()
	cat := bk.BuiltinCatalog()
	s := bk.DefaultScale()
	require.NoError(t, s.Validate())
	assert.Equal(t, bk.Backa4, s.ID)
	assert.Equal(t, bk.Backa4, cat.DefaultScale().ID)
	tests := []struct {
		level  bk.LevelCode
		code   string
		index  int
		sv, en string
	}{
		{bk.IngetBehov, "inget_behov", 0, "Inget behov", "No need"},
		{bk.BehovTillgodoses, "behov_tillgodoses", 1, "Behov tillgodoses", "Need met"},
		{bk.BehovAvStod, "behov_av_stod", 2, "Behov av stöd", "Needs support"},
		{bk.OmfattandeBehov, "omfattande_behov", 3, "Omfattande behov", "Extensive need"},
	}
	require.Len(t, s.Levels, len(tests))
	assert.Equal(t, bk.DefaultLevels(), s.Codes())
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.code, tt.level.String())
			assert.True(t, tt.level.Valid())
			r, ok := s.Rank(tt.level)
			require.True(t, ok)
			assert.Equal(t, bk.Rank{Index: tt.index, Size: 4}, r)
			assert.InDelta(t, float64(tt.index)/3, r.Normalized(), 1e-12)
			r2, ok := s.Ref().Rank(tt.level)
			require.True(t, ok)
			assert.Equal(t, r, r2)
			l, ok := s.Level(tt.level)
			require.True(t, ok)
			assert.Equal(t, tt.sv, l.Label.In(bk.Swedish))
			assert.Equal(t, tt.en, l.Label.In(bk.English))
			assert.NotEmpty(t, l.Description.In(bk.Swedish))
			assert.NotEmpty(t, l.Description.In(bk.English))
			assert.Equal(t, tt.sv, cat.LevelLabel(bk.Backa4, tt.level, bk.Swedish))
			assert.Equal(t, tt.en, cat.LevelLabel(bk.Backa4, tt.level, "en-GB"))
			assert.Equal(t, tt.sv, cat.LevelLabel(bk.Backa4, tt.level, "fi"), "unknown locale falls back to Swedish")
			p, err := bk.ParseLevelCode(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.level, p)
		})
	}
	// Levels are ordered: each above the one before.
	for i := 1; i < len(tests); i++ {
		lo, _ := s.Rank(tests[i-1].level)
		hi, _ := s.Rank(tests[i].level)
		assert.Equal(t, 1, hi.Compare(lo))
		assert.Equal(t, -1, lo.Compare(hi))
	}
}

func TestLevelLabelOfUnknownScaleOrLevelIsTheCode(t *testing.T) {
	t.Parallel()
	cat := bk.BuiltinCatalog()
	assert.Equal(t, "niva_3", cat.LevelLabel("retired_scale", "niva_3", bk.Swedish))
	assert.Equal(t, "okand", cat.LevelLabel(bk.Backa4, "okand", bk.English))
}

func TestRankCompareAcrossScales(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b bk.Rank
		want int
	}{
		{"same scale lower", bk.Rank{Index: 1, Size: 4}, bk.Rank{Index: 2, Size: 4}, -1},
		{"same scale equal", bk.Rank{Index: 2, Size: 4}, bk.Rank{Index: 2, Size: 4}, 0},
		{"lowest of any scales equal", bk.Rank{Index: 0, Size: 4}, bk.Rank{Index: 0, Size: 7}, 0},
		{"highest of any scales equal", bk.Rank{Index: 3, Size: 4}, bk.Rank{Index: 6, Size: 7}, 0},
		{"1/3 equals 2/6 exactly", bk.Rank{Index: 1, Size: 4}, bk.Rank{Index: 2, Size: 7}, 0},
		{"1/3 below 3/6", bk.Rank{Index: 1, Size: 4}, bk.Rank{Index: 3, Size: 7}, -1},
		{"2/3 above 1/2", bk.Rank{Index: 2, Size: 4}, bk.Rank{Index: 1, Size: 3}, 1},
		{"two levels: top equals top", bk.Rank{Index: 1, Size: 2}, bk.Rank{Index: 3, Size: 4}, 0},
		{"no level below lowest level", bk.Rank{}, bk.Rank{Index: 0, Size: 4}, -1},
		{"level above no level", bk.Rank{Index: 0, Size: 4}, bk.Rank{}, 1},
		{"no level equals no level", bk.Rank{}, bk.Rank{}, 0},
		{"invalid counts as no level", bk.Rank{Index: 5, Size: 4}, bk.Rank{Index: 0, Size: 2}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.a.Compare(tt.b))
			assert.Equal(t, -tt.want, tt.b.Compare(tt.a), "antisymmetric")
		})
	}
	assert.Equal(t, "3 of 4", bk.Rank{Index: 2, Size: 4}.String())
	assert.Equal(t, "none", bk.Rank{}.String())
	assert.Equal(t, -1.0, bk.Rank{}.Normalized())
}

// fiveLevels is a municipality's own scale, used across the tests.
func fiveLevels() bk.Scale {
	lvl := func(code, sv string) bk.Level {
		return bk.Level{Code: bk.LevelCode(code), Label: bk.Localized{"sv": sv}}
	}
	return bk.Scale{
		ID:   "kommun5",
		Name: bk.Localized{"sv": "Kommunens femgradiga skala"},
		Levels: []bk.Level{
			lvl("ingen_oro", "Ingen oro"), lvl("viss_oro", "Viss oro"), lvl("oro", "Oro"),
			lvl("stor_oro", "Stor oro"), lvl("akut", "Akut"),
		},
	}
}

func TestScaleValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*bk.Scale)
		want   []roles.Problem // path and rule
	}{
		{"valid", func(*bk.Scale) {}, nil},
		{"no id", func(s *bk.Scale) { s.ID = "" }, []roles.Problem{{Path: "id", Rule: "required"}}},
		{"bad id", func(s *bk.Scale) { s.ID = "Kommun 5" }, []roles.Problem{{Path: "id", Rule: "code"}}},
		{"no Swedish name", func(s *bk.Scale) { s.Name = bk.Localized{"en": "Five"} }, []roles.Problem{{Path: "name.sv", Rule: "required"}}},
		{"bad locale", func(s *bk.Scale) { s.Name["EN"] = "Five" }, []roles.Problem{{Path: "name", Rule: "locale"}}},
		{"one level", func(s *bk.Scale) { s.Levels = s.Levels[:1] }, []roles.Problem{{Path: "levels", Rule: "levels"}}},
		{"duplicate code", func(s *bk.Scale) { s.Levels[3].Code = "oro" }, []roles.Problem{{Path: "levels[3].code", Rule: "duplicate"}}},
		{"bad code", func(s *bk.Scale) { s.Levels[1].Code = "Viss oro" }, []roles.Problem{{Path: "levels[1].code", Rule: "code"}}},
		{"no code", func(s *bk.Scale) { s.Levels[1].Code = "" }, []roles.Problem{{Path: "levels[1].code", Rule: "required"}}},
		{"no label", func(s *bk.Scale) { s.Levels[4].Label = nil }, []roles.Problem{{Path: "levels[4].label.sv", Rule: "required"}}},
		{"built-in ID with other levels", func(s *bk.Scale) { s.ID = bk.Backa4 }, []roles.Problem{{Path: "levels", Rule: "builtin_scale"}}},
		{"label too long", func(s *bk.Scale) { s.Levels[0].Label["en"] = strings.Repeat("x", 4001) }, []roles.Problem{{Path: "levels[0].label.en", Rule: "max"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := fiveLevels()
			tt.modify(&s)
			assertProblems(t, s.Validate(), tt.want)
		})
	}
}

// assertProblems checks that err lists exactly the problems want (by path and
// rule, in any order), and that it matches roles.ErrInvalid.
func assertProblems(t *testing.T, err error, want []roles.Problem) {
	t.Helper()
	if len(want) == 0 {
		require.NoError(t, err)
		return
	}
	require.ErrorIs(t, err, roles.ErrInvalid)
	ve, ok := err.(*roles.ValidationError)
	require.True(t, ok, "a *roles.ValidationError, got %T", err)
	got := make([]roles.Problem, len(ve.Problems))
	for i, p := range ve.Problems {
		got[i] = roles.Problem{Path: p.Path, Rule: p.Rule}
		assert.NotEmpty(t, p.Detail, "problem %s has a detail", p)
	}
	assert.ElementsMatch(t, want, got)
}

func TestLevelCodeSyntax(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"a", "inget_behov", "niva_10", strings.Repeat("x", 64)} {
		_, err := bk.ParseLevelCode(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"", "Inget", "inget behov", "nivå", "a-b", strings.Repeat("x", 65)} {
		_, err := bk.ParseLevelCode(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, bad)
		var c bk.LevelCode
		assert.Error(t, json.Unmarshal([]byte(`"`+bad+`"`), &c), bad)
		_, err = json.Marshal(bk.LevelCode(bad))
		assert.Error(t, err, bad)
	}
	var id bk.ScaleID
	require.NoError(t, json.Unmarshal([]byte(`"kommun-5"`), &id))
	assert.Error(t, json.Unmarshal([]byte(`"Kommun5"`), &id))
}

func TestScaleCloneSharesNothing(t *testing.T) {
	t.Parallel()
	s := bk.DefaultScale()
	s.Levels[0].Label["sv"] = "ändrad"
	s.Name["sv"] = "ändrad"
	assert.Equal(t, "Inget behov", bk.DefaultScale().Levels[0].Label.In(bk.Swedish))
	assert.Equal(t, "Inget behov", bk.BuiltinCatalog().LevelLabel(bk.Backa4, bk.IngetBehov, bk.Swedish))
}
