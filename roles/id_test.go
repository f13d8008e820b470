package roles

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIDRoundTrip(t *testing.T) {
	t.Parallel()
	id := MustNewID[Child]()
	assert.False(t, id.IsZero())
	assert.Equal(t, uuid.Version(7), id.UUID().Version())

	parsed, err := ParseID[Child](id.String())
	require.NoError(t, err)
	assert.Equal(t, id, parsed)

	text, err := id.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, id.String(), string(text))
	var back ID[Child]
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, id, back)

	type rec struct {
		ID  ID[Child] `json:"id"`
		Opt ID[Unit]  `json:"opt,omitzero"`
	}
	b, err := json.Marshal(rec{ID: id})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+id.String()+`"}`, string(b))
	var r rec
	require.NoError(t, json.Unmarshal(b, &r))
	assert.Equal(t, id, r.ID)
	assert.True(t, r.Opt.IsZero())
}

func TestIDZero(t *testing.T) {
	t.Parallel()
	var id ID[Guardian]
	assert.True(t, id.IsZero())
	text, err := id.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	id = MustNewID[Guardian]()
	require.NoError(t, id.UnmarshalText(nil))
	assert.True(t, id.IsZero())
}

func TestIDInvalid(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "not-a-uuid", "0190c0b8-6a3c-7cc4-8d4b-2ac0f2b6a0e", "0190c0b8-6a3c-7cc4-8d4b-2ac0f2b6a0eZ"} {
		_, err := ParseID[Child](in)
		assert.ErrorIs(t, err, ErrInvalid, in)
		if in != "" {
			var id ID[Child]
			assert.ErrorIs(t, id.UnmarshalText([]byte(in)), ErrInvalid, in)
			assert.NotContains(t, err.Error(), in)
		}
	}
}

func TestIDCompare(t *testing.T) {
	t.Parallel()
	a, err := ParseID[Child]("0190c0b8-6a3c-7cc4-8d4b-2ac0f2b6a0e1")
	require.NoError(t, err)
	b, err := ParseID[Child]("0190c0b8-6a3c-7cc4-8d4b-2ac0f2b6a0e2")
	require.NoError(t, err)
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	// UUIDv7 IDs sort by creation time.
	first := MustNewID[Child]()
	second := MustNewID[Child]()
	assert.Equal(t, -1, first.Compare(second))
}
