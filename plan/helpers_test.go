package plan_test

import (
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/require"
)

// testID returns a deterministic ID shaped like a UUIDv7: IDs of one kind
// sort by n, as IDs made one after the other do.
func testID[T any](kind byte, n int) roles.ID[T] {
	var u [16]byte
	u[0], u[1], u[2] = 0x01, 0x93, kind
	u[3], u[4], u[5] = byte(n>>16), byte(n>>8), byte(n)
	u[6], u[8] = 0x70, 0x80
	return roles.ID[T](u)
}

// Invented people and organisations of the tests.
var (
	tPlanID     = testID[plan.Plan](0x10, 1)
	tChild      = testID[roles.Child](0x11, 1)
	tGuardian   = testID[roles.Guardian](0x12, 1)
	tNurse      = testID[roles.Professional](0x13, 1) // BVC nurse (hälso- och sjukvård), Barnkontakt
	tSocsek     = testID[roles.Professional](0x13, 2) // socialsekreterare, Stödsamordnare
	tTeacher    = testID[roles.Professional](0x13, 3) // förskollärare
	tPsych      = testID[roles.Professional](0x13, 4) // BUP psychologist
	tKommun     = testID[roles.Organisation](0x14, 1) // Åmåls kommun
	tRegion     = testID[roles.Organisation](0x14, 2) // Västra Götalandsregionen
	tSocsekP    = roles.ProfessionalParty(tSocsek)
	tNurseP     = roles.ProfessionalParty(tNurse)
	tChildP     = roles.ChildParty(tChild)
	tGuardianP  = roles.GuardianParty(tGuardian)
	tStart      = time.Date(2026, 1, 12, 8, 0, 0, 0, time.UTC)
	tBarnkontak = plan.Responsible{ProfessionalID: tNurse, Agency: roles.HalsoSjukvard}
	tStodsamord = plan.Responsible{ProfessionalID: tSocsek, Agency: roles.Socialtjanst}
)

func day(y int, m time.Month, d int) roles.Date { return roles.NewDate(y, m, d) }

// fx is a plan under test with a clock that moves one hour per change.
type fx struct {
	t   testing.TB
	p   *plan.Plan
	now time.Time
}

func newFx(t testing.TB) *fx {
	return &fx{t: t, p: plan.New(tPlanID, tChild), now: tStart}
}

// try makes a change an hour after the last and keeps the new revision on success.
func (f *fx) try(summary string, edit func(d *plan.Draft) error) error {
	f.t.Helper()
	f.now = f.now.Add(time.Hour)
	n, err := f.p.Change(tSocsekP, f.now, summary, edit)
	if err == nil {
		f.p = n
	}
	return err
}

// do is try that fails the test on error.
func (f *fx) do(summary string, edit func(d *plan.Draft) error) *plan.Plan {
	f.t.Helper()
	require.NoError(f.t, f.try(summary, edit))
	return f.p
}

// ids of the standard fixture's entries.
var (
	gTrygghet = testID[plan.Goal](0x20, 1)
	gHalsa    = testID[plan.Goal](0x20, 2)
	iForskola = testID[plan.Item](0x21, 1)
	iSocial   = testID[plan.Item](0x21, 2)
	iBUP      = testID[plan.Item](0x21, 3)
	mTeacher  = testID[plan.Member](0x22, 1)
	mChild    = testID[plan.Member](0x22, 2)
	mGuardian = testID[plan.Member](0x22, 3)
	vChild    = testID[plan.View](0x23, 1)
	vGuardian = testID[plan.View](0x23, 2)
	dDisagree = testID[plan.Disagreement](0x24, 1)
	fFirst    = testID[plan.FollowUp](0x25, 1)
)

// draftFixture returns a complete draft: goals, two items (förskola and
// socialtjänst), team, views, a disagreement, Barnkontakt, Stödsamordnare and
// a review date.
func draftFixture(t testing.TB) *fx {
	f := newFx(t)
	f.do("Plan upprättad", func(d *plan.Draft) error {
		require.NoError(t, d.SetReason("Oro för trygghet i förskolan"))
		require.NoError(t, d.SetBarnkontakt(tBarnkontak))
		require.NoError(t, d.SetStodsamordnare(tStodsamord))
		require.NoError(t, d.SetNextReview(day(2026, time.March, 2)))
		_, err := d.AddGoal(plan.Goal{ID: gTrygghet, Areas: []behovskompass.Area{behovskompass.Trygghet, behovskompass.Omsorg},
			Outcome: "Känner sig trygg", Indicator: "Säger själv att det är tryggt"})
		require.NoError(t, err)
		_, err = d.AddGoal(plan.Goal{ID: gHalsa, Areas: []behovskompass.Area{behovskompass.Halsa},
			Outcome: "Sover hela nätter", Indicator: "Vårdnadshavarna berättar"})
		require.NoError(t, err)
		_, err = d.AddItem(plan.Item{ID: iForskola, Description: "Extra stöd vid lämning", GoalID: gTrygghet,
			Area: behovskompass.Trygghet, Agency: roles.Forskola, ProfessionalID: tTeacher,
			Start: day(2026, time.January, 19), Due: day(2026, time.March, 31)})
		require.NoError(t, err)
		_, err = d.AddItem(plan.Item{ID: iSocial, Description: "Föräldrastöd", GoalID: gTrygghet,
			Area: behovskompass.Omsorg, Agency: roles.Socialtjanst, ProfessionalRole: "familjebehandlare",
			PrincipalID: tKommun, Due: day(2026, time.May, 29)})
		require.NoError(t, err)
		_, err = d.AddMember(plan.Member{ID: mTeacher, Party: roles.ProfessionalParty(tTeacher), Role: roles.BarnetsTeam,
			Agency: roles.Forskola, Period: roles.Period{Start: tStart}})
		require.NoError(t, err)
		_, err = d.AddMember(plan.Member{ID: mChild, Party: tChildP, Role: roles.Barn, Period: roles.Period{Start: tStart}})
		require.NoError(t, err)
		_, err = d.AddMember(plan.Member{ID: mGuardian, Party: tGuardianP, Role: roles.Vardnadshavare, Period: roles.Period{Start: tStart}})
		require.NoError(t, err)
		_, err = d.AddView(plan.View{ID: vChild, Holder: tChildP, Text: "Jag vill ha min fröken med mig"})
		require.NoError(t, err)
		_, err = d.AddView(plan.View{ID: vGuardian, Holder: tGuardianP, Text: "Vi vill ha hjälp på morgnarna", GoalID: gTrygghet})
		require.NoError(t, err)
		_, err = d.AddDisagreement(plan.Disagreement{ID: dDisagree, Parties: []roles.Party{tGuardianP, tSocsekP},
			Text: "Om föräldrastöd behövs"})
		return err
	})
	return f
}

// activeFixture is draftFixture activated.
func activeFixture(t testing.TB) *fx {
	f := draftFixture(t)
	f.do("Planen fastställd", func(d *plan.Draft) error { return d.SetStatus(plan.Aktiv, "") })
	return f
}

// sipFixture is activeFixture with a BUP item (hälso- och sjukvård) added,
// which makes the plan a SIP, and its SIP section.
func sipFixture(t testing.TB) *fx {
	f := activeFixture(t)
	f.do("BUP kommer in", func(d *plan.Draft) error {
		_, err := d.AddItem(plan.Item{ID: iBUP, Description: "Utredning", GoalID: gHalsa, Area: behovskompass.Halsa,
			Agency: roles.HalsoSjukvard, PrincipalID: tRegion, ProfessionalID: tPsych, Due: day(2026, time.June, 30)})
		if err != nil {
			return err
		}
		return d.SetSIP(&plan.SIP{
			LeadPrincipalID: tKommun,
			Others:          []plan.Contribution{{Agency: roles.Forskola, Text: "Stöd vid lämning"}, {Party: tGuardianP, Text: "Följer med på besöken"}},
			CalledOn:        day(2026, time.January, 13),
			MeetingBy:       plan.MeetingDeadline(day(2026, time.January, 13), 0),
			HeldOn:          day(2026, time.January, 27),
		})
	})
	return f
}

// problems returns the "path rule" pairs of a validation error.
func problems(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *roles.ValidationError
	require.ErrorAs(t, err, &ve)
	out := make([]string, 0, len(ve.Problems))
	for _, p := range ve.Problems {
		out = append(out, p.Path+" "+p.Rule)
	}
	return out
}
