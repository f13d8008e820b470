package plan_test

import (
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
)

func TestSIPRules(t *testing.T) {
	t.Parallel()
	bup := plan.Item{ID: iBUP, Description: "Utredning", GoalID: gHalsa, Area: behovskompass.Halsa,
		Agency: roles.HalsoSjukvard, Due: day(2026, time.June, 30)}

	t.Run("health care joining social services makes a SIP", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		assert.False(t, f.p.IsSIP())
		err := f.try("BUP", func(d *plan.Draft) error { _, err := d.AddItem(bup); return err })
		assert.ElementsMatch(t, []string{"sip sip_required", "items[2].principalId sip_principal"}, problems(t, err))

		err = f.try("BUP", func(d *plan.Draft) error {
			it := bup
			it.PrincipalID = tRegion
			if _, err := d.AddItem(it); err != nil {
				return err
			}
			return d.SetSIP(&plan.SIP{})
		})
		assert.Equal(t, []string{"sip.leadPrincipalId required"}, problems(t, err))

		f.do("BUP", func(d *plan.Draft) error {
			it := bup
			it.PrincipalID = tRegion
			if _, err := d.AddItem(it); err != nil {
				return err
			}
			return d.SetSIP(&plan.SIP{LeadPrincipalID: tRegion})
		})
		assert.True(t, f.p.IsSIP())
	})

	t.Run("medical elevhälsa is not health care for the SIP", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		f.do("skolsköterska", func(d *plan.Draft) error {
			it := bup
			it.Agency = roles.ElevhalsaMedicinsk
			_, err := d.AddItem(it)
			return err
		})
		assert.False(t, f.p.IsSIP())
		assert.Nil(t, f.p.SIP)
		assert.False(t, plan.IsSIPAgency(roles.ElevhalsaMedicinsk))
		assert.True(t, plan.IsSIPAgency(roles.HalsoSjukvard))
		assert.True(t, plan.IsSIPAgency(roles.Socialtjanst))
	})

	t.Run("a draft is not held to the SIP rules until activated", func(t *testing.T) {
		t.Parallel()
		f := draftFixture(t)
		f.do("BUP", func(d *plan.Draft) error { _, err := d.AddItem(bup); return err })
		assert.True(t, f.p.IsSIP())
		err := f.try("aktivera", func(d *plan.Draft) error { return d.SetStatus(plan.Aktiv, "") })
		assert.ElementsMatch(t, []string{"sip sip_required", "items[2].principalId sip_principal"}, problems(t, err))
	})

	t.Run("the lead principal is responsible for an intervention", func(t *testing.T) {
		t.Parallel()
		f := sipFixture(t)
		err := f.try("huvudman", func(d *plan.Draft) error {
			return d.SetSIP(&plan.SIP{LeadPrincipalID: testID[roles.Organisation](0x14, 7)})
		})
		assert.Equal(t, []string{"sip.leadPrincipalId sip_lead_principal"}, problems(t, err))
		f.do("huvudman", func(d *plan.Draft) error { return d.SetSIP(&plan.SIP{LeadPrincipalID: tRegion}) })
	})

	t.Run("the SIP section stays when the plan stops being a SIP", func(t *testing.T) {
		t.Parallel()
		f := sipFixture(t)
		f.do("BUP klar", func(d *plan.Draft) error { return d.RemoveItem(iBUP) })
		assert.False(t, f.p.IsSIP())
		assert.NotNil(t, f.p.SIP)
		f.do("SIP tas bort", func(d *plan.Draft) error { return d.SetSIP(nil) })
		assert.Nil(t, f.p.SIP)
	})
}

func TestMeetingDeadline(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 21, plan.DefaultSIPMeetingDays)
	assert.Equal(t, day(2026, time.February, 3), plan.MeetingDeadline(day(2026, time.January, 13), 0))
	assert.Equal(t, day(2026, time.January, 10), plan.MeetingDeadline(day(2025, time.December, 20), -1), "across the year")
	assert.Equal(t, day(2028, time.March, 14), plan.MeetingDeadline(day(2028, time.February, 22), 21), "over a leap day")
	assert.Equal(t, day(2026, time.March, 7), plan.MeetingDeadline(day(2026, time.February, 21), 14), "a municipality's own number")
	assert.Equal(t, day(2026, time.April, 10), plan.MeetingDeadline(day(2026, time.March, 20), 21), "across the change to summer time")
}

func TestWarnings(t *testing.T) {
	t.Parallel()
	p := sipFixture(t).p // review 2 March; items due 31 March, 29 May, 30 June; förskola starts 19 January
	warn := func(p *plan.Plan, d roles.Date) []string {
		var out []string
		for _, w := range p.Warnings(d) {
			out = append(out, w.Path+" "+w.Rule)
			assert.NotEmpty(t, w.Detail)
		}
		return out
	}
	assert.Empty(t, warn(p, day(2026, time.January, 19)), "on the start day nothing is late")
	assert.Equal(t, []string{"items[0].start item_not_started"}, warn(p, day(2026, time.January, 20)))
	assert.Equal(t, []string{"items[0].start item_not_started"}, warn(p, day(2026, time.March, 2)))
	assert.Equal(t, []string{"nextReview review_overdue", "items[0].start item_not_started"}, warn(p, day(2026, time.March, 3)))
	assert.Equal(t, []string{"nextReview review_overdue", "items[0].start item_not_started", "items[0].due item_overdue",
		"items[1].due item_overdue", "items[2].due item_overdue"}, warn(p, day(2026, time.July, 1)))

	// A warning never makes the plan invalid.
	assert.NoError(t, p.Validate())

	// SIP meeting warnings.
	q := p.Clone()
	q.SIP.HeldOn = roles.Date{}
	assert.Empty(t, warn(q, day(2026, time.January, 19)))
	assert.Equal(t, []string{"items[0].start item_not_started"}, warn(q, day(2026, time.February, 3)), "the deadline day itself")
	assert.Equal(t, []string{"items[0].start item_not_started", "sip.meetingBy sip_meeting_overdue"}, warn(q, day(2026, time.February, 4)))
	q.SIP.HeldOn = day(2026, time.February, 4)
	assert.Contains(t, warn(q, day(2026, time.February, 5)), "sip.heldOn sip_meeting_late")
	q.SIP.CalledOn, q.SIP.MeetingBy, q.SIP.HeldOn = roles.Date{}, roles.Date{}, roles.Date{}
	assert.Equal(t, []string{"sip sip_meeting_not_called"}, warn(q, day(2026, time.January, 1)))

	// Ended items are not overdue; plans that are not active have no warnings.
	r := closedFixture(t).p
	assert.Empty(t, r.Warnings(day(2030, time.January, 1)))
	assert.Empty(t, draftFixture(t).p.Warnings(day(2030, time.January, 1)))

	w := plan.Warning{Path: "nextReview", Rule: "review_overdue", Detail: "passed"}
	assert.Equal(t, "nextReview: review_overdue (passed)", w.String())
	assert.Equal(t, "x: y", plan.Warning{Path: "x", Rule: "y"}.String())
}
