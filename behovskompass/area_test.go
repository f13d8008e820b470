package behovskompass_test

import (
	"encoding/json"
	"errors"
	"testing"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAreas(t *testing.T) {
	t.Parallel()
	cat := bk.BuiltinCatalog()
	tests := []struct {
		area               bk.Area
		code               string
		index              int
		shanarri, sv, en   string
		svDefinitionPrefix string
	}{
		{bk.Trygghet, "trygghet", 0, "Safe", "Trygghet", "Safe", "Barnet är skyddat"},
		{bk.Halsa, "halsa", 1, "Healthy", "Hälsa", "Healthy", "Barnet har bästa möjliga"},
		{bk.Utveckling, "utveckling", 2, "Achieving", "Utveckling", "Achieving", "Barnet får stöd i sitt lärande"},
		{bk.Omsorg, "omsorg", 3, "Nurtured", "Omsorg", "Nurtured", "Barnet har en omsorgsfull"},
		{bk.Fritid, "fritid", 4, "Active", "Fritid", "Active", "Barnet har möjlighet att leka"},
		{bk.Respekt, "respekt", 5, "Respected", "Respekt", "Respected", "Barnet blir lyssnat på"},
		{bk.Ansvar, "ansvar", 6, "Responsible", "Ansvar", "Responsible", "Barnet har möjlighet och uppmuntras"},
		{bk.Tillhorighet, "tillhorighet", 7, "Included", "Tillhörighet", "Included", "Barnet får hjälp att övervinna"},
	}
	require.Len(t, bk.Areas(), len(tests), "every area has a row")
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.code, tt.area.String())
			assert.True(t, tt.area.Valid())
			assert.Equal(t, tt.index, tt.area.Index())
			assert.Equal(t, tt.area, bk.Areas()[tt.index], "canonical order")
			assert.Equal(t, tt.shanarri, tt.area.SHANARRI())
			assert.Equal(t, tt.sv, tt.area.Label())
			assert.Equal(t, tt.sv, cat.AreaLabel(tt.area, bk.Swedish))
			assert.Equal(t, tt.en, cat.AreaLabel(tt.area, bk.English))
			assert.Contains(t, cat.AreaDefinition(tt.area, bk.Swedish), tt.svDefinitionPrefix)
			assert.NotEmpty(t, cat.AreaDefinition(tt.area, bk.English))
			assert.NotEqual(t, cat.AreaDefinition(tt.area, bk.Swedish), cat.AreaDefinition(tt.area, bk.English))

			p, err := bk.ParseArea(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.area, p)
			b, err := json.Marshal(tt.area)
			require.NoError(t, err)
			assert.JSONEq(t, `"`+tt.code+`"`, string(b))
			var back bk.Area
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.area, back)
		})
	}
}

func TestAreaRejectsUnknownCodes(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"", "Trygghet", "hälsa", "safe", "trygghet ", "okänd"} {
		_, err := bk.ParseArea(code)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", code)
		var a bk.Area
		err = json.Unmarshal([]byte(`"`+code+`"`), &a)
		var uce *vocab.UnknownCodeError
		require.True(t, errors.As(err, &uce), "%q: %v", code, err)
		assert.Equal(t, "area", uce.Vocabulary)
		a = bk.Area(code)
		assert.False(t, a.Valid())
		assert.Equal(t, -1, a.Index())
		assert.Empty(t, a.SHANARRI())
		assert.Empty(t, a.Label())
		_, err = json.Marshal(a)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode)
	}
}

func TestAreasReturnsACopy(t *testing.T) {
	t.Parallel()
	a := bk.Areas()
	a[0] = "changed"
	assert.Equal(t, bk.Trygghet, bk.Areas()[0])
}
