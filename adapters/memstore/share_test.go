package memstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clonePlan deep-copies a plan, so that changing the copy leaves p alone.
func clonePlan(p *planT) planT { return *p.Clone() }

// storedPlan is what the store must keep for p, computed the plain way: the
// canonical deep copy the conformance suite compares with (instants
// normalised, empty slices and an empty SIP nil). keepPlan must give the
// same, however much it shares.
func storedPlan(p *planT) planT { return adaptertest.Expected(*p) }

// fullPlan returns a plan with every field set, times with nanoseconds.
func fullPlan(t *testing.T) planT {
	t.Helper()
	f := adaptertest.NewFixtures()
	org := f.Organisation()
	u := f.Unit(org, roles.Forskola)
	teacher, social := f.Professional(u), f.Professional(u)
	c, g, r := f.Child(), f.Guardian(), f.RelatedPerson()
	p := f.Plan(adaptertest.PlanPeople{Child: c.ID, Guardian: g.ID, Related: r.ID,
		Barnkontakt:    f.Assignment(c.ID, teacher, roles.Barnkontakt),
		Stodsamordnare: f.Assignment(c.ID, social, roles.Stodsamordnare), Principal: org.ID}, 2)
	p.StatusHistory = []plan.StatusChange{{At: f.At(time.Hour), By: roles.ProfessionalParty(teacher.ID),
		From: plan.Utkast, To: plan.Aktiv, Note: "Fastställd."}}
	p.Revision = 1
	return p
}

// leaf is a place in a value that can be changed: a field that is not a
// struct (a time.Time counts as one), or the length of a slice.
type leaf struct {
	path   string
	mutate func(v reflect.Value) // v: the value at the path, in a copy
	at     []int                 // the path, as field and element indexes
	length bool                  // the slice's length rather than a field
}

// leaves lists the changeable places of v (a plan), with every element of
// every slice, so that a new field of any type in a plan is listed too.
func leaves(v reflect.Value, path string, at []int, out []leaf) []leaf {
	at = at[:len(at):len(at)] // appending must not share a tail
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		return append(out, leaf{path: path, at: at, mutate: func(v reflect.Value) {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
		}})
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = leaves(v.Field(i), path+"."+v.Type().Field(i).Name, append(at, i), out)
			}
		}
		return out
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return out
		}
		return leaves(v.Elem(), path, at, out)
	case v.Kind() == reflect.Slice:
		out = append(out, leaf{path: path + ".len", at: at, length: true, mutate: func(v reflect.Value) {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
		}})
		for i := range v.Len() {
			out = leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), append(at, i), out)
		}
		return out
	case v.Kind() == reflect.String:
		return append(out, leaf{path: path, at: at, mutate: func(v reflect.Value) { v.SetString(v.String() + "x") }})
	case v.CanInt():
		return append(out, leaf{path: path, at: at, mutate: func(v reflect.Value) { v.SetInt(v.Int() + 1) }})
	case v.Kind() == reflect.Array:
		return append(out, leaf{path: path, at: at, mutate: func(v reflect.Value) {
			v.Index(0).SetUint(v.Index(0).Uint() ^ 1)
		}})
	}
	panic("share_test: no mutation for " + path + " of kind " + v.Kind().String())
}

// walk returns the value at the path in v.
func walk(v reflect.Value, at []int) reflect.Value {
	for _, i := range at {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() == reflect.Slice {
			v = v.Index(i)
		} else {
			v = v.Field(i)
		}
	}
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return v
}

// A stored revision shares with the one before it what did not change, and
// is exactly what a deep, normalised copy would be: every field of every
// element of a plan, changed alone, reaches the stored plan.
func TestKeepPlanEveryField(t *testing.T) {
	t.Parallel()
	p := fullPlan(t)
	prev := keepPlan(&p, nil)
	require.Equal(t, storedPlan(&p), *prev, "create")

	ls := leaves(reflect.ValueOf(&p).Elem(), "Plan", nil, nil)
	require.Greater(t, len(ls), 150, "leaves of a full plan")
	for _, l := range ls {
		in := clonePlan(&p) // a deep copy, so that mutating it leaves p alone
		l.mutate(walk(reflect.ValueOf(&in).Elem(), l.at))
		got := keepPlan(&in, prev)
		if !assert.Equal(t, storedPlan(&in), *got, "after changing %s", l.path) {
			continue
		}
		assert.NotEqual(t, *prev, *got, "changing %s changes the stored plan", l.path)
	}
}

// An update that changes nothing but the summary stores no slice anew; one
// that changes an item copies the items but shares the other items' history.
func TestKeepPlanShares(t *testing.T) {
	t.Parallel()
	p := fullPlan(t)
	prev := keepPlan(&p, nil)

	p.Summary = "Ny sammanfattning."
	got := keepPlan(&p, prev)
	assert.Equal(t, storedPlan(&p), *got)
	for _, s := range []struct {
		name      string
		got, prev any
	}{
		{"Team", got.Team, prev.Team}, {"ChildViews", got.ChildViews, prev.ChildViews},
		{"GuardianViews", got.GuardianViews, prev.GuardianViews}, {"Disagreements", got.Disagreements, prev.Disagreements},
		{"Goals", got.Goals, prev.Goals}, {"Items", got.Items, prev.Items}, {"FollowUps", got.FollowUps, prev.FollowUps},
		{"StatusHistory", got.StatusHistory, prev.StatusHistory},
	} {
		assert.Equal(t, reflect.ValueOf(s.prev).Pointer(), reflect.ValueOf(s.got).Pointer(), "%s is shared", s.name)
	}
	assert.Same(t, prev.SIP, got.SIP, "SIP is shared")

	p.Items[1].Status = plan.Pagaende
	p.Items[1].History = append(p.Items[1].History, plan.ItemStatusChange{At: time.Now(), From: plan.Planerad, To: plan.Pagaende})
	got2 := keepPlan(&p, got)
	assert.Equal(t, storedPlan(&p), *got2)
	assert.NotSame(t, &got.Items[0], &got2.Items[0], "the items are copied")
	assert.Same(t, &got.Items[0].Outcomes[0], &got2.Items[0].Outcomes[0], "an unchanged item's outcomes are shared")
	assert.Same(t, &got.Items[2].History[0], &got2.Items[2].History[0], "an unchanged item's history is shared")
	assert.Same(t, &got.Team[0], &got2.Team[0], "the team is shared")

	// A deep copy of what is stored shares no memory with it.
	out := clonePlan(got2)
	out.Items[0].Outcomes[0].Text = "ändrad"
	out.Team[0].Role = roles.Barnkontakt
	assert.Equal(t, storedPlan(&p), *got2)
}

// A plan in normal form (instants normalised, no empty non-nil slice), as
// plan.Plan.Change makes it, is kept as it is: the store copies none of its
// slices, and shares with the stored version the slices the change left
// alone. A slice that is not in normal form is still copied.
func TestKeepPlanAdopts(t *testing.T) {
	t.Parallel()
	p := storedPlan(ptr(fullPlan(t))) // normal form
	prev := keepPlan(&p, nil)
	for _, s := range []struct {
		name      string
		got, want any
	}{
		{"Team", prev.Team, p.Team}, {"ChildViews", prev.ChildViews, p.ChildViews},
		{"GuardianViews", prev.GuardianViews, p.GuardianViews}, {"Disagreements", prev.Disagreements, p.Disagreements},
		{"Goals", prev.Goals, p.Goals}, {"Items", prev.Items, p.Items}, {"FollowUps", prev.FollowUps, p.FollowUps},
		{"StatusHistory", prev.StatusHistory, p.StatusHistory},
	} {
		assert.Equal(t, reflect.ValueOf(s.want).Pointer(), reflect.ValueOf(s.got).Pointer(), "%s is kept as it is", s.name)
	}
	assert.Equal(t, storedPlan(&p), *prev)

	next := *prev // a change of one item, sharing the rest as Change does
	next.Items = append([]plan.Item(nil), prev.Items...)
	next.Items[0].Description = "Ändrad."
	next.Summary = "Ändrad insats."
	got := keepPlan(&next, prev)
	assert.Same(t, &next.Items[0], &got.Items[0], "the changed items are kept as they are")
	assert.Same(t, &prev.Team[0], &got.Team[0], "the team is shared with the stored version")
	assert.Equal(t, storedPlan(&next), *got)

	// An instant not normalised: that slice is copied, normalised.
	odd := *got
	odd.Items = append([]plan.Item(nil), got.Items...)
	odd.Items[2].History = append([]plan.ItemStatusChange(nil), got.Items[2].History...)
	odd.Items[2].History[0].At = odd.Items[2].History[0].At.Add(time.Nanosecond)
	kept := keepPlan(&odd, got)
	assert.NotSame(t, &odd.Items[0], &kept.Items[0], "items not in normal form are copied")
	assert.Equal(t, storedPlan(&odd), *kept)
	assert.Equal(t, got.Items[2].History[0].At, odd.Items[2].History[0].At.Add(-time.Nanosecond), "the caller's plan is left alone")
	// An empty non-nil slice, likewise.
	empty := *got
	empty.Goals = append([]plan.Goal(nil), got.Goals...)
	empty.Goals[0].Areas = []behovskompass.Area{}
	kept = keepPlan(&empty, got)
	assert.Nil(t, kept.Goals[0].Areas)
	assert.NotNil(t, empty.Goals[0].Areas, "the caller's plan is left alone")
}

func ptr[T any](v T) *T { return &v }

// Instants in another zone, with a monotonic reading and nanoseconds, compare
// as the instants they normalise to; empty slices and an empty SIP are stored
// as nil and compare equal to nil.
func TestKeepPlanNormalises(t *testing.T) {
	t.Parallel()
	p := fullPlan(t)
	prev := keepPlan(&p, nil)

	zone := time.FixedZone("CET", 3600)
	q := clonePlan(&p)
	mono := time.Now()
	q.UpdatedAt = mono
	q.Items[0].Outcomes[0].At = q.Items[0].Outcomes[0].At.In(zone).Add(1) // same microsecond
	q.Team[0].Period.Start = q.Team[0].Period.Start.In(zone)
	got := keepPlan(&q, prev)
	assert.Equal(t, storedPlan(&q), *got)
	assert.Same(t, &prev.Items[0], &got.Items[0], "items normalising to the stored ones are shared")
	assert.Same(t, &prev.Team[0], &got.Team[0], "a team normalising to the stored one is shared")

	var empty planT = planT{ID: p.ID, Team: []plan.Member{}, Items: []plan.Item{}, SIP: &plan.SIP{Others: []plan.Contribution{}}}
	got = keepPlan(&empty, prev)
	assert.Equal(t, storedPlan(&empty), *got)
	assert.Nil(t, got.Team)
	assert.Nil(t, got.Items)
	assert.Nil(t, got.SIP)
}

// Revisions thinned as later ones are stored read back as they were
// written, whatever the changes between them (items changed, added, removed,
// moved), and share the items they did not change.
func TestThinnedRevisions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := New()
	p := storedPlan(ptr(fullPlan(t)))
	p.Revision = 0
	written := []planT{}
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		return tx.Plans().Create(ctx, &p)
	})
	require.NoError(t, err)
	written = append(written, storedPlan(&p))
	rng := rand.New(rand.NewPCG(4, 2))
	oneChanged := map[int]bool{} // revisions (from 1) that changed one item in place
	for rev := 2; rev <= 60; rev++ {
		next := p
		next.Items = append([]plan.Item(nil), p.Items...)
		switch k := rng.IntN(5); {
		case k < 2 && len(next.Items) > 0: // one item changes
			i := rng.IntN(len(next.Items))
			next.Items[i].Description = fmt.Sprintf("Insats ändrad i revision %d.", rev)
			oneChanged[rev] = true
		case k == 2: // an item is added
			it := next.Items[0]
			it.ID, it.History, it.Outcomes = roles.MustNewID[plan.Item](), nil, nil
			next.Items = append(next.Items, it)
		case k == 3 && len(next.Items) > 1: // an item is removed
			i := rng.IntN(len(next.Items))
			next.Items = append(next.Items[:i:i], next.Items[i+1:]...)
		default: // two items swap places
			i, j := rng.IntN(len(next.Items)), rng.IntN(len(next.Items))
			next.Items[i], next.Items[j] = next.Items[j], next.Items[i]
		}
		next.Summary = fmt.Sprintf("Revision %d.", rev)
		next.UpdatedAt = f.At(time.Duration(rev) * adaptertest.Day)
		err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			return tx.Plans().Update(ctx, &next)
		})
		require.NoError(t, err)
		written = append(written, storedPlan(&next))
		p = next
	}
	err = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for i, want := range written {
			got, err := tx.Plans().Revision(ctx, p.ID, int64(i+1))
			require.NoError(t, err)
			require.Equal(t, want, got, "revision %d", i+1)
		}
		return nil
	})
	require.NoError(t, err)

	revs := s.st.planRevs.byPlan[p.ID]
	require.Len(t, revs, len(written))
	checked := 0
	for i := 1; i < len(revs)-1; i++ {
		require.NotNil(t, revs[i].items, "revision %d is thinned", i+1)
		require.Nil(t, revs[i].p.Items)
		if !oneChanged[i+1] {
			continue
		}
		shared := 0
		for j, it := range revs[i].items {
			if j < len(revs[i-1].items) && it == revs[i-1].items[j] {
				shared++
			}
		}
		assert.Equal(t, len(revs[i].items)-1, shared, "revision %d changed one item and shares the others with revision %d", i+1, i)
		checked++
	}
	assert.Greater(t, checked, 10)
	assert.Nil(t, revs[len(revs)-1].items, "the latest revision is whole")
}
