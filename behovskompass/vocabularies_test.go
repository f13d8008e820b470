package behovskompass_test

import (
	"encoding"
	"encoding/json"
	"testing"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkVocabulary checks the conventions every vocabulary follows: the codes
// in canonical order, Parse, Valid, String, MarshalText and UnmarshalText
// round trips, and that unknown and empty codes are rejected.
func checkVocabulary[T interface {
	~string
	Valid() bool
	String() string
	encoding.TextMarshaler
}, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, all []T, want []string, parse func(string) (T, error)) {
	t.Helper()
	require.Len(t, all, len(want))
	for i, v := range all {
		assert.Equal(t, want[i], v.String())
		assert.True(t, v.Valid())
		p, err := parse(want[i])
		require.NoError(t, err)
		assert.Equal(t, v, p)
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var back T
		require.NoError(t, json.Unmarshal(b, P(&back)))
		assert.Equal(t, v, back)
	}
	for _, bad := range []string{"", "okand", want[0] + " "} {
		_, err := parse(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
		var v T
		assert.ErrorIs(t, P(&v).UnmarshalText([]byte(bad)), vocab.ErrUnknownCode, "%q", bad)
		assert.False(t, T(bad).Valid())
		_, err = T(bad).MarshalText()
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
	}
}

func TestVocabularies(t *testing.T) {
	t.Parallel()
	t.Run("Source", func(t *testing.T) {
		t.Parallel()
		checkVocabulary[bk.Source, *bk.Source](t, bk.Sources(),
			[]string{"observation", "barnet", "vardnadshavare", "dokumentation", "kartlaggning", "annan_verksamhet"}, bk.ParseSource)
		for _, s := range bk.Sources() {
			assert.NotEmpty(t, s.Label(), s)
		}
		assert.Equal(t, "Samtal med barnet", bk.SourceBarnet.Label())
	})
	t.Run("Viewpoint", func(t *testing.T) {
		t.Parallel()
		checkVocabulary[bk.Viewpoint, *bk.Viewpoint](t, bk.Viewpoints(),
			[]string{"barnet", "vardnadshavare", "verksamheten"}, bk.ParseViewpoint)
		assert.Equal(t, "Vårdnadshavare", bk.ViewpointVardnadshavare.Label())
		for _, v := range bk.Viewpoints() {
			assert.NotEmpty(t, v.Label(), v)
		}
	})
	t.Run("Seriousness", func(t *testing.T) {
		t.Parallel()
		checkVocabulary[bk.Seriousness, *bk.Seriousness](t, bk.Seriousnesses(),
			[]string{"lindrig", "mattlig", "allvarlig", "akut"}, bk.ParseSeriousness)
		all := bk.Seriousnesses()
		for i := range all {
			assert.NotEmpty(t, all[i].Label())
			assert.Equal(t, 0, all[i].Compare(all[i]))
			if i > 0 {
				assert.Equal(t, 1, all[i].Compare(all[i-1]), "ordered")
				assert.Equal(t, -1, all[i-1].Compare(all[i]), "ordered")
			}
		}
		assert.Equal(t, "Måttlig", bk.Mattlig.Label())
		assert.Equal(t, -1, bk.Seriousness("okand").Compare(bk.Lindrig))
	})
	t.Run("Direction", func(t *testing.T) {
		t.Parallel()
		checkVocabulary[bk.Direction, *bk.Direction](t, bk.Directions(),
			[]string{"new", "up", "down", "same"}, bk.ParseDirection)
	})
	t.Run("Area", func(t *testing.T) {
		t.Parallel()
		checkVocabulary[bk.Area, *bk.Area](t, bk.Areas(),
			[]string{"trygghet", "halsa", "utveckling", "omsorg", "fritid", "respekt", "ansvar", "tillhorighet"}, bk.ParseArea)
	})
}
