package plan_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChangeMakesRevisions(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	seed := f.p
	r1 := f.do("Plan upprättad", nil)
	assert.Equal(t, int64(0), seed.Revision, "the seed is not touched")
	assert.Equal(t, int64(1), r1.Revision)
	assert.Equal(t, plan.Utkast, r1.Status)
	assert.Equal(t, plan.LogEntry{PlanID: tPlanID, Revision: 1, Author: tSocsekP, At: f.now, Summary: "Plan upprättad"}, r1.LogEntry())

	f = draftFixture(t)
	r := f.p
	at := time.Date(2026, 2, 1, 10, 30, 15, 123456789, roles.SwedishTime())
	next, err := r.Change(tNurseP, at, "Mål om hälsa ändrat", func(d *plan.Draft) error {
		g, _ := r.Goal(gHalsa)
		g.Outcome = "Sover gott"
		return d.UpdateGoal(g)
	})
	require.NoError(t, err)
	assert.Equal(t, r.Revision+1, next.Revision)
	assert.Equal(t, tNurseP, next.UpdatedBy)
	assert.Equal(t, "Mål om hälsa ändrat", next.Summary)
	assert.Equal(t, time.UTC, next.UpdatedAt.Location(), "stored in UTC")
	assert.Equal(t, 123456000, next.UpdatedAt.Nanosecond(), "at microsecond precision")
	assert.True(t, next.UpdatedAt.Equal(at.Truncate(time.Microsecond)))
	g, _ := r.Goal(gHalsa)
	assert.Equal(t, "Sover hela nätter", g.Outcome, "the earlier revision is unchanged")
	g, _ = next.Goal(gHalsa)
	assert.Equal(t, "Sover gott", g.Outcome)
}

func TestChangeChecksItsArguments(t *testing.T) {
	t.Parallel()
	r := draftFixture(t).p
	ok := func(*plan.Draft) error { return nil }
	tests := []struct {
		name    string
		author  roles.Party
		at      time.Time
		summary string
		want    string
	}{
		{"no author", roles.Party{}, r.UpdatedAt, "x", "author required"},
		{"author of unknown kind", roles.Party{Kind: "robot", ID: tSocsek.UUID()}, r.UpdatedAt, "x", "author required"},
		{"no time", tSocsekP, time.Time{}, "x", "at required"},
		{"before the revision", tSocsekP, r.UpdatedAt.Add(-time.Microsecond), "x", "at time_order"},
		{"no summary", tSocsekP, r.UpdatedAt, "", "summary required"},
		{"long summary", tSocsekP, r.UpdatedAt, strings.Repeat("x", plan.MaxSummaryLen+1), "summary max"},
		{"summary not UTF-8", tSocsekP, r.UpdatedAt, "\xc3", "summary utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := r.Change(tt.author, tt.at, tt.summary, ok)
			assert.Nil(t, n)
			assert.ErrorIs(t, err, roles.ErrInvalid)
			assert.Contains(t, problems(t, err), tt.want)
		})
	}
	var nilPlan *plan.Plan
	_, err := nilPlan.Change(tSocsekP, r.UpdatedAt, "x", ok)
	assert.ErrorIs(t, err, roles.ErrInvalid)
}

func TestChangeAbortsOnError(t *testing.T) {
	t.Parallel()
	f := draftFixture(t)
	before, _ := json.Marshal(f.p)
	stop := errors.New("stop")
	err := f.try("avbruten ändring", func(d *plan.Draft) error {
		require.NoError(t, d.SetReason("ändrad"))
		return stop
	})
	assert.Same(t, stop, err, "the edit's error is returned as is")
	after, _ := json.Marshal(f.p)
	assert.JSONEq(t, string(before), string(after))
}

func TestDraftIsUsableOnlyDuringItsChange(t *testing.T) {
	t.Parallel()
	f := draftFixture(t)
	var kept *plan.Draft
	f.do("behåll utkastet", func(d *plan.Draft) error { kept = d; return nil })
	snapshot, _ := json.Marshal(f.p)
	assert.Error(t, kept.SetReason("senare"))
	_, err := kept.AddGoal(plan.Goal{Areas: []behovskompass.Area{behovskompass.Fritid}})
	assert.Error(t, err)
	assert.Error(t, kept.SetStatus(plan.Aktiv, ""))
	after, _ := json.Marshal(f.p)
	assert.JSONEq(t, string(snapshot), string(after), "a kept draft cannot change the revision it made")
}

// TestRevisionsShareNoState makes two revisions from the same one, each
// appending to the same item's history, and checks that neither sees the
// other's change and the base is untouched (copy-on-write).
func TestRevisionsShareNoState(t *testing.T) {
	t.Parallel()
	f := activeFixture(t)
	f.do("start", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, plan.Pagaende, "") })
	base := f.p
	baseJSON, _ := json.Marshal(base)
	// Give the history spare capacity, as a decoded or grown slice may have.
	base.Items[0].History = append(make([]plan.ItemStatusChange, 0, 8), base.Items[0].History...)

	at := base.UpdatedAt.Add(time.Hour)
	a, err := base.Change(tSocsekP, at, "paus", func(d *plan.Draft) error {
		if err := d.SetItemStatus(iForskola, plan.Pausad, "a"); err != nil {
			return err
		}
		return d.AddOutcome(iForskola, "a")
	})
	require.NoError(t, err)
	b, err := base.Change(tSocsekP, at, "klar", func(d *plan.Draft) error {
		if err := d.SetItemStatus(iForskola, plan.Genomford, "b"); err != nil {
			return err
		}
		return d.AddOutcome(iForskola, "b")
	})
	require.NoError(t, err)

	ia, _ := a.Item(iForskola)
	ib, _ := b.Item(iForskola)
	assert.Equal(t, plan.Pausad, ia.History[1].To)
	assert.Equal(t, "a", ia.Outcomes[0].Text)
	assert.Equal(t, plan.Genomford, ib.History[1].To)
	assert.Equal(t, "b", ib.Outcomes[0].Text)
	// An item read from a draft or a plan is a copy.
	_, err = base.Change(tSocsekP, at, "läs", func(d *plan.Draft) error {
		it, _ := d.Item(iForskola)
		it.History[0].Note = "ändrad i kopian"
		g, _ := d.Goal(gTrygghet)
		g.Areas[0] = behovskompass.Fritid
		return nil
	})
	require.NoError(t, err)
	it, _ := base.Item(iForskola)
	it.History[0].Note = "ändrad i kopian"
	nowJSON, _ := json.Marshal(base)
	assert.JSONEq(t, string(baseJSON), string(nowJSON))

	// A deep clone shares nothing either.
	c := a.Clone()
	c.Items[0].History[0].Note = "ändrad"
	c.Goals[0].Areas[0] = behovskompass.Fritid
	c.Disagreements[0].Parties[0] = roles.Party{}
	assert.NotEqual(t, "ändrad", a.Items[0].History[0].Note)
	assert.Equal(t, behovskompass.Trygghet, a.Goals[0].Areas[0])
	assert.Equal(t, tGuardianP, a.Disagreements[0].Parties[0])
	assert.Nil(t, (*plan.Plan)(nil).Clone())
}

// TestCallerSlicesAreCopied checks that slices handed to a Draft are copied,
// so a caller who reuses them cannot change a revision.
func TestCallerSlicesAreCopied(t *testing.T) {
	t.Parallel()
	f := draftFixture(t)
	areas := []behovskompass.Area{behovskompass.Fritid}
	parts := []roles.Party{tSocsekP}
	others := []plan.Contribution{{Agency: roles.Polis, Text: "Samtal"}}
	var goal roles.ID[plan.Goal]
	f.do("nytt mål", func(d *plan.Draft) error {
		var err error
		goal, err = d.AddGoal(plan.Goal{Areas: areas, Outcome: "Spelar fotboll"})
		if err != nil {
			return err
		}
		if _, err := d.AddDisagreement(plan.Disagreement{Parties: parts, Text: "Om fotboll"}); err != nil {
			return err
		}
		return d.SetSIP(&plan.SIP{Others: others})
	})
	areas[0], parts[0], others[0].Text = behovskompass.Ansvar, roles.Party{}, "ändrad"
	g, _ := f.p.Goal(goal)
	assert.Equal(t, []behovskompass.Area{behovskompass.Fritid}, g.Areas)
	assert.Equal(t, tSocsekP, f.p.Disagreements[1].Parties[0])
	assert.Equal(t, "Samtal", f.p.SIP.Others[0].Text)
}

func TestDraftOperations(t *testing.T) {
	t.Parallel()
	unknownItem := testID[plan.Item](0x21, 99)

	t.Run("new entries get IDs and the change's stamp", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		var gid roles.ID[plan.Goal]
		var iid roles.ID[plan.Item]
		var vid roles.ID[plan.View]
		var mid roles.ID[plan.Member]
		f.do("lägg till", func(d *plan.Draft) error {
			var err error
			gid, err = d.AddGoal(plan.Goal{Areas: []behovskompass.Area{behovskompass.Fritid}, Outcome: "Idrott", Indicator: "Går på träning"})
			require.NoError(t, err)
			iid, err = d.AddItem(plan.Item{Description: "Prova på", GoalID: gid, Area: behovskompass.Fritid, Agency: roles.Forskola, Due: day(2026, time.June, 1)})
			require.NoError(t, err)
			vid, err = d.AddView(plan.View{Holder: tChildP, Text: "Jag vill spela fotboll"})
			require.NoError(t, err)
			mid, err = d.AddMember(plan.Member{Party: roles.ProfessionalParty(tPsych), Role: roles.BarnetsTeam, Agency: roles.HalsoSjukvard, Period: roles.Period{Start: f.now}})
			return err
		})
		for _, id := range [][16]byte{gid, iid, vid, mid} {
			assert.NotEqual(t, [16]byte{}, id)
			assert.Equal(t, byte(7), id[6]>>4, "a UUIDv7")
		}
		it, ok := f.p.Item(iid)
		require.True(t, ok)
		assert.Equal(t, plan.Planerad, it.Status)
		v := f.p.ChildViews[len(f.p.ChildViews)-1]
		assert.Equal(t, vid, v.ID)
		assert.Equal(t, f.now, v.RecordedAt)
		assert.Equal(t, tSocsekP, v.RecordedBy)
	})

	t.Run("unknown IDs", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		for name, op := range map[string]func(d *plan.Draft) error{
			"SetItemStatus": func(d *plan.Draft) error { return d.SetItemStatus(unknownItem, plan.Pagaende, "") },
			"AddOutcome":    func(d *plan.Draft) error { return d.AddOutcome(unknownItem, "x") },
			"UpdateItem":    func(d *plan.Draft) error { return d.UpdateItem(plan.Item{ID: unknownItem}) },
			"RemoveItem":    func(d *plan.Draft) error { return d.RemoveItem(unknownItem) },
			"UpdateGoal":    func(d *plan.Draft) error { return d.UpdateGoal(plan.Goal{ID: testID[plan.Goal](0x20, 99)}) },
			"RemoveGoal":    func(d *plan.Draft) error { return d.RemoveGoal(testID[plan.Goal](0x20, 99)) },
			"EndMember":     func(d *plan.Draft) error { return d.EndMember(testID[plan.Member](0x22, 99), f.now) },
		} {
			err := f.try(name, op)
			assert.ErrorIs(t, err, plan.ErrUnknownID, name)
			assert.Contains(t, err.Error(), "0193", "%s: the error names the ID", name)
		}
	})

	t.Run("plan status allows the step", func(t *testing.T) {
		t.Parallel()
		draft := draftFixture(t)
		err := draft.try("start", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, plan.Pagaende, "") })
		assert.ErrorIs(t, err, plan.ErrNotActive)
		err = draft.try("uppföljning", func(d *plan.Draft) error { _, err := d.RecordFollowUp(plan.FollowUp{}); return err })
		assert.ErrorIs(t, err, plan.ErrNotActive)
		err = draft.try("resultat", func(d *plan.Draft) error { return d.AddOutcome(iForskola, "x") })
		assert.ErrorIs(t, err, plan.ErrNotActive)

		closed := closedFixture(t)
		for name, op := range map[string]func(d *plan.Draft) error{
			"SetReason":   func(d *plan.Draft) error { return d.SetReason("x") },
			"SetSIP":      func(d *plan.Draft) error { return d.SetSIP(nil) },
			"AddGoal":     func(d *plan.Draft) error { _, err := d.AddGoal(plan.Goal{}); return err },
			"AddItem":     func(d *plan.Draft) error { _, err := d.AddItem(plan.Item{}); return err },
			"AddView":     func(d *plan.Draft) error { _, err := d.AddView(plan.View{Holder: tChildP}); return err },
			"SetReview":   func(d *plan.Draft) error { return d.SetNextReview(day(2027, 1, 1)) },
			"AddOutcome":  func(d *plan.Draft) error { return d.AddOutcome(iForskola, "x") },
			"RemoveGoal":  func(d *plan.Draft) error { return d.RemoveGoal(gHalsa) },
			"UpdateGoal":  func(d *plan.Draft) error { return d.UpdateGoal(plan.Goal{ID: gHalsa}) },
			"AddMember":   func(d *plan.Draft) error { _, err := d.AddMember(plan.Member{}); return err },
			"Disagree":    func(d *plan.Draft) error { _, err := d.AddDisagreement(plan.Disagreement{}); return err },
			"Barnkontakt": func(d *plan.Draft) error { return d.SetBarnkontakt(tBarnkontak) },
		} {
			assert.ErrorIs(t, closed.try(name, op), plan.ErrNotActive, name)
		}
		// Reopening is allowed and recorded; then the plan takes changes again.
		closed.do("Återöppnad", func(d *plan.Draft) error {
			if err := d.SetStatus(plan.Aktiv, "Ny oro"); err != nil {
				return err
			}
			return d.SetReason("Ny oro för trygghet")
		})
		last := closed.p.StatusHistory[len(closed.p.StatusHistory)-1]
		assert.Equal(t, plan.StatusChange{At: closed.now, By: tSocsekP, From: plan.Avslutad, To: plan.Aktiv, Note: "Ny oro"}, last)
		assert.Len(t, closed.p.StatusHistory, 3)
	})

	t.Run("closing needs every item ended", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		err := f.try("stäng", func(d *plan.Draft) error { return d.SetStatus(plan.Avslutad, "") })
		assert.ElementsMatch(t, []string{"items[0].status item_open", "items[1].status item_open"}, problems(t, err))
	})

	t.Run("new items start planned", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		for _, it := range []plan.Item{
			{Status: plan.Pagaende},
			{History: []plan.ItemStatusChange{{}}},
			{Outcomes: []plan.Note{{}}},
		} {
			err := f.try("ny", func(d *plan.Draft) error { _, err := d.AddItem(it); return err })
			assert.ErrorIs(t, err, roles.ErrInvalid)
		}
	})

	t.Run("update item keeps status history and outcomes", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		f.do("start", func(d *plan.Draft) error {
			if err := d.SetItemStatus(iForskola, plan.Pagaende, ""); err != nil {
				return err
			}
			return d.AddOutcome(iForskola, "Bra start")
		})
		it, _ := f.p.Item(iForskola)
		it.Due = day(2026, time.April, 30)
		f.do("nytt slutdatum", func(d *plan.Draft) error { return d.UpdateItem(it) })
		got, _ := f.p.Item(iForskola)
		assert.Equal(t, day(2026, time.April, 30), got.Due)
		assert.Equal(t, plan.Pagaende, got.Status)
		assert.Len(t, got.Outcomes, 1)

		bare := plan.Item{ID: iForskola, Description: "Nytt", GoalID: gTrygghet, Area: behovskompass.Trygghet, Agency: roles.Forskola, Due: day(2026, time.May, 1)}
		f.do("utan status", func(d *plan.Draft) error { return d.UpdateItem(bare) })
		got, _ = f.p.Item(iForskola)
		assert.Equal(t, plan.Pagaende, got.Status, "a zero status keeps the present one")
		assert.Len(t, got.History, 1)

		for name, edit := range map[string]func(*plan.Item){
			"status":   func(it *plan.Item) { it.Status = plan.Genomford },
			"history":  func(it *plan.Item) { it.History = it.History[:0] },
			"outcomes": func(it *plan.Item) { it.Outcomes = []plan.Note{{Text: "x"}} },
		} {
			it, _ := f.p.Item(iForskola)
			edit(&it)
			err := f.try(name, func(d *plan.Draft) error { return d.UpdateItem(it) })
			assert.ErrorIs(t, err, roles.ErrInvalid, name)
		}
	})

	t.Run("remove only planned items", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		f.do("start", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, plan.Pagaende, "") })
		assert.ErrorIs(t, f.try("ta bort", func(d *plan.Draft) error { return d.RemoveItem(iForskola) }), roles.ErrInvalid)
		f.do("ta bort", func(d *plan.Draft) error { return d.RemoveItem(iSocial) })
		_, ok := f.p.Item(iSocial)
		assert.False(t, ok)
	})

	t.Run("remove goal in use", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		err := f.try("ta bort mål", func(d *plan.Draft) error { return d.RemoveGoal(gTrygghet) })
		assert.Contains(t, problems(t, err), "items[0].goalId goal_ref")
		f.do("ta bort mål", func(d *plan.Draft) error { return d.RemoveGoal(gHalsa) })
		_, ok := f.p.Goal(gHalsa)
		assert.False(t, ok)
	})

	t.Run("views are held by the child or a guardian", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		err := f.try("vy", func(d *plan.Draft) error { _, err := d.AddView(plan.View{Holder: tSocsekP, Text: "x"}); return err })
		assert.ErrorIs(t, err, roles.ErrInvalid)
		f.do("vy", func(d *plan.Draft) error { _, err := d.AddView(plan.View{Holder: tGuardianP, Text: "Bra"}); return err })
		assert.Len(t, f.p.GuardianViews, 2)
	})

	t.Run("end membership", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		end := tStart.Add(48 * time.Hour)
		f.do("slutar", func(d *plan.Draft) error { return d.EndMember(mTeacher, end) })
		assert.Equal(t, end, f.p.Team[0].Period.End)
		err := f.try("slutar före start", func(d *plan.Draft) error { return d.EndMember(mTeacher, tStart.Add(-time.Hour)) })
		assert.Contains(t, problems(t, err), "team[0].period period")
	})

	t.Run("follow-up sets the next review", func(t *testing.T) {
		t.Parallel()
		f := activeFixture(t)
		f.now = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
		f.do("uppföljning", func(d *plan.Draft) error {
			_, err := d.RecordFollowUp(plan.FollowUp{Date: day(2026, time.March, 2), Participants: []roles.Party{tSocsekP, tGuardianP},
				Decisions: "Fortsätter", NextReview: day(2026, time.June, 1)})
			return err
		})
		assert.Equal(t, day(2026, time.June, 1), f.p.NextReview)
		fu := f.p.FollowUps[0]
		assert.Equal(t, f.now, fu.RecordedAt)
		assert.Equal(t, tSocsekP, fu.RecordedBy)

		// A follow-up must not set a review on or before its own day.
		err := f.try("uppföljning", func(d *plan.Draft) error {
			_, err := d.RecordFollowUp(plan.FollowUp{Date: day(2026, time.March, 2), Participants: []roles.Party{tSocsekP}, NextReview: day(2026, time.March, 2)})
			return err
		})
		assert.Contains(t, problems(t, err), "followUps[1].nextReview date_order")
	})
}

// TestJSONRoundTrip: a revision made by Change survives JSON unchanged,
// nil and empty slices included.
func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for name, mk := range map[string]func(testing.TB) *fx{"draft": draftFixture, "sip": sipFixture, "closed": closedFixture, "empty": func(t testing.TB) *fx {
		f := newFx(t)
		f.do("tom", nil)
		return f
	}} {
		p := mk(t).p
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var back plan.Plan
		require.NoError(t, json.Unmarshal(b, &back), name)
		assert.Equal(t, p, &back, name)
		assert.True(t, p.Diff(&back).Empty(), name)
	}
}
