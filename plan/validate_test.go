package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFixturesAreValid(t *testing.T) {
	t.Parallel()
	for name, mk := range map[string]func(testing.TB) *fx{"draft": draftFixture, "active": activeFixture, "sip": sipFixture, "closed": closedFixture} {
		p := mk(t).p
		assert.NoError(t, p.Validate(), name)
		assert.Empty(t, invariants(p), name)
	}
}

// closedFixture is activeFixture with its items ended and the plan closed.
func closedFixture(t testing.TB) *fx {
	f := activeFixture(t)
	f.do("Planen avslutad", func(d *plan.Draft) error {
		require.NoError(t, d.SetItemStatus(iForskola, plan.Pagaende, ""))
		require.NoError(t, d.SetItemStatus(iForskola, plan.Genomford, "Målet nått"))
		require.NoError(t, d.SetItemStatus(iSocial, plan.Avbruten, "Behövs inte"))
		return d.SetStatus(plan.Avslutad, "Stödet behövs inte längre")
	})
	return f
}

// TestValidate breaks one rule at a time on a valid plan and expects
// Validate to report it with its path and rule.
func TestValidate(t *testing.T) {
	t.Parallel()
	type fixture func(testing.TB) *fx
	var (
		draft  fixture = draftFixture
		active fixture = activeFixture
		sip    fixture = sipFixture
		closed fixture = closedFixture
	)
	other := roles.ChildParty(testID[roles.Child](0x11, 99))
	started := func(p *plan.Plan) *plan.Item {
		it := &p.Items[0]
		it.History = []plan.ItemStatusChange{{At: p.UpdatedAt, By: tSocsekP, From: plan.Planerad, To: plan.Pagaende}}
		it.Status = plan.Pagaende
		return it
	}
	followUp := func(p *plan.Plan) *plan.FollowUp {
		p.FollowUps = append(p.FollowUps, plan.FollowUp{ID: fFirst, Date: day(2026, time.January, 12),
			Participants: []roles.Party{tSocsekP}, NextReview: day(2026, time.March, 1), RecordedAt: p.UpdatedAt, RecordedBy: tSocsekP})
		return &p.FollowUps[len(p.FollowUps)-1]
	}
	tests := []struct {
		name   string
		base   fixture
		mutate func(p *plan.Plan)
		want   string // "path rule"
	}{
		// the plan itself
		{"no id", draft, func(p *plan.Plan) { p.ID = roles.ID[plan.Plan]{} }, "id required"},
		{"no child", draft, func(p *plan.Plan) { p.ChildID = roles.ID[roles.Child]{} }, "childId required"},
		{"no status", draft, func(p *plan.Plan) { p.Status = "" }, "status required"},
		{"unknown status", draft, func(p *plan.Plan) { p.Status = "klar" }, "status code"},
		{"revision 0", draft, func(p *plan.Plan) { p.Revision = 0 }, "revision gte"},
		{"no updatedAt", draft, func(p *plan.Plan) { p.UpdatedAt = time.Time{} }, "updatedAt required"},
		{"no author", draft, func(p *plan.Plan) { p.UpdatedBy = roles.Party{} }, "updatedBy required"},
		{"author of unknown kind", draft, func(p *plan.Plan) { p.UpdatedBy.Kind = "robot" }, "updatedBy party"},
		{"no summary", draft, func(p *plan.Plan) { p.Summary = "" }, "summary required"},
		{"long summary", draft, func(p *plan.Plan) { p.Summary = strings.Repeat("x", plan.MaxSummaryLen+1) }, "summary max"},
		{"summary not UTF-8", draft, func(p *plan.Plan) { p.Summary = "\xff" }, "summary utf8"},
		{"long reason", draft, func(p *plan.Plan) { p.Reason = strings.Repeat("å", plan.MaxTextLen) }, "reason max"},
		{"active without reason", active, func(p *plan.Plan) { p.Reason = "" }, "reason required"},
		{"active without Barnkontakt", active, func(p *plan.Plan) { p.Barnkontakt = plan.Responsible{} }, "barnkontakt required"},
		{"Barnkontakt without person", draft, func(p *plan.Plan) { p.Barnkontakt.ProfessionalID = roles.ID[roles.Professional]{} }, "barnkontakt.professionalId required"},
		{"Stödsamordnare of unknown agency", draft, func(p *plan.Plan) { p.Stodsamordnare.Agency = "fritids" }, "stodsamordnare.agency code"},
		{"active without review date", active, func(p *plan.Plan) { p.NextReview = roles.Date{} }, "nextReview required"},
		{"review date not in calendar", draft, func(p *plan.Plan) { p.NextReview = day(2026, time.February, 29) }, "nextReview date"},

		// status history
		{"status without history", active, func(p *plan.Plan) { p.StatusHistory = nil }, "status status_history"},
		{"history skips a step", closed, func(p *plan.Plan) { p.StatusHistory = p.StatusHistory[1:] }, "statusHistory[0].from status_history"},
		{"history breaks lifecycle", active, func(p *plan.Plan) { p.StatusHistory[0].To = plan.Avslutad; p.Status = plan.Avslutad }, "statusHistory[0].to transition"},
		{"status change after revision", active, func(p *plan.Plan) { p.StatusHistory[0].At = p.UpdatedAt.Add(time.Second) }, "statusHistory[0].at time_order"},

		// Stödsamordnare
		{"two agencies, no Stödsamordnare", active, func(p *plan.Plan) { p.Stodsamordnare = plan.Responsible{} }, "stodsamordnare stodsamordnare_required"},

		// team
		{"member without id", draft, func(p *plan.Plan) { p.Team[0].ID = roles.ID[plan.Member]{} }, "team[0].id required"},
		{"member id repeated", draft, func(p *plan.Plan) { p.Team[2].ID = p.Team[0].ID }, "team[2].id unique"},
		{"member without role", draft, func(p *plan.Plan) { p.Team[0].Role = "" }, "team[0].role required"},
		{"member of unknown role", draft, func(p *plan.Plan) { p.Team[0].Role = "larare" }, "team[0].role code"},
		{"professional member without agency", draft, func(p *plan.Plan) { p.Team[0].Agency = "" }, "team[0].agency required"},
		{"another child in the team", draft, func(p *plan.Plan) { p.Team[1].Party = other }, "team[1].party child"},
		{"guardian role held by a professional", draft, func(p *plan.Plan) { p.Team[2].Party = tNurseP }, "team[2].party.kind party_kind"},
		{"member without period", draft, func(p *plan.Plan) { p.Team[0].Period = roles.Period{} }, "team[0].period period"},
		{"member period backwards", draft, func(p *plan.Plan) { p.Team[0].Period.End = tStart.Add(-time.Hour) }, "team[0].period period"},

		// views and disagreements
		{"child view of another child", draft, func(p *plan.Plan) { p.ChildViews[0].Holder = other }, "childViews[0].holder child"},
		{"child view held by guardian", draft, func(p *plan.Plan) { p.ChildViews[0].Holder = tGuardianP }, "childViews[0].holder.kind party_kind"},
		{"guardian view held by child", draft, func(p *plan.Plan) { p.GuardianViews[0].Holder = tChildP }, "guardianViews[0].holder.kind party_kind"},
		{"empty view", draft, func(p *plan.Plan) { p.ChildViews[0].Text = "" }, "childViews[0].text required"},
		{"view about unknown goal", draft, func(p *plan.Plan) { p.GuardianViews[0].GoalID = testID[plan.Goal](0x20, 99) }, "guardianViews[0].goalId goal_ref"},
		{"view recorded after the revision", draft, func(p *plan.Plan) { p.ChildViews[0].RecordedAt = p.UpdatedAt.Add(time.Minute) }, "childViews[0].recordedAt time_order"},
		{"view without recorder", draft, func(p *plan.Plan) { p.ChildViews[0].RecordedBy = roles.Party{} }, "childViews[0].recordedBy required"},
		{"empty disagreement", draft, func(p *plan.Plan) { p.Disagreements[0].Text = "" }, "disagreements[0].text required"},
		{"disagreement of unset party", draft, func(p *plan.Plan) { p.Disagreements[0].Parties[1] = roles.Party{} }, "disagreements[0].parties[1] required"},

		// goals
		{"goal without id", draft, func(p *plan.Plan) { p.Goals[1].ID = roles.ID[plan.Goal]{} }, "goals[1].id required"},
		{"goal id repeated", draft, func(p *plan.Plan) { p.Goals[1].ID = p.Goals[0].ID }, "goals[1].id unique"},
		{"goal without areas", draft, func(p *plan.Plan) { p.Goals[1].Areas = nil }, "goals[1].areas min"},
		{"goal area repeated", draft, func(p *plan.Plan) { p.Goals[0].Areas[1] = p.Goals[0].Areas[0] }, "goals[0].areas[1] unique"},
		{"goal area unknown", draft, func(p *plan.Plan) { p.Goals[1].Areas[0] = "lycka" }, "goals[1].areas[0] code"},
		{"active goal without outcome", active, func(p *plan.Plan) { p.Goals[0].Outcome = "" }, "goals[0].outcome required"},
		{"active goal without indicator", active, func(p *plan.Plan) { p.Goals[1].Indicator = "" }, "goals[1].indicator required"},

		// items
		{"item id repeated", draft, func(p *plan.Plan) { p.Items[1].ID = p.Items[0].ID }, "items[1].id unique"},
		{"item without description", draft, func(p *plan.Plan) { p.Items[0].Description = "" }, "items[0].description required"},
		{"item without goal", draft, func(p *plan.Plan) { p.Items[0].GoalID = roles.ID[plan.Goal]{} }, "items[0].goalId required"},
		{"item for unknown goal", draft, func(p *plan.Plan) { p.Items[0].GoalID = testID[plan.Goal](0x20, 99) }, "items[0].goalId goal_ref"},
		{"item for a removed goal", draft, func(p *plan.Plan) { p.Goals = p.Goals[1:] }, "items[0].goalId goal_ref"},
		{"item area outside its goal", draft, func(p *plan.Plan) { p.Items[0].Area = behovskompass.Fritid }, "items[0].area goal_area"},
		{"item without area", draft, func(p *plan.Plan) { p.Items[0].Area = "" }, "items[0].area required"},
		{"item of unknown agency", draft, func(p *plan.Plan) { p.Items[0].Agency = "fritids" }, "items[0].agency code"},
		{"active item without agency", active, func(p *plan.Plan) { p.Items[1].Agency = "" }, "items[1].agency required"},
		{"active item without due date", active, func(p *plan.Plan) { p.Items[0].Due = roles.Date{} }, "items[0].due required"},
		{"item due before start", draft, func(p *plan.Plan) { p.Items[0].Due = day(2026, time.January, 18) }, "items[0].due date_order"},
		{"item start not in calendar", draft, func(p *plan.Plan) { p.Items[0].Start = day(2026, time.April, 31) }, "items[0].start date"},
		{"item without status", active, func(p *plan.Plan) { p.Items[0].Status = "" }, "items[0].status required"},
		{"item of unknown status", active, func(p *plan.Plan) { p.Items[0].Status = "klar" }, "items[0].status code"},
		{"item status without history", active, func(p *plan.Plan) { p.Items[0].Status = plan.Genomford }, "items[0].status status_history"},
		{"item history breaks lifecycle", active, func(p *plan.Plan) {
			it := started(p)
			it.History[0].To, it.Status = plan.Genomford, plan.Genomford
		}, "items[0].history[0].to transition"},
		{"item history skips a step", active, func(p *plan.Plan) {
			it := started(p)
			it.History = append(it.History, plan.ItemStatusChange{At: p.UpdatedAt, By: tSocsekP, From: plan.Pausad, To: plan.Pagaende})
		}, "items[0].history[1].from status_history"},
		{"item history out of time order", active, func(p *plan.Plan) {
			it := started(p)
			it.History = append(it.History, plan.ItemStatusChange{At: p.UpdatedAt.Add(-time.Hour), By: tSocsekP, From: plan.Pagaende, To: plan.Pausad})
			it.Status = plan.Pausad
		}, "items[0].history[1].at time_order"},
		{"item history without author", active, func(p *plan.Plan) { started(p).History[0].By = roles.Party{} }, "items[0].history[0].by required"},
		{"empty outcome note", active, func(p *plan.Plan) {
			p.Items[0].Outcomes = []plan.Note{{At: p.UpdatedAt, By: tSocsekP}}
		}, "items[0].outcomes[0].text required"},

		// draft and closed plans
		{"started item in a draft", draft, func(p *plan.Plan) { started(p) }, "items[0].status draft_item"},
		{"follow-up in a draft", draft, func(p *plan.Plan) { followUp(p) }, "followUps[0] draft_followup"},
		{"open item in a closed plan", closed, func(p *plan.Plan) {
			it := &p.Items[0]
			it.History, it.Status = it.History[:1], plan.Pagaende
		}, "items[0].status item_open"},

		// follow-ups
		{"follow-up without date", active, func(p *plan.Plan) { followUp(p).Date = roles.Date{} }, "followUps[0].date required"},
		{"follow-up without next review", active, func(p *plan.Plan) { followUp(p).NextReview = roles.Date{} }, "followUps[0].nextReview required"},
		{"next review on the meeting day", active, func(p *plan.Plan) { f := followUp(p); f.NextReview = f.Date }, "followUps[0].nextReview date_order"},
		{"follow-up without participants", active, func(p *plan.Plan) { followUp(p).Participants = nil }, "followUps[0].participants min"},
		{"follow-up recorded before the meeting", active, func(p *plan.Plan) { followUp(p).Date = day(2026, time.January, 30) }, "followUps[0].date in_future"},
		{"follow-ups out of order", active, func(p *plan.Plan) {
			followUp(p)
			f := followUp(p)
			f.ID, f.Date = testID[plan.FollowUp](0x25, 2), day(2026, time.January, 5)
		}, "followUps[1].date followup_order"},
		{"follow-up id repeated", active, func(p *plan.Plan) { followUp(p); followUp(p) }, "followUps[1].id unique"},

		// SIP
		{"SIP without SIP section", sip, func(p *plan.Plan) { p.SIP = nil }, "sip sip_required"},
		{"SIP intervention without principal", sip, func(p *plan.Plan) { p.Items[2].PrincipalID = roles.ID[roles.Organisation]{} }, "items[2].principalId sip_principal"},
		{"SIP without lead principal", sip, func(p *plan.Plan) { p.SIP.LeadPrincipalID = roles.ID[roles.Organisation]{} }, "sip.leadPrincipalId required"},
		{"SIP lead principal without intervention", sip, func(p *plan.Plan) { p.SIP.LeadPrincipalID = testID[roles.Organisation](0x14, 9) }, "sip.leadPrincipalId sip_lead_principal"},
		{"contribution without text", sip, func(p *plan.Plan) { p.SIP.Others[0].Text = "" }, "sip.others[0].text required"},
		{"contribution by nobody", sip, func(p *plan.Plan) { p.SIP.Others[1].Party = roles.Party{} }, "sip.others[1].agency required"},
		{"contribution of unknown agency", sip, func(p *plan.Plan) { p.SIP.Others[0].Agency = "kyrkan" }, "sip.others[0].agency code"},
		{"meeting called without deadline", sip, func(p *plan.Plan) { p.SIP.MeetingBy = roles.Date{} }, "sip.meetingBy required"},
		{"meeting held but not called", sip, func(p *plan.Plan) { p.SIP.CalledOn, p.SIP.MeetingBy = roles.Date{}, roles.Date{} }, "sip.calledOn required"},
		{"deadline before the call", sip, func(p *plan.Plan) { p.SIP.MeetingBy = day(2026, time.January, 1) }, "sip.meetingBy date_order"},
		{"meeting held before the call", sip, func(p *plan.Plan) { p.SIP.HeldOn = day(2026, time.January, 1) }, "sip.heldOn date_order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := tt.base(t).p.Clone()
			tt.mutate(p)
			err := p.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, roles.ErrInvalid)
			assert.Contains(t, problems(t, err), tt.want)
		})
	}
}

// TestValidateReportsEveryProblem breaks several rules at once.
func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	p := activeFixture(t).p.Clone()
	p.NextReview = roles.Date{}
	p.Items[0].Due = roles.Date{}
	p.Items[1].Agency = ""
	p.Goals[1].Areas = nil
	p.Summary = ""
	got := problems(t, p.Validate())
	assert.ElementsMatch(t, []string{"summary required", "nextReview required", "items[0].due required",
		"items[1].agency required", "goals[1].areas min"}, got)
}

// TestValidateKeepsValuesOut checks that an error names paths and rules but
// never the values, which may be personal data.
func TestValidateKeepsValuesOut(t *testing.T) {
	t.Parallel()
	p := activeFixture(t).p.Clone()
	secret := "Barnet 201701012393 bor på Storgatan 1"
	p.Items[0].Description = secret + strings.Repeat(".", plan.MaxTextLen)
	p.ChildViews[0].Text = secret + "\xff"
	p.Goals[0].Outcome = ""
	err := p.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "201701012393")
	assert.NotContains(t, err.Error(), "Storgatan")
	assert.Contains(t, problems(t, err), "items[0].description max")
	assert.Contains(t, problems(t, err), "childViews[0].text utf8")
}

// TestStodsamordnareRule: one agency needs no Stödsamordnare, two do; a draft
// is not held to it.
func TestStodsamordnareRule(t *testing.T) {
	t.Parallel()
	f := activeFixture(t)
	err := f.try("Stödsamordnaren slutar", func(d *plan.Draft) error { return d.SetStodsamordnare(plan.Responsible{}) })
	assert.Contains(t, problems(t, err), "stodsamordnare stodsamordnare_required")

	f.do("Socialtjänstens insats tas bort", func(d *plan.Draft) error {
		if err := d.RemoveItem(iSocial); err != nil {
			return err
		}
		return d.SetStodsamordnare(plan.Responsible{})
	})
	assert.Equal(t, []roles.Agency{roles.Forskola}, f.p.ItemAgencies())

	// A second agency's item needs the Stödsamordnare in the same change.
	newItem := plan.Item{Description: "Samtal", GoalID: gTrygghet, Area: behovskompass.Trygghet,
		Agency: roles.ElevhalsaPsykosocial, Due: day(2026, time.April, 1)}
	err = f.try("Elevhälsan kommer in", func(d *plan.Draft) error { _, err := d.AddItem(newItem); return err })
	assert.Equal(t, []string{"stodsamordnare stodsamordnare_required"}, problems(t, err))
	f.do("Elevhälsan kommer in", func(d *plan.Draft) error {
		if _, err := d.AddItem(newItem); err != nil {
			return err
		}
		return d.SetStodsamordnare(tStodsamord)
	})

	// A draft with two agencies and no Stödsamordnare is allowed until activated.
	g := draftFixture(t)
	g.do("utan samordnare", func(d *plan.Draft) error { return d.SetStodsamordnare(plan.Responsible{}) })
	err = g.try("aktivera", func(d *plan.Draft) error { return d.SetStatus(plan.Aktiv, "") })
	assert.Equal(t, []string{"stodsamordnare stodsamordnare_required"}, problems(t, err))
}
