package memstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

type (
	planT  = plan.Plan
	planID = roles.ID[plan.Plan]
)

// noPlan stands for the stored version of a plan being created: it shares
// nothing, and turns empty slices into nil.
var noPlan planT

// sharePlan is the plans' clone: the Plan struct copied, its slices shared
// with the stored revision. A plan is a value that nobody changes in place
// (package plan, and the contract of adapters.Plans), so the store hands out
// what it keeps instead of deep copies.
func sharePlan(p *planT) planT { return *p }

// keepPlan returns the copy of p that the store keeps: instants normalised,
// empty slices (and an empty SIP) nil, as a deep copy with normalised instants
// would be. A plan is a value (adapters.Plans), so the store keeps p's own
// slices where they are already in that form, and the slices of prev (the
// stored version p replaces, nil on create) where p's are prev's or, once
// normalised, equal to them; it copies only a slice that is not in normal
// form. A revision made with plan.Plan.Change from the stored one thus costs
// the store the Plan struct and nothing else: Change copies what it changes
// and shares the rest.
func keepPlan(p, prev *planT) *planT {
	if prev == nil {
		prev = &noPlan
	}
	c := new(planT)
	*c = *p
	c.UpdatedAt = norm(p.UpdatedAt)
	c.Team = adopt(prev.Team, p.Team, normalMember, func(s, in []plan.Member) []plan.Member { return keepFlat(s, in, normMember) })
	c.ChildViews = adopt(prev.ChildViews, p.ChildViews, normalView, keepViews)
	c.GuardianViews = adopt(prev.GuardianViews, p.GuardianViews, normalView, keepViews)
	c.Disagreements = adopt(prev.Disagreements, p.Disagreements, normalDisagreement, keepDisagreements)
	c.Goals = adopt(prev.Goals, p.Goals, normalGoal, keepGoals)
	c.Items = adopt(prev.Items, p.Items, normalItem, keepItems)
	c.FollowUps = adopt(prev.FollowUps, p.FollowUps, normalFollowUp, keepFollowUps)
	c.StatusHistory = adopt(prev.StatusHistory, p.StatusHistory, normalStatusChange,
		func(s, in []plan.StatusChange) []plan.StatusChange { return keepFlat(s, in, normStatusChange) })
	c.SIP = keepSIP(prev.SIP, p.SIP)
	return c
}

// adopt returns the slice the store keeps for in, a slice of a plan being
// stored, given stored, the same slice of the version it replaces: stored
// when in is stored's own memory; in itself (capacity clipped) when every
// element is in normal form (normal); otherwise what keep makes of it (stored
// when in normalises to stored's content, else a normalised copy). Empty
// slices are nil.
func adopt[E any](stored, in []E, normal func(*E) bool, keep func(stored, in []E) []E) []E {
	switch {
	case len(in) == 0:
		return nil
	case len(stored) == len(in) && &stored[0] == &in[0]:
		return stored
	}
	for i := range in {
		if !normal(&in[i]) {
			return keep(stored, in)
		}
	}
	return slices.Clip(in)
}

// The normal forms of the plan's element types: instants normalised, no
// empty non-nil slice.

func isNorm(t time.Time) bool { return t == norm(t) }

func normalMember(m *plan.Member) bool {
	return isNorm(m.Period.Start) && isNorm(m.Period.End)
}
func normalView(v *plan.View) bool { return isNorm(v.RecordedAt) }
func normalDisagreement(d *plan.Disagreement) bool {
	return isNorm(d.RecordedAt) && notEmpty(d.Parties)
}
func normalGoal(g *plan.Goal) bool { return notEmpty(g.Areas) }
func normalFollowUp(f *plan.FollowUp) bool {
	return isNorm(f.RecordedAt) && notEmpty(f.Participants)
}
func normalStatusChange(s *plan.StatusChange) bool { return isNorm(s.At) }
func normalItem(it *plan.Item) bool {
	if !notEmpty(it.History) || !notEmpty(it.Outcomes) {
		return false
	}
	for i := range it.History {
		if !isNorm(it.History[i].At) {
			return false
		}
	}
	for i := range it.Outcomes {
		if !isNorm(it.Outcomes[i].At) {
			return false
		}
	}
	return true
}

// notEmpty reports that s is nil or has elements: the store keeps no empty
// non-nil slice.
func notEmpty[E any](s []E) bool { return s == nil || len(s) > 0 }

func keepViews(s, in []plan.View) []plan.View { return keepFlat(s, in, normView) }

// The normalisation of the plan's comparable element types.

func normMember(m plan.Member) plan.Member { normPeriod(&m.Period); return m }
func normView(v plan.View) plan.View       { v.RecordedAt = norm(v.RecordedAt); return v }
func normStatusChange(s plan.StatusChange) plan.StatusChange {
	s.At = norm(s.At)
	return s
}
func normItemChange(s plan.ItemStatusChange) plan.ItemStatusChange {
	s.At = norm(s.At)
	return s
}
func normNote(n plan.Note) plan.Note { n.At = norm(n.At); return n }

// The comparisons of the element types with nested slices: each reports
// whether in, normalised, equals stored, field by field.

func sameDisagreement(s, in *plan.Disagreement) bool {
	return s.ID == in.ID && slices.Equal(s.Parties, in.Parties) && s.Text == in.Text &&
		s.RecordedAt.Equal(norm(in.RecordedAt)) && s.RecordedBy == in.RecordedBy
}

func sameGoal(s, in *plan.Goal) bool {
	return s.ID == in.ID && slices.Equal(s.Areas, in.Areas) && s.Outcome == in.Outcome && s.Indicator == in.Indicator
}

func sameFollowUp(s, in *plan.FollowUp) bool {
	return s.ID == in.ID && s.Date == in.Date && slices.Equal(s.Participants, in.Participants) &&
		s.Decisions == in.Decisions && s.NextReview == in.NextReview &&
		s.RecordedAt.Equal(norm(in.RecordedAt)) && s.RecordedBy == in.RecordedBy
}

func sameItem(s, in *plan.Item) bool {
	return s.ID == in.ID && s.Description == in.Description && s.GoalID == in.GoalID && s.Area == in.Area &&
		s.Agency == in.Agency && s.PrincipalID == in.PrincipalID && s.ProfessionalID == in.ProfessionalID &&
		s.ProfessionalRole == in.ProfessionalRole && s.Start == in.Start && s.Due == in.Due &&
		s.Status == in.Status && sameFlat(s.History, in.History, normItemChange) &&
		sameFlat(s.Outcomes, in.Outcomes, normNote)
}

// keepDisagreements returns stored when unchanged, else a normalised copy
// whose parties share one buffer.
func keepDisagreements(stored, in []plan.Disagreement) []plan.Disagreement {
	if same(stored, in, sameDisagreement) {
		return stored
	}
	c := cloneBytes(in)
	n := 0
	for i := range c {
		n += len(c[i].Parties)
	}
	parties := make([]roles.Party, n)
	for i := range c {
		d := &c[i]
		d.Parties, parties = share(parties, d.Parties)
		d.RecordedAt = norm(d.RecordedAt)
	}
	return c
}

// keepGoals returns stored when unchanged, else a copy whose areas share one
// buffer.
func keepGoals(stored, in []plan.Goal) []plan.Goal {
	if same(stored, in, sameGoal) {
		return stored
	}
	c := cloneBytes(in)
	n := 0
	for i := range c {
		n += len(c[i].Areas)
	}
	areas := make([]behovskompass.Area, n)
	for i := range c {
		g := &c[i]
		g.Areas, areas = share(areas, g.Areas)
	}
	return c
}

// keepFollowUps returns stored when unchanged, else a normalised copy whose
// participants share one buffer.
func keepFollowUps(stored, in []plan.FollowUp) []plan.FollowUp {
	if same(stored, in, sameFollowUp) {
		return stored
	}
	c := cloneBytes(in)
	n := 0
	for i := range c {
		n += len(c[i].Participants)
	}
	parties := make([]roles.Party, n)
	for i := range c {
		f := &c[i]
		f.Participants, parties = share(parties, f.Participants)
		f.RecordedAt = norm(f.RecordedAt)
	}
	return c
}

// keepItems returns stored when unchanged, else a copy of the items. Each
// item's history and outcomes are shared with the stored item of the same ID
// at the same place when they are unchanged (a revision usually changes one
// item); the others are normalised copies cut from one buffer per kind.
func keepItems(stored, in []plan.Item) []plan.Item {
	if same(stored, in, sameItem) {
		return stored
	}
	c := cloneBytes(in)
	// First pass: share what is unchanged, count what is not and mark it
	// nil; the second pass copies it from in.
	var nHistory, nOutcomes int
	for i := range c {
		it := &c[i]
		var history []plan.ItemStatusChange
		var outcomes []plan.Note
		if i < len(stored) && stored[i].ID == it.ID {
			history, outcomes = stored[i].History, stored[i].Outcomes
		}
		if len(it.History) > 0 && sameFlat(history, it.History, normItemChange) {
			it.History = history
		} else {
			nHistory += len(it.History)
			it.History = nil
		}
		if len(it.Outcomes) > 0 && sameFlat(outcomes, it.Outcomes, normNote) {
			it.Outcomes = outcomes
		} else {
			nOutcomes += len(it.Outcomes)
			it.Outcomes = nil
		}
	}
	history, outcomes := make([]plan.ItemStatusChange, nHistory), make([]plan.Note, nOutcomes)
	for i := range c {
		it := &c[i]
		if it.History == nil {
			it.History, history = share(history, in[i].History)
			for j := range it.History {
				it.History[j].At = norm(it.History[j].At)
			}
		}
		if it.Outcomes == nil {
			it.Outcomes, outcomes = share(outcomes, in[i].Outcomes)
			for j := range it.Outcomes {
				it.Outcomes[j].At = norm(it.Outcomes[j].At)
			}
		}
	}
	return c
}

// keepSIP returns nil for an empty SIP, stored when unchanged, else a copy.
func keepSIP(stored, in *plan.SIP) *plan.SIP {
	if in == nil || (in.LeadPrincipalID.IsZero() && len(in.Others) == 0 &&
		in.CalledOn.IsZero() && in.MeetingBy.IsZero() && in.HeldOn.IsZero()) {
		return nil
	}
	var others []plan.Contribution
	if stored != nil {
		if stored.LeadPrincipalID == in.LeadPrincipalID && stored.CalledOn == in.CalledOn &&
			stored.MeetingBy == in.MeetingBy && stored.HeldOn == in.HeldOn && sameFlat(stored.Others, in.Others, nil) {
			return stored
		}
		others = stored.Others
	}
	s := *in
	s.Others = keepFlat(others, in.Others, nil)
	return &s
}

var planKind = kind[planID, planT]{
	entity: adapters.EntityPlan,
	id:     func(v *planT) planID { return v.ID },
	rev:    func(v *planT) *int64 { return &v.Revision },
	clone:  sharePlan,
	keep:   keepPlan,
	indexes: []indexDef[planT]{
		{keys: func(v *planT, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }, unique: true, desc: "for that child"},
		{keys: func(v *planT, out []ikey) []ikey {
			for i := range v.Items { // filing a key twice is harmless
				if a := v.Items[i].Agency; a != "" && (i == 0 || v.Items[i-1].Agency != a) {
					out = append(out, kAgency(a))
				}
			}
			return out
		}},
		{keys: func(v *planT, out []ikey) []ikey {
			if v.Status == plan.Aktiv {
				out = append(out, kActive)
			}
			return out
		}},
	},
}

const (
	ixPlanChild, ixPlanAgency, ixPlanActive = 0, 1, 2
)

// planRevisions holds every stored revision of each plan: byPlan[id][i] is
// revision i+1. The latest revision's plan is the plans table's row; stored
// values are never changed in place, but for the thinning of a revision that
// a later one replaced (see storedRevision), which happens in a commit, when
// no View runs and nothing else refers to it.
type planRevisions struct {
	byPlan map[planID][]storedRevision
	// spare is the emptied list of the last write transaction's revisions,
	// for the next one (see repo.release).
	spare []*planT
}

// storedRevision is one stored revision of a plan. The latest keeps its plan
// whole (items nil). Once a later revision is stored, an earlier one is
// thinned: its plan keeps no items (p.Items nil), and items points to each
// item, to the very value the revision before it points to where the item is
// the same, else to a value of its own. A revision then keeps the items it
// changed rather than a copy of the whole list, which for a plan of n items
// changed one item at a time is the difference between n items and one per
// revision.
type storedRevision struct {
	p     *planT
	items []*plan.Item
}

// plan returns the revision as a plan.
func (s storedRevision) plan() planT {
	if s.items == nil {
		return *s.p
	}
	c := *s.p
	c.Items = make([]plan.Item, len(s.items))
	for i, it := range s.items {
		c.Items[i] = *it
	}
	return c
}

// thin returns s, the latest revision until now, thinned (see
// storedRevision); before is the revision before it (thinned), if any. The
// table must no longer hold s.p as its row.
func thin(s storedRevision, before *storedRevision) storedRevision {
	items := s.p.Items
	if s.items != nil || len(items) == 0 {
		return s
	}
	ptrs := make([]*plan.Item, len(items))
	changed := 0
	for i := range items {
		if before != nil && i < len(before.items) && sameItem(before.items[i], &items[i]) {
			ptrs[i] = before.items[i]
		} else {
			changed++
		}
	}
	own := make([]plan.Item, 0, changed) // the items this revision changed, in one allocation
	for i := range items {
		if ptrs[i] == nil {
			own = append(own, items[i])
			ptrs[i] = &own[len(own)-1]
		}
	}
	s.p.Items = nil
	s.items = ptrs
	return s
}

type plansRepo struct {
	repo[planID, planT]
	baseRevs *planRevisions
	// revs are the revisions this transaction stored, of any plan, in order;
	// nil until the first.
	revs []*planT
}

func (r *plansRepo) record(id planID) {
	if r.revs == nil {
		r.revs = r.baseRevs.spare[:0]
		r.baseRevs.spare = nil
		r.tx.dirty = append(r.tx.dirty, revsCommitter{r})
	}
	r.revs = append(r.revs, r.row(id))
}

// revsCommitter merges the revisions of a transaction. It is on the
// transaction's dirty list after the plans table's working copy (record
// puts it there after the first write), so when it commits, the table's rows
// are already the new revisions and the ones they replaced can be thinned.
type revsCommitter struct{ r *plansRepo }

func (c revsCommitter) commit() {
	byPlan := c.r.baseRevs.byPlan
	for _, p := range c.r.revs {
		revs := byPlan[p.ID]
		if n := len(revs); n > 0 && c.r.base.rows[p.ID] != revs[n-1].p {
			var before *storedRevision
			if n > 1 {
				before = &revs[n-2]
			}
			revs[n-1] = thin(revs[n-1], before)
		}
		byPlan[p.ID] = append(revs, storedRevision{p: p})
	}
}

// release keeps the list, emptied and small, for the next write transaction.
func (c revsCommitter) release() {
	if cap(c.r.revs) <= spareMax {
		clear(c.r.revs)
		c.r.baseRevs.spare = c.r.revs[:0]
	}
	c.r.revs = nil
}

// Create implements adapters.Plans.
func (r *plansRepo) Create(ctx context.Context, p *plan.Plan) error {
	if err := r.repo.Create(ctx, p); err != nil {
		return err
	}
	r.record(p.ID)
	return nil
}

// Update implements adapters.Plans.
func (r *plansRepo) Update(ctx context.Context, p *plan.Plan) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	if cur := r.row(p.ID); cur != nil && cur.ChildID != p.ChildID {
		return fmt.Errorf("memstore: update plan %s: the child of a plan never changes: %w", p.ID, roles.ErrInvalid)
	}
	if err := r.repo.Update(ctx, p); err != nil {
		return err
	}
	r.record(p.ID)
	return nil
}

// ByChild implements adapters.Plans.
func (r *plansRepo) ByChild(ctx context.Context, c roles.ID[roles.Child]) (plan.Plan, error) {
	if err := r.tx.readable(ctx); err != nil {
		return plan.Plan{}, err
	}
	var buf [1]*planT
	rows := r.by(ixPlanChild, kChild(c), buf[:0])
	if len(rows) == 0 {
		return plan.Plan{}, adapters.NotFoundBy(adapters.EntityPlan, "of child "+c.String())
	}
	return *rows[0], nil
}

// revision returns revision rev (from 1) of the plan; ok is false when there
// is none.
func (r *plansRepo) revision(id planID, rev int64) (s storedRevision, ok bool) {
	base := r.baseRevs.byPlan[id]
	switch n := int64(len(base)); {
	case rev < 1:
		return s, false
	case rev <= n:
		return base[rev-1], true
	default:
		k := rev - n // the k-th revision of the plan in this transaction
		for _, p := range r.revs {
			if p.ID == id {
				if k--; k == 0 {
					return storedRevision{p: p}, true
				}
			}
		}
	}
	return s, false
}

// Revision implements adapters.Plans.
func (r *plansRepo) Revision(ctx context.Context, id roles.ID[plan.Plan], rev int64) (plan.Plan, error) {
	if err := r.tx.readable(ctx); err != nil {
		return plan.Plan{}, err
	}
	if r.row(id) == nil {
		return plan.Plan{}, adapters.NotFound(adapters.EntityPlan, id.String())
	}
	s, ok := r.revision(id, rev)
	if !ok {
		return plan.Plan{}, &adapters.Error{Entity: adapters.EntityPlanRevision, ID: id.String(),
			Key: "revision " + strconv.FormatInt(rev, 10), Err: adapters.ErrNotFound}
	}
	return s.plan(), nil
}

// Revisions implements adapters.Plans.
func (r *plansRepo) Revisions(ctx context.Context, id roles.ID[plan.Plan], page adapters.PageRequest) (adapters.Page[plan.LogEntry], error) {
	var out adapters.Page[plan.LogEntry]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	before, err := decodeSeqCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	cur := r.row(id)
	if cur == nil {
		return out, nil
	}
	if before == 0 || before > cur.Revision+1 {
		before = cur.Revision + 1
	}
	limit := page.EffectiveLimit()
	for rev := before - 1; rev >= 1; rev-- {
		if len(out.Items) == limit {
			out.Next = encodeSeqCursor(rev + 1)
			break
		}
		if s, ok := r.revision(id, rev); ok {
			out.Items = append(out.Items, s.p.LogEntry())
		}
	}
	return out, nil
}

// itemKey orders overdue items: due date, plan ID, item ID.
type itemKey struct {
	due  roles.Date
	plan planID
	item roles.ID[plan.Item]
}

func (a itemKey) compare(b itemKey) int {
	return cmp.Or(a.due.Compare(b.due), compareID(a.plan, b.plan), compareID(a.item, b.item))
}

func (k itemKey) cursor() string {
	b := binary.BigEndian.AppendUint16(make([]byte, 0, 36), uint16(k.due.Year))
	b = append(b, byte(k.due.Month), byte(k.due.Day))
	p, i := [16]byte(k.plan), [16]byte(k.item)
	b = append(append(b, p[:]...), i[:]...)
	return encodeCursor(tagKey, b)
}

func decodeItemCursor(s string) (itemKey, error) {
	var k itemKey
	b, err := decodeCursor(tagKey, s, 36)
	if err != nil {
		return k, err
	}
	k.due = roles.NewDate(int(binary.BigEndian.Uint16(b)), time.Month(b[2]), int(b[3]))
	copy(k.plan[:], b[4:20])
	copy(k.item[:], b[20:36])
	return k, nil
}

// OverdueItems implements adapters.Plans.
func (r *plansRepo) OverdueItems(ctx context.Context, agency roles.Agency, on roles.Date, page adapters.PageRequest) (adapters.Page[adapters.PlanItem], error) {
	var out adapters.Page[adapters.PlanItem]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	var after itemKey
	if page.Cursor != "" {
		k, err := decodeItemCursor(page.Cursor)
		if err != nil {
			return out, err
		}
		after = k
	}
	type hit struct {
		key itemKey
		p   *planT
		i   int
	}
	var hits []hit
	for _, p := range r.by(ixPlanAgency, kAgency(agency), nil) {
		if p.Status != plan.Aktiv {
			continue
		}
		for i := range p.Items {
			it := &p.Items[i]
			if it.Agency != agency || it.Due.IsZero() || !it.Due.Before(on) || it.Status.Terminal() {
				continue
			}
			k := itemKey{due: it.Due, plan: p.ID, item: it.ID}
			if page.Cursor != "" && k.compare(after) <= 0 {
				continue
			}
			hits = append(hits, hit{k, p, i})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.key.compare(b.key) })
	if limit := page.EffectiveLimit(); len(hits) > limit {
		hits = hits[:limit]
		out.Next = hits[limit-1].key.cursor()
	}
	for _, h := range hits {
		out.Items = append(out.Items, adapters.PlanItem{PlanID: h.p.ID, ChildID: h.p.ChildID, Revision: h.p.Revision, Item: h.p.Items[h.i]})
	}
	return out, nil
}

// DueForFollowUp implements adapters.Plans.
func (r *plansRepo) DueForFollowUp(ctx context.Context, by roles.Date, page adapters.PageRequest) (adapters.Page[plan.Plan], error) {
	var out adapters.Page[plan.Plan]
	if err := r.tx.readable(ctx); err != nil {
		return out, err
	}
	var after itemKey
	if page.Cursor != "" {
		k, err := decodeItemCursor(page.Cursor)
		if err != nil {
			return out, err
		}
		after = k
	}
	var rows []*planT
	for _, p := range r.by(ixPlanActive, kActive, nil) {
		if p.NextReview.IsZero() || p.NextReview.After(by) {
			continue
		}
		if page.Cursor != "" && (itemKey{due: p.NextReview, plan: p.ID}).compare(after) <= 0 {
			continue
		}
		rows = append(rows, p)
	}
	slices.SortFunc(rows, func(a, b *planT) int {
		return cmp.Or(a.NextReview.Compare(b.NextReview), compareID(a.ID, b.ID))
	})
	if limit := page.EffectiveLimit(); len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		out.Next = itemKey{due: last.NextReview, plan: last.ID}.cursor()
	}
	out.Items = cloneAll(&planKind, rows)
	return out, nil
}
