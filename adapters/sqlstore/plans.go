package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// Plans are kept in three tables:
//
//   - plans: one row per plan with what the queries select on (the child,
//     the status, the next review) and the current revision;
//   - plan_revisions: every revision as a JSON document (plan.Plan's JSON
//     form), with the columns of its log entry;
//   - plan_items: the items of each plan's current revision, one row each,
//     with the columns the overdue query needs and the item as a JSON
//     document. is_open marks the items that can be overdue: of an active
//     plan, with an agency and a due date, in a status that is not terminal.
//
// The status codes in the SQL below are plan.Aktiv's ('aktiv'); codes never
// change.

var norm = adapters.NormalizeTime

func normPeriod(p roles.Period) roles.Period {
	return roles.Period{Start: norm(p.Start), End: norm(p.End)}
}

// normPlan makes *p the plan as the store keeps it: every slice a copy of its
// own (nil when empty), every instant normalised, an empty SIP nil. Applied
// to a shallow copy, it makes a deep copy; applied to a decoded document, it
// gives what Get must return.
func normPlan(p *plan.Plan) {
	p.UpdatedAt = norm(p.UpdatedAt)
	p.Team = cloneBytes(p.Team)
	for i := range p.Team {
		p.Team[i].Period = normPeriod(p.Team[i].Period)
	}
	p.ChildViews = normViews(p.ChildViews)
	p.GuardianViews = normViews(p.GuardianViews)
	p.Disagreements = cloneBytes(p.Disagreements)
	for i := range p.Disagreements {
		d := &p.Disagreements[i]
		d.Parties = cloneBytes(d.Parties)
		d.RecordedAt = norm(d.RecordedAt)
	}
	p.Goals = cloneBytes(p.Goals)
	for i := range p.Goals {
		p.Goals[i].Areas = cloneBytes(p.Goals[i].Areas)
	}
	p.Items = cloneBytes(p.Items)
	for i := range p.Items {
		normItem(&p.Items[i])
	}
	p.FollowUps = cloneBytes(p.FollowUps)
	for i := range p.FollowUps {
		f := &p.FollowUps[i]
		f.Participants = cloneBytes(f.Participants)
		f.RecordedAt = norm(f.RecordedAt)
	}
	if p.SIP != nil {
		s := *p.SIP
		s.Others = cloneBytes(s.Others)
		p.SIP = nil
		if s.LeadPrincipalID != (roles.ID[roles.Organisation]{}) || s.Others != nil ||
			!s.CalledOn.IsZero() || !s.MeetingBy.IsZero() || !s.HeldOn.IsZero() {
			p.SIP = &s
		}
	}
	p.StatusHistory = cloneBytes(p.StatusHistory)
	for i := range p.StatusHistory {
		p.StatusHistory[i].At = norm(p.StatusHistory[i].At)
	}
}

func normViews(vs []plan.View) []plan.View {
	vs = cloneBytes(vs)
	for i := range vs {
		vs[i].RecordedAt = norm(vs[i].RecordedAt)
	}
	return vs
}

// normItem is normPlan for one item.
func normItem(it *plan.Item) {
	it.History = cloneBytes(it.History)
	for j := range it.History {
		it.History[j].At = norm(it.History[j].At)
	}
	it.Outcomes = cloneBytes(it.Outcomes)
	for j := range it.Outcomes {
		it.Outcomes[j].At = norm(it.Outcomes[j].At)
	}
}

type plansRepo struct{ t *tx }

func (r plansRepo) zeroID(op string) error {
	return fmt.Errorf("sqlstore: %s plan: zero ID: %w", op, roles.ErrInvalid)
}

// Create stores revision 1: the plan's row, its document and its items.
func (r plansRepo) Create(ctx context.Context, p *plan.Plan) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if p.ID.IsZero() {
		return r.zeroID("create")
	}
	c := *p
	normPlan(&c)
	c.Revision = 1
	doc, err := encodeDoc(&c)
	if err != nil {
		return err // before any write: nothing is written
	}
	d, sid := r.t.d, p.ID.String()
	n, err := r.t.exec(ctx, adapters.EntityPlan, sid,
		"INSERT INTO plans (id, child_id, status, next_review, revision) VALUES ($1, $2, $3, $4, 1) ON CONFLICT DO NOTHING",
		idArg(d, c.ID), idArg(d, c.ChildID), string(c.Status), dateArg(d, c.NextReview))
	if err != nil {
		return err
	}
	if n == 0 {
		found, err := r.t.exists(ctx, adapters.EntityPlan, sid, "SELECT 1 FROM plans WHERE id = $1", idArg(d, c.ID))
		switch {
		case err != nil:
			return err
		case found:
			return adapters.AlreadyExists(adapters.EntityPlan, sid)
		}
		return adapters.AlreadyExistsBy(adapters.EntityPlan, "for that child")
	}
	if err := r.writeRevision(ctx, &c, doc); err != nil {
		return err
	}
	if err := r.insertItems(ctx, &c); err != nil {
		return err
	}
	r.t.knowItems(&c)
	r.t.s.plans.written(doc, &c)
	p.Revision = 1
	return nil
}

// Update stores the next revision when p carries the current one. Of the
// plan's rows of plan_items it writes only those of the items that changed
// (syncItems).
func (r plansRepo) Update(ctx context.Context, p *plan.Plan) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if p.ID.IsZero() {
		return r.zeroID("update")
	}
	d, sid := r.t.d, p.ID.String()
	var child roles.ID[roles.Child]
	var rev int64
	found := false
	err := r.t.query(ctx, adapters.EntityPlan, "SELECT child_id, revision FROM plans WHERE id = $1",
		[]any{idArg(d, p.ID)}, func(scan func(...any) error) error {
			found = true
			return scan(idCol(&child), &rev)
		})
	switch {
	case err != nil:
		return err
	case !found:
		return adapters.NotFound(adapters.EntityPlan, sid)
	case child != p.ChildID:
		return fmt.Errorf("sqlstore: update plan %s: the child of a plan never changes: %w", sid, roles.ErrInvalid)
	case rev != p.Revision:
		return adapters.Conflict(adapters.EntityPlan, sid)
	}
	c := *p
	normPlan(&c)
	c.Revision = rev + 1
	doc, err := encodeDoc(&c)
	if err != nil {
		return err // before any write: nothing is written
	}
	prev := r.t.itemsKnown(c.ID, rev)
	delete(r.t.items, c.ID) // known again once all is written
	n, err := r.t.exec(ctx, adapters.EntityPlan, sid,
		"UPDATE plans SET status = $2, next_review = $3, revision = $4 WHERE id = $1 AND revision = $5",
		idArg(d, c.ID), string(c.Status), dateArg(d, c.NextReview), c.Revision, rev)
	if err != nil {
		return err
	}
	if n == 0 {
		return adapters.Conflict(adapters.EntityPlan, sid)
	}
	if err := r.writeRevision(ctx, &c, doc); err != nil {
		return err
	}
	if err := r.syncItems(ctx, &c, prev); err != nil {
		return err
	}
	r.t.knowItems(&c)
	r.t.s.plans.written(doc, &c)
	p.Revision = c.Revision
	return nil
}

// writeRevision stores c (normalised, at its new revision), whose document
// is doc, as a revision.
func (r plansRepo) writeRevision(ctx context.Context, c *plan.Plan, doc string) error {
	d, sid := r.t.d, c.ID.String()
	args := append([]any{idArg(d, c.ID), c.Revision}, partyArgs(d, c.UpdatedBy)...)
	_, err := r.t.exec(ctx, adapters.EntityPlan, sid,
		"INSERT INTO plan_revisions (plan_id, revision, updated_by_kind, updated_by_id, updated_at, summary, document)"+
			" VALUES ($1, $2, $3, $4, $5, $6, $7)",
		append(args, at(d, c.UpdatedAt), c.Summary, doc)...)
	return err
}

// The rows of plan_items. The item's document is part of the plan's (whose
// encoding succeeded before any row is written), so it encodes too.

// itemOpen reports whether an item of a plan in status s can be overdue
// (plan_items.is_open): the plan is active, and the item has an agency, a
// due date and a status that is not terminal.
func itemOpen(s plan.Status, it *plan.Item) bool {
	return s == plan.Aktiv && it.Agency != "" && !it.Due.IsZero() && !it.Status.Terminal()
}

// itemColumns are the columns of plan_items.
const itemColumns = "plan_id, item_index, item_id, agency, due, is_open, document"

// itemArgs are the values of itemColumns for item i of c (normalised),
// whose document is doc.
func itemArgs(d *dialect, c *plan.Plan, i int, doc string) [7]any {
	it := &c.Items[i]
	return [7]any{idArg(d, c.ID), i, idArg(d, it.ID), string(it.Agency), dateArg(d, it.Due), itemOpen(c.Status, it), doc}
}

// upsertItem writes one row of plan_items: the item at an index, in place
// of the one there before, if any.
const upsertItem = "INSERT INTO plan_items (" + itemColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7)" +
	" ON CONFLICT (plan_id, item_index) DO UPDATE SET item_id = excluded.item_id, agency = excluded.agency," +
	" due = excluded.due, is_open = excluded.is_open, document = excluded.document"

// itemsPerInsert bounds the rows of one INSERT into plan_items.
const itemsPerInsert = 100

// insertItems stores the items of a new plan c as its rows of plan_items,
// up to itemsPerInsert rows to an INSERT.
func (r plansRepo) insertItems(ctx context.Context, c *plan.Plan) error {
	d, sid := r.t.d, c.ID.String()
	for start := 0; start < len(c.Items); start += itemsPerInsert {
		var s stmt
		s.add("INSERT INTO plan_items (", itemColumns, ") VALUES ")
		for i := start; i < min(start+itemsPerInsert, len(c.Items)); i++ {
			doc, err := encodeDoc(&c.Items[i])
			if err != nil {
				return err
			}
			if i > start {
				s.add(", ")
			}
			s.add("(")
			for j, v := range itemArgs(d, c, i, doc) {
				if j > 0 {
					s.add(", ")
				}
				s.add(s.arg(v))
			}
			s.add(")")
		}
		// The text depends on the number of rows: not one to keep prepared.
		if _, err := r.t.execOnce(ctx, adapters.EntityPlan, sid, s.String(), s.args...); err != nil {
			return err
		}
	}
	return nil
}

// knownItems are the items of a plan's current revision as a write
// transaction read or wrote them: what the plan's rows of plan_items hold.
type knownItems struct {
	rev    int64
	status plan.Status
	items  []plan.Item // normalised; never changed
}

// knowItems notes the items of c (normalised, at its current revision, and
// never to be changed: not a caller's) as the plan's rows of plan_items hold
// them.
func (t *tx) knowItems(c *plan.Plan) {
	if t.items == nil {
		t.items = make(map[roles.ID[plan.Plan]]knownItems)
	}
	t.items[c.ID] = knownItems{rev: c.Revision, status: c.Status, items: c.Items}
}

// itemsKnown returns the items of revision rev of the plan, which is the
// current one, when the transaction knows them; nil otherwise.
func (t *tx) itemsKnown(id roles.ID[plan.Plan], rev int64) *knownItems {
	if k, ok := t.items[id]; ok && k.rev == rev {
		return &k
	}
	return nil
}

// sameItem reports whether a and b (normalised) are equal field by field, so
// that they encode alike. (TestSameItem checks that it compares every field
// of plan.Item.) It may report equal instants in different forms as
// different (time.Time's == compares the form): the row is then written
// although it is the same.
func sameItem(a, b *plan.Item) bool {
	return a.ID == b.ID && a.Description == b.Description && a.GoalID == b.GoalID && a.Area == b.Area &&
		a.Agency == b.Agency && a.PrincipalID == b.PrincipalID && a.ProfessionalID == b.ProfessionalID &&
		a.ProfessionalRole == b.ProfessionalRole && a.Start == b.Start && a.Due == b.Due && a.Status == b.Status &&
		slices.Equal(a.History, b.History) && slices.Equal(a.Outcomes, b.Outcomes)
}

// storedItem is a row of plan_items, but for the columns that are fields of
// the item's document (item_id, agency, due): an equal document means equal
// columns, for a normalised item encodes deterministically.
type storedItem struct {
	index int64
	open  bool
	doc   string
}

// syncItems makes the plan's rows of plan_items those of the items of c, at
// its new revision, writing only the rows that differ (one row for a change
// to one item) and deleting those past the end of c's items. prev are the
// items of the revision before, when the transaction knows them: the items
// equal to those are left alone. Otherwise syncItems reads the rows and
// compares the documents.
func (r plansRepo) syncItems(ctx context.Context, c *plan.Plan, prev *knownItems) error {
	d, sid := r.t.d, c.ID.String()
	var stored []storedItem
	rows := 0 // there are rows for the indexes below this
	if prev != nil {
		rows = len(prev.items)
	} else {
		err := r.t.query(ctx, adapters.EntityPlan,
			"SELECT item_index, is_open, document FROM plan_items WHERE plan_id = $1 ORDER BY item_index",
			[]any{idArg(d, c.ID)}, func(scan func(...any) error) error {
				var row storedItem
				if err := scan(&row.index, &row.open, &row.doc); err != nil {
					return err
				}
				stored = append(stored, row)
				rows = int(row.index) + 1
				return nil
			})
		if err != nil {
			return err
		}
	}
	j := 0 // stored[j] is the first row whose index is not below i
	for i := range c.Items {
		it := &c.Items[i]
		open := itemOpen(c.Status, it)
		if prev != nil && i < len(prev.items) && itemOpen(prev.status, &prev.items[i]) == open && sameItem(&prev.items[i], it) {
			continue
		}
		doc, err := encodeDoc(it)
		if err != nil {
			return err
		}
		for j < len(stored) && stored[j].index < int64(i) {
			j++
		}
		if j < len(stored) && stored[j] == (storedItem{index: int64(i), open: open, doc: doc}) {
			continue
		}
		args := itemArgs(d, c, i, doc)
		if _, err := r.t.exec(ctx, adapters.EntityPlan, sid, upsertItem, args[:]...); err != nil {
			return err
		}
	}
	if rows > len(c.Items) {
		if _, err := r.t.exec(ctx, adapters.EntityPlan, sid, "DELETE FROM plan_items WHERE plan_id = $1 AND item_index >= $2",
			idArg(d, c.ID), len(c.Items)); err != nil {
			return err
		}
	}
	return nil
}

// current is the join of a plan with the document of its current revision.
const current = " FROM plans p JOIN plan_revisions r ON r.plan_id = p.id AND r.revision = p.revision"

// plans returns the plans a query of their IDs and current documents
// (SELECT p.id, r.document ...) selects, in order, through the Store's
// planCache. A write transaction notes their items (knowItems).
func (r plansRepo) plans(ctx context.Context, q string, args ...any) ([]plan.Plan, error) {
	var out []plan.Plan
	err := r.t.query(ctx, adapters.EntityPlan, q, args, func(scan func(...any) error) error {
		var id roles.ID[plan.Plan]
		var doc string
		if err := scan(idCol(&id), &doc); err != nil {
			return err
		}
		p, err := r.t.s.plans.decode(id, doc)
		if err != nil {
			return err
		}
		if r.t.write {
			r.t.knowItems(p)
		}
		out = append(out, clonePlan(p))
		return nil
	})
	return out, err
}

// clonePlan returns a deep copy of p, a normalised plan.
func clonePlan(p *plan.Plan) plan.Plan {
	c := *p
	normPlan(&c)
	return c
}

func (r plansRepo) Get(ctx context.Context, id roles.ID[plan.Plan]) (plan.Plan, error) {
	if err := r.t.use(ctx, false); err != nil {
		return plan.Plan{}, err
	}
	ps, err := r.plans(ctx, "SELECT p.id, r.document"+current+" WHERE p.id = $1", idArg(r.t.d, id))
	if err != nil || len(ps) == 0 {
		if err == nil {
			err = adapters.NotFound(adapters.EntityPlan, id.String())
		}
		return plan.Plan{}, err
	}
	return ps[0], nil
}

func (r plansRepo) ByChild(ctx context.Context, child roles.ID[roles.Child]) (plan.Plan, error) {
	if err := r.t.use(ctx, false); err != nil {
		return plan.Plan{}, err
	}
	ps, err := r.plans(ctx, "SELECT p.id, r.document"+current+" WHERE p.child_id = $1", idArg(r.t.d, child))
	if err != nil || len(ps) == 0 {
		if err == nil {
			err = adapters.NotFoundBy(adapters.EntityPlan, "of child "+child.String())
		}
		return plan.Plan{}, err
	}
	return ps[0], nil
}

func (r plansRepo) Revision(ctx context.Context, id roles.ID[plan.Plan], rev int64) (plan.Plan, error) {
	if err := r.t.use(ctx, false); err != nil {
		return plan.Plan{}, err
	}
	d := r.t.d
	var p plan.Plan
	found := false
	err := r.t.query(ctx, adapters.EntityPlan, "SELECT document FROM plan_revisions WHERE plan_id = $1 AND revision = $2",
		[]any{idArg(d, id), rev}, func(scan func(...any) error) error {
			found = true
			return scan(docCol(&p))
		})
	switch {
	case err != nil:
		return plan.Plan{}, err
	case found:
		normPlan(&p)
		return p, nil
	}
	found, err = r.t.exists(ctx, adapters.EntityPlan, id.String(), "SELECT 1 FROM plans WHERE id = $1", idArg(d, id))
	switch {
	case err != nil:
		return plan.Plan{}, err
	case !found:
		return plan.Plan{}, adapters.NotFound(adapters.EntityPlan, id.String())
	}
	return plan.Plan{}, &adapters.Error{Entity: adapters.EntityPlanRevision, ID: id.String(),
		Key: "revision " + strconv.FormatInt(rev, 10), Err: adapters.ErrNotFound}
}

func (r plansRepo) Revisions(ctx context.Context, id roles.ID[plan.Plan], pr adapters.PageRequest) (adapters.Page[plan.LogEntry], error) {
	var out adapters.Page[plan.LogEntry]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	before, err := seqCursor(pr.Cursor)
	if err != nil {
		return out, err
	}
	var s stmt
	s.add("SELECT revision, updated_by_kind, updated_by_id, updated_at, summary FROM plan_revisions WHERE plan_id = ",
		s.arg(idArg(r.t.d, id)))
	if before > 0 {
		s.add(" AND revision < ", s.arg(before))
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY revision DESC LIMIT ", s.arg(limit+1))
	var rows []plan.LogEntry
	err = r.t.query(ctx, adapters.EntityPlanRevision, s.String(), s.args, func(scan func(...any) error) error {
		l := plan.LogEntry{PlanID: id}
		if err := scan(append([]any{&l.Revision}, append(partyCols(&l.Author), timeCol(&l.At), textCol(&l.Summary))...)...); err != nil {
			return err
		}
		rows = append(rows, l)
		return nil
	})
	if err != nil {
		return out, err
	}
	return page(rows, limit, func(l *plan.LogEntry) string { return newCursor(curSeq).int64(l.Revision).String() }), nil
}

func (r plansRepo) OverdueItems(ctx context.Context, agency roles.Agency, on roles.Date, pr adapters.PageRequest) (adapters.Page[adapters.PlanItem], error) {
	var out adapters.Page[adapters.PlanItem]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	d := r.t.d
	var s stmt
	s.add("SELECT i.plan_id, p.child_id, p.revision, i.document FROM plan_items i JOIN plans p ON p.id = i.plan_id",
		" WHERE i.is_open AND i.agency = ", s.arg(string(agency)), " AND i.due < ", s.arg(dateArg(d, on)))
	if pr.Cursor != "" {
		c, err := readCursor(curItem, pr.Cursor)
		if err != nil {
			return out, err
		}
		due, err := c.date()
		if err != nil {
			return out, err
		}
		planID, itemID := c.id(), c.id()
		s.add(" AND (i.due, i.plan_id, i.item_id) > (", s.arg(d.date(due)), ", ", s.arg(d.id(planID)), ", ", s.arg(d.id(itemID)), ")")
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY i.due, i.plan_id, i.item_id LIMIT ", s.arg(limit+1))
	var rows []adapters.PlanItem
	err := r.t.query(ctx, adapters.EntityPlan, s.String(), s.args, func(scan func(...any) error) error {
		var pi adapters.PlanItem
		if err := scan(idCol(&pi.PlanID), idCol(&pi.ChildID), &pi.Revision, docCol(&pi.Item)); err != nil {
			return err
		}
		normItem(&pi.Item)
		rows = append(rows, pi)
		return nil
	})
	if err != nil {
		return out, err
	}
	return page(rows, limit, func(pi *adapters.PlanItem) string {
		return newCursor(curItem).date(pi.Item.Due).id(pi.PlanID).id(pi.Item.ID).String()
	}), nil
}

func (r plansRepo) DueForFollowUp(ctx context.Context, by roles.Date, pr adapters.PageRequest) (adapters.Page[plan.Plan], error) {
	var out adapters.Page[plan.Plan]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	d := r.t.d
	var s stmt
	s.add("SELECT p.id, r.document", current, " WHERE p.status = 'aktiv' AND p.next_review <= ", s.arg(dateArg(d, by)))
	if pr.Cursor != "" {
		c, err := readCursor(curDateID, pr.Cursor)
		if err != nil {
			return out, err
		}
		review, err := c.date()
		if err != nil {
			return out, err
		}
		s.add(" AND (p.next_review, p.id) > (", s.arg(d.date(review)), ", ", s.arg(d.id(c.id())), ")")
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY p.next_review, p.id LIMIT ", s.arg(limit+1))
	ps, err := r.plans(ctx, s.String(), s.args...)
	if err != nil {
		return out, err
	}
	return page(ps, limit, func(p *plan.Plan) string {
		return newCursor(curDateID).date(p.NextReview).id(p.ID).String()
	}), nil
}
