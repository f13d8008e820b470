package roles_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodConsent is a complete, valid consent: the school may share the compass
// assessment and concerns with social services for coordination, for a year.
func goodConsent() roles.Consent {
	from := time.Date(2028, time.August, 20, 8, 0, 0, 0, time.UTC)
	return roles.Consent{
		ID: fixedID[roles.Consent](7, 1), ChildID: childID,
		Givers: []roles.ConsentGiver{
			{Party: roles.GuardianParty(g1), GivenAt: from},
			{Party: roles.GuardianParty(g2), GivenAt: from.Add(time.Hour)},
		},
		DisclosingAgency:  roles.Skola,
		ReceivingAgencies: []roles.Agency{roles.Socialtjanst},
		Categories:        []roles.Category{roles.CategoryBehovskompass, roles.CategoryOro},
		Purpose:           roles.PurposeSamordning,
		ValidFrom:         from, ValidUntil: from.AddDate(1, 0, 0),
		Form: roles.Skriftligt, Status: roles.ConsentAktiv,
		RecordedBy: recorder, RecordedAt: from.Add(2 * time.Hour),
		Revision: 1,
	}
}

// problemsOf returns "path:rule" for every problem of a *ValidationError.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	require.ErrorIs(t, err, roles.ErrInvalid)
	var ve *roles.ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Path+":"+p.Rule)
	}
	return out
}

func TestConsentValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, func() error { c := goodConsent(); return c.Validate() }())
	tests := []struct {
		name string
		edit func(c *roles.Consent)
		want string // path:rule
	}{
		{"no givers", func(c *roles.Consent) { c.Givers = nil }, "givers:required"},
		{"a professional gives consent", func(c *roles.Consent) { c.Givers[0].Party = recorder }, "givers[0].party.kind:giver_kind"},
		{"another child gives consent", func(c *roles.Consent) { c.Givers[0].Party = roles.ChildParty(otherKid) }, "givers[0].party.id:giver_child"},
		{"a giver without an ID", func(c *roles.Consent) { c.Givers[0].Party.ID = [16]byte{} }, "givers[0].party.id:required"},
		{"a giver without a time", func(c *roles.Consent) { c.Givers[1].GivenAt = time.Time{} }, "givers[1].givenAt:required"},
		{"given after it was recorded", func(c *roles.Consent) { c.Givers[1].GivenAt = c.RecordedAt.Add(time.Minute) }, "givers[1].givenAt:given_after_recorded"},
		{"the same guardian twice", func(c *roles.Consent) { c.Givers[1].Party = c.Givers[0].Party }, "givers[1].party:duplicate"},
		{"no receiving agency", func(c *roles.Consent) { c.ReceivingAgencies = nil }, "receivingAgencies:required"},
		{"the school receives from itself", func(c *roles.Consent) {
			c.ReceivingAgencies = append(c.ReceivingAgencies, roles.Skola)
		}, "receivingAgencies[1]:receiver_is_discloser"},
		{"an unknown receiving agency", func(c *roles.Consent) { c.ReceivingAgencies[0] = "bibliotek" }, "receivingAgencies[0]:code"},
		{"a receiving agency twice", func(c *roles.Consent) {
			c.ReceivingAgencies = append(c.ReceivingAgencies, roles.Socialtjanst)
		}, "receivingAgencies[1]:duplicate"},
		{"no category", func(c *roles.Consent) { c.Categories = nil }, "categories:required"},
		{"an unknown category", func(c *roles.Consent) { c.Categories[1] = "allt" }, "categories[1]:code"},
		{"a category twice", func(c *roles.Consent) { c.Categories[1] = c.Categories[0] }, "categories[1]:duplicate"},
		{"no purpose", func(c *roles.Consent) { c.Purpose = "" }, "purpose:required"},
		{"an unknown purpose", func(c *roles.Consent) { c.Purpose = "allting" }, "purpose:code"},
		{"no disclosing agency", func(c *roles.Consent) { c.DisclosingAgency = "" }, "disclosingAgency:required"},
		{"no start", func(c *roles.Consent) { c.ValidFrom = time.Time{} }, "validFrom:required"},
		{"no end: an end date is mandatory", func(c *roles.Consent) { c.ValidUntil = time.Time{} }, "validUntil:required"},
		{"ends before it starts", func(c *roles.Consent) { c.ValidUntil = c.ValidFrom.Add(-time.Hour) }, "validUntil:period_order"},
		{"ends as it starts", func(c *roles.Consent) { c.ValidUntil = c.ValidFrom }, "validUntil:period_order"},
		{"no form", func(c *roles.Consent) { c.Form = "" }, "form:required"},
		{"a form by fax", func(c *roles.Consent) { c.Form = "fax" }, "form:code"},
		{"recorded by a guardian", func(c *roles.Consent) { c.RecordedBy = roles.GuardianParty(g1) }, "recordedBy:professional"},
		{"no recording time", func(c *roles.Consent) { c.RecordedAt = time.Time{} }, "recordedAt:required"},
		{"no ID", func(c *roles.Consent) { c.ID = roles.ID[roles.Consent]{} }, "id:required"},
		{"no child", func(c *roles.Consent) { c.ChildID = roles.ID[roles.Child]{} }, "childId:required"},
		{"withdrawn status without a withdrawal", func(c *roles.Consent) { c.Status = roles.ConsentAterkallad }, "withdrawal:required"},
		{"a withdrawal on an active consent", func(c *roles.Consent) {
			c.Withdrawal = &roles.Withdrawal{By: roles.GuardianParty(g1), At: c.RecordedAt, RecordedBy: recorder}
		}, "status:withdrawal"},
		{"withdrawn by a professional", func(c *roles.Consent) {
			c.Status = roles.ConsentAterkallad
			c.Withdrawal = &roles.Withdrawal{By: recorder, At: c.RecordedAt, RecordedBy: recorder}
		}, "withdrawal.by:withdrawer_kind"},
		{"withdrawn before it was recorded", func(c *roles.Consent) {
			c.Status = roles.ConsentAterkallad
			c.Withdrawal = &roles.Withdrawal{By: roles.GuardianParty(g1), At: c.RecordedAt.Add(-time.Second), RecordedBy: recorder}
		}, "withdrawal.at:withdrawal_before_recorded"},
		{"a withdrawal recorded by nobody", func(c *roles.Consent) {
			c.Status = roles.ConsentAterkallad
			c.Withdrawal = &roles.Withdrawal{By: roles.GuardianParty(g1), At: c.RecordedAt}
		}, "withdrawal.recordedBy:professional"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := goodConsent()
			tt.edit(&c)
			err := c.Validate()
			assert.Contains(t, problemsOf(t, err), tt.want)
		})
	}
}

func TestConsentValidateWith(t *testing.T) {
	t.Parallel()
	pol := roles.DefaultPolicy()
	tests := []struct {
		name string
		edit func(c *roles.Consent)
		want string // "" for valid
	}{
		{"exactly twelve months", func(c *roles.Consent) {}, ""},
		{"twelve months and a second", func(c *roles.Consent) { c.ValidUntil = c.ValidUntil.Add(time.Second) }, "validUntil:max_validity"},
		{"thirteen months", func(c *roles.Consent) { c.ValidUntil = c.ValidFrom.AddDate(0, 13, 0) }, "validUntil:max_validity"},
		{"from a leap day, twelve months end on 28 February", func(c *roles.Consent) {
			c.ValidFrom = at(2028, time.February, 29, 9, 0)
			c.ValidUntil = at(2029, time.February, 28, 9, 0)
			c.Givers[0].GivenAt, c.Givers[1].GivenAt, c.RecordedAt = c.ValidFrom, c.ValidFrom, c.ValidFrom
		}, ""},
		{"from a leap day, 1 March is past twelve months", func(c *roles.Consent) {
			c.ValidFrom = at(2028, time.February, 29, 9, 0)
			c.ValidUntil = at(2029, time.March, 1, 9, 0)
			c.Givers[0].GivenAt, c.Givers[1].GivenAt, c.RecordedAt = c.ValidFrom, c.ValidFrom, c.ValidFrom
		}, "validUntil:max_validity"},
		{"a local category the policy does not know", func(c *roles.Consent) {
			c.Categories = append(c.Categories, "lokal_fritid")
		}, "categories[2]:unknown_category"},
		{"a local purpose the policy does not know", func(c *roles.Consent) { c.Purpose = "lokal_lager" }, "purpose:unknown_purpose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := goodConsent()
			tt.edit(&c)
			got := problemsOf(t, c.ValidateWith(&pol))
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, tt.want)
		})
	}
	t.Run("a registered local category", func(t *testing.T) {
		t.Parallel()
		p := roles.DefaultPolicy()
		p.Categories = []roles.Term[roles.Category]{{Code: "lokal_fritid", Swedish: "Fritid", English: "Leisure"}}
		c := goodConsent()
		c.Categories = append(c.Categories, "lokal_fritid")
		assert.NoError(t, c.ValidateWith(&p))
	})
	t.Run("a municipality allowing six months", func(t *testing.T) {
		t.Parallel()
		p := roles.DefaultPolicy()
		p.MaxConsentMonths = 6
		c := goodConsent()
		assert.Contains(t, problemsOf(t, c.ValidateWith(&p)), "validUntil:max_validity")
	})
}

func TestConsentWithdraw(t *testing.T) {
	t.Parallel()
	c := goodConsent()
	when := c.RecordedAt.AddDate(0, 2, 0)
	require.NoError(t, c.Withdraw(roles.ChildParty(childID), recorder, when))
	assert.Equal(t, roles.ConsentAterkallad, c.Status)
	require.NotNil(t, c.Withdrawal)
	assert.Equal(t, when, c.Withdrawal.At)
	require.NoError(t, c.Validate())

	assert.True(t, c.InForceAt(when.Add(-time.Nanosecond)), "in force until the withdrawal: never retroactive")
	assert.False(t, c.InForceAt(when))
	assert.False(t, c.WithdrawnAt(when.Add(-time.Nanosecond)))
	assert.True(t, c.WithdrawnAt(when))

	err := c.Withdraw(roles.GuardianParty(g1), recorder, when.Add(time.Hour))
	assert.ErrorIs(t, err, roles.ErrAlreadyWithdrawn)

	fresh := goodConsent()
	err = fresh.Withdraw(recorder, recorder, fresh.RecordedAt)
	assert.Contains(t, problemsOf(t, err), "by:withdrawer_kind")
	err = fresh.Withdraw(roles.GuardianParty(g1), recorder, fresh.RecordedAt.Add(-time.Minute))
	assert.Contains(t, problemsOf(t, err), "at:withdrawal_before_recorded")
	err = fresh.Withdraw(roles.GuardianParty(g1), roles.GuardianParty(g2), fresh.RecordedAt)
	assert.Contains(t, problemsOf(t, err), "recordedBy:professional")
	assert.Equal(t, roles.ConsentAktiv, fresh.Status, "a rejected withdrawal changes nothing")
	assert.Nil(t, fresh.Withdrawal)
}

func TestConsentCoversAndInForce(t *testing.T) {
	t.Parallel()
	c := goodConsent()
	assert.True(t, c.Covers(roles.Socialtjanst, roles.CategoryOro, roles.PurposeSamordning))
	assert.False(t, c.Covers(roles.Polis, roles.CategoryOro, roles.PurposeSamordning))
	assert.False(t, c.Covers(roles.Socialtjanst, roles.CategoryHalsa, roles.PurposeSamordning))
	assert.False(t, c.Covers(roles.Socialtjanst, roles.CategoryOro, roles.PurposePlan))
	assert.False(t, c.InForceAt(c.ValidFrom.Add(-time.Nanosecond)))
	assert.True(t, c.InForceAt(c.ValidFrom))
	assert.True(t, c.InForceAt(c.ValidUntil.Add(-time.Nanosecond)))
	assert.False(t, c.InForceAt(c.ValidUntil), "the end is exclusive")
}

func TestConsentJSON(t *testing.T) {
	t.Parallel()
	c := goodConsent()
	require.NoError(t, c.Withdraw(roles.GuardianParty(g1), recorder, c.RecordedAt.AddDate(0, 1, 0)))
	b, err := json.Marshal(c)
	require.NoError(t, err)
	for _, field := range []string{`"childId"`, `"givers"`, `"givenAt"`, `"disclosingAgency":"skola"`,
		`"receivingAgencies":["socialtjanst"]`, `"categories":["behovskompass","oro"]`, `"purpose":"samordning"`,
		`"validFrom"`, `"validUntil"`, `"form":"skriftligt"`, `"status":"aterkallad"`, `"withdrawal"`, `"recordedBy"`} {
		assert.Contains(t, string(b), field)
	}
	var back roles.Consent
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c.ID, back.ID)
	assert.True(t, c.ValidUntil.Equal(back.ValidUntil))
	assert.Equal(t, c.Categories, back.Categories)
	assert.Equal(t, c.Withdrawal.By, back.Withdrawal.By)

	for _, bad := range []string{
		strings.Replace(string(b), `"skriftligt"`, `"fax"`, 1),
		strings.Replace(string(b), `"oro"`, `"allt"`, 1),
		strings.Replace(string(b), `"samordning"`, `"SAMORDNING"`, 1),
		strings.Replace(string(b), `"aterkallad"`, `"makulerad"`, 1),
	} {
		var x roles.Consent
		err := json.Unmarshal([]byte(bad), &x)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode)
	}
}

func TestAuthority(t *testing.T) {
	t.Parallel()
	parties := func(ids ...roles.ID[roles.Guardian]) []roles.ID[roles.Guardian] { return ids }
	tests := []struct {
		name     string
		now      time.Time
		setup    func(w *world)
		band     roles.ConsentBand
		guards   []roles.ID[roles.Guardian]
		child    bool
		leftOut  []roles.ID[roles.Guardian]
		inform   []roles.ID[roles.Guardian]
		possible bool
	}{
		{"11 in joint custody: both guardians", age11, nil, roles.BandVardnadshavare, parties(g1, g2), false, nil, nil, true},
		{"13: both guardians and the child", age13, nil, roles.BandVardnadshavareOchBarn, parties(g1, g2), true, nil, nil, true},
		{"16: the child, the guardians informed", age16, nil, roles.BandBarn, nil, true, nil, parties(g1, g2), true},
		{"16, not informing: the child alone", age16, func(w *world) { w.pol.InformGuardians = false }, roles.BandBarn, nil, true, nil, nil, true},
		{"16, a guardian left out is not informed", age16, func(w *world) { w.harm(g1, w.now.AddDate(0, -1, 0), time.Time{}) },
			roles.BandBarn, nil, true, parties(g1), parties(g2), true},
		{"11, a guardian left out", age11, func(w *world) { w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{}) },
			roles.BandVardnadshavare, parties(g1), false, parties(g2), nil, true},
		{"11, both left out: nobody can consent", age11, func(w *world) {
			w.harm(g1, w.now.AddDate(0, -1, 0), time.Time{})
			w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{})
		}, roles.BandVardnadshavare, nil, false, parties(g1, g2), nil, false},
		{"11, no custody on record: nobody can consent", age11, func(w *world) { w.custodies = nil },
			roles.BandVardnadshavare, nil, false, nil, nil, false},
		{"13, no custody on record: the child cannot consent alone", age13, func(w *world) { w.custodies = nil },
			roles.BandVardnadshavareOchBarn, nil, true, nil, nil, false},
		{"11 assessed mature: the child decides", age11, func(w *world) { w.mature(roles.BandBarn, w.now.AddDate(0, -1, 0), time.Time{}) },
			roles.BandBarn, nil, true, nil, parties(g1, g2), true},
		{"no band in the policy", age11, func(w *world) { w.pol.ConsentBands = nil }, "", nil, false, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.now)
			if tt.setup != nil {
				tt.setup(w)
			}
			a := w.facts().Authority(&w.pol, w.now)
			assert.Equal(t, tt.band, a.Band)
			assert.Equal(t, tt.guards, a.Guardians)
			assert.Equal(t, tt.child, a.Child)
			assert.Equal(t, tt.leftOut, a.LeftOut)
			assert.Equal(t, tt.inform, a.Inform)
			assert.Equal(t, tt.possible, a.Possible())
		})
	}
}

func TestAuthorityMissingAndComplete(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age13)
	a := w.facts().Authority(&w.pol, w.now)
	assert.Equal(t, 13, a.Age)
	c := w.consent(roles.GuardianParty(g1))
	assert.Equal(t, []roles.Party{roles.GuardianParty(g2), roles.ChildParty(childID)}, a.Missing(c, childID, w.now))
	assert.False(t, a.Complete(c, childID, w.now))
	c = w.consent(all()...)
	assert.Empty(t, a.Missing(c, childID, w.now))
	assert.True(t, a.Complete(c, childID, w.now))
	assert.Len(t, a.Missing(nil, childID, w.now), 3)
	assert.False(t, a.Complete(c, childID, c.ValidFrom.Add(-time.Second)), "not yet given then")
}

func TestMaturityAndHarmValidate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age13)
	w.mature(roles.BandBarn, w.now, time.Time{})
	w.harm(g1, w.now, time.Time{})
	m, h := w.maturity[0], w.harms[0]
	require.NoError(t, m.Validate())
	require.NoError(t, h.Validate())

	m.Reason, m.Band, m.AssessedBy = "", "vuxen", roles.GuardianParty(g1)
	m.Period = roles.Period{}
	got := problemsOf(t, m.Validate())
	assert.Subset(t, got, []string{"reason:required", "band:code", "assessedBy:professional", "period:period"})

	h.Reason, h.GuardianID, h.DecidedBy = "", roles.ID[roles.Guardian]{}, roles.ChildParty(childID)
	got = problemsOf(t, h.Validate())
	assert.Subset(t, got, []string{"reason:required", "guardianId:required", "decidedBy:professional"})
}

func TestNewFactsRejectsChildWithoutIdentity(t *testing.T) {
	t.Parallel()
	_, err := roles.NewFacts(nil, roles.Records{})
	assert.ErrorIs(t, err, roles.ErrInvalid)
	_, err = roles.NewFacts(&roles.Child{ID: childID}, roles.Records{})
	assert.ErrorIs(t, err, roles.ErrInvalid)
}

func TestNewFactsIgnoresOtherChildren(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age11)
	c := w.consent(parents()...)
	c.ChildID = otherKid
	d := w.decide(socialReadsCompass(w))
	assert.False(t, d.Allowed, "another child's consent opens nothing")
	assert.True(t, d.Reasons.Has(roles.ReasonNoConsent))
}

func TestNewFactsMalformedRecordsOnlyDeny(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(w *world)
		req  func(w *world) roles.Request
	}{
		{"a consent with an unknown status", func(w *world) { w.consent(parents()...).Status = "okand" }, socialReadsCompass},
		{"a consent marked withdrawn without a withdrawal", func(w *world) { w.consent(parents()...).Status = roles.ConsentAterkallad }, socialReadsCompass},
		{"a consent without an end", func(w *world) { w.consent(parents()...).ValidUntil = time.Time{} }, socialReadsCompass},
		{"a consent without a start", func(w *world) { w.consent(parents()...).ValidFrom = time.Time{} }, socialReadsCompass},
		{"a role without a start", func(w *world) {
			w.role(teacher, roles.Barnkontakt, time.Time{}, time.Time{})
		}, func(w *world) roles.Request { return w.read(pro(teacher), roles.Skola, roles.CategorySkola) }},
		{"a custody without a start", func(w *world) {
			w.custody(g3, time.Time{}, time.Time{})
		}, func(w *world) roles.Request { return w.read(roles.GuardianActor(g3), "", roles.CategoryPlan) }},
		{"a giver without a time", func(w *world) {
			c := w.consent(parents()...)
			c.Givers[1].GivenAt = time.Time{}
		}, socialReadsCompass},
		{"a giver who is a professional", func(w *world) {
			c := w.consent(parents()...)
			c.Givers[1].Party = roles.Party{Kind: roles.PartyProfessional, ID: c.Givers[1].Party.ID}
		}, socialReadsCompass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, age11)
			tt.edit(w)
			d := w.decide(tt.req(w))
			assert.False(t, d.Allowed, "%v", d)
		})
	}
}

func TestNewFactsMissingGuardianCountsAsProtected(t *testing.T) {
	t.Parallel()
	w := newWorld(t, age11)
	w.guardians = w.guardians[:1]
	assert.True(t, w.facts().Protected())
	w.guardians = nil
	w.custodies = nil
	assert.False(t, w.facts().Protected())
}

func TestCategoryAndPurposeCodes(t *testing.T) {
	t.Parallel()
	for _, c := range roles.Categories() {
		assert.True(t, c.Valid())
		assert.True(t, c.BuiltIn())
		assert.NotEmpty(t, c.Label(), c)
		assert.NotEmpty(t, c.English(), c)
		got, err := roles.ParseCategory(string(c))
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	for _, p := range roles.Purposes() {
		assert.True(t, p.Valid())
		assert.NotEmpty(t, p.Label(), p)
		assert.NotEmpty(t, p.English(), p)
		got, err := roles.ParsePurpose(string(p))
		require.NoError(t, err)
		assert.Equal(t, p, got)
	}
	for _, ok := range []string{"lokal_fritid", "lokal_a1_b2"} {
		c, err := roles.ParseCategory(ok)
		require.NoError(t, err, ok)
		assert.False(t, c.BuiltIn())
		assert.Empty(t, c.Label())
		_, err = roles.ParsePurpose(ok)
		require.NoError(t, err, ok)
	}
	for _, bad := range []string{"", "lokal_", "Lokal_x", "lokal_X", "lokal_å", "lokal x", "plan ", "PLAN", "lokal_" + strings.Repeat("a", 60)} {
		_, err := roles.ParseCategory(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
		_, err = roles.ParsePurpose(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, "%q", bad)
		_, err = roles.Category(bad).MarshalText()
		assert.Error(t, err, "%q", bad)
	}
	pol := roles.DefaultPolicy()
	pol.Categories = []roles.Term[roles.Category]{{Code: "lokal_fritid", Swedish: "Fritid", English: "Leisure"}}
	term, ok := pol.CategoryTerm("lokal_fritid")
	assert.True(t, ok)
	assert.Equal(t, "Leisure", term.English)
	term, ok = pol.CategoryTerm(roles.CategoryHalsa)
	assert.True(t, ok)
	assert.Equal(t, "Hälsa", term.Swedish)
	_, ok = pol.CategoryTerm("lokal_okand")
	assert.False(t, ok)
	pterm, ok := pol.PurposeTerm(roles.PurposeSIP)
	assert.True(t, ok)
	assert.Contains(t, pterm.Swedish, "SIP")
	_, ok = pol.PurposeTerm("lokal_okand")
	assert.False(t, ok)
}

func TestConsentVocabularies(t *testing.T) {
	t.Parallel()
	type vocabulary struct {
		name  string
		codes []string
		parse func(string) error
	}
	codes := func(vs ...string) []string { return vs }
	for _, v := range []vocabulary{
		{"consent form", codes("skriftligt", "muntligt"), func(s string) error { _, err := roles.ParseConsentForm(s); return err }},
		{"consent status", codes("aktiv", "aterkallad"), func(s string) error { _, err := roles.ParseConsentStatus(s); return err }},
		{"consent band", codes("vardnadshavare", "vardnadshavare_och_barn", "barn"), func(s string) error { _, err := roles.ParseConsentBand(s); return err }},
		{"disclosure outcome", codes("utlamnad", "ej_utlamnad"), func(s string) error { _, err := roles.ParseDisclosureOutcome(s); return err }},
		{"action", codes("read", "write", "disclose"), func(s string) error { _, err := roles.ParseAction(s); return err }},
		{"basis kind", codes("same_domain_role", "consent", "legal_basis", "own_access"), func(s string) error { _, err := roles.ParseBasisKind(s); return err }},
	} {
		for _, c := range v.codes {
			assert.NoError(t, v.parse(c), "%s %q", v.name, c)
		}
		for _, bad := range []string{"", "x", strings.ToUpper(v.codes[0])} {
			assert.ErrorIs(t, v.parse(bad), vocab.ErrUnknownCode, "%s %q", v.name, bad)
		}
	}
	assert.Equal(t, []roles.ConsentForm{roles.Skriftligt, roles.Muntligt}, roles.ConsentForms())
	assert.Equal(t, []roles.ConsentStatus{roles.ConsentAktiv, roles.ConsentAterkallad}, roles.ConsentStatuses())
	assert.Equal(t, []roles.ConsentBand{roles.BandVardnadshavare, roles.BandVardnadshavareOchBarn, roles.BandBarn}, roles.ConsentBands())
	assert.Equal(t, []roles.DisclosureOutcome{roles.Utlamnad, roles.EjUtlamnad}, roles.DisclosureOutcomes())
	assert.Equal(t, []roles.Action{roles.Read, roles.Write, roles.Disclose}, roles.Actions())
	assert.Len(t, roles.BasisKinds(), 4)
	var zero roles.ConsentForm
	_, err := zero.MarshalText()
	assert.True(t, errors.Is(err, vocab.ErrUnknownCode), "the zero value is unset and never written")
}
