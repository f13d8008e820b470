package plan_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/require"
)

// largePlan returns an active SIP with 50 goals and 500 items spread over
// the agencies, a third of them started (with history) and some with
// outcomes, and the revision after a follow-up that moved 50 items on and
// changed 25 due dates.
func largePlan(tb testing.TB) (before, after *plan.Plan) {
	f := newFx(tb)
	agencies := roles.Agencies()
	areas := behovskompass.Areas()
	goals := make([]roles.ID[plan.Goal], 50)
	items := make([]roles.ID[plan.Item], 500)
	f.do("Plan upprättad", func(d *plan.Draft) error {
		require.NoError(tb, d.SetReason("Stor plan"))
		require.NoError(tb, d.SetBarnkontakt(tBarnkontak))
		require.NoError(tb, d.SetStodsamordnare(tStodsamord))
		require.NoError(tb, d.SetNextReview(day(2026, time.June, 1)))
		require.NoError(tb, d.SetSIP(&plan.SIP{LeadPrincipalID: tKommun}))
		for i := range goals {
			var err error
			goals[i], err = d.AddGoal(plan.Goal{Areas: []behovskompass.Area{areas[i%8], areas[(i+3)%8]},
				Outcome: "Önskat resultat för målet", Indicator: "Så här märks det"})
			require.NoError(tb, err)
		}
		for i := range items {
			a := agencies[i%len(agencies)]
			principal := roles.ID[roles.Organisation]{}
			if plan.IsSIPAgency(a) {
				principal = tKommun
			}
			var err error
			items[i], err = d.AddItem(plan.Item{Description: "Insats som beskriver vad som görs", GoalID: goals[i%50],
				Area: areas[(i%50)%8], Agency: a, PrincipalID: principal, ProfessionalRole: "kurator",
				Start: day(2026, time.February, 1+i%28), Due: day(2026, time.March+time.Month(i%9), 1+i%28)})
			require.NoError(tb, err)
		}
		_, err := d.AddView(plan.View{Holder: tChildP, Text: "Mina tankar"})
		require.NoError(tb, err)
		return d.SetStatus(plan.Aktiv, "")
	})
	f.do("Insatser startade", func(d *plan.Draft) error {
		for i := 0; i < len(items); i += 3 {
			require.NoError(tb, d.SetItemStatus(items[i], plan.Pagaende, "Startad"))
			if i%2 == 0 {
				require.NoError(tb, d.AddOutcome(items[i], "Går bra"))
			}
		}
		return nil
	})
	before = f.p
	f.now = time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	after = f.do("Uppföljning", func(d *plan.Draft) error {
		for i := 0; i < len(items); i += 10 {
			it, _ := d.Item(items[i])
			to := plan.Pagaende
			if it.Status == plan.Pagaende {
				to = plan.Genomford
			}
			require.NoError(tb, d.SetItemStatus(items[i], to, ""))
		}
		for i := 5; i < len(items); i += 20 {
			it, _ := d.Item(items[i])
			it.Due = it.Due.AddDays(30)
			require.NoError(tb, d.UpdateItem(it))
		}
		_, err := d.RecordFollowUp(plan.FollowUp{Date: day(2026, time.June, 1), Participants: []roles.Party{tSocsekP, tNurseP},
			NextReview: day(2026, time.September, 1)})
		return err
	})
	return before, after
}

func TestLargePlan(t *testing.T) {
	t.Parallel()
	a, b := largePlan(t)
	require.NoError(t, a.Validate())
	require.Empty(t, invariants(b))
	require.Len(t, b.Goals, 50)
	require.Len(t, b.Items, 500)
	d := a.Diff(b)
	require.Len(t, d.ItemsChanged, 75)
	require.Len(t, d.StatusChanges(), 50)
	require.Len(t, d.FollowUpsAdded, 1)
}

func BenchmarkValidate(b *testing.B) {
	_, p := largePlan(b)
	b.Run("ids_in_order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// IDs out of order (given by a caller, or imported) take the map path.
	q := p.Clone()
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(q.Items), func(i, j int) { q.Items[i], q.Items[j] = q.Items[j], q.Items[i] })
	rng.Shuffle(len(q.Goals), func(i, j int) { q.Goals[i], q.Goals[j] = q.Goals[j], q.Goals[i] })
	b.Run("ids_shuffled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := q.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDiff(b *testing.B) {
	before, after := largePlan(b)
	b.ReportAllocs()
	for b.Loop() {
		d := before.Diff(after)
		if len(d.ItemsChanged) == 0 {
			b.Fatal("no change found")
		}
	}
}

func BenchmarkChange(b *testing.B) {
	_, p := largePlan(b)
	id := p.Items[1].ID
	at := p.UpdatedAt.Add(time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		_, err := p.Change(tSocsekP, at, "Start", func(d *plan.Draft) error { return d.SetItemStatus(id, plan.Pagaende, "") })
		if err != nil {
			b.Fatal(err)
		}
	}
}
