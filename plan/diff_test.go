package plan_test

import (
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	f := activeFixture(t)
	a := f.p
	newGoal := testID[plan.Goal](0x20, 3)
	newItem := testID[plan.Item](0x21, 4)
	newFollowUp := testID[plan.FollowUp](0x25, 1)
	f.now = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	b := f.do("Uppföljning med ändringar", func(d *plan.Draft) error {
		// goals: one added, one changed
		if _, err := d.AddGoal(plan.Goal{ID: newGoal, Areas: []behovskompass.Area{behovskompass.Fritid}, Outcome: "Idrott", Indicator: "Tränar"}); err != nil {
			return err
		}
		g, _ := a.Goal(gHalsa)
		g.Indicator = "BVC följer upp"
		if err := d.UpdateGoal(g); err != nil {
			return err
		}
		// items: one started and given another due date, one moved to another agency, one added
		if err := d.SetItemStatus(iForskola, plan.Pagaende, ""); err != nil {
			return err
		}
		it, _ := d.Item(iForskola)
		it.Due = day(2026, time.April, 30)
		if err := d.UpdateItem(it); err != nil {
			return err
		}
		it, _ = a.Item(iSocial)
		it.Agency, it.PrincipalID = roles.ElevhalsaPsykosocial, roles.ID[roles.Organisation]{}
		if err := d.UpdateItem(it); err != nil {
			return err
		}
		if _, err := d.AddItem(plan.Item{ID: newItem, Description: "Fotboll", GoalID: newGoal, Area: behovskompass.Fritid,
			Agency: roles.Skola, Due: day(2026, time.June, 1)}); err != nil {
			return err
		}
		// follow-up, new review date, new Stödsamordnare
		if _, err := d.RecordFollowUp(plan.FollowUp{ID: newFollowUp, Date: day(2026, time.March, 2),
			Participants: []roles.Party{tSocsekP}, NextReview: day(2026, time.May, 4)}); err != nil {
			return err
		}
		return d.SetStodsamordnare(plan.Responsible{ProfessionalID: tTeacher, Agency: roles.Forskola})
	})

	d := a.Diff(b)
	assert.Equal(t, tPlanID, d.PlanID)
	assert.Equal(t, a.Revision, d.FromRevision)
	assert.Equal(t, b.Revision, d.ToRevision)
	assert.Equal(t, []string{"stodsamordnare", "goals", "items", "followUps", "nextReview"}, d.Fields)
	assert.Nil(t, d.Status)
	assert.Nil(t, d.Barnkontakt)
	assert.Equal(t, &plan.FromTo[roles.Date]{From: day(2026, time.March, 2), To: day(2026, time.May, 4)}, d.NextReview)
	assert.Equal(t, &plan.FromTo[plan.Responsible]{From: tStodsamord, To: plan.Responsible{ProfessionalID: tTeacher, Agency: roles.Forskola}}, d.Stodsamordnare)
	assert.Equal(t, []roles.ID[plan.Goal]{newGoal}, d.GoalsAdded)
	assert.Empty(t, d.GoalsRemoved)
	assert.Equal(t, []plan.GoalDiff{{ID: gHalsa, Fields: []string{"indicator"}}}, d.GoalsChanged)
	assert.Equal(t, []plan.ItemDiff{{ID: newItem, Agency: roles.Skola}}, d.ItemsAdded)
	assert.Empty(t, d.ItemsRemoved)
	assert.Equal(t, []plan.ItemDiff{
		{ID: iForskola, Agency: roles.Forskola, Fields: []string{"due"}, Status: &plan.FromTo[plan.ItemStatus]{From: plan.Planerad, To: plan.Pagaende}},
		{ID: iSocial, Agency: roles.ElevhalsaPsykosocial, PreviousAgency: roles.Socialtjanst, Fields: []string{"agency", "principalId"}},
	}, d.ItemsChanged)
	assert.Equal(t, []roles.ID[plan.FollowUp]{newFollowUp}, d.FollowUpsAdded)
	assert.Equal(t, []plan.ItemDiff{d.ItemsChanged[0]}, d.StatusChanges())
	assert.Equal(t, []roles.Agency{roles.Forskola, roles.Skola, roles.ElevhalsaPsykosocial, roles.Socialtjanst}, d.Agencies())
	assert.False(t, d.Empty())

	// The reverse diff swaps added and removed.
	r := b.Diff(a)
	assert.Equal(t, []roles.ID[plan.Goal]{newGoal}, r.GoalsRemoved)
	assert.Equal(t, []plan.ItemDiff{{ID: newItem, Agency: roles.Skola}}, r.ItemsRemoved)
	assert.Equal(t, &plan.FromTo[plan.ItemStatus]{From: plan.Pagaende, To: plan.Planerad}, r.ItemsChanged[0].Status)
	assert.Empty(t, r.FollowUpsAdded)
	assert.Contains(t, r.Fields, "followUps")
}

func TestDiffOfPlanStatusAndRemovals(t *testing.T) {
	t.Parallel()
	f := activeFixture(t)
	a := f.p
	b := f.do("Förskolans insats tas bort", func(d *plan.Draft) error {
		if err := d.RemoveItem(iForskola); err != nil {
			return err
		}
		return d.RemoveGoal(gHalsa)
	})
	d := a.Diff(b)
	assert.Equal(t, []plan.ItemDiff{{ID: iForskola, Agency: roles.Forskola}}, d.ItemsRemoved)
	assert.Equal(t, []roles.ID[plan.Goal]{gHalsa}, d.GoalsRemoved)
	assert.Equal(t, []roles.Agency{roles.Forskola}, d.Agencies())

	c := f.do("Avslutad", func(d *plan.Draft) error {
		endItems(t, d, b)
		return d.SetStatus(plan.Avslutad, "")
	})
	d = b.Diff(c)
	assert.Equal(t, &plan.FromTo[plan.Status]{From: plan.Aktiv, To: plan.Avslutad}, d.Status)
	assert.Equal(t, []string{"status", "items", "statusHistory"}, d.Fields)
	assert.Equal(t, []plan.ItemDiff{{ID: iSocial, Agency: roles.Socialtjanst,
		Status: &plan.FromTo[plan.ItemStatus]{From: plan.Planerad, To: plan.Avbruten}}}, d.ItemsChanged)

	// Across several revisions the diff is the net change.
	d = a.Diff(c)
	assert.Equal(t, &plan.FromTo[plan.Status]{From: plan.Aktiv, To: plan.Avslutad}, d.Status)
	assert.Len(t, d.ItemsRemoved, 1)
}

func TestDiffEdgeCases(t *testing.T) {
	t.Parallel()
	p := sipFixture(t).p

	// From nothing: everything is added.
	var none *plan.Plan
	d := none.Diff(p)
	assert.Equal(t, tPlanID, d.PlanID)
	assert.Equal(t, int64(0), d.FromRevision)
	assert.Len(t, d.GoalsAdded, 2)
	assert.Len(t, d.ItemsAdded, 3)
	assert.Equal(t, &plan.FromTo[plan.Status]{To: plan.Aktiv}, d.Status)
	assert.Contains(t, d.Fields, "sip")
	assert.Contains(t, d.Fields, "team")

	// To nothing: everything is removed.
	d = p.Diff(nil)
	assert.Equal(t, tPlanID, d.PlanID)
	assert.Len(t, d.ItemsRemoved, 3)

	// The same revision, and a copy read back in another time zone: no change.
	assert.True(t, p.Diff(p).Empty())
	c := p.Clone()
	loc := time.FixedZone("X", 7200)
	c.UpdatedAt = c.UpdatedAt.In(loc)
	c.Team[0].Period.Start = c.Team[0].Period.Start.In(loc)
	c.Items[0].Outcomes = nil
	assert.True(t, p.Diff(c).Empty())

	// Items in another order, otherwise unchanged: no change.
	c.Items[0], c.Items[2] = c.Items[2], c.Items[0]
	assert.True(t, p.Diff(c).Empty())
	c.Items[1].Description = "Ändrad"
	d = p.Diff(c)
	require.Len(t, d.ItemsChanged, 1)
	assert.Equal(t, iSocial, d.ItemsChanged[0].ID)

	// Repeated IDs (an invalid plan) do not break the diff.
	c.Items = append(c.Items, c.Items[0])
	d = p.Diff(c)
	assert.Len(t, d.ItemsAdded, 1)
	assert.Equal(t, plan.Diff{}.Empty(), true)
}
