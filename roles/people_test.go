package roles

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// problems returns the "path rule" pairs of a *ValidationError, after checking
// that err matches ErrInvalid.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	require.ErrorIs(t, err, ErrInvalid)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	out := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = p.Path + " " + p.Rule
	}
	return out
}

func TestChildValidate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Elsa", 51) // 204 characters
	tests := []struct {
		name   string
		modify func(*Child)
		want   []string
	}{
		{"valid", func(*Child) {}, nil},
		{"valid without contact", func(c *Child) { c.Contact = nil }, nil},
		{"valid samordningsnummer", func(c *Child) { c.Personnummer = MustParsePersonnummer(pnrSamordning) }, nil},
		{"valid protected", func(c *Child) { c.Protection = SkyddadFolkbokforing }, nil},
		{"zero", func(c *Child) { *c = Child{} }, []string{
			"id required", "personnummer required", "givenName required", "familyName required",
			"kommun required", "protection required",
		}},
		{"bad codes", func(c *Child) { c.Kommun = "9999"; c.Protection = "hemlig" }, []string{
			"kommun kommunkod", "protection code",
		}},
		{"long names", func(c *Child) { c.GivenName = long; c.FamilyName = long }, []string{
			"givenName max", "familyName max",
		}},
		{"contact", func(c *Child) {
			c.Contact = &Contact{Email: "elsa-at-example.se", Address: strings.Repeat("x", 201)}
		}, []string{"contact.address max", "contact.email email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testChild()
			tt.modify(&c)
			err := c.Validate()
			assert.Equal(t, tt.want, problems(t, err))
			if err != nil {
				msg := err.Error()
				assert.True(t, strings.HasPrefix(msg, "invalid child: "), msg)
				assert.NotContains(t, msg, "Elsa")
				assert.NotContains(t, msg, "elsa-at-example")
				assert.NotContains(t, msg, "2393")
			}
		})
	}
}

func TestChildAge(t *testing.T) {
	t.Parallel()
	c := testChild()
	assert.Equal(t, NewDate(2017, 1, 1), c.BirthDate())
	assert.Equal(t, 9, c.AgeAt(t0))
	// 31 December 23:30 UTC is already New Year's Day in Sweden.
	assert.Equal(t, 0, c.AgeAt(time.Date(2017, 12, 31, 22, 30, 0, 0, time.UTC)))
	assert.Equal(t, 1, c.AgeAt(time.Date(2017, 12, 31, 23, 30, 0, 0, time.UTC)))
}

func TestGuardianValidate(t *testing.T) {
	t.Parallel()
	g := testGuardian()
	require.NoError(t, g.Validate())
	g = Guardian{Protection: "x", Contact: &Contact{Email: "no"}}
	assert.Equal(t, []string{
		"id required", "personnummer required", "givenName required", "familyName required",
		"protection code", "contact.email email",
	}, problems(t, g.Validate()))
}

func TestOrganisationValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		org  Organisation
		want []string
	}{
		{"kommun", testKommun(), nil},
		{"region", testRegion(), nil},
		{"police", Organisation{ID: orgID, Kind: Staten, Name: "Polismyndigheten", Organisationsnummer: orgPolisen}, nil},
		{"private", Organisation{ID: orgID, Kind: Privat, Name: "Exempelkliniken AB", Organisationsnummer: orgPrivate}, nil},
		{"kommun with orgnr", Organisation{ID: orgID, Kind: Kommun, Name: "K", Kommun: Amal, Organisationsnummer: orgVGR}, nil},
		{"zero", Organisation{}, []string{"id required", "kind required", "name required"}},
		{"kommun without code", Organisation{ID: orgID, Kind: Kommun, Name: "K"}, []string{"kommun required"}},
		{"region without orgnr", Organisation{ID: orgID, Kind: Region, Name: "R"}, []string{"organisationsnummer required"}},
		{"private without orgnr", Organisation{ID: orgID, Kind: Privat, Name: "P"}, []string{"organisationsnummer required"}},
		{"region with a company's orgnr", Organisation{ID: orgID, Kind: Region, Name: "R", Organisationsnummer: orgPrivate}, []string{"organisationsnummer orgnr_group"}},
		{"kommun with a company's orgnr", Organisation{ID: orgID, Kind: Kommun, Name: "K", Kommun: Amal, Organisationsnummer: orgPrivate}, []string{"organisationsnummer orgnr_group"}},
		{"bad identifiers", Organisation{ID: orgID, Kind: Region, Name: "R", Kommun: "0000", Organisationsnummer: "232100-0131"}, []string{
			"kommun kommunkod", "organisationsnummer orgnr",
		}},
		{"unknown kind", Organisation{ID: orgID, Kind: "landsting", Name: "L"}, []string{"kind code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, problems(t, tt.org.Validate()))
		})
	}
}

func TestUnitValidate(t *testing.T) {
	t.Parallel()
	u := testUnit()
	require.NoError(t, u.Validate())
	u.HSAID, u.Kommun = "", ""
	require.NoError(t, u.Validate(), "HSA-id and kommun are optional")
	u = Unit{Agency: "bvc", Kommun: "12", HSAID: "SE2321000131"}
	assert.Equal(t, []string{
		"id required", "organisationId required", "name required", "agency code", "kommun kommunkod", "hsaId hsaid",
	}, problems(t, u.Validate()))
}

func TestProfessionalValidate(t *testing.T) {
	t.Parallel()
	p := testProfessional()
	require.NoError(t, p.Validate())
	p.HSAID, p.Title = "", ""
	require.NoError(t, p.Validate())
	assert.Equal(t, []string{
		"id required", "givenName required", "familyName required", "agency required", "unitId required", "organisationId required",
	}, problems(t, (&Professional{}).Validate()))
	p = testProfessional()
	p.Agency, p.HSAID, p.Title = "bvc", "SE2321000131-E_1", strings.Repeat("t", 201)
	assert.Equal(t, []string{"title max", "agency code", "hsaId hsaid"}, problems(t, p.Validate()))
}

func TestCustodyValidate(t *testing.T) {
	t.Parallel()
	c := testCustody()
	require.NoError(t, c.Validate())
	c.Period.End = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Validate())

	c.Period.End = c.Period.Start
	assert.Equal(t, []string{"period period"}, problems(t, c.Validate()), "an empty period")
	c.Period.End = c.Period.Start.Add(-time.Hour)
	assert.Equal(t, []string{"period period"}, problems(t, c.Validate()), "the end before the start")

	assert.Equal(t, []string{
		"id required", "childId required", "guardianId required", "recordedBy.kind required", "recordedBy.id required",
		"period period", "recordedAt required",
	}, problems(t, (&Custody{}).Validate()))

	c = testCustody()
	c.RecordedBy = Party{Kind: "robot", ID: uuid.UUID(profID)}
	assert.Equal(t, []string{"recordedBy.kind code"}, problems(t, c.Validate()))
}

func TestRelatedPersonValidate(t *testing.T) {
	t.Parallel()
	r := RelatedPerson{ID: relatedID, GivenName: "Ingrid", FamilyName: "Testsson", Relation: "mormor"}
	require.NoError(t, r.Validate())
	assert.Equal(t, []string{"id required", "givenName required", "familyName required"},
		problems(t, (&RelatedPerson{}).Validate()))
}

func TestGuardiansAt(t *testing.T) {
	t.Parallel()
	g2 := mustID[Guardian]("0193f1a0-0000-7000-8000-0000000000b2")
	other := mustID[Child]("0193f1a0-0000-7000-8000-0000000000b3")
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jul := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	cs := []Custody{
		{ChildID: childID, GuardianID: guardianID, Period: Period{Start: jan}},
		{ChildID: childID, GuardianID: g2, Period: Period{Start: jan, End: jul}},
		{ChildID: other, GuardianID: g2, Period: Period{Start: jan}},
	}
	assert.Equal(t, []ID[Guardian]{guardianID, g2}, GuardiansAt(cs, childID, jan), "joint custody")
	assert.Equal(t, []ID[Guardian]{guardianID}, GuardiansAt(cs, childID, jul), "the end is exclusive")
	assert.Empty(t, GuardiansAt(cs, childID, jan.Add(-time.Second)))
	assert.Empty(t, GuardiansAt(nil, childID, jan))
}

func TestPeriod(t *testing.T) {
	t.Parallel()
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	closed := Period{Start: h(0), End: h(10)}
	open := Period{Start: h(5)}
	assert.True(t, closed.Valid())
	assert.True(t, open.Valid())
	assert.True(t, open.Open())
	assert.False(t, closed.Open())
	assert.False(t, Period{}.Valid())
	assert.False(t, Period{Start: h(1), End: h(1)}.Valid())
	assert.False(t, Period{End: h(1)}.Valid())

	assert.True(t, closed.Contains(h(0)))
	assert.True(t, closed.Contains(h(9)))
	assert.False(t, closed.Contains(h(10)))
	assert.False(t, closed.Contains(h(-1)))
	assert.True(t, open.Contains(h(1000)))

	assert.True(t, closed.Overlaps(open))
	assert.True(t, open.Overlaps(closed))
	assert.False(t, closed.Overlaps(Period{Start: h(10), End: h(20)}), "a handover does not overlap")
	assert.False(t, Period{Start: h(10)}.Overlaps(closed))
	assert.True(t, Period{Start: h(0)}.Overlaps(Period{Start: h(100)}))
	assert.True(t, closed.Overlaps(Period{Start: h(2), End: h(3)}))
}

func TestParty(t *testing.T) {
	t.Parallel()
	p := ProfessionalParty(profID)
	assert.Equal(t, Party{Kind: PartyProfessional, ID: profID.UUID()}, p)
	assert.Equal(t, "professional:"+profID.String(), p.String())
	assert.Equal(t, PartyGuardian, GuardianParty(guardianID).Kind)
	assert.Equal(t, PartyChild, ChildParty(childID).Kind)
	assert.Equal(t, PartyRelated, RelatedParty(relatedID).Kind)
	assert.True(t, Party{}.IsZero())
	assert.False(t, p.IsZero())
}

func TestValidationError(t *testing.T) {
	t.Parallel()
	ve := &ValidationError{Subject: "plan"}
	assert.NoError(t, ve.Err())
	var nilVE *ValidationError
	assert.NoError(t, nilVE.Err())

	ve.Add("goals[0].areas", "required", "a value is required")
	inner := &ValidationError{Subject: "item"}
	inner.Add("due", "date", "")
	inner.Add("", "status", "no such transition")
	inner.Add("[1]", "x", "")
	ve.Merge("items[2]", inner)
	ve.Merge("", &ValidationError{Problems: []Problem{{Path: "owner", Rule: "required"}}})
	ve.Merge("other", errors.New("plain"))
	ve.Merge("nothing", nil)

	err := ve.Err()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{
		"goals[0].areas required", "items[2].due date", "items[2] status", "items[2][1] x", "owner required", "other invalid",
	}, problems(t, err))
	assert.True(t, ve.Has("items[2].due", "date"))
	assert.False(t, ve.Has("items[2].due", "required"))
	assert.Equal(t, "invalid plan: goals[0].areas: required (a value is required); items[2].due: date; "+
		"items[2]: status (no such transition); items[2][1]: x; owner: required; other: invalid (plain)", err.Error())
	assert.Equal(t, "invalid value: x: y", (&ValidationError{Problems: []Problem{{Path: "x", Rule: "y"}}}).Error())
}

func TestValidateStructNotAStruct(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{" invalid"}, problems(t, ValidateStruct("thing", 42)))
}

func TestValidateStructStringTags(t *testing.T) {
	t.Parallel()
	// The tags work on plain strings too, e.g. in a vendor's import record.
	type rec struct {
		Pnr    string `json:"pnr" validate:"personnummer"`
		Org    string `json:"org" validate:"orgnr"`
		HSA    string `json:"hsa" validate:"hsaid"`
		Kommun string `json:"kommun" validate:"kommunkod"`
		Born   Date   `json:"born" validate:"required,date"`
		Seen   Date   `json:"seen,omitzero" validate:"omitempty,date"`
		Hidden string `json:"-" validate:"required"`
	}
	good := rec{Pnr: "20170101-2393", Org: "232100-0131", HSA: "SE2321000131-E1", Kommun: "1492", Born: NewDate(2017, 1, 1), Hidden: "x"}
	require.NoError(t, ValidateStruct("rec", good))
	bad := rec{Pnr: "20170101-2394", Org: "2321000132", HSA: "SE", Kommun: "1400", Born: NewDate(2017, 2, 30), Seen: NewDate(2017, 13, 1)}
	err := ValidateStruct("rec", bad)
	assert.Equal(t, []string{"pnr personnummer", "org orgnr", "hsa hsaid", "kommun kommunkod", "born date", "seen date", "Hidden required"}, problems(t, err))
	assert.NotRegexp(t, digitRun, err.Error())
}
