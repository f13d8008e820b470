package roles

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Personnummer from Skatteverket's published test list (check-digit valid).
const (
	pnrChild      = "201701012393" // born 2017-01-01
	pnrChild2     = "201701022384" // born 2017-01-02
	pnrChild3     = "201701102384" // born 2017-01-10
	pnrLeapDay    = "200002292381" // born 2000-02-29
	pnrCentenary  = "189605249813" // born 1896-05-24
	pnr1937       = "193701139051" // born 1937-01-13
	pnrSamordning = "197010632391" // samordningsnummer, born 1970-10-03
)

// withCheck appends the Luhn check digit to nine digits ÅÅMMDDNNN, or to a
// 12-digit form's first eleven, so that a test input fails only the rule it is
// meant to break. The results have invalid dates: they belong to no one.
func withCheck(s string) string {
	nine := s
	if len(s) == 11 {
		nine = s[2:]
	}
	sum := 0
	for i := 0; i < 9; i++ {
		v := int(nine[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return s + string(rune('0'+(10-sum%10)%10))
}

// digitRun finds three or more digits in a row: error messages have none, so
// one would mean that (part of) a number leaked.
var digitRun = regexp.MustCompile(`[0-9]{3,}`)

// assertSafeError checks that err matches ErrInvalid, is an *IdentifierError of
// kind with rule, and says nothing of input.
func assertSafeError(t *testing.T, err error, kind, rule, input string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	var ie *IdentifierError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, kind, ie.Kind)
	assert.Equal(t, rule, ie.Rule, "rule for %q", input)
	msg := err.Error()
	assert.NotRegexp(t, digitRun, msg, "the error message holds a run of digits")
	if len(input) >= 3 {
		assert.NotContains(t, msg, input)
	}
}

func TestWithCheck(t *testing.T) {
	t.Parallel()
	// The helper agrees with Skatteverket's test numbers.
	for _, n := range []string{pnrChild, pnrChild2, pnrChild3, pnrLeapDay, pnrCentenary, pnr1937, pnrSamordning} {
		assert.Equal(t, n, withCheck(n[:11]))
	}
}

func TestParsePersonnummerAtValid(t *testing.T) {
	t.Parallel()
	ref := NewDate(2026, time.November, 23)
	tests := []struct {
		in         string
		ref        Date
		want       string // canonical 12 digits
		birth      Date
		samordning bool
	}{
		{"201701012393", ref, pnrChild, NewDate(2017, 1, 1), false},
		{"20170101-2393", ref, pnrChild, NewDate(2017, 1, 1), false},
		{"1701012393", ref, pnrChild, NewDate(2017, 1, 1), false},
		{"170101-2393", ref, pnrChild, NewDate(2017, 1, 1), false},
		{"170101+2393", ref, "191701012393", NewDate(1917, 1, 1), false},
		{"189605249813", ref, pnrCentenary, NewDate(1896, 5, 24), false},
		{"960524+9813", ref, pnrCentenary, NewDate(1896, 5, 24), false},
		{"960524-9813", ref, "199605249813", NewDate(1996, 5, 24), false},
		{"9605249813", ref, "199605249813", NewDate(1996, 5, 24), false},
		{"370113-9051", ref, pnr1937, NewDate(1937, 1, 13), false},
		{"19370113-9051", ref, pnr1937, NewDate(1937, 1, 13), false},
		// Leap day in a leap year.
		{"200002292381", ref, pnrLeapDay, NewDate(2000, 2, 29), false},
		{"000229-2381", ref, pnrLeapDay, NewDate(2000, 2, 29), false},
		// Samordningsnummer: the day plus 60.
		{"197010632391", ref, pnrSamordning, NewDate(1970, 10, 3), true},
		{"19701063-2391", ref, pnrSamordning, NewDate(1970, 10, 3), true},
		{"701063-2391", ref, pnrSamordning, NewDate(1970, 10, 3), true},
		{"7010632391", ref, pnrSamordning, NewDate(1970, 10, 3), true},
		// Centuries around the reference date. '-' until the calendar year
		// the person turns 100, '+' from that year on.
		{"170101-2393", NewDate(2017, 1, 1), pnrChild, NewDate(2017, 1, 1), false},       // born on ref
		{"170101+2393", NewDate(2017, 1, 1), "191701012393", NewDate(1917, 1, 1), false}, // turns 100 on ref
		{"170101-2393", NewDate(2016, 12, 31), "191701012393", NewDate(1917, 1, 1), false},
		{"170101+2393", NewDate(2016, 12, 31), "181701012393", NewDate(1817, 1, 1), false},
		{"170101-2393", NewDate(2116, 12, 31), pnrChild, NewDate(2017, 1, 1), false}, // 99 in 2116
		{"170101+2393", NewDate(2117, 1, 1), pnrChild, NewDate(2017, 1, 1), false},   // 100 in 2117
		{"170102-2384", NewDate(2017, 1, 1), pnrChild2, NewDate(2017, 1, 2), false},  // same year, the day after ref
		{"170102+2384", NewDate(2017, 1, 1), "191701022384", NewDate(1917, 1, 2), false},
		{"170102-2384", NewDate(2016, 6, 1), "191701022384", NewDate(1917, 1, 2), false},
		// 12-digit forms ignore ref, even an unset one.
		{"201701012393", Date{}, pnrChild, NewDate(2017, 1, 1), false},
		{"20170101-2393", NewDate(1950, 1, 1), pnrChild, NewDate(2017, 1, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.ref.String(), func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonnummerAt(tt.in, tt.ref)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Reveal())
			assert.Equal(t, tt.birth, p.BirthDate())
			assert.True(t, p.BirthDate().Valid())
			assert.Equal(t, tt.samordning, p.IsSamordningsnummer())
			assert.True(t, p.Valid())
			assert.False(t, p.IsZero())
		})
	}
}

func TestParsePersonnummerTodayIsReference(t *testing.T) {
	t.Parallel()
	p, err := ParsePersonnummer("170101-2393")
	require.NoError(t, err)
	q, err := ParsePersonnummerAt("170101-2393", DateOf(time.Now()))
	require.NoError(t, err)
	assert.Equal(t, q, p)
	assert.Equal(t, pnrChild, MustParsePersonnummer(pnrChild).Reveal())
	assert.Panics(t, func() { MustParsePersonnummer("170101-2394") })
}

func TestParsePersonnummerErrors(t *testing.T) {
	t.Parallel()
	ref := NewDate(2026, time.November, 23)
	tests := []struct {
		name, in string
		ref      Date
		rule     string
	}{
		{"empty", "", ref, "length"},
		{"one digit", "1", ref, "length"},
		{"nine digits", "170101239", ref, "length"},
		{"fourteen", "20170101-23930", ref, "length"},
		{"eleven digits", "17010123930", ref, "separator"},
		{"separator misplaced", "17010-12393", ref, "separator"},
		{"star", "170101*2393", ref, "separator"},
		{"space", "170101 2393", ref, "separator"},
		{"plus in 12-digit form", "20170101+2393", ref, "separator"},
		{"thirteen digits", "2017010123931", ref, "separator"},
		{"letter", "17010a-2393", ref, "format"},
		{"letter 12", "2017010123a3", ref, "format"},
		{"two separators", "170101-2-93", ref, "format"},
		{"sign", "+70101-2393", ref, "format"},
		{"unicode digit", "１70101-239", ref, "format"},
		{"checksum 10", "170101-2394", ref, "checksum"},
		{"checksum 12", "201701012390", ref, "checksum"},
		{"checksum samordning", "701063-2392", ref, "checksum"},
		{"month 00", withCheck("170001239"), ref, "month"},
		{"month 13", withCheck("171301239"), ref, "month"},
		{"month 13 12-digit", withCheck("20171301239"), ref, "month"},
		{"day 00", withCheck("170100239"), ref, "day"},
		{"day 32", withCheck("170132239"), ref, "day"},
		{"day 60", withCheck("170160239"), ref, "day"},
		{"day 92", withCheck("170192239"), ref, "day"},
		{"day 99", withCheck("170199239"), ref, "day"},
		{"30 February", withCheck("170230239"), ref, "date"},
		{"31 April", withCheck("170431239"), ref, "date"},
		{"29 February 2017", withCheck("170229239"), ref, "date"},
		{"29 February 2017 12-digit", withCheck("20170229239"), ref, "date"},
		{"29 February 1900", "190002292381", ref, "date"},
		{"29 February 1900 with +", "000229+2381", ref, "date"},
		{"samordning 29 February 2017", withCheck("170289239"), ref, "date"},
		{"samordning 31 April", withCheck("170491239"), ref, "date"},
		{"year 0000", withCheck("00000101239"), ref, "date"},
		{"no reference date", "170101-2393", Date{}, "century"},
		{"invalid reference date", "170101-2393", NewDate(2017, 2, 30), "century"},
		{"before year 1", "170101+2393", NewDate(50, 1, 1), "century"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonnummerAt(tt.in, tt.ref)
			assertSafeError(t, err, "personnummer", tt.rule, tt.in)
			assert.True(t, p.IsZero())
		})
	}
}

func TestPersonnummerLeapDayAges(t *testing.T) {
	t.Parallel()
	p := MustParsePersonnummer(pnrLeapDay)
	tests := []struct {
		at   Date
		want int
	}{
		{NewDate(2000, 2, 29), 0},
		{NewDate(2001, 2, 27), 0},
		{NewDate(2001, 2, 28), 1}, // common year: a year older on 28 February
		{NewDate(2001, 3, 1), 1},
		{NewDate(2004, 2, 28), 3},
		{NewDate(2004, 2, 29), 4}, // leap year: on 29 February
		{NewDate(2018, 2, 27), 17},
		{NewDate(2018, 2, 28), 18},
		{NewDate(2100, 2, 28), 100},
		{NewDate(1999, 12, 31), -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, p.AgeAt(tt.at), "age on %s", tt.at)
	}
}

func TestPersonnummerAgeAt(t *testing.T) {
	t.Parallel()
	p := MustParsePersonnummer(pnrChild)
	assert.Equal(t, 0, p.AgeAt(NewDate(2017, 1, 1)))
	assert.Equal(t, 0, p.AgeAt(NewDate(2017, 12, 31)))
	assert.Equal(t, 1, p.AgeAt(NewDate(2018, 1, 1)))
	assert.Equal(t, 9, p.AgeAt(NewDate(2026, 11, 23)))
	s := MustParsePersonnummer(pnrSamordning)
	assert.Equal(t, 55, s.AgeAt(NewDate(2026, 10, 2)))
	assert.Equal(t, 56, s.AgeAt(NewDate(2026, 10, 3)))
	assert.Equal(t, 0, Personnummer{}.AgeAt(NewDate(2026, 1, 1)))
}

func TestPersonnummerUnset(t *testing.T) {
	t.Parallel()
	var p Personnummer
	assert.True(t, p.IsZero())
	assert.False(t, p.Valid())
	assert.False(t, p.IsSamordningsnummer())
	assert.Equal(t, Date{}, p.BirthDate())
	assert.Empty(t, p.Reveal())
	assert.Empty(t, p.String())
	b, err := p.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	q := MustParsePersonnummer(pnrChild)
	require.NoError(t, q.UnmarshalText(nil))
	assert.True(t, q.IsZero())
}

func TestPersonnummerRedacted(t *testing.T) {
	t.Parallel()
	p := MustParsePersonnummer(pnrChild)
	const redacted = "20170101-****"
	assert.Equal(t, redacted, p.String())
	assert.Equal(t, "roles.Personnummer("+redacted+")", p.GoString())
	assert.Equal(t, redacted, p.LogValue().String())
	for _, verb := range []string{"%v", "%s", "%+v", "%d", "%x", "%X", "%o", "%b", "%20v", "%-15s", "%.4s", "%t", "%e"} {
		out := fmt.Sprintf(verb, p)
		assert.NotContains(t, out, "2393", verb)
		assert.NotContains(t, out, pnrChild, verb)
		assert.Contains(t, out, strings.TrimSpace(out), verb)
	}
	assert.Equal(t, redacted, fmt.Sprintf("%v", p))
	assert.Equal(t, `"`+redacted+`"`, fmt.Sprintf("%q", p))
	assert.Equal(t, "roles.Personnummer("+redacted+")", fmt.Sprintf("%#v", p))
	assert.Equal(t, "   "+redacted, fmt.Sprintf("%16s", p))
	// In structs and through pointers too.
	type holder struct {
		P  Personnummer
		PP *Personnummer
	}
	h := holder{P: p, PP: &p}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
		out := fmt.Sprintf(verb, h)
		assert.NotContains(t, out, "2393", verb)
	}
	assert.NotContains(t, fmt.Sprint(&p), "2393")
	assert.NotContains(t, fmt.Sprint([]Personnummer{p}), "2393")
	// The full number comes from Reveal and MarshalText only.
	assert.Equal(t, pnrChild, p.Reveal())
	b, err := p.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, pnrChild, string(b))
	// A samordningsnummer shows its raw date digits.
	assert.Equal(t, "19701063-****", MustParsePersonnummer(pnrSamordning).String())
}

func TestPersonnummerText(t *testing.T) {
	t.Parallel()
	for _, in := range []string{pnrChild, "20170101-2393", pnrSamordning, pnrLeapDay} {
		var p Personnummer
		require.NoError(t, p.UnmarshalText([]byte(in)))
		b, err := p.MarshalText()
		require.NoError(t, err)
		var q Personnummer
		require.NoError(t, q.UnmarshalText(b))
		assert.Equal(t, p, q)
		assert.Len(t, b, 12)
	}
	var p Personnummer
	err := p.UnmarshalText([]byte("170101-2394"))
	assertSafeError(t, err, "personnummer", "checksum", "170101-2394")
}

func TestPersonnummerJSON(t *testing.T) {
	t.Parallel()
	type rec struct {
		P Personnummer `json:"p"`
	}
	b, err := json.Marshal(rec{P: MustParsePersonnummer(pnrChild)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"p":"201701012393"}`, string(b))

	var r rec
	require.NoError(t, json.Unmarshal([]byte(`{"p":"20170101-2393"}`), &r))
	assert.Equal(t, pnrChild, r.P.Reveal())
	require.NoError(t, json.Unmarshal([]byte(`{"p":""}`), &r))
	assert.True(t, r.P.IsZero())

	for _, in := range []string{`{"p":"201701012394"}`, `{"p":201701012393}`, `{"p":"20170229-2393"}`} {
		err := json.Unmarshal([]byte(in), &r)
		require.Error(t, err, in)
		assert.NotRegexp(t, digitRun, err.Error(), in)
	}
	err = json.Unmarshal([]byte(`{"p":"201701012394"}`), &r)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestPersonnummerCompare(t *testing.T) {
	t.Parallel()
	a, b := MustParsePersonnummer(pnrChild), MustParsePersonnummer(pnrChild2)
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(MustParsePersonnummer("20170101-2393")))
	assert.Equal(t, -1, Personnummer{}.Compare(a))
}

func TestIdentifierErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := ParsePersonnummerAt("170101-2394", NewDate(2026, 1, 1))
	assert.Equal(t, "invalid personnummer: the check digit does not match (rule checksum)", err.Error())
	assert.True(t, errors.Is(err, ErrInvalid))
}
