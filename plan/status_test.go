package plan_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lifecycles as DOMAIN.md writes them, kept here apart from the package's
// table so that a change to either is seen.
var (
	domainItemLifecycle = map[plan.ItemStatus][]plan.ItemStatus{
		plan.Planerad:  {plan.Pagaende, plan.Avbruten},
		plan.Pagaende:  {plan.Pausad, plan.Genomford, plan.Avbruten},
		plan.Pausad:    {plan.Pagaende, plan.Avbruten},
		plan.Genomford: nil,
		plan.Avbruten:  nil,
	}
	domainPlanLifecycle = map[plan.Status][]plan.Status{
		plan.Utkast:   {plan.Aktiv},
		plan.Aktiv:    {plan.Avslutad},
		plan.Avslutad: {plan.Aktiv},
	}
)

func TestLifecyclesFollowDomain(t *testing.T) {
	t.Parallel()
	for _, s := range plan.ItemStatuses() {
		assert.ElementsMatch(t, domainItemLifecycle[s], s.Next(), "item status %s", s)
		assert.Equal(t, len(domainItemLifecycle[s]) == 0, s.Terminal(), "terminal %s", s)
	}
	assert.Len(t, plan.ItemStatuses(), len(domainItemLifecycle))
	for _, s := range plan.Statuses() {
		assert.ElementsMatch(t, domainPlanLifecycle[s], s.Next(), "plan status %s", s)
	}
	assert.Len(t, plan.Statuses(), len(domainPlanLifecycle))
}

// pathTo returns a shortest sequence of item statuses that leads from
// Planerad to want, found by walking the package's transition table.
func pathTo(want plan.ItemStatus) []plan.ItemStatus {
	prev := map[plan.ItemStatus]plan.ItemStatus{plan.Planerad: ""}
	queue := []plan.ItemStatus{plan.Planerad}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s == want {
			var path []plan.ItemStatus
			for ; s != plan.Planerad; s = prev[s] {
				path = append([]plan.ItemStatus{s}, path...)
			}
			return path
		}
		for _, n := range s.Next() {
			if _, seen := prev[n]; !seen {
				prev[n] = s
				queue = append(queue, n)
			}
		}
	}
	return nil
}

// TestItemTransitions tries every pair of item statuses (and codes outside the
// vocabulary) on a real plan: the move succeeds exactly when the transition
// table allows it, and otherwise fails with a *TransitionError naming both.
func TestItemTransitions(t *testing.T) {
	t.Parallel()
	targets := append(plan.ItemStatuses(), "", "okand")
	for _, from := range plan.ItemStatuses() {
		path := pathTo(from)
		require.True(t, from == plan.Planerad || path != nil, "%s is reachable from planerad", from)
		for _, to := range targets {
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				t.Parallel()
				f := activeFixture(t)
				for _, s := range path {
					f.do("steg", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, s, "") })
				}
				before := f.p
				err := f.try("prova", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, to, "en anteckning") })
				if from.CanMoveTo(to) {
					require.NoError(t, err)
					it, _ := f.p.Item(iForskola)
					assert.Equal(t, to, it.Status)
					last := it.History[len(it.History)-1]
					assert.Equal(t, plan.ItemStatusChange{At: f.now, By: tSocsekP, From: from, To: to, Note: "en anteckning"}, last)
					assert.Equal(t, before.Revision+1, f.p.Revision)
					return
				}
				require.Error(t, err)
				assert.ErrorIs(t, err, plan.ErrInvalidTransition)
				var te *plan.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, plan.TransitionError{Item: iForskola, From: from, To: to}, *te)
				assert.Contains(t, err.Error(), string(from))
				if to.Valid() {
					assert.Contains(t, err.Error(), string(to))
				}
				assert.Same(t, before, f.p, "no revision is made")
			})
		}
	}
}

// TestPlanTransitions tries every pair of plan statuses on a real plan.
func TestPlanTransitions(t *testing.T) {
	t.Parallel()
	// reach brings the fixture plan to a status along the table.
	reach := map[plan.Status][]plan.Status{plan.Utkast: nil, plan.Aktiv: {plan.Aktiv}, plan.Avslutad: {plan.Aktiv, plan.Avslutad}}
	for _, from := range plan.Statuses() {
		for _, to := range append(plan.Statuses(), "", "okand") {
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				t.Parallel()
				f := draftFixture(t)
				for _, s := range reach[from] {
					f.do("steg", func(d *plan.Draft) error {
						if s == plan.Avslutad {
							endItems(t, d, f.p)
						}
						return d.SetStatus(s, "")
					})
				}
				require.Equal(t, from, f.p.Status)
				before := f.p
				err := f.try("prova", func(d *plan.Draft) error {
					if to == plan.Avslutad && d.Status() == plan.Aktiv {
						endItems(t, d, f.p) // a closed plan has no open items
					}
					return d.SetStatus(to, "återöppnad")
				})
				if !from.CanMoveTo(to) {
					assert.ErrorIs(t, err, plan.ErrInvalidTransition)
					var te *plan.PlanTransitionError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, plan.PlanTransitionError{From: from, To: to}, *te)
					assert.Same(t, before, f.p)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, f.p.Status)
				last := f.p.StatusHistory[len(f.p.StatusHistory)-1]
				assert.Equal(t, plan.StatusChange{At: f.now, By: tSocsekP, From: from, To: to, Note: "återöppnad"}, last)
			})
		}
	}
}

// endItems ends every open item of p in the draft.
func endItems(t testing.TB, d *plan.Draft, p *plan.Plan) {
	for _, it := range p.Items {
		if !it.Status.Terminal() {
			require.NoError(t, d.SetItemStatus(it.ID, plan.Avbruten, ""))
		}
	}
}

// TestTransitionDocs checks that each status constant's doc comment names
// exactly the statuses the table allows next, so the two cannot drift.
func TestTransitionDocs(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "status.go", nil, parser.ParseComments)
	require.NoError(t, err)
	items := map[string]plan.ItemStatus{}
	for _, s := range plan.ItemStatuses() {
		items[constName(string(s))] = s
	}
	plans := map[string]plan.Status{}
	for _, s := range plan.Statuses() {
		plans[constName(string(s))] = s
	}
	nextRE := regexp.MustCompile(`Next: ([A-Z][a-z]+(?:(?:, | or )[A-Z][a-z]+)*)`)
	seen := 0
	ast.Inspect(file, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Doc == nil || len(vs.Names) != 1 {
			return true
		}
		name := vs.Names[0].Name
		doc := vs.Doc.Text()
		var named []string
		if m := nextRE.FindStringSubmatch(doc); m != nil {
			named = strings.FieldsFunc(strings.ReplaceAll(m[1], " or ", ","), func(r rune) bool { return r == ',' || r == ' ' })
		} else {
			require.Contains(t, doc, "Terminal", "%s: the doc says where it may go next", name)
		}
		slices.Sort(named)
		if s, ok := items[name]; ok {
			seen++
			var want []string
			for _, n := range s.Next() {
				want = append(want, constName(string(n)))
			}
			slices.Sort(want)
			assert.Equal(t, want, named, "doc of %s", name)
		}
		if s, ok := plans[name]; ok {
			seen++
			var want []string
			for _, n := range s.Next() {
				want = append(want, constName(string(n)))
			}
			slices.Sort(want)
			assert.Equal(t, want, named, "doc of %s", name)
		}
		return true
	})
	assert.Equal(t, len(items)+len(plans), seen, "every status constant has its doc comment")
}

// constName returns the Go name of a status code: "pagaende" -> "Pagaende".
func constName(code string) string { return strings.ToUpper(code[:1]) + code[1:] }

// TestTransitionErrorKeepsValuesOut: an error shows known-shape codes, and
// nothing of an arbitrary value passed as a status.
func TestTransitionErrorKeepsValuesOut(t *testing.T) {
	t.Parallel()
	e := &plan.TransitionError{From: plan.Pagaende, To: "201701012393"}
	assert.Equal(t, "item status: pagaende -> (unknown code): invalid status transition", e.Error())
	e = &plan.TransitionError{From: plan.Genomford, To: ""}
	assert.Equal(t, "item status: genomford -> (none): invalid status transition", e.Error())
	pe := &plan.PlanTransitionError{From: plan.Utkast, To: "Storgatan 1"}
	assert.NotContains(t, pe.Error(), "Storgatan")
	assert.ErrorIs(t, pe, plan.ErrInvalidTransition)
}

func TestStatusVocabulary(t *testing.T) {
	t.Parallel()
	for _, s := range plan.ItemStatuses() {
		got, err := plan.ParseItemStatus(string(s))
		require.NoError(t, err)
		assert.Equal(t, s, got)
		assert.True(t, s.Valid())
		assert.NotEmpty(t, s.Label())
		b, err := s.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, string(s), string(b))
	}
	for _, s := range plan.Statuses() {
		got, err := plan.ParseStatus(string(s))
		require.NoError(t, err)
		assert.Equal(t, s, got)
		assert.NotEmpty(t, s.Label())
	}
	for _, bad := range []string{"", "Planerad", "pågående", "klar", " aktiv"} {
		_, err := plan.ParseItemStatus(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, bad)
		_, err = plan.ParseStatus(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, bad)
		assert.False(t, plan.ItemStatus(bad).Valid())
		assert.False(t, plan.Status(bad).Valid())
		assert.Empty(t, plan.ItemStatus(bad).Label())
	}
	_, err := plan.ItemStatus("").MarshalText()
	assert.ErrorIs(t, err, vocab.ErrUnknownCode, "an unset status is never written")
	_, err = plan.Status("klar").MarshalText()
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
}

// TestDecodeRejectsUnknownStatus decodes a valid plan with one status code
// replaced at a time: each must be rejected.
func TestDecodeRejectsUnknownStatus(t *testing.T) {
	t.Parallel()
	f := sipFixture(t)
	f.do("start", func(d *plan.Draft) error { return d.SetItemStatus(iForskola, plan.Pagaende, "") })
	good, err := json.Marshal(f.p)
	require.NoError(t, err)
	var back plan.Plan
	require.NoError(t, json.Unmarshal(good, &back))

	cases := []struct{ name, frag, spoilt string }{
		{"plan status", `"status":"aktiv"`, `"status":"klar"`},
		{"item status", `"status":"pagaende"`, `"status":"paborjad"`},
		{"item history from", `"from":"planerad"`, `"from":"Planerad"`},
		{"item history to", `"to":"pagaende"`, `"to":"pågående"`},
		{"plan history to", `"to":"aktiv"`, `"to":"active"`},
		{"empty item status", `"status":"planerad"`, `"status":""`},
		{"agency of an item", `"agency":"forskola"`, `"agency":"fritids"`},
		{"area of a goal", `"areas":["halsa"]`, `"areas":["health"]`},
		{"role of a member", `"role":"barn"`, `"role":"child"`},
		{"party kind", `"kind":"professional"`, `"kind":"staff"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Contains(t, string(good), tc.frag)
			bad := strings.Replace(string(good), tc.frag, tc.spoilt, 1)
			var p plan.Plan
			err := json.Unmarshal([]byte(bad), &p)
			require.Error(t, err)
			assert.True(t, errors.Is(err, vocab.ErrUnknownCode), "%v", err)
		})
	}
}
