package adaptertest

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// fetchFunc reads one page of a query and returns its items' keys.
type fetchFunc func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) (keys []string, next string, err error)

// pagedQuery is a paged query under test: setup writes n items the query
// returns (and some it does not), and returns their keys in the query's order.
type pagedQuery struct {
	name  string
	setup func(e *env, n int) (want []string, fetch fetchFunc)
}

// keysOf turns a query's results into keys: keysOf(q(...))(key).
func keysOf[T any](p adapters.Page[T], err error) func(key func(*T) string) ([]string, string, error) {
	return func(key func(*T) string) ([]string, string, error) {
		if err != nil {
			return nil, "", err
		}
		var out []string
		for i := range p.Items {
			out = append(out, key(&p.Items[i]))
		}
		return out, p.Next, nil
	}
}

func auditKey(a *adapters.AuditEntry) string { return strconv.FormatInt(a.Seq, 10) }
func eventKey(v *adapters.Event) string      { return strconv.FormatInt(v.Seq, 10) }
func childKey(c *roles.Child) string         { return c.ID.String() }

var pagedQueries = []pagedQuery{
	{"Audit.ByChild", func(e *env, n int) ([]string, fetchFunc) {
		w := e.world()
		var want []string
		for range n {
			a, b := e.f.AuditEntry(w.child.ID, w.teacher), e.f.AuditEntry(roles.MustNewID[roles.Child](), w.teacher)
			e.appendAudit(&a, &b)
			want = append([]string{auditKey(&a)}, want...)
		}
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Audit().ByChild(ctx, w.child.ID, page))(auditKey)
		}
	}},
	{"Audit.Scan", func(e *env, n int) ([]string, fetchFunc) {
		w := e.world()
		var want []string
		for range n {
			a := e.f.AuditEntry(w.child.ID, w.teacher)
			e.appendAudit(&a)
			want = append(want, auditKey(&a))
		}
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Audit().Scan(ctx, 1, page))(auditKey)
		}
	}},
	{"Outbox.Pending", func(e *env, n int) ([]string, fetchFunc) {
		w := e.world()
		var want []string
		for range n {
			a, b := e.f.Event(w.child.ID), e.f.Event(w.child.ID)
			e.appendEvents(&a, &b)
			e.ack(e.f.At(time.Hour), b.ID)
			want = append(want, eventKey(&a))
		}
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Outbox().Pending(ctx, page))(eventKey)
		}
	}},
	{"Outbox.PendingOfChild", func(e *env, n int) ([]string, fetchFunc) {
		w := e.world()
		var want []string
		for range n {
			a, b := e.f.Event(w.child.ID), e.f.Event(roles.MustNewID[roles.Child]())
			e.appendEvents(&a, &b)
			want = append(want, eventKey(&a))
		}
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Outbox().PendingOfChild(ctx, w.child.ID, page))(eventKey)
		}
	}},
	{"Children.OfUnit", func(e *env, n int) ([]string, fetchFunc) {
		w, want := e.manyChildren(n)
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Children().OfUnit(ctx, w.health.ID, e.f.At(Day), page))(childKey)
		}
	}},
	{"Children.OfProfessional", func(e *env, n int) ([]string, fetchFunc) {
		w, want := e.manyChildren(n)
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Children().OfProfessional(ctx, w.nurse.ID, e.f.At(Day), page))(childKey)
		}
	}},
	{"Concerns.OfBarnkontakt", func(e *env, n int) ([]string, fetchFunc) {
		w := e.world()
		var cs []behovskompass.Concern
		for i := range n {
			cs = append(cs, e.f.Concern(w.child.ID, w.nurse, w.barnkontakt, time.Duration(i/2)*time.Hour)) // pairs at the same time
		}
		e.tx("creating concerns", func(ctx context.Context, tx adapters.Tx) error {
			for i := range cs {
				if err := tx.Concerns().Create(ctx, &cs[i]); err != nil {
					return err
				}
			}
			return nil
		})
		slices.SortFunc(cs, func(a, b behovskompass.Concern) int {
			return cmp.Or(b.RaisedAt.Compare(a.RaisedAt), b.ID.Compare(a.ID))
		})
		want := concernIDs(cs)
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Concerns().OfBarnkontakt(ctx, w.teacher.ID, page))(func(c *behovskompass.Concern) string { return c.ID.String() })
		}
	}},
	{"Plans.Revisions", func(e *env, n int) ([]string, fetchFunc) {
		id := roles.MustNewID[plan.Plan]()
		var want []string
		if n > 0 {
			_, p := e.storePlan(0, nil)
			id = p.ID
			for range n - 1 {
				p.UpdatedAt = p.UpdatedAt.Add(time.Minute)
				e.tx("updating the plan", func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Update(ctx, &p) })
			}
			for r := n; r >= 1; r-- {
				want = append(want, strconv.Itoa(r))
			}
		}
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Plans().Revisions(ctx, id, page))(func(l *plan.LogEntry) string { return strconv.FormatInt(l.Revision, 10) })
		}
	}},
	{"Plans.OverdueItems", func(e *env, n int) ([]string, fetchFunc) {
		var items []adapters.PlanItem
		for k := range 2 { // two plans, items due on days shared in pairs
			_, p := e.storePlan(0, func(p *plan.Plan) {
				proto := p.Items[0]
				p.Items = nil
				for i := k; i < n; i += 2 {
					it := proto
					it.ID = roles.MustNewID[plan.Item]()
					it.Due = e.f.Date(60 + i/4)
					p.Items = append(p.Items, it)
				}
			})
			for _, it := range p.Items {
				items = append(items, adapters.PlanItem{PlanID: p.ID, Item: it})
			}
		}
		slices.SortFunc(items, func(a, b adapters.PlanItem) int {
			return cmp.Or(a.Item.Due.Compare(b.Item.Due), a.PlanID.Compare(b.PlanID), a.Item.ID.Compare(b.Item.ID))
		})
		want := itemRefs(items)
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			p, err := tx.Plans().OverdueItems(ctx, roles.Socialtjanst, e.f.Date(200), page)
			if err != nil {
				return nil, "", err
			}
			return itemRefs(p.Items), p.Next, nil
		}
	}},
	{"Plans.DueForFollowUp", func(e *env, n int) ([]string, fetchFunc) {
		var ps []plan.Plan
		for i := range n {
			_, p := e.storePlan(0, func(p *plan.Plan) { p.NextReview = e.f.Date(80 + i/2) })
			ps = append(ps, p)
		}
		slices.SortFunc(ps, func(a, b plan.Plan) int { return cmp.Or(a.NextReview.Compare(b.NextReview), a.ID.Compare(b.ID)) })
		want := idsOf(ps, func(p *plan.Plan) roles.ID[plan.Plan] { return p.ID })
		return want, func(ctx context.Context, tx adapters.Tx, page adapters.PageRequest) ([]string, string, error) {
			return keysOf(tx.Plans().DueForFollowUp(ctx, e.f.Date(200), page))(func(p *plan.Plan) string { return p.ID.String() })
		}
	}},
}

// manyChildren writes a world and n children, each with an active
// assignment of the nurse at the health centre, and returns the world and the
// children's IDs in order.
func (e *env) manyChildren(n int) (*world, []string) {
	w := e.world()
	var ids []roles.ID[roles.Child]
	e.tx("creating children", func(ctx context.Context, tx adapters.Tx) error {
		for range n {
			c := e.f.Child()
			a := e.f.Assignment(c.ID, w.nurse, roles.Barnkontakt)
			a2 := e.f.Assignment(c.ID, w.nurse, roles.BarnetsTeam) // a second role: still one child
			if err := tx.Children().Create(ctx, &c); err != nil {
				return err
			}
			if err := tx.Assignments().Create(ctx, &a); err != nil {
				return err
			}
			if err := tx.Assignments().Create(ctx, &a2); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return nil
	})
	return w, sortedIDs(ids...)
}

func pagingCases() []testCase {
	var out []testCase
	for _, q := range pagedQueries {
		p := "Paging/" + q.name + "/"
		out = append(out,
			testCase{p + "Empty", func(e *env) { walkPages(e, q, 0, 3, nil) }},
			testCase{p + "ExactlyOnePage", func(e *env) { walkPages(e, q, 3, 3, []int{3}) }},
			testCase{p + "PageBoundary", func(e *env) { walkPages(e, q, 4, 3, []int{3, 1}) }},
			testCase{p + "Walk", func(e *env) { walkPages(e, q, 7, 3, []int{3, 3, 1}) }},
			testCase{p + "BadCursor", func(e *env) { badCursor(e, q) }},
		)
	}
	out = append(out,
		testCase{"Paging/DefaultLimit", testDefaultLimit},
		testCase{"Paging/MaxLimit", testMaxLimit},
	)
	return out
}

// walkPages pages through q over n items with limit and checks the page sizes
// and that every item comes exactly once, in order.
func walkPages(e *env, q pagedQuery, n, limit int, sizes []int) {
	want, fetch := q.setup(e, n)
	if len(want) != n {
		e.t.Fatalf("suite error: %s setup made %d items, want %d", q.name, len(want), n)
	}
	var got []string
	var gotSizes []int
	e.view("paging", func(ctx context.Context, tx adapters.Tx) error {
		page := adapters.PageRequest{Limit: limit}
		for i := 0; ; i++ {
			keys, next, err := fetch(ctx, tx, page)
			noErr(e.t, errorf("%s page %d", q.name, i+1), err)
			got = append(got, keys...)
			gotSizes = append(gotSizes, len(keys))
			if next == "" {
				return nil
			}
			if i > n+1 {
				e.t.Fatalf("%s: more than %d pages for %d items with limit %d; Next never became \"\"", q.name, i, n, limit)
			}
			page.Cursor = next
		}
	})
	if n == 0 {
		sizes = []int{0}
	}
	if !slices.Equal(gotSizes, sizes) {
		e.t.Errorf("%s over %d items with limit %d: page sizes %v, want %v (a full last page has Next \"\")", q.name, n, limit, gotSizes, sizes)
	}
	if !slices.Equal(got, want) {
		e.t.Errorf("%s over %d items with limit %d: items %v, want %v (each once, in order)", q.name, n, limit, got, want)
	}
}

func badCursor(e *env, q pagedQuery) {
	_, fetch := q.setup(e, 2)
	err := e.s.View(e.ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, _, err := fetch(ctx, tx, adapters.PageRequest{Limit: 1, Cursor: "%%not-a-cursor%%"})
		return err
	})
	wantErr(e.t, q.name+" with a cursor the store never made", err, roles.ErrInvalid, "", "")
}

func testDefaultLimit(e *env) {
	n := adapters.DefaultPageLimit + 1
	_, fetch := pagedQueries[1].setup(e, n) // Audit.Scan
	e.view("paging", func(ctx context.Context, tx adapters.Tx) error {
		for _, limit := range []int{0, -5} {
			keys, next, err := fetch(ctx, tx, adapters.PageRequest{Limit: limit})
			noErr(e.t, "Audit.Scan", err)
			if len(keys) != adapters.DefaultPageLimit || next == "" {
				e.t.Errorf("Audit.Scan of %d entries with Limit %d: %d items, Next %q; want %d items (DefaultPageLimit) and a Next", n, limit, len(keys), next, adapters.DefaultPageLimit)
			}
		}
		return nil
	})
}

func testMaxLimit(e *env) {
	w := e.world()
	n := adapters.MaxPageLimit + 1
	e.tx("appending many entries", func(ctx context.Context, tx adapters.Tx) error {
		for range n {
			a := e.f.AuditEntry(w.child.ID, w.teacher)
			if err := tx.Audit().Append(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	e.view("paging", func(ctx context.Context, tx adapters.Tx) error {
		p, err := tx.Audit().Scan(ctx, 1, adapters.PageRequest{Limit: 10 * adapters.MaxPageLimit})
		noErr(e.t, "Audit.Scan", err)
		if len(p.Items) != adapters.MaxPageLimit || p.Next == "" {
			e.t.Errorf("Audit.Scan of %d entries with Limit %d: %d items, Next %q; want %d items (MaxPageLimit) and a Next", n, 10*adapters.MaxPageLimit, len(p.Items), p.Next, adapters.MaxPageLimit)
		}
		return nil
	})
}
