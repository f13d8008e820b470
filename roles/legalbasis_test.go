package roles_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckLegalBasis(t *testing.T) {
	t.Parallel()
	pol := roles.DefaultPolicy()
	const (
		hs = roles.HalsoSjukvard
		em = roles.ElevhalsaMedicinsk
		ep = roles.ElevhalsaPsykosocial
		st = roles.Socialtjanst
		po = roles.Polis
		sk = roles.Skola
		fs = roles.Forskola
	)
	tests := []struct {
		name     string
		code     roles.LegalBasisCode
		from, to roles.Agency
		age      int
		reason   bool
		want     roles.Reason // 0: fits
	}{
		{"concern report from preschool", roles.BasisOrosanmalan, fs, st, 3, true, 0},
		{"concern report from the police", roles.BasisOrosanmalan, po, st, 17, true, 0},
		{"concern report to the school", roles.BasisOrosanmalan, po, sk, 10, true, roles.ReasonBasisWrongTo},
		{"concern report about an 18-year-old", roles.BasisOrosanmalan, sk, st, 18, true, roles.ReasonBasisAge},
		{"concern report without a reason", roles.BasisOrosanmalan, sk, st, 8, false, roles.ReasonBasisReasonMissing},
		{"25:12 health care to social services at 17", roles.BasisHalsoTillSocial, hs, st, 17, true, 0},
		{"25:12 medical elevhälsa to social services", roles.BasisHalsoTillSocial, em, st, 9, true, 0},
		{"25:12 at 18", roles.BasisHalsoTillSocial, hs, st, 18, true, roles.ReasonBasisAge},
		{"25:12 from social services", roles.BasisHalsoTillSocial, st, hs, 9, true, roles.ReasonBasisWrongFrom},
		{"25:12 to the school", roles.BasisHalsoTillSocial, hs, sk, 9, true, roles.ReasonBasisWrongTo},
		{"26:9 social services to health care", roles.BasisSocialTillHalso, st, hs, 0, true, 0},
		{"26:9 social services to medical elevhälsa", roles.BasisSocialTillHalso, st, em, 12, true, 0},
		{"26:9 to the police", roles.BasisSocialTillHalso, st, po, 12, true, roles.ReasonBasisWrongTo},
		{"26:9 at 18", roles.BasisSocialTillHalso, st, hs, 18, true, roles.ReasonBasisAge},
		{"10:18 a at 20", roles.BasisUngaUnder21, st, po, 20, true, 0},
		{"10:18 a at 21", roles.BasisUngaUnder21, st, po, 21, true, roles.ReasonBasisAge},
		{"10:18 a from the school", roles.BasisUngaUnder21, sk, po, 15, true, roles.ReasonBasisWrongFrom},
		{"10:18 a to health care", roles.BasisUngaUnder21, st, hs, 15, true, roles.ReasonBasisWrongTo},
		{"10:21 health care to the police", roles.BasisBrottMotBarn, hs, po, 4, true, 0},
		{"10:21 social services to the police", roles.BasisBrottMotBarn, st, po, 17, true, 0},
		{"10:21 at 18", roles.BasisBrottMotBarn, hs, po, 18, true, roles.ReasonBasisAge},
		{"10:21 from psychosocial elevhälsa", roles.BasisBrottMotBarn, ep, po, 12, true, roles.ReasonBasisWrongFrom},
		{"10:20 social services to the police at 40", roles.BasisAkutFara, st, po, 40, true, 0},
		{"10:20 from health care", roles.BasisAkutFara, hs, po, 12, true, roles.ReasonBasisWrongFrom},
		{"10:28 any agency to any other", roles.BasisUppgiftsskyldighet, hs, sk, 12, true, 0},
		{"10:28 without a reason", roles.BasisUppgiftsskyldighet, hs, sk, 12, false, roles.ReasonBasisReasonMissing},
		{"10:27 from the school", roles.BasisGeneralklausul, sk, po, 12, true, 0},
		{"10:27 from the police", roles.BasisGeneralklausul, po, sk, 12, true, 0},
		{"10:27 from health care", roles.BasisGeneralklausul, hs, po, 12, true, roles.ReasonGeneralClauseRefused},
		{"10:27 from medical elevhälsa", roles.BasisGeneralklausul, em, po, 12, true, roles.ReasonGeneralClauseRefused},
		{"10:27 from social services", roles.BasisGeneralklausul, st, po, 12, true, roles.ReasonGeneralClauseRefused},
		{"any basis to the same agency", roles.BasisUppgiftsskyldighet, sk, sk, 12, true, roles.ReasonRecipientSameDomain},
		{"a code the policy does not know", "osl_99_9", sk, po, 12, true, roles.ReasonBasisUnknown},
		{"no code", "", sk, po, 12, true, roles.ReasonBasisUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := pol.CheckLegalBasis(tt.code, tt.from, tt.to, tt.age, tt.reason)
			if tt.want == 0 {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, roles.ErrBasisMismatch)
			require.ErrorIs(t, err, roles.ErrInvalid)
			var be *roles.BasisError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, tt.want, be.Reason, "%v", err)
			assert.Equal(t, tt.code, be.LegalBasis)
			assert.Contains(t, err.Error(), tt.want.Code())
		})
	}
}

func TestGeneralClauseRefusedEvenIfPolicySaysOtherwise(t *testing.T) {
	t.Parallel()
	pol := roles.DefaultPolicy()
	b := policyBasis(&pol, roles.BasisGeneralklausul)
	b.From = roles.Agencies()
	err := pol.CheckLegalBasis(roles.BasisGeneralklausul, roles.Socialtjanst, roles.Polis, 10, true)
	var be *roles.BasisError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, roles.ReasonGeneralClauseRefused, be.Reason)
	assert.Contains(t, problemsOf(t, pol.Validate()), "legalBases[7].from[4]:general_clause_refused")
}

func TestDefaultLegalBases(t *testing.T) {
	t.Parallel()
	pol := roles.DefaultPolicy()
	want := []roles.LegalBasisCode{"osl_10_28_orosanmalan", "osl_25_12", "osl_26_9", "osl_10_18a", "osl_10_21", "osl_10_20", "osl_10_28", "osl_10_27"}
	var got []roles.LegalBasisCode
	for _, b := range pol.LegalBases {
		got = append(got, b.Code)
		assert.True(t, b.RequiresReason, b.Code)
		assert.False(t, b.WithdrawalBlocks, b.Code)
		assert.NotEmpty(t, b.Reference, b.Code)
		assert.NotEmpty(t, b.Swedish, b.Code)
		assert.NotEmpty(t, b.English, b.Code)
		assert.Same(t, &pol.LegalBases[len(got)-1], pol.LegalBasis(b.Code))
	}
	assert.Equal(t, want, got)
	assert.Nil(t, pol.LegalBasis("osl_1_1"))

	// Each call returns fresh slices: editing one policy leaves the defaults alone.
	pol.LegalBases[0].From[0] = roles.Polis
	assert.Equal(t, roles.Forskola, roles.DefaultLegalBases()[0].From[0])
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	def := roles.DefaultPolicy()
	require.NoError(t, def.Validate())
	tests := []struct {
		name string
		edit func(p *roles.Policy)
		want string
	}{
		{"overlapping consent bands", func(p *roles.Policy) { p.ConsentBands[1].Ages.MinAge = 11 }, "consentBands[1].ages:overlap"},
		{"an open band overlapping", func(p *roles.Policy) {
			p.ConsentBands = append(p.ConsentBands, roles.ConsentBandRule{Ages: roles.AgeBand{MinAge: 30, MaxAge: -1}, Band: roles.BandBarn})
		}, "consentBands[3].ages:overlap"},
		{"an unknown band", func(p *roles.Policy) { p.ConsentBands[0].Band = "foraldrar" }, "consentBands[0].band:code"},
		{"an upside-down age band", func(p *roles.Policy) { p.ConsentBands[1].Ages = roles.AgeBand{MinAge: 14, MaxAge: 12} }, "consentBands[1].ages:age_band"},
		{"no longest validity", func(p *roles.Policy) { p.MaxConsentMonths = 0 }, "maxConsentMonths:gte"},
		{"a negative reading window", func(p *roles.Policy) { p.LegalBasisReadDays = -1 }, "legalBasisReadDays:gte"},
		{"own access to an unknown category", func(p *roles.Policy) { p.OwnAccess = append(p.OwnAccess, "lokal_x") }, "ownAccess[2]:code"},
		{"a concern report to the police", func(p *roles.Policy) { policyBasis(p, roles.BasisOrosanmalan).To = []roles.Agency{roles.Polis} }, "legalBases[0].to:concern_report"},
		{"a concern report blocked by withdrawal", func(p *roles.Policy) {
			policyBasis(p, roles.BasisOrosanmalan).WithdrawalBlocks = true
		}, "legalBases[0].withdrawalBlocks:concern_report"},
		{"no concern report", func(p *roles.Policy) { p.LegalBases = p.LegalBases[1:] }, "legalBases:concern_report"},
		{"two bases with one code", func(p *roles.Policy) { p.LegalBases = append(p.LegalBases, p.LegalBases[2]) }, "legalBases[8].code:duplicate"},
		{"a basis with a malformed code", func(p *roles.Policy) { p.LegalBases[1].Code = "OSL 25:12" }, "legalBases[1].code:code"},
		{"a basis without a reference", func(p *roles.Policy) { p.LegalBases[1].Reference = "" }, "legalBases[1].reference:required"},
		{"a basis from nowhere", func(p *roles.Policy) { p.LegalBases[1].From = nil }, "legalBases[1].from:required"},
		{"a basis to nowhere", func(p *roles.Policy) { p.LegalBases[1].To = nil }, "legalBases[1].to:required"},
		{"a basis to an unknown agency", func(p *roles.Policy) { p.LegalBases[1].To = []roles.Agency{"bibliotek"} }, "legalBases[1].to[0]:code"},
		{"a basis listing an agency twice", func(p *roles.Policy) {
			p.LegalBases[1].From = []roles.Agency{roles.HalsoSjukvard, roles.HalsoSjukvard}
		}, "legalBases[1].from[1]:duplicate"},
		{"a basis with negative ages", func(p *roles.Policy) { p.LegalBases[1].Ages.MinAge = -1 }, "legalBases[1].ages:age_band"},
		{"a local category without the prefix", func(p *roles.Policy) {
			p.Categories = []roles.Term[roles.Category]{{Code: "fritid", Swedish: "Fritid", English: "Leisure"}}
		}, "categories[0].code:local_code"},
		{"a local purpose without labels", func(p *roles.Policy) {
			p.Purposes = []roles.Term[roles.Purpose]{{Code: "lokal_lager"}}
		}, "purposes[0].swedish:required"},
		{"a Barnkontakt rule with an unknown agency", func(p *roles.Policy) {
			p.Barnkontakt[0].Agencies = []roles.Agency{"bvc"}
		}, "barnkontakt[0].agencies[0]:code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := roles.DefaultPolicy()
			tt.edit(&p)
			assert.Contains(t, problemsOf(t, p.Validate()), tt.want)
		})
	}
	var zero roles.Policy
	assert.Error(t, zero.Validate(), "the zero policy is not a usable policy")
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := roles.DefaultPolicy()
	p.Categories = []roles.Term[roles.Category]{{Code: "lokal_fritid", Swedish: "Fritid", English: "Leisure"}}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var back roles.Policy
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)

	var bad roles.Policy
	err = json.Unmarshal([]byte(`{"legalBases":[{"code":"Osl 1"}]}`), &bad)
	assert.ErrorIs(t, err, roles.ErrInvalid)
	err = json.Unmarshal([]byte(`{"consentBands":[{"band":"alla"}]}`), &bad)
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
}

func TestLegalBasisCodeText(t *testing.T) {
	t.Parallel()
	for _, ok := range []roles.LegalBasisCode{"osl_10_18a", "lokal_x", "a"} {
		assert.True(t, ok.Valid(), ok)
		b, err := ok.MarshalText()
		require.NoError(t, err)
		var back roles.LegalBasisCode
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, ok, back)
	}
	for _, bad := range []roles.LegalBasisCode{"OSL", "1osl", "osl-10", "osl 10", "osl_10_18å"} {
		assert.False(t, bad.Valid(), bad)
		_, err := bad.MarshalText()
		assert.ErrorIs(t, err, roles.ErrInvalid)
		var back roles.LegalBasisCode
		assert.ErrorIs(t, back.UnmarshalText([]byte(bad)), roles.ErrInvalid)
	}
	var empty roles.LegalBasisCode
	b, err := empty.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
}

func TestReasonTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range roles.AllReasons() {
		require.True(t, r.Valid())
		assert.NotEmpty(t, r.Code())
		assert.NotEmpty(t, r.Swedish(), r.Code())
		assert.NotEmpty(t, r.English(), r.Code())
		assert.False(t, seen[r.Code()], "code %s twice", r.Code())
		seen[r.Code()] = true
		got, err := roles.ParseReason(r.Code())
		require.NoError(t, err)
		assert.Equal(t, r, got)
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back roles.Reason
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, r, back)
	}
	assert.GreaterOrEqual(t, len(seen), 40)
	var zero roles.Reason
	assert.False(t, zero.Valid())
	assert.Empty(t, zero.Code()+zero.Swedish()+zero.English())
	_, err := zero.MarshalText()
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
	_, err = roles.ParseReason("because")
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
}

func TestDecisionJSONRoundTrip(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age11)
	w.child.Protection = roles.SkyddadFolkbokforing
	w.consent(parents()...)
	for _, d := range []roles.Decision{
		w.decide(socialReadsCompass(w)),
		w.decide(w.read(pro(officer), roles.Skola, roles.CategoryBehovskompass)),
		w.decide(w.disclose(teacher, roles.Socialtjanst, roles.CategoryOro, roles.PurposeOrosanmalan, "")),
	} {
		b, err := json.Marshal(d)
		require.NoError(t, err)
		var back roles.Decision
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		assert.Equal(t, d, back)
	}
	for _, bad := range []string{
		`{"allowed":false,"reasons":[{"code":"because"}],"obligations":["audit"]}`,
		`{"allowed":false,"reasons":[],"obligations":["shred"]}`,
		`{"allowed":false,"reasons":[{"code":"no_role"},{"code":"no_consent"},{"code":"no_legal_basis"},{"code":"no_role_receiving"},{"code":"basis_age"}]}`,
		`{"allowed":true,"basis":{"kind":"trust_me"}}`,
	} {
		var back roles.Decision
		err := json.Unmarshal([]byte(bad), &back)
		assert.True(t, errors.Is(err, vocab.ErrUnknownCode) || errors.Is(err, roles.ErrInvalid), "%s: %v", bad, err)
	}
}

func TestObligations(t *testing.T) {
	t.Parallel()
	o := roles.ObligationAudit | roles.ObligationConfirm | roles.ObligationWithholdContact
	assert.True(t, o.Has(roles.ObligationAudit|roles.ObligationConfirm))
	assert.False(t, o.Has(roles.ObligationRecordReason))
	assert.Equal(t, []string{"audit", "confirm", "withhold_contact"}, o.Codes())
	assert.Equal(t, "audit|confirm|withhold_contact", o.String())
	var none roles.Obligations
	b, err := json.Marshal(none)
	require.NoError(t, err)
	assert.JSONEq(t, `[]`, string(b))
}
