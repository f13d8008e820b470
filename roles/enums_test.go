package roles

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enumCase tests one vocabulary through its public functions.
type enumCase struct {
	name  string
	codes []string // every code, in canonical order
	list  func() []string
	parse func(string) (string, error)
	valid func(string) bool
	text  func(string) ([]byte, error)
	// unmarshalJSON decodes data into a struct field of the vocabulary type and
	// returns the decoded code.
	unmarshalJSON func([]byte) (string, error)
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func enumOf[T interface {
	~string
	Valid() bool
	String() string
	MarshalText() ([]byte, error)
}](name string, codes []string, list func() []T, parse func(string) (T, error)) enumCase {
	return enumCase{
		name:  name,
		codes: codes,
		list:  func() []string { return strs(list()) },
		parse: func(s string) (string, error) { v, err := parse(s); return string(v), err },
		valid: func(s string) bool { return T(s).Valid() },
		text:  func(s string) ([]byte, error) { return T(s).MarshalText() },
		unmarshalJSON: func(b []byte) (string, error) {
			var r struct {
				V T `json:"v"`
			}
			err := json.Unmarshal(b, &r)
			return string(r.V), err
		},
	}
}

func TestEnums(t *testing.T) {
	t.Parallel()
	cases := []enumCase{
		enumOf[Agency]("agency",
			[]string{"forskola", "skola", "elevhalsa_psykosocial", "elevhalsa_medicinsk", "socialtjanst", "halso_sjukvard", "polis"},
			Agencies, ParseAgency),
		enumOf[Role]("role",
			[]string{"upptackare", "barnkontakt", "stodsamordnare", "barnteam", "barnets_team", "vardnadshavare", "barn", "narstaende"},
			Roles, ParseRole),
		enumOf[ProtectionLevel]("protection level",
			[]string{"ingen", "sekretessmarkering", "skyddad_folkbokforing", "lokal_hotbild"},
			ProtectionLevels, ParseProtectionLevel),
		enumOf[OrganisationKind]("organisation kind",
			[]string{"kommun", "region", "privat", "staten"},
			OrganisationKinds, ParseOrganisationKind),
		enumOf[PartyKind]("party kind",
			[]string{"professional", "guardian", "child", "related", "system"},
			PartyKinds, ParsePartyKind),
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.codes, c.list(), "every value, in canonical order")
			l := c.list()
			l[0] = "changed"
			assert.Equal(t, c.codes[0], c.list()[0], "the list is a copy")
			for _, code := range c.codes {
				v, err := c.parse(code)
				require.NoError(t, err)
				assert.Equal(t, code, v)
				assert.True(t, c.valid(code))
				b, err := c.text(code)
				require.NoError(t, err)
				assert.Equal(t, code, string(b))
				got, err := c.unmarshalJSON([]byte(`{"v":"` + code + `"}`))
				require.NoError(t, err)
				assert.Equal(t, code, got)
			}
			for _, bad := range []string{"", "unknown", "Skola", " skola", c.codes[0] + " ", "SKOLA"} {
				if c.valid(bad) {
					continue // "Skola" and the like are unknown in every vocabulary
				}
				_, err := c.parse(bad)
				assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
				var uc *vocab.UnknownCodeError
				require.True(t, errors.As(err, &uc))
				assert.Equal(t, c.name, uc.Vocabulary)
				_, err = c.text(bad)
				assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
				_, err = c.unmarshalJSON([]byte(`{"v":"` + bad + `"}`))
				assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
			}
			_, err := c.unmarshalJSON([]byte(`{"v":1}`))
			assert.Error(t, err)
		})
	}
}

func TestAgencyDetails(t *testing.T) {
	t.Parallel()
	provisions := map[Agency]string{
		Forskola: "OSL 23:1", Skola: "OSL 23:2", ElevhalsaPsykosocial: "OSL 23:2", ElevhalsaMedicinsk: "OSL 25:1",
		Socialtjanst: "OSL 26:1", HalsoSjukvard: "OSL 25:1", Polis: "OSL 35:1",
	}
	for _, a := range Agencies() {
		assert.Equal(t, provisions[a], a.SecrecyProvision(), a)
		assert.NotEmpty(t, a.Label(), a)
		assert.Equal(t, string(a), a.String())
		assert.Equal(t, a == HalsoSjukvard || a == ElevhalsaMedicinsk, a.IsHealthCare(), a)
	}
	assert.Equal(t, "Hälso- och sjukvård", HalsoSjukvard.Label())
	assert.Empty(t, Agency("x").SecrecyProvision())
	assert.Empty(t, Agency("x").Label())
}

func TestRoleDetails(t *testing.T) {
	t.Parallel()
	professional := map[Role]bool{Upptackare: true, Barnkontakt: true, Stodsamordnare: true, Barnteam: true, BarnetsTeam: true}
	for _, r := range Roles() {
		assert.NotEmpty(t, r.Label(), r)
		assert.Equal(t, professional[r], r.IsProfessional(), r)
	}
	assert.Equal(t, "Stödsamordnare", Stodsamordnare.Label())
	assert.Equal(t, "Individuellt barnteam", BarnetsTeam.Label())
	assert.Empty(t, Role("x").Label())
	assert.False(t, Role("x").IsProfessional())

	assert.False(t, Oskyddad.Protected())
	assert.True(t, Sekretessmarkering.Protected())
	assert.True(t, SkyddadFolkbokforing.Protected())
	assert.True(t, LokalHotbild.Protected())
	assert.False(t, ProtectionLevel("").Protected())
	assert.False(t, ProtectionLevel("x").Protected())
}
