package roles

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	valid := []struct {
		in   string
		want Date
	}{
		{"2026-11-23", NewDate(2026, 11, 23)},
		{"0001-01-01", NewDate(1, 1, 1)},
		{"9999-12-31", NewDate(9999, 12, 31)},
		{"2000-02-29", NewDate(2000, 2, 29)},
		{"2024-02-29", NewDate(2024, 2, 29)},
		{"2026-04-30", NewDate(2026, 4, 30)},
	}
	for _, tt := range valid {
		d, err := ParseDate(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, d)
		assert.Equal(t, tt.in, d.String())
		assert.True(t, d.Valid())
	}
	invalid := []string{
		"", "2026-1-23", "2026/11/23", "20261123", "2026-11-23T00:00:00Z", " 2026-11-23",
		"+026-11-23", "2026-+1-23", "2026-11-2a", "0000-01-01", "2026-00-10", "2026-13-01",
		"2026-01-00", "2026-01-32", "2026-04-31", "1900-02-29", "2100-02-29", "2025-02-29",
		"２026-11-23",
	}
	for _, in := range invalid {
		_, err := ParseDate(in)
		require.Error(t, err, in)
		assert.ErrorIs(t, err, ErrInvalidDate, in)
		if len(in) >= 3 {
			assert.NotContains(t, err.Error(), in)
		}
	}
}

func TestDateValid(t *testing.T) {
	t.Parallel()
	assert.False(t, Date{}.Valid())
	assert.True(t, Date{}.IsZero())
	assert.False(t, NewDate(2026, 11, 23).IsZero())
	assert.False(t, NewDate(10000, 1, 1).Valid())
	assert.False(t, NewDate(2026, 0, 1).Valid())
	assert.False(t, NewDate(2026, 13, 1).Valid())
	assert.False(t, NewDate(2026, 2, 0).Valid())
	assert.True(t, NewDate(2028, 2, 29).Valid())
	assert.False(t, NewDate(2027, 2, 29).Valid())
	assert.Equal(t, "", Date{}.String())
}

func TestDateCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b Date
		want int
	}{
		{NewDate(2026, 1, 1), NewDate(2026, 1, 1), 0},
		{NewDate(2025, 12, 31), NewDate(2026, 1, 1), -1},
		{NewDate(2026, 2, 1), NewDate(2026, 1, 31), 1},
		{NewDate(2026, 1, 2), NewDate(2026, 1, 1), 1},
		{Date{}, NewDate(1, 1, 1), -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.Compare(tt.b), "%s vs %s", tt.a, tt.b)
		assert.Equal(t, -tt.want, tt.b.Compare(tt.a))
		assert.Equal(t, tt.want < 0, tt.a.Before(tt.b))
		assert.Equal(t, tt.want > 0, tt.a.After(tt.b))
	}
}

func TestDateAddDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{NewDate(2026, 1, 31), 1, NewDate(2026, 2, 1)},
		{NewDate(2026, 2, 28), 1, NewDate(2026, 3, 1)},
		{NewDate(2028, 2, 28), 1, NewDate(2028, 2, 29)},
		{NewDate(2028, 2, 29), 1, NewDate(2028, 3, 1)},
		{NewDate(2026, 12, 31), 1, NewDate(2027, 1, 1)},
		{NewDate(2027, 1, 1), -1, NewDate(2026, 12, 31)},
		{NewDate(2026, 3, 1), -1, NewDate(2026, 2, 28)},
		{NewDate(2026, 3, 28), 2, NewDate(2026, 3, 30)}, // over the switch to summer time
		{NewDate(2026, 10, 24), 2, NewDate(2026, 10, 26)},
		{NewDate(2026, 11, 23), 21, NewDate(2026, 12, 14)}, // three weeks
		{NewDate(2026, 11, 23), 0, NewDate(2026, 11, 23)},
		{NewDate(2026, 1, 1), 365, NewDate(2027, 1, 1)},
		{NewDate(2028, 1, 1), 366, NewDate(2029, 1, 1)},
	}
	for _, tt := range tests {
		got := tt.d.AddDays(tt.n)
		assert.Equal(t, tt.want, got, "%s + %d", tt.d, tt.n)
		assert.Equal(t, tt.n, tt.d.DaysUntil(got))
		assert.Equal(t, -tt.n, got.DaysUntil(tt.d))
	}
	// Far apart: more than time.Duration can hold.
	assert.Equal(t, 3652058, NewDate(1, 1, 1).DaysUntil(NewDate(9999, 12, 31)))
	assert.Equal(t, NewDate(9999, 12, 31), NewDate(1, 1, 1).AddDays(3652058))
}

func TestDateYearsUntil(t *testing.T) {
	t.Parallel()
	born := NewDate(2017, 1, 1)
	leap := NewDate(2000, 2, 29)
	tests := []struct {
		from, to Date
		want     int
	}{
		{born, born, 0},
		{born, NewDate(2017, 12, 31), 0},
		{born, NewDate(2018, 1, 1), 1},
		{born, NewDate(2029, 1, 1), 12},
		{born, NewDate(2028, 12, 31), 11},
		{born, NewDate(2016, 12, 31), -1},
		{leap, NewDate(2001, 2, 27), 0},
		{leap, NewDate(2001, 2, 28), 1},
		{leap, NewDate(2003, 2, 28), 3},
		{leap, NewDate(2004, 2, 28), 3},
		{leap, NewDate(2004, 2, 29), 4},
		{leap, NewDate(2004, 3, 1), 4},
		{leap, NewDate(2012, 2, 28), 11},
		{leap, NewDate(2012, 2, 29), 12},
		{leap, NewDate(2015, 2, 28), 15},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.from.YearsUntil(tt.to), "%s to %s", tt.from, tt.to)
	}
	assert.Equal(t, NewDate(2001, 2, 28), leap.AnniversaryIn(2001))
	assert.Equal(t, NewDate(2004, 2, 29), leap.AnniversaryIn(2004))
	assert.Equal(t, NewDate(2100, 2, 28), leap.AnniversaryIn(2100))
	assert.Equal(t, NewDate(2030, 1, 1), born.AnniversaryIn(2030))
}

func TestDateOfSwedishTime(t *testing.T) {
	t.Parallel()
	// 23:30 UTC on 31 December is already New Year's Day in Sweden.
	assert.Equal(t, NewDate(2027, 1, 1), DateOf(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)))
	// 22:30 UTC on 30 June is 00:30 on 1 July in Swedish summer time.
	assert.Equal(t, NewDate(2026, 7, 1), DateOf(time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC)))
	assert.Equal(t, NewDate(2026, 6, 30), DateOf(time.Date(2026, 6, 30, 21, 30, 0, 0, time.UTC)))
	start := NewDate(2026, 7, 1).Start()
	assert.Equal(t, time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC), start.UTC())
	assert.Equal(t, SwedishTime(), start.Location())
}

func TestDateText(t *testing.T) {
	t.Parallel()
	type rec struct {
		D Date `json:"d"`
		Z Date `json:"z,omitzero"`
	}
	b, err := json.Marshal(rec{D: NewDate(2026, 11, 23)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":"2026-11-23"}`, string(b))
	var r rec
	require.NoError(t, json.Unmarshal(b, &r))
	assert.Equal(t, NewDate(2026, 11, 23), r.D)

	b, err = json.Marshal(rec{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":""}`, string(b))
	require.NoError(t, json.Unmarshal([]byte(`{"d":""}`), &r))
	assert.True(t, r.D.IsZero())

	_, err = json.Marshal(rec{D: NewDate(2026, 2, 30)})
	assert.ErrorIs(t, err, ErrInvalidDate)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &r), ErrInvalidDate)
	assert.Error(t, json.Unmarshal([]byte(`{"d":20261123}`), &r))

	var d Date
	require.NoError(t, d.UnmarshalText([]byte("0001-01-01")))
	text, err := d.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "0001-01-01", string(text))
}
