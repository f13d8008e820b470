package plan

import (
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// FromTo is a value before and after a change.
type FromTo[T any] struct {
	From T `json:"from,omitzero"`
	To   T `json:"to,omitzero"`
}

// Diff tells what changed between two revisions of a plan, in a form a
// notification can be built from: which entries were added, removed or
// changed (and in which fields, by JSON name), which items changed status,
// and which agencies are concerned.
//
// Entries are matched by ID. Lists of changed and added entries follow the
// newer revision's order, removed entries the older one's.
type Diff struct {
	PlanID       roles.ID[Plan] `json:"planId"`
	FromRevision int64          `json:"fromRevision"`
	ToRevision   int64          `json:"toRevision"`
	// Fields names the plan's fields that changed, by JSON name, in the
	// order of Plan's fields (the revision bookkeeping, which changes every
	// time, left out): "status", "reason", "team", "goals", "items", ...
	Fields []string `json:"fields,omitempty"`
	// Status, NextReview, Barnkontakt and Stodsamordnare are set when they changed.
	Status         *FromTo[Status]      `json:"status,omitempty"`
	NextReview     *FromTo[roles.Date]  `json:"nextReview,omitempty"`
	Barnkontakt    *FromTo[Responsible] `json:"barnkontakt,omitempty"`
	Stodsamordnare *FromTo[Responsible] `json:"stodsamordnare,omitempty"`

	GoalsAdded   []roles.ID[Goal] `json:"goalsAdded,omitempty"`
	GoalsRemoved []roles.ID[Goal] `json:"goalsRemoved,omitempty"`
	GoalsChanged []GoalDiff       `json:"goalsChanged,omitempty"`

	ItemsAdded   []ItemDiff `json:"itemsAdded,omitempty"`
	ItemsRemoved []ItemDiff `json:"itemsRemoved,omitempty"`
	// ItemsChanged lists the items whose fields or status changed.
	ItemsChanged []ItemDiff `json:"itemsChanged,omitempty"`

	FollowUpsAdded []roles.ID[FollowUp] `json:"followUpsAdded,omitempty"`
}

// GoalDiff names a goal and the fields of it that changed.
type GoalDiff struct {
	ID     roles.ID[Goal] `json:"id"`
	Fields []string       `json:"fields,omitempty"`
}

// ItemDiff names an item that was added, removed or changed, with its agency
// so that the agency can be told.
type ItemDiff struct {
	ID roles.ID[Item] `json:"id"`
	// Agency is the responsible agency: after the change, or before it for a
	// removed item.
	Agency roles.Agency `json:"agency,omitempty"`
	// PreviousAgency is the agency before the change, when it changed.
	PreviousAgency roles.Agency `json:"previousAgency,omitempty"`
	// Fields names the fields that changed, by JSON name. A status change is
	// given by Status, with its history; "history" appears here only when the
	// history changed and the status did not.
	Fields []string `json:"fields,omitempty"`
	// Status is set when the item's status changed.
	Status *FromTo[ItemStatus] `json:"status,omitempty"`
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Fields) == 0 }

// Agencies returns, in canonical order, the agencies a change concerns
// directly: those of the items added, removed or changed (before and after a
// change of agency) and of the Barnkontakt and Stödsamordnare before and after
// a change. A change to the plan as a whole (its status, goals, review date or
// follow-ups) concerns every agency of the plan: see Plan.Agencies.
func (d Diff) Agencies() []roles.Agency {
	var set agencySet
	for _, l := range [][]ItemDiff{d.ItemsAdded, d.ItemsRemoved, d.ItemsChanged} {
		for i := range l {
			set.add(l[i].Agency)
			set.add(l[i].PreviousAgency)
		}
	}
	for _, r := range []*FromTo[Responsible]{d.Barnkontakt, d.Stodsamordnare} {
		if r != nil {
			set.add(r.From.Agency)
			set.add(r.To.Agency)
		}
	}
	return set.list()
}

// StatusChanges returns the items whose status changed, in the newer
// revision's order.
func (d Diff) StatusChanges() []ItemDiff {
	var out []ItemDiff
	for _, c := range d.ItemsChanged {
		if c.Status != nil {
			out = append(out, c)
		}
	}
	return out
}

// Diff returns what changed from revision a to revision b of the plan. A nil
// a stands for the plan before its first revision (everything in b is new); a
// nil b for no plan (everything in a is removed).
func (a *Plan) Diff(b *Plan) Diff {
	var empty Plan
	if a == nil {
		a = &empty
	}
	if b == nil {
		b = &empty
	}
	d := Diff{PlanID: b.ID, FromRevision: a.Revision, ToRevision: b.Revision}
	if b == &empty {
		d.PlanID = a.ID
	}
	fields := make([]string, 0, 8)
	mark := func(changed bool, name string) {
		if changed {
			fields = append(fields, name)
		}
	}
	if a.Status != b.Status {
		fields = append(fields, "status")
		d.Status = &FromTo[Status]{From: a.Status, To: b.Status}
	}
	mark(a.Reason != b.Reason, "reason")
	if a.Barnkontakt != b.Barnkontakt {
		fields = append(fields, "barnkontakt")
		d.Barnkontakt = &FromTo[Responsible]{From: a.Barnkontakt, To: b.Barnkontakt}
	}
	if a.Stodsamordnare != b.Stodsamordnare {
		fields = append(fields, "stodsamordnare")
		d.Stodsamordnare = &FromTo[Responsible]{From: a.Stodsamordnare, To: b.Stodsamordnare}
	}
	mark(!same(a.Team, b.Team) && !slices.EqualFunc(a.Team, b.Team, eqMember), "team")
	mark(!same(a.ChildViews, b.ChildViews) && !slices.EqualFunc(a.ChildViews, b.ChildViews, eqView), "childViews")
	mark(!same(a.GuardianViews, b.GuardianViews) && !slices.EqualFunc(a.GuardianViews, b.GuardianViews, eqView), "guardianViews")
	mark(!same(a.Disagreements, b.Disagreements) && !slices.EqualFunc(a.Disagreements, b.Disagreements, eqDisagreement), "disagreements")
	mark(!same(a.Goals, b.Goals) && d.goals(a.Goals, b.Goals), "goals")
	mark(!same(a.Items, b.Items) && d.items(a.Items, b.Items), "items")
	mark(!same(a.FollowUps, b.FollowUps) && d.followUps(a.FollowUps, b.FollowUps), "followUps")
	if a.NextReview != b.NextReview {
		fields = append(fields, "nextReview")
		d.NextReview = &FromTo[roles.Date]{From: a.NextReview, To: b.NextReview}
	}
	mark(!eqSIP(a.SIP, b.SIP), "sip")
	mark(!same(a.StatusHistory, b.StatusHistory) && !slices.EqualFunc(a.StatusHistory, b.StatusHistory, eqStatusChange), "statusHistory")
	if len(fields) > 0 {
		d.Fields = fields
	}
	return d
}

// match pairs the entries of a and b by key, calling same for pairs, added
// for entries only in b (in b's order) and removed for entries only in a (in
// a's order). While both lists hold the same keys in the same order, as
// successive revisions mostly do, it needs no map.
func match[E any, K comparable](a, b []E, key func(*E) K, same func(x, y *E), added func(y *E), removed func(x *E)) {
	n := 0
	for n < len(a) && n < len(b) && key(&a[n]) == key(&b[n]) {
		same(&a[n], &b[n])
		n++
	}
	if n == len(a) && n == len(b) {
		return
	}
	idx := make(map[K]int, len(a)-n)
	for i := n; i < len(a); i++ {
		if _, dup := idx[key(&a[i])]; !dup {
			idx[key(&a[i])] = i
		}
	}
	paired := make([]bool, len(a)-n)
	for j := n; j < len(b); j++ {
		i, ok := idx[key(&b[j])]
		if ok && !paired[i-n] {
			paired[i-n] = true
			same(&a[i], &b[j])
		} else {
			added(&b[j])
		}
	}
	for i := n; i < len(a); i++ {
		if !paired[i-n] {
			removed(&a[i])
		}
	}
}

func (d *Diff) goals(a, b []Goal) bool {
	changed := false
	match(a, b, func(g *Goal) roles.ID[Goal] { return g.ID },
		func(x, y *Goal) {
			var f []string
			if !slices.Equal(x.Areas, y.Areas) {
				f = append(f, "areas")
			}
			if x.Outcome != y.Outcome {
				f = append(f, "outcome")
			}
			if x.Indicator != y.Indicator {
				f = append(f, "indicator")
			}
			if f != nil {
				changed = true
				d.GoalsChanged = append(d.GoalsChanged, GoalDiff{ID: y.ID, Fields: f})
			}
		},
		func(y *Goal) { changed = true; d.GoalsAdded = append(d.GoalsAdded, y.ID) },
		func(x *Goal) { changed = true; d.GoalsRemoved = append(d.GoalsRemoved, x.ID) })
	return changed
}

func (d *Diff) items(a, b []Item) bool {
	changed := false
	match(a, b, func(it *Item) roles.ID[Item] { return it.ID },
		func(x, y *Item) {
			f := itemFields(x, y)
			if f == nil && x.Status == y.Status {
				return
			}
			changed = true
			c := ItemDiff{ID: y.ID, Agency: y.Agency, Fields: f}
			if x.Agency != y.Agency {
				c.PreviousAgency = x.Agency
			}
			if x.Status != y.Status {
				c.Status = &FromTo[ItemStatus]{From: x.Status, To: y.Status}
			}
			d.ItemsChanged = append(d.ItemsChanged, c)
		},
		func(y *Item) {
			changed = true
			d.ItemsAdded = append(d.ItemsAdded, ItemDiff{ID: y.ID, Agency: y.Agency})
		},
		func(x *Item) {
			changed = true
			d.ItemsRemoved = append(d.ItemsRemoved, ItemDiff{ID: x.ID, Agency: x.Agency})
		})
	return changed
}

// itemFields returns the JSON names of the fields of an item that differ,
// status left out, or nil.
func itemFields(x, y *Item) []string {
	var f []string
	add := func(changed bool, name string) {
		if changed {
			f = append(f, name)
		}
	}
	add(x.Description != y.Description, "description")
	add(x.GoalID != y.GoalID, "goalId")
	add(x.Area != y.Area, "area")
	add(x.Agency != y.Agency, "agency")
	add(x.PrincipalID != y.PrincipalID, "principalId")
	add(x.ProfessionalID != y.ProfessionalID, "professionalId")
	add(x.ProfessionalRole != y.ProfessionalRole, "professionalRole")
	add(x.Start != y.Start, "start")
	add(x.Due != y.Due, "due")
	add(x.Status == y.Status && !same(x.History, y.History) && !slices.EqualFunc(x.History, y.History, eqItemStatusChange), "history")
	add(!same(x.Outcomes, y.Outcomes) && !slices.EqualFunc(x.Outcomes, y.Outcomes, eqNote), "outcomes")
	return f
}

func (d *Diff) followUps(a, b []FollowUp) bool {
	changed := false
	match(a, b, func(f *FollowUp) roles.ID[FollowUp] { return f.ID },
		func(x, y *FollowUp) { changed = changed || !eqFollowUp(*x, *y) },
		func(y *FollowUp) { changed = true; d.FollowUpsAdded = append(d.FollowUpsAdded, y.ID) },
		func(*FollowUp) { changed = true })
	return changed
}

// same reports whether a and b are the same memory (revisions share what a
// change left alone), which makes them equal without a look at their elements.
func same[E any](a, b []E) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

// The equality functions compare instants with time.Time.Equal, so that a
// revision read back from storage in another location equals the one written.

func eqTime(x, y time.Time) bool { return x.Equal(y) }

func eqPeriod(x, y roles.Period) bool { return eqTime(x.Start, y.Start) && eqTime(x.End, y.End) }

func eqMember(x, y Member) bool {
	return x.ID == y.ID && x.Party == y.Party && x.Role == y.Role && x.Agency == y.Agency && eqPeriod(x.Period, y.Period)
}

func eqView(x, y View) bool {
	return x.ID == y.ID && x.Holder == y.Holder && x.Text == y.Text && x.GoalID == y.GoalID &&
		eqTime(x.RecordedAt, y.RecordedAt) && x.RecordedBy == y.RecordedBy
}

func eqDisagreement(x, y Disagreement) bool {
	return x.ID == y.ID && slices.Equal(x.Parties, y.Parties) && x.Text == y.Text &&
		eqTime(x.RecordedAt, y.RecordedAt) && x.RecordedBy == y.RecordedBy
}

func eqFollowUp(x, y FollowUp) bool {
	return x.ID == y.ID && x.Date == y.Date && slices.Equal(x.Participants, y.Participants) &&
		x.Decisions == y.Decisions && x.NextReview == y.NextReview &&
		eqTime(x.RecordedAt, y.RecordedAt) && x.RecordedBy == y.RecordedBy
}

func eqItemStatusChange(x, y ItemStatusChange) bool {
	return eqTime(x.At, y.At) && x.By == y.By && x.From == y.From && x.To == y.To && x.Note == y.Note
}

func eqStatusChange(x, y StatusChange) bool {
	return eqTime(x.At, y.At) && x.By == y.By && x.From == y.From && x.To == y.To && x.Note == y.Note
}

func eqNote(x, y Note) bool { return eqTime(x.At, y.At) && x.By == y.By && x.Text == y.Text }

func eqSIP(x, y *SIP) bool {
	if x == nil || y == nil {
		return x == y
	}
	return x.LeadPrincipalID == y.LeadPrincipalID && slices.Equal(x.Others, y.Others) &&
		x.CalledOn == y.CalledOn && x.MeetingBy == y.MeetingBy && x.HeldOn == y.HeldOn
}
