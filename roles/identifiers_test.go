package roles

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Organisation numbers of public bodies and a company (public register data).
const (
	orgVGR     = "2321000131" // Västra Götalandsregionen
	orgPolisen = "2021000076" // Polismyndigheten
	orgPrivate = "5560160680" // a limited company (group 5)
)

func TestParseOrganisationsnummer(t *testing.T) {
	t.Parallel()
	valid := []struct{ in, want string }{
		{"2321000131", orgVGR},
		{"232100-0131", orgVGR},
		{"162321000131", orgVGR},
		{"16232100-0131", orgVGR},
		{"202100-0076", orgPolisen},
		{"556016-0680", orgPrivate},
	}
	for _, tt := range valid {
		o, err := ParseOrganisationsnummer(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, Organisationsnummer(tt.want), o)
		assert.True(t, o.Valid())
	}
	invalid := []struct{ name, in, rule string }{
		{"empty", "", "length"},
		{"short", "232100013", "length"},
		{"long", "23210001311", "separator"},
		{"12 without 16", "192321000131", "length"},
		{"separator", "232100+0131", "separator"},
		{"separator place", "23210-00131", "separator"},
		{"letter", "23210A-0131", "format"},
		{"16 then letter", "16232100A131", "format"},
		{"third digit 0", "2201000131", "group"},
		{"third digit 1 (a personnummer's month)", "1701012393", "group"},
		{"checksum", "232100-0132", "checksum"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := ParseOrganisationsnummer(tt.in)
			assertSafeError(t, err, "organisationsnummer", tt.rule, tt.in)
			assert.Empty(t, o)
		})
	}
}

func TestOrganisationsnummerMethods(t *testing.T) {
	t.Parallel()
	vgr := Organisationsnummer(orgVGR)
	assert.Equal(t, 2, vgr.Group())
	assert.True(t, vgr.IsPublicBody())
	assert.Equal(t, "232100-0131", vgr.String())
	priv := Organisationsnummer(orgPrivate)
	assert.Equal(t, 5, priv.Group())
	assert.False(t, priv.IsPublicBody())

	bad := Organisationsnummer("abcdefghij")
	assert.False(t, bad.Valid())
	assert.Equal(t, 0, bad.Group())
	assert.False(t, bad.IsPublicBody())
	assert.Equal(t, "abcdefghij", bad.String())
	assert.False(t, Organisationsnummer("232100-0131").Valid(), "only the canonical form is Valid")
	_, err := bad.MarshalText()
	assert.ErrorIs(t, err, ErrInvalid)

	b, err := vgr.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, orgVGR, string(b))
	var o Organisationsnummer
	require.NoError(t, o.UnmarshalText([]byte("232100-0131")))
	assert.Equal(t, vgr, o)
	require.NoError(t, o.UnmarshalText(nil))
	assert.Empty(t, o)
	assert.ErrorIs(t, o.UnmarshalText([]byte("232100-0132")), ErrInvalid)
	b, err = Organisationsnummer("").MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
}

func TestParseHSAID(t *testing.T) {
	t.Parallel()
	valid := []string{
		"SE2321000131-E000000000001",
		"SE2321000131-a",
		"SE2021000076-Abc123",
		"SE2321000131-" + "123456789012345678", // 31 characters
	}
	for _, in := range valid {
		h, err := ParseHSAID(in)
		require.NoError(t, err, in)
		assert.Equal(t, HSAID(in), h)
		assert.True(t, h.Valid())
		assert.Equal(t, Organisationsnummer(in[2:12]), h.Organisationsnummer())
		assert.Equal(t, in, h.String())
	}
	invalid := []struct{ name, in, rule string }{
		{"empty", "", "length"},
		{"no unit", "SE2321000131-", "length"},
		{"32 characters", "SE2321000131-" + "1234567890123456789", "length"},
		{"lower-case prefix", "se2321000131-E1", "prefix"},
		{"other country", "NO2321000131-E1", "prefix"},
		{"orgnr checksum", "SE2321000132-E1", "organisationsnummer"},
		{"orgnr group", "SE1701012393-E1", "organisationsnummer"},
		{"orgnr with dash", "SE232100-013-E1", "organisationsnummer"},
		{"separator", "SE2321000131_E1", "separator"},
		{"unit character", "SE2321000131-E 1", "unit"},
		{"unit dash", "SE2321000131-E-1", "unit"},
		{"unit non-ASCII", "SE2321000131-Å1", "unit"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := ParseHSAID(tt.in)
			assertSafeError(t, err, "hsaid", tt.rule, tt.in)
			assert.Empty(t, h)
			assert.False(t, HSAID(tt.in).Valid())
			assert.Empty(t, HSAID(tt.in).Organisationsnummer())
		})
	}
}

func TestHSAIDText(t *testing.T) {
	t.Parallel()
	var h HSAID
	require.NoError(t, h.UnmarshalText([]byte("SE2321000131-E000000000001")))
	b, err := h.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "SE2321000131-E000000000001", string(b))
	require.NoError(t, h.UnmarshalText(nil))
	assert.Empty(t, h)
	assert.ErrorIs(t, h.UnmarshalText([]byte("SE2321000131")), ErrInvalid)
	_, err = HSAID("SE2321000131").MarshalText()
	assert.ErrorIs(t, err, ErrInvalid)
	b, err = HSAID("").MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
}

func TestKommunkod(t *testing.T) {
	t.Parallel()
	names := map[Kommunkod]string{
		DalsEd: "Dals-Ed", Fargelanda: "Färgelanda", Bengtsfors: "Bengtsfors", Mellerud: "Mellerud", Amal: "Åmål",
	}
	codes := map[Kommunkod]string{DalsEd: "1438", Fargelanda: "1439", Bengtsfors: "1460", Mellerud: "1461", Amal: "1492"}
	assert.Equal(t, []Kommunkod{DalsEd, Fargelanda, Bengtsfors, Mellerud, Amal}, Dalsland())
	for _, k := range Dalsland() {
		assert.Equal(t, codes[k], k.String())
		assert.Equal(t, names[k], k.Name())
		p, err := ParseKommunkod(codes[k])
		require.NoError(t, err)
		assert.Equal(t, k, p)
		assert.True(t, k.Valid())
	}
	// Any valid code is accepted; only Dalsland's have names here.
	for _, in := range []string{"0180", "1480", "2584", "0114", "1280"} {
		k, err := ParseKommunkod(in)
		require.NoError(t, err, in)
		assert.Equal(t, in, k.String())
		assert.Empty(t, k.Name())
	}
	d := Dalsland()
	d[0] = "0000"
	assert.Equal(t, DalsEd, Dalsland()[0], "Dalsland returns a copy")

	invalid := []struct{ name, in, rule string }{
		{"empty", "", "length"},
		{"three digits", "143", "length"},
		{"five digits", "14380", "length"},
		{"letter", "14a8", "format"},
		{"sign", "+438", "format"},
		{"county 00", "0038", "county"},
		{"county 02", "0238", "county"},
		{"county 15 (merged into 14)", "1592", "county"},
		{"county 26", "2638", "county"},
		{"county 99", "9938", "county"},
		{"municipality 00", "1400", "municipality"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKommunkod(tt.in)
			assertSafeError(t, err, "kommunkod", tt.rule, tt.in)
			assert.Empty(t, k)
			assert.False(t, Kommunkod(tt.in).Valid())
		})
	}
}

func TestKommunkodJSON(t *testing.T) {
	t.Parallel()
	type rec struct {
		K Kommunkod `json:"k"`
	}
	b, err := json.Marshal(rec{K: Amal})
	require.NoError(t, err)
	assert.JSONEq(t, `{"k":"1492"}`, string(b))
	var r rec
	require.NoError(t, json.Unmarshal([]byte(`{"k":"1438"}`), &r))
	assert.Equal(t, DalsEd, r.K)
	require.NoError(t, json.Unmarshal([]byte(`{"k":""}`), &r))
	assert.Empty(t, r.K)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"k":"9999"}`), &r), ErrInvalid)
	_, err = json.Marshal(rec{K: "9999"})
	assert.ErrorIs(t, err, ErrInvalid)
}
