package behovskompass_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLocalizedFallback(t *testing.T) {
	t.Parallel()
	l := bk.Localized{"sv": "Trygghet", "en": "Safe", "en-us": "Safe (US)"}
	tests := []struct{ locale, want string }{
		{"sv", "Trygghet"},
		{"sv-SE", "Trygghet"},
		{"SV", "Trygghet"},
		{"en", "Safe"},
		{"en-GB", "Safe"},
		{"en_GB", "Safe"},
		{"en-US", "Safe (US)"},
		{"en_us", "Safe (US)"},
		{"fi", "Trygghet"},
		{"", "Trygghet"},
		{"x", "Trygghet"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, l.In(tt.locale), "locale %q", tt.locale)
	}
	assert.Equal(t, "", bk.Localized(nil).In("sv"))
	assert.Equal(t, "", bk.Localized{"en": "Safe"}.In("fi"), "no Swedish to fall back to")
	assert.Equal(t, []string{"en", "en-us", "sv"}, l.Locales())
}

func TestBuiltinCatalog(t *testing.T) {
	t.Parallel()
	cat := bk.BuiltinCatalog()
	assert.Equal(t, "Backa barnet, inbyggd katalog", cat.Name(bk.Swedish))
	assert.Equal(t, "Backa barnet, built-in catalogue", cat.Name(bk.English))
	for _, a := range bk.Areas() {
		assert.NotEqual(t, cat.AreaLabel(a, bk.Swedish), "", a)
		assert.Equal(t, cat.AreaLabel(a, bk.Swedish), cat.AreaLabel(a, "de"), "unknown locale: Swedish")
		assert.Equal(t, a.SHANARRI(), cat.AreaLabel(a, bk.English), "English labels are the SHANARRI names")
	}
	assert.Empty(t, cat.AreaLabel("okand", bk.Swedish))
	assert.Empty(t, cat.AreaDefinition("okand", bk.Swedish))
	scales := cat.Scales()
	require.Len(t, scales, 1)
	s, ok := cat.Scale(bk.Backa4)
	require.True(t, ok)
	assert.Equal(t, scales[0], s)
	_, ok = cat.Scale("kommun5")
	assert.False(t, ok)
}

func TestCatalogJSONRoundTrip(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(bk.BuiltinCatalog())
	require.NoError(t, err)
	got, err := bk.ParseCatalog(b)
	require.NoError(t, err)
	assert.Equal(t, bk.BuiltinCatalog(), got)

	// A catalogue can be part of a municipality's configuration.
	var cfg struct {
		Kommun  string     `json:"kommun"`
		Catalog bk.Catalog `json:"catalog"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"kommun":"1492","catalog":`+string(b)+`}`), &cfg))
	assert.Equal(t, bk.BuiltinCatalog(), cfg.Catalog)
}

func TestMunicipalityCatalog(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/dalsland_catalog.json")
	require.NoError(t, err)
	cat, err := bk.ParseCatalog(data)
	require.NoError(t, err)
	assert.Contains(t, cat.Name(bk.Swedish), "(verify")
	assert.Equal(t, "Trygg", cat.AreaLabel(bk.Trygghet, bk.Swedish))
	assert.Equal(t, "Trygg", cat.AreaLabel(bk.Trygghet, bk.English), "no English wording: Swedish")
	assert.Equal(t, "Included", cat.AreaLabel(bk.Tillhorighet, bk.English))
	assert.Equal(t, "Delaktig", cat.AreaLabel(bk.Tillhorighet, bk.Swedish))
	// Without scales of its own, the catalogue has the built-in ones.
	assert.Equal(t, bk.DefaultScale(), cat.DefaultScale())
	assert.Equal(t, "Behov av stöd", cat.LevelLabel(bk.Backa4, bk.BehovAvStod, bk.Swedish))
	// The built-in catalogue is unchanged.
	assert.Equal(t, "Trygghet", bk.BuiltinCatalog().AreaLabel(bk.Trygghet, bk.Swedish))
}

func TestMunicipalityCatalogWithItsOwnScale(t *testing.T) {
	t.Parallel()
	var w map[string]any
	b, err := json.Marshal(bk.BuiltinCatalog())
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &w))
	w["scales"] = []any{bk.DefaultScale(), fiveLevels()}
	w["defaultScale"] = "kommun5"
	b, err = json.Marshal(w)
	require.NoError(t, err)
	cat, err := bk.ParseCatalog(b)
	require.NoError(t, err)
	assert.Equal(t, bk.ScaleID("kommun5"), cat.DefaultScale().ID)
	assert.Equal(t, "Stor oro", cat.LevelLabel("kommun5", "stor_oro", bk.English), "no English label: Swedish")
	assert.Equal(t, "Needs support", cat.LevelLabel(bk.Backa4, bk.BehovAvStod, bk.English), "older records stay readable")
	assert.Len(t, cat.Scales(), 2)
}

func TestParseCatalogProblems(t *testing.T) {
	t.Parallel()
	base := func() map[string]any {
		var w map[string]any
		b, err := json.Marshal(bk.BuiltinCatalog())
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &w))
		return w
	}
	area := func(w map[string]any, a string) map[string]any {
		return w["areas"].(map[string]any)[a].(map[string]any)
	}
	tests := []struct {
		name   string
		modify func(map[string]any)
		want   []roles.Problem
	}{
		{"missing area", func(w map[string]any) { delete(w["areas"].(map[string]any), "fritid") },
			[]roles.Problem{{Path: "areas.fritid", Rule: "required"}}},
		{"no Swedish label", func(w map[string]any) { delete(area(w, "halsa")["label"].(map[string]any), "sv") },
			[]roles.Problem{{Path: "areas.halsa.label.sv", Rule: "required"}}},
		{"no Swedish definition", func(w map[string]any) { area(w, "ansvar")["definition"] = map[string]any{"en": "x"} },
			[]roles.Problem{{Path: "areas.ansvar.definition.sv", Rule: "required"}}},
		{"malformed locale", func(w map[string]any) { area(w, "omsorg")["label"].(map[string]any)["English"] = "Nurtured" },
			[]roles.Problem{{Path: "areas.omsorg.label", Rule: "locale"}}},
		{"no scales", func(w map[string]any) { w["scales"] = []any{}; delete(w, "defaultScale") },
			[]roles.Problem{{Path: "scales", Rule: "required"}}},
		{"duplicate scale", func(w map[string]any) { w["scales"] = []any{bk.DefaultScale(), bk.DefaultScale()} },
			[]roles.Problem{{Path: "scales[1].id", Rule: "duplicate"}}},
		{"built-in scale changed", func(w map[string]any) {
			s := bk.DefaultScale()
			s.Levels[0], s.Levels[1] = s.Levels[1], s.Levels[0]
			w["scales"] = []any{s}
		}, []roles.Problem{{Path: "scales[0].levels", Rule: "builtin_scale"}}},
		{"unknown default scale", func(w map[string]any) { w["defaultScale"] = "kommun5" },
			[]roles.Problem{{Path: "defaultScale", Rule: "unknown"}}},
		{"several problems", func(w map[string]any) {
			delete(w["areas"].(map[string]any), "fritid")
			w["defaultScale"] = "kommun5"
		}, []roles.Problem{{Path: "areas.fritid", Rule: "required"}, {Path: "defaultScale", Rule: "unknown"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := base()
			tt.modify(w)
			b, err := json.Marshal(w)
			require.NoError(t, err)
			_, err = bk.ParseCatalog(b)
			assertProblems(t, err, tt.want)
		})
	}
}

func TestParseCatalogRejectsMalformedInput(t *testing.T) {
	t.Parallel()
	good, err := json.Marshal(bk.BuiltinCatalog())
	require.NoError(t, err)
	tests := []struct {
		name string
		data string
		is   error
	}{
		{"unknown area", strings.Replace(string(good), `"fritid"`, `"lek"`, 1), vocab.ErrUnknownCode},
		{"unknown field", strings.Replace(string(good), `"scales"`, `"skalor"`, 1), nil},
		{"trailing data", string(good) + `{}`, roles.ErrInvalid},
		{"not JSON", `{"areas":`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := bk.ParseCatalog([]byte(tt.data))
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "catalog: "), err.Error())
		})
	}
}

func TestZeroCatalog(t *testing.T) {
	t.Parallel()
	var cat bk.Catalog
	assert.Equal(t, "trygghet", cat.AreaLabel(bk.Trygghet, bk.Swedish), "falls back to the code")
	assert.Empty(t, cat.AreaDefinition(bk.Trygghet, bk.Swedish))
	assert.Equal(t, bk.Scale{}, cat.DefaultScale())
	assert.Nil(t, cat.Scales())
	assert.Equal(t, "behov_av_stod", cat.LevelLabel(bk.Backa4, bk.BehovAvStod, bk.Swedish))
}
