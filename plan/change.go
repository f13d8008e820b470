package plan

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/backabarnet/backabarnet/roles"
)

// ErrUnknownID is matched by errors from Draft methods given an ID that names
// no goal, item or member of the plan.
var ErrUnknownID = errors.New("no such entry in the plan")

// ErrNotActive is matched by errors from Draft methods that the plan's status
// does not allow: item status changes, outcomes and follow-ups need an active
// plan, and a closed plan takes no change but reopening.
var ErrNotActive = errors.New("not allowed in the plan's status")

// errDraftDone is returned by a Draft used after its change has ended.
var errDraftDone = errors.New("plan: draft used after its change ended")

// MaxSummaryLen is the longest change summary, in bytes.
const MaxSummaryLen = 500

// Draft is the next revision of a plan while a change is being made. Its
// methods check what can be checked at once (that an ID exists, that a
// transition is allowed, that the plan's status allows the step) and return
// an error otherwise; everything else is checked by Validate when the change
// ends. A Draft is valid only inside the function given to Plan.Change.
//
// Entries added without an ID get a new one. Views, disagreements and
// follow-ups added without RecordedAt and RecordedBy get the change's time and
// author.
type Draft struct {
	p      Plan
	author roles.Party
	at     time.Time
	done   bool
	// owned marks the slices of p that the draft has copied (one bit per
	// slice, see own): until then they are the memory of the revision the
	// change started from, which the draft must not write to.
	owned uint8
}

// The slices of a Draft's plan, as bits of Draft.owned.
const (
	ownTeam uint8 = 1 << iota
	ownChildViews
	ownGuardianViews
	ownDisagreements
	ownGoals
	ownItems
	ownFollowUps
	ownStatusHistory
)

// own makes *s, the slice of the draft's plan marked by bit, the draft's own
// copy before the draft first writes to it. Entries' own slices (an item's
// history, a goal's areas) stay shared: the draft replaces them rather than
// writing to them (appendTo).
func own[E any](d *Draft, bit uint8, s *[]E) {
	if d.owned&bit == 0 {
		*s = slices.Clone(*s)
		d.owned |= bit
	}
}

// Change makes the next revision of p: it copies p, lets edit change the copy
// through the Draft, sets the revision number (p.Revision+1), the author, the
// time and the summary, and validates the result. It returns the new revision,
// or the error edit returned, or a *roles.ValidationError listing every rule
// the new revision would break. p itself is never modified.
//
// The copy is made as the steps need it: the new revision has its own copy
// of each list a step changed (the items, when an item's status changes) and
// shares every other list, and every entry's own lists (an item's history),
// with p. A change thus costs what it changes, and the revisions of a plan
// share most of their memory; which is why a Plan is never changed in place.
//
// author is who makes the change; at is when (stored in UTC at microsecond
// precision, and not before p.UpdatedAt); summary says in a few words what the
// change does (required, at most MaxSummaryLen bytes). edit may be nil, for a
// revision that only records that the plan was looked over. A plan made by New
// gets revision 1.
func (p *Plan) Change(author roles.Party, at time.Time, summary string, edit func(*Draft) error) (*Plan, error) {
	if p == nil {
		return nil, fmt.Errorf("plan: change of a nil plan: %w", roles.ErrInvalid)
	}
	at = at.UTC().Truncate(time.Microsecond)
	ve := &roles.ValidationError{Subject: "change"}
	if !author.Kind.Valid() || author.ID == [16]byte{} {
		ve.Add("author", "required", "a known kind of party with an ID is required")
	}
	switch {
	case at.IsZero():
		ve.Add("at", "required", "a value is required")
	case at.Before(p.UpdatedAt):
		ve.Add("at", "time_order", "a change cannot come before the revision it changes")
	}
	switch {
	case summary == "":
		ve.Add("summary", "required", "a value is required")
	case len(summary) > MaxSummaryLen:
		ve.Add("summary", "max", "at most 500 bytes")
	case !utf8.ValidString(summary):
		ve.Add("summary", "utf8", "not valid UTF-8")
	}
	if p.Revision < 0 {
		ve.Add("revision", "gte", "at least 0")
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	d := &Draft{p: *p, author: author, at: at}
	if d.p.Revision == 0 && d.p.Status == "" {
		d.p.Status = Utkast
	}
	if edit != nil {
		err := edit(d)
		d.done = true
		if err != nil {
			return nil, err
		}
	}
	d.done = true
	d.normalize()
	n := &d.p
	n.Revision = p.Revision + 1
	n.UpdatedAt = at
	n.UpdatedBy = author
	n.Summary = summary
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return n, nil
}

// normalize makes the draft's empty slices nil, so that a revision survives
// a JSON round trip unchanged. A slice of entries whose own slices need it is
// owned first (see own), so that the revision the change started from is
// left as it was.
func (d *Draft) normalize() {
	p := &d.p
	// The lists the draft owns may have room to spare from its appends: the
	// revision's headers leave none, so that an append to one never writes
	// into memory another revision may come to share.
	p.Team, p.ChildViews, p.GuardianViews = slices.Clip(p.Team), slices.Clip(p.ChildViews), slices.Clip(p.GuardianViews)
	p.Disagreements, p.Goals, p.Items = slices.Clip(p.Disagreements), slices.Clip(p.Goals), slices.Clip(p.Items)
	p.FollowUps, p.StatusHistory = slices.Clip(p.FollowUps), slices.Clip(p.StatusHistory)
	nilEmpty(&p.Team)
	nilEmpty(&p.ChildViews)
	nilEmpty(&p.GuardianViews)
	nilEmpty(&p.Disagreements)
	if hasEmpty(p.Disagreements, func(x *Disagreement) bool { return isEmpty(x.Parties) }) {
		own(d, ownDisagreements, &p.Disagreements)
		for i := range p.Disagreements {
			nilEmpty(&p.Disagreements[i].Parties)
		}
	}
	nilEmpty(&p.Goals)
	if hasEmpty(p.Goals, func(g *Goal) bool { return isEmpty(g.Areas) }) {
		own(d, ownGoals, &p.Goals)
		for i := range p.Goals {
			nilEmpty(&p.Goals[i].Areas)
		}
	}
	nilEmpty(&p.Items)
	if hasEmpty(p.Items, func(it *Item) bool { return isEmpty(it.History) || isEmpty(it.Outcomes) }) {
		own(d, ownItems, &p.Items)
		for i := range p.Items {
			nilEmpty(&p.Items[i].History)
			nilEmpty(&p.Items[i].Outcomes)
		}
	}
	nilEmpty(&p.FollowUps)
	if hasEmpty(p.FollowUps, func(f *FollowUp) bool { return isEmpty(f.Participants) }) {
		own(d, ownFollowUps, &p.FollowUps)
		for i := range p.FollowUps {
			nilEmpty(&p.FollowUps[i].Participants)
		}
	}
	if p.SIP != nil && isEmpty(p.SIP.Others) {
		s := *p.SIP
		s.Others = nil
		p.SIP = &s
	}
	nilEmpty(&p.StatusHistory)
}

// isEmpty reports whether s is empty but not nil.
func isEmpty[T any](s []T) bool { return s != nil && len(s) == 0 }

// hasEmpty reports whether empty reports true of an element of s.
func hasEmpty[T any](s []T, empty func(*T) bool) bool {
	for i := range s {
		if empty(&s[i]) {
			return true
		}
	}
	return false
}

func nilEmpty[T any](s *[]T) {
	if *s != nil && len(*s) == 0 {
		*s = nil
	}
}

// appendTo returns s with v appended, in memory of its own and of its exact
// size: it never writes into memory s may share with an earlier revision,
// and leaves no spare capacity that an append to the result could write
// into behind another revision's back.
func appendTo[T any](s []T, v ...T) []T {
	c := make([]T, len(s)+len(v))
	copy(c, s)
	copy(c[len(s):], v)
	return c
}

// check returns an error when the draft may not be used, or the plan's status
// does not allow the step: with needActive, only an active plan; otherwise any
// plan but a closed one.
func (d *Draft) check(op string, needActive bool) error {
	if d.done {
		return errDraftDone
	}
	switch {
	case d.p.Status == Avslutad:
		return fmt.Errorf("%s: plan is %s; reopen it first: %w", op, d.p.Status, ErrNotActive)
	case needActive && d.p.Status != Aktiv:
		return fmt.Errorf("%s: plan is %s: %w", op, quoteCode(string(d.p.Status)), ErrNotActive)
	}
	return nil
}

// Status returns the status of the draft (it changes with SetStatus).
func (d *Draft) Status() Status { return d.p.Status }

// Goal returns the goal with the given ID as it stands in the draft.
func (d *Draft) Goal(id roles.ID[Goal]) (Goal, bool) { return d.p.Goal(id) }

// Item returns the item with the given ID as it stands in the draft, for an
// edit passed back to UpdateItem.
func (d *Draft) Item(id roles.ID[Item]) (Item, bool) { return d.p.Item(id) }

// SetStatus moves the plan to status to: utkast -> aktiv (activate),
// aktiv -> avslutad (close), avslutad -> aktiv (reopen). The change is
// recorded in the status history with note (which may be empty). Other moves
// return a *PlanTransitionError. An active plan must pass every rule of
// Validate, and a closed plan must have no open items; these are checked when
// the change ends.
func (d *Draft) SetStatus(to Status, note string) error {
	if d.done {
		return errDraftDone
	}
	from := d.p.Status
	if !from.CanMoveTo(to) {
		return &PlanTransitionError{From: from, To: to}
	}
	d.p.Status = to
	own(d, ownStatusHistory, &d.p.StatusHistory)
	d.p.StatusHistory = append(d.p.StatusHistory, StatusChange{At: d.at, By: d.author, From: from, To: to, Note: note})
	return nil
}

// SetReason sets why the plan exists.
func (d *Draft) SetReason(reason string) error {
	if err := d.check("set reason", false); err != nil {
		return err
	}
	d.p.Reason = reason
	return nil
}

// SetBarnkontakt sets the child's Barnkontakt.
func (d *Draft) SetBarnkontakt(r Responsible) error {
	if err := d.check("set barnkontakt", false); err != nil {
		return err
	}
	d.p.Barnkontakt = r
	return nil
}

// SetStodsamordnare sets the Stödsamordnare who holds the overall
// responsibility; the zero Responsible removes it.
func (d *Draft) SetStodsamordnare(r Responsible) error {
	if err := d.check("set stodsamordnare", false); err != nil {
		return err
	}
	d.p.Stodsamordnare = r
	return nil
}

// SetNextReview sets the date of the next follow-up.
func (d *Draft) SetNextReview(date roles.Date) error {
	if err := d.check("set next review", false); err != nil {
		return err
	}
	d.p.NextReview = date
	return nil
}

// SetSIP sets what the plan states as a SIP; nil removes the section. The
// meeting's deadline (MeetingBy) is usually MeetingDeadline(s.CalledOn, days).
func (d *Draft) SetSIP(s *SIP) error {
	if err := d.check("set sip", false); err != nil {
		return err
	}
	if s == nil {
		d.p.SIP = nil
		return nil
	}
	c := *s
	c.Others = cloneSlice(s.Others)
	d.p.SIP = &c
	return nil
}

// AddMember adds a member to the child's team and returns its ID.
func (d *Draft) AddMember(m Member) (roles.ID[Member], error) {
	if err := d.check("add member", false); err != nil {
		return roles.ID[Member]{}, err
	}
	if err := ensureID(&m.ID); err != nil {
		return roles.ID[Member]{}, err
	}
	own(d, ownTeam, &d.p.Team)
	d.p.Team = append(d.p.Team, m)
	return m.ID, nil
}

// EndMember ends a team membership at end (a handover: the member takes part
// until end, not at it).
func (d *Draft) EndMember(id roles.ID[Member], end time.Time) error {
	if err := d.check("end member", false); err != nil {
		return err
	}
	for i := range d.p.Team {
		if d.p.Team[i].ID == id {
			own(d, ownTeam, &d.p.Team)
			d.p.Team[i].Period.End = end.UTC().Truncate(time.Microsecond)
			return nil
		}
	}
	return fmt.Errorf("end member %s: %w", id, ErrUnknownID)
}

// AddView records a view of the child (v.Holder of kind child) in ChildViews
// or of a guardian (kind guardian) in GuardianViews, and returns its ID.
func (d *Draft) AddView(v View) (roles.ID[View], error) {
	if err := d.check("add view", false); err != nil {
		return roles.ID[View]{}, err
	}
	if v.Holder.Kind != roles.PartyChild && v.Holder.Kind != roles.PartyGuardian {
		return roles.ID[View]{}, fmt.Errorf("add view: the holder is the child or a guardian: %w", roles.ErrInvalid)
	}
	if err := ensureID(&v.ID); err != nil {
		return roles.ID[View]{}, err
	}
	d.stamp(&v.RecordedAt, &v.RecordedBy)
	if v.Holder.Kind == roles.PartyChild {
		own(d, ownChildViews, &d.p.ChildViews)
		d.p.ChildViews = append(d.p.ChildViews, v)
	} else {
		own(d, ownGuardianViews, &d.p.GuardianViews)
		d.p.GuardianViews = append(d.p.GuardianViews, v)
	}
	return v.ID, nil
}

// AddDisagreement records a disagreement and returns its ID.
func (d *Draft) AddDisagreement(x Disagreement) (roles.ID[Disagreement], error) {
	if err := d.check("add disagreement", false); err != nil {
		return roles.ID[Disagreement]{}, err
	}
	if err := ensureID(&x.ID); err != nil {
		return roles.ID[Disagreement]{}, err
	}
	x.Parties = cloneSlice(x.Parties)
	d.stamp(&x.RecordedAt, &x.RecordedBy)
	own(d, ownDisagreements, &d.p.Disagreements)
	d.p.Disagreements = append(d.p.Disagreements, x)
	return x.ID, nil
}

// AddGoal adds a goal and returns its ID.
func (d *Draft) AddGoal(g Goal) (roles.ID[Goal], error) {
	if err := d.check("add goal", false); err != nil {
		return roles.ID[Goal]{}, err
	}
	if err := ensureID(&g.ID); err != nil {
		return roles.ID[Goal]{}, err
	}
	g.Areas = cloneSlice(g.Areas)
	own(d, ownGoals, &d.p.Goals)
	d.p.Goals = append(d.p.Goals, g)
	return g.ID, nil
}

// UpdateGoal replaces the goal with g.ID by g.
func (d *Draft) UpdateGoal(g Goal) error {
	if err := d.check("update goal", false); err != nil {
		return err
	}
	i := d.p.goalIndex(g.ID)
	if i < 0 {
		return fmt.Errorf("update goal %s: %w", g.ID, ErrUnknownID)
	}
	g.Areas = cloneSlice(g.Areas)
	own(d, ownGoals, &d.p.Goals)
	d.p.Goals[i] = g
	return nil
}

// RemoveGoal removes a goal. No item may serve it when the change ends.
func (d *Draft) RemoveGoal(id roles.ID[Goal]) error {
	if err := d.check("remove goal", false); err != nil {
		return err
	}
	i := d.p.goalIndex(id)
	if i < 0 {
		return fmt.Errorf("remove goal %s: %w", id, ErrUnknownID)
	}
	own(d, ownGoals, &d.p.Goals)
	d.p.Goals = slices.Delete(d.p.Goals, i, i+1)
	return nil
}

// AddItem adds an item and returns its ID. A new item is planned: its Status
// is empty or Planerad, and it has no history and no outcomes.
func (d *Draft) AddItem(it Item) (roles.ID[Item], error) {
	if err := d.check("add item", false); err != nil {
		return roles.ID[Item]{}, err
	}
	if (it.Status != "" && it.Status != Planerad) || len(it.History) > 0 || len(it.Outcomes) > 0 {
		return roles.ID[Item]{}, fmt.Errorf("add item: a new item starts as planerad, without history or outcomes: %w", roles.ErrInvalid)
	}
	if err := ensureID(&it.ID); err != nil {
		return roles.ID[Item]{}, err
	}
	it.Status, it.History, it.Outcomes = Planerad, nil, nil
	own(d, ownItems, &d.p.Items)
	d.p.Items = append(d.p.Items, it)
	return it.ID, nil
}

// UpdateItem replaces the item with it.ID by it. Its status, history and
// outcomes change only through SetItemStatus and AddOutcome: in it they must
// be left zero or equal to the item's present ones, so that an item read with
// Plan.Item may be edited and passed back.
func (d *Draft) UpdateItem(it Item) error {
	if err := d.check("update item", false); err != nil {
		return err
	}
	i := d.p.itemIndex(it.ID)
	if i < 0 {
		return fmt.Errorf("update item %s: %w", it.ID, ErrUnknownID)
	}
	own(d, ownItems, &d.p.Items)
	cur := &d.p.Items[i]
	if (it.Status != "" && it.Status != cur.Status) ||
		(it.History != nil && !slices.Equal(it.History, cur.History)) ||
		(it.Outcomes != nil && !slices.Equal(it.Outcomes, cur.Outcomes)) {
		return fmt.Errorf("update item %s: status, history and outcomes change through SetItemStatus and AddOutcome: %w", it.ID, roles.ErrInvalid)
	}
	it.Status, it.History, it.Outcomes = cur.Status, cur.History, cur.Outcomes
	*cur = it
	return nil
}

// RemoveItem removes an item that is still planned (Planerad). An item that
// has started is ended as Avbruten instead, so that its history stays.
func (d *Draft) RemoveItem(id roles.ID[Item]) error {
	if err := d.check("remove item", false); err != nil {
		return err
	}
	i := d.p.itemIndex(id)
	if i < 0 {
		return fmt.Errorf("remove item %s: %w", id, ErrUnknownID)
	}
	if d.p.Items[i].Status != Planerad || len(d.p.Items[i].History) > 0 {
		return fmt.Errorf("remove item %s: only a planned item is removed; set it to avbruten: %w", id, roles.ErrInvalid)
	}
	own(d, ownItems, &d.p.Items)
	d.p.Items = slices.Delete(d.p.Items, i, i+1)
	return nil
}

// SetItemStatus moves an item to status to, recording who, when, from, to and
// note in the item's history. The plan must be active. A move the item
// lifecycle does not allow returns a *TransitionError naming both statuses.
func (d *Draft) SetItemStatus(id roles.ID[Item], to ItemStatus, note string) error {
	if err := d.check("set item status", true); err != nil {
		return err
	}
	i := d.p.itemIndex(id)
	if i < 0 {
		return fmt.Errorf("set item status %s: %w", id, ErrUnknownID)
	}
	if !d.p.Items[i].Status.CanMoveTo(to) {
		return &TransitionError{Item: id, From: d.p.Items[i].Status, To: to}
	}
	own(d, ownItems, &d.p.Items)
	it := &d.p.Items[i]
	it.History = appendTo(it.History, ItemStatusChange{At: d.at, By: d.author, From: it.Status, To: to, Note: note})
	it.Status = to
	return nil
}

// AddOutcome adds a note on what an item achieved. The plan must be active.
func (d *Draft) AddOutcome(id roles.ID[Item], text string) error {
	if err := d.check("add outcome", true); err != nil {
		return err
	}
	i := d.p.itemIndex(id)
	if i < 0 {
		return fmt.Errorf("add outcome %s: %w", id, ErrUnknownID)
	}
	own(d, ownItems, &d.p.Items)
	it := &d.p.Items[i]
	it.Outcomes = appendTo(it.Outcomes, Note{At: d.at, By: d.author, Text: text})
	return nil
}

// RecordFollowUp records a follow-up meeting, sets the plan's next review
// date to the one the meeting set, and returns the follow-up's ID. The plan
// must be active.
func (d *Draft) RecordFollowUp(f FollowUp) (roles.ID[FollowUp], error) {
	if err := d.check("record follow-up", true); err != nil {
		return roles.ID[FollowUp]{}, err
	}
	if err := ensureID(&f.ID); err != nil {
		return roles.ID[FollowUp]{}, err
	}
	f.Participants = cloneSlice(f.Participants)
	d.stamp(&f.RecordedAt, &f.RecordedBy)
	own(d, ownFollowUps, &d.p.FollowUps)
	d.p.FollowUps = append(d.p.FollowUps, f)
	d.p.NextReview = f.NextReview
	return f.ID, nil
}

// stamp fills in the change's time and author where the caller left them zero.
func (d *Draft) stamp(at *time.Time, by *roles.Party) {
	if at.IsZero() {
		*at = d.at
	} else {
		*at = at.UTC().Truncate(time.Microsecond)
	}
	if by.IsZero() {
		*by = d.author
	}
}

// ensureID gives *id a new UUIDv7 when it is zero.
func ensureID[T any](id *roles.ID[T]) error {
	if !id.IsZero() {
		return nil
	}
	n, err := roles.NewID[T]()
	if err != nil {
		return err
	}
	*id = n
	return nil
}
