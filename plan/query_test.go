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

func itemIDs(items []plan.Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Description)
	}
	return out
}

// queryPlan is an active plan whose items are due on the given dates, each
// item described by its due date (or "utan" when it has none).
func queryPlan(t *testing.T, dues ...roles.Date) *plan.Plan {
	t.Helper()
	p := activeFixture(t).p.Clone()
	p.Items = nil
	for i, due := range dues {
		desc := due.String()
		if due.IsZero() {
			desc = "utan"
		}
		p.Items = append(p.Items, plan.Item{ID: testID[plan.Item](0x30, i+1), Description: desc, GoalID: gTrygghet,
			Area: behovskompass.Trygghet, Agency: roles.Forskola, Due: due, Status: plan.Planerad})
	}
	return p
}

func TestItemsOf(t *testing.T) {
	t.Parallel()
	p := sipFixture(t).p
	assert.Equal(t, []string{"Föräldrastöd"}, itemIDs(plan.ItemsOf(p, roles.Socialtjanst)))
	assert.Equal(t, []string{"Utredning"}, itemIDs(plan.ItemsOf(p, roles.HalsoSjukvard)))
	assert.Empty(t, plan.ItemsOf(p, roles.Polis))
}

func TestNilPlan(t *testing.T) {
	t.Parallel()
	var p *plan.Plan
	assert.Nil(t, plan.ItemsOf(p, roles.Skola))
	assert.Nil(t, plan.Overdue(p, day(2026, time.January, 1)))
	assert.Nil(t, plan.Schedule(p))
	assert.Nil(t, p.Warnings(day(2026, time.January, 1)))
	assert.ErrorIs(t, p.Validate(), roles.ErrInvalid)
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	stockholm := roles.SwedishTime()
	p := queryPlan(t,
		day(2025, time.December, 31), day(2026, time.January, 31), day(2026, time.February, 28),
		day(2028, time.February, 29), day(2026, time.June, 30), roles.Date{})
	tests := []struct {
		name string
		day  roles.Date
		want []string
	}{
		{"year's last day: due today is not overdue", day(2025, time.December, 31), []string{}},
		{"new year", day(2026, time.January, 1), []string{"2025-12-31"}},
		{"month's last day", day(2026, time.January, 31), []string{"2025-12-31"}},
		{"next month", day(2026, time.February, 1), []string{"2025-12-31", "2026-01-31"}},
		{"common year: 28 February then 1 March", day(2026, time.March, 1), []string{"2025-12-31", "2026-01-31", "2026-02-28"}},
		{"leap day is the last day", day(2028, time.February, 29), []string{"2025-12-31", "2026-01-31", "2026-02-28", "2026-06-30"}},
		{"after the leap day", day(2028, time.March, 1), []string{"2025-12-31", "2026-01-31", "2026-02-28", "2028-02-29", "2026-06-30"}},
		// In Swedish time, 23:30 UTC on New Year's Eve is already New Year's Day.
		{"Swedish new year from UTC evening", roles.DateOf(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)), []string{"2025-12-31"}},
		{"Swedish midsummer night, summer time", roles.DateOf(time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC)), []string{"2025-12-31", "2026-01-31", "2026-02-28", "2026-06-30"}},
		{"UTC 21:59 is still 30 June in Sweden", roles.DateOf(time.Date(2026, 6, 30, 21, 59, 0, 0, time.UTC)), []string{"2025-12-31", "2026-01-31", "2026-02-28"}},
		{"local midnight", roles.DateOf(time.Date(2026, 2, 1, 0, 0, 0, 0, stockholm)), []string{"2025-12-31", "2026-01-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, itemIDs(plan.Overdue(p, tt.day)))
		})
	}

	// Items that have ended are not overdue; nor is anything in a plan not active.
	q := p.Clone()
	q.Items[0].Status = plan.Genomford
	q.Items[1].Status = plan.Avbruten
	q.Items[2].Status = plan.Pausad
	assert.Equal(t, []string{"2026-02-28"}, itemIDs(plan.Overdue(q, day(2026, time.March, 1))))
	q.Status = plan.Utkast
	assert.Empty(t, plan.Overdue(q, day(2030, time.January, 1)))
}

func TestDueForFollowUp(t *testing.T) {
	t.Parallel()
	base := activeFixture(t).p
	mk := func(n int, review roles.Date, status plan.Status) *plan.Plan {
		p := base.Clone()
		p.ID = testID[plan.Plan](0x10, n)
		p.NextReview = review
		p.Status = status
		return p
	}
	plans := []*plan.Plan{
		mk(1, day(2026, time.January, 4), plan.Aktiv),
		mk(2, day(2026, time.January, 3), plan.Aktiv),
		mk(3, day(2025, time.December, 1), plan.Aktiv), // already past
		mk(4, day(2026, time.January, 3), plan.Utkast), // a draft is not followed up
		mk(5, day(2026, time.January, 2), plan.Avslutad),
		nil,
		mk(7, day(2026, time.January, 3), plan.Aktiv),
		mk(8, day(2026, time.March, 1), plan.Aktiv),
		mk(9, day(2028, time.March, 1), plan.Aktiv),
		mk(10, day(2026, time.March, 2), plan.Aktiv),
		mk(11, day(2026, time.March, 29), plan.Aktiv),
		mk(12, day(2026, time.March, 30), plan.Aktiv),
		mk(13, day(2026, time.October, 26), plan.Aktiv),
	}
	ids := func(ps []*plan.Plan) []int {
		out := []int{}
		for _, p := range ps {
			out = append(out, int(p.ID[5]))
		}
		return out
	}
	// 20 December + 14 days = 3 January, across the year boundary; ties by ID.
	assert.Equal(t, []int{3, 2, 7}, ids(plan.DueForFollowUp(plans, day(2025, time.December, 20), 14)))
	assert.Equal(t, []int{3, 2, 7, 1}, ids(plan.DueForFollowUp(plans, day(2025, time.December, 20), 15)))
	assert.Equal(t, []int{3}, ids(plan.DueForFollowUp(plans, day(2025, time.December, 1), 0)))
	// 20 February + 9 days: 1 March in a common year, 29 February in a leap year.
	got := ids(plan.DueForFollowUp(plans, day(2026, time.February, 20), 9))
	assert.Equal(t, []int{3, 2, 7, 1, 8}, got)
	got = ids(plan.DueForFollowUp(plans, day(2028, time.February, 20), 9))
	assert.NotContains(t, got, 9)
	got = ids(plan.DueForFollowUp(plans, day(2028, time.February, 20), 10))
	assert.Contains(t, got, 9)
	got = ids(plan.DueForFollowUp(plans, day(2026, time.February, 28), 2))
	assert.Equal(t, []int{3, 2, 7, 1, 8, 10}, got)
	// Across the changes to and from summer time (29 March and 25 October
	// 2026, days of 23 and 25 hours) days are calendar days.
	got = ids(plan.DueForFollowUp(plans, day(2026, time.March, 28), 1))
	assert.Equal(t, []int{3, 2, 7, 1, 8, 10, 11}, got)
	got = ids(plan.DueForFollowUp(plans, day(2026, time.March, 28), 2))
	assert.Equal(t, []int{3, 2, 7, 1, 8, 10, 11, 12}, got)
	assert.NotContains(t, ids(plan.DueForFollowUp(plans, day(2026, time.October, 24), 1)), 13)
	assert.Contains(t, ids(plan.DueForFollowUp(plans, day(2026, time.October, 24), 2)), 13)
	assert.Empty(t, plan.DueForFollowUp(nil, day(2026, time.January, 1), 30))
}

func TestSchedule(t *testing.T) {
	t.Parallel()
	p := queryPlan(t, roles.Date{}, day(2026, time.February, 1), day(2026, time.January, 31),
		day(2026, time.February, 1), day(2025, time.December, 31), day(2026, time.February, 1))
	// Same due date: by start (unset last), then plan order.
	p.Items[3].Start = day(2026, time.January, 5)
	p.Items[3].Description = "start 5 jan"
	p.Items[5].Description = "utan start, sist av 1 feb"
	p.Items[1].Description = "utan start, först av 1 feb"
	got := plan.Schedule(p)
	assert.Equal(t, []string{"2025-12-31", "2026-01-31", "start 5 jan", "utan start, först av 1 feb", "utan start, sist av 1 feb", "utan"}, itemIDs(got))
	require.Equal(t, "utan", p.Items[0].Description, "the plan itself is not reordered")

	// Stable: the same input gives the same order every time.
	for range 20 {
		assert.Equal(t, itemIDs(got), itemIDs(plan.Schedule(p)))
	}
}
