package plan_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// spare gives every slice of p, and of its elements, spare capacity, as a
// decoded or grown slice may have: an append to a shared slice with spare
// capacity is where copy-on-write goes wrong.
func spare(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			spare(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				spare(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len()+4)
		reflect.Copy(s, v)
		for i := range s.Len() {
			spare(s.Index(i))
		}
		v.Set(s)
	}
}

// spareRoom lists the slices in v with capacity beyond their length.
func spareRoom(v reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = spareRoom(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, spareRoom(v.Field(i), path+"."+v.Type().Field(i).Name)...)
			}
		}
	case reflect.Slice:
		if v.Cap() > v.Len() {
			out = append(out, path)
		}
		for i := range v.Len() {
			out = append(out, spareRoom(v.Index(i), path+"[]")...)
		}
	}
	return out
}

// TestChangesFromOneBase makes two revisions from one plan whose every slice
// has spare capacity, each taking every kind of step, and checks that the
// base is left as it was and neither revision sees the other's steps.
func TestChangesFromOneBase(t *testing.T) {
	t.Parallel()
	f := sipFixture(t)
	f.do("start", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, plan.Pagaende, "") })
	base := f.p.Clone()
	spare(reflect.ValueOf(base).Elem())
	before, err := json.Marshal(base)
	require.NoError(t, err)

	steps := func(tag string) func(d *plan.Draft) error {
		return func(d *plan.Draft) error {
			_, err := d.AddMember(plan.Member{Party: roles.ProfessionalParty(tPsych), Role: roles.BarnetsTeam,
				Agency: roles.HalsoSjukvard, Period: roles.Period{Start: tStart}})
			require.NoError(t, err)
			require.NoError(t, d.EndMember(mTeacher, tStart.Add(time.Hour)))
			_, err = d.AddView(plan.View{Holder: tChildP, Text: "barn " + tag})
			require.NoError(t, err)
			_, err = d.AddView(plan.View{Holder: tGuardianP, Text: "vh " + tag})
			require.NoError(t, err)
			_, err = d.AddDisagreement(plan.Disagreement{Parties: []roles.Party{tChildP}, Text: tag})
			require.NoError(t, err)
			g, _ := d.Goal(gHalsa)
			g.Outcome = tag
			require.NoError(t, d.UpdateGoal(g))
			_, err = d.AddGoal(plan.Goal{Areas: []behovskompass.Area{behovskompass.Fritid}, Outcome: tag, Indicator: tag})
			require.NoError(t, err)
			it, _ := d.Item(iSocial)
			it.Description = tag
			require.NoError(t, d.UpdateItem(it))
			require.NoError(t, d.SetItemStatus(iForskola, plan.Pausad, tag))
			require.NoError(t, d.AddOutcome(iForskola, tag))
			_, err = d.AddItem(plan.Item{Description: tag, GoalID: gTrygghet, Area: behovskompass.Trygghet,
				Agency: roles.Skola, Due: day(2026, time.June, 1)})
			require.NoError(t, err)
			_, err = d.RecordFollowUp(plan.FollowUp{Date: roles.DateOf(base.UpdatedAt), Participants: []roles.Party{tGuardianP},
				Decisions: tag, NextReview: day(2026, time.May, 4)})
			require.NoError(t, err)
			s := *base.SIP
			s.HeldOn = day(2026, time.January, 28)
			return d.SetSIP(&s)
		}
	}
	at := base.UpdatedAt.Add(time.Hour)
	a, err := base.Change(tSocsekP, at, "a", steps("a"))
	require.NoError(t, err)
	b, err := base.Change(tSocsekP, at, "b", steps("b"))
	require.NoError(t, err)
	closed, err := base.Change(tSocsekP, at, "c", func(d *plan.Draft) error {
		for _, id := range []roles.ID[plan.Item]{iForskola, iSocial, iBUP} {
			it, _ := d.Item(id)
			to := plan.Avbruten
			if it.Status == plan.Pagaende {
				to = plan.Genomford
			}
			if err := d.SetItemStatus(id, to, ""); err != nil {
				return err
			}
		}
		return d.SetStatus(plan.Avslutad, "klar")
	})
	require.NoError(t, err)

	after, err := json.Marshal(base)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after), "the base is left as it was")
	for _, c := range []struct {
		p          *plan.Plan
		own, other string
	}{{a, "a", "b"}, {b, "b", "a"}} {
		js, err := json.Marshal(c.p)
		require.NoError(t, err)
		assert.Contains(t, string(js), `"vh `+c.own+`"`)
		assert.NotContains(t, string(js), `"vh `+c.other+`"`, "a revision does not see the steps of another made from the same base")
		assert.NotContains(t, string(js), `"`+c.other+`"`)
	}
	// Revisions made by Change from revisions made by Change leave no room
	// to append into behind another revision's back.
	clean := f.p
	require.Empty(t, spareRoom(reflect.ValueOf(clean).Elem(), "plan"))
	for _, tag := range []string{"c", "d"} {
		next, err := clean.Change(tSocsekP, at, tag, steps(tag))
		require.NoError(t, err)
		assert.Empty(t, spareRoom(reflect.ValueOf(next).Elem(), "plan"))
	}
	assert.Equal(t, plan.Avslutad, closed.Status)
	assert.Len(t, closed.StatusHistory, len(base.StatusHistory)+1)
	assert.Len(t, a.StatusHistory, len(base.StatusHistory))
}

// A change that takes no step on a slice shares it with the revision it was
// made from; one that changes an item copies the items, not the goals.
func TestChangeSharesWhatItLeaves(t *testing.T) {
	t.Parallel()
	base := activeFixture(t).p
	next, err := base.Change(tSocsekP, base.UpdatedAt.Add(time.Hour), "start", func(d *plan.Draft) error {
		return d.SetItemStatus(iForskola, plan.Pagaende, "")
	})
	require.NoError(t, err)
	assert.Same(t, &base.Goals[0], &next.Goals[0], "goals shared")
	assert.Same(t, &base.Team[0], &next.Team[0], "team shared")
	assert.Same(t, &base.ChildViews[0], &next.ChildViews[0], "views shared")
	assert.NotSame(t, &base.Items[0], &next.Items[0], "items copied")
	assert.Equal(t, base.Items[1], next.Items[1], "an item the change left alone is as it was")
	assert.Equal(t, plan.Planerad, base.Items[0].Status)
	assert.Equal(t, plan.Pagaende, next.Items[0].Status)
}

// TestCloneFiltered: a filtered clone keeps the chosen items in order, calls
// keep once per item, and shares no memory with the plan; without a filter it
// equals Clone.
func TestCloneFiltered(t *testing.T) {
	t.Parallel()
	f := sipFixture(t)
	f.do("start", func(d *plan.Draft) error {
		if err := d.SetItemStatus(iForskola, plan.Pagaende, ""); err != nil {
			return err
		}
		return d.AddOutcome(iForskola, "bra start")
	})
	p := f.p
	before := p.Clone()
	assert.Equal(t, p.Clone(), p.CloneFiltered(nil))
	assert.Nil(t, (*plan.Plan)(nil).CloneFiltered(nil))

	var seen []roles.ID[plan.Item]
	c := p.CloneFiltered(func(it *plan.Item) bool {
		seen = append(seen, it.ID)
		return it.Agency != roles.Socialtjanst
	})
	assert.Equal(t, []roles.ID[plan.Item]{iForskola, iSocial, iBUP}, seen)
	require.Len(t, c.Items, 2)
	assert.Equal(t, iForskola, c.Items[0].ID)
	assert.Equal(t, iBUP, c.Items[1].ID)
	assert.Equal(t, p.Items[0], c.Items[0])

	c.Items[0].History[0].Note = "ändrad"
	c.Items[0].Outcomes[0].Text = "ändrad"
	c.Goals[0].Areas[0] = behovskompass.Fritid
	c.Disagreements[0].Parties[0] = roles.Party{}
	c.Team[0].Role = roles.Narstaende
	c.SIP.Others[0].Text = "ändrad"
	assert.Equal(t, before, p.Clone(), "the plan is as it was")
	assert.NotEqual(t, "ändrad", p.Items[0].History[0].Note)
	assert.NotEqual(t, "ändrad", p.Items[0].Outcomes[0].Text)
	assert.Equal(t, behovskompass.Trygghet, p.Goals[0].Areas[0])
	assert.Equal(t, tGuardianP, p.Disagreements[0].Parties[0])
	assert.NotEqual(t, "ändrad", p.SIP.Others[0].Text)

	none := p.CloneFiltered(func(*plan.Item) bool { return false })
	assert.Nil(t, none.Items)

	it := p.Items[0].Clone()
	it.History[0].Note = "ändrad"
	assert.NotEqual(t, "ändrad", p.Items[0].History[0].Note)
}
