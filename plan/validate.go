package plan

import (
	"bytes"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/backabarnet/backabarnet/roles"
)

// MaxTextLen is the longest free text (reason, description, outcome, view,
// decisions, note), in bytes of UTF-8.
const MaxTextLen = 10000

// Validate checks every rule a plan keeps and returns a *roles.ValidationError
// listing each broken rule with its path in JSON field names (items[2].due)
// and a rule name, or nil. Values never appear in the error.
//
// The rules are written out by hand rather than as validator tags: Validate
// runs on every change, and must stay cheap for a plan with hundreds of items.
//
// In every status:
//   - the plan has its id, childId, a known status, a revision from 1, the
//     time, author and summary of its last change;
//   - goals, items, follow-ups, team members, views and disagreements have
//     unique IDs; codes (areas, agencies, roles, statuses, party kinds) are
//     known; dates exist in the calendar; texts are UTF-8 of at most
//     MaxTextLen bytes;
//   - a goal has one or more compass areas, without repeats;
//   - an item has a description, serves a goal of the plan (goal_ref) and one
//     of that goal's areas (goal_area); its due date is not before its start
//     (date_order); its status is where its history leads, every step of the
//     history being allowed by the item lifecycle (status_history,
//     transition);
//   - the plan's status is where its status history leads (status_history);
//   - team members' parties fit their roles (the child is this plan's child);
//     professional members have an agency; periods are valid;
//   - child views are held by this plan's child, guardian views by guardians;
//   - a follow-up has a date, participants and a next review date after the
//     meeting; follow-ups are in date order (followup_order) and none is
//     dated after the day it was recorded (in_future);
//   - nothing was recorded after the revision that holds it (time_order).
//
// In a draft (utkast): every item is planned with no history (draft_item),
// and there are no follow-ups (draft_followup).
//
// In an active plan (aktiv), and in a closed one, which was active:
//   - the plan states its reason, its Barnkontakt and its next review date;
//   - every goal states its desired outcome and how it will be seen;
//   - every item has a responsible agency and a due date;
//   - once items are owned by two or more agencies there is a Stödsamordnare
//     (stodsamordnare_required);
//   - when both social services and health care own items (IsSIP), the plan
//     has its SIP section (sip_required) naming the principal with overall
//     responsibility, which is the principal of a SIP item
//     (sip_lead_principal), and each item of social services and health care
//     names its principal (sip_principal).
//
// In a closed plan (avslutad) every item has ended: genomford or avbruten
// (item_open).
func (p *Plan) Validate() error {
	v := validator{ve: &roles.ValidationError{Subject: "plan"}, p: p}
	v.run()
	return v.ve.Err()
}

type validator struct {
	ve *roles.ValidationError
	p  *Plan
	// complete is true for active and closed plans, which must be complete.
	complete bool
	goals    goalLookup
}

func (v *validator) add(path, rule, detail string) { v.ve.Add(path, rule, detail) }

func at(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }

func field(base, f string) string {
	if base == "" {
		return f
	}
	return base + "." + f
}

func validParty(p roles.Party) bool { return p.Kind.Valid() && p.ID != [16]byte{} }

func (v *validator) party(path string, p roles.Party) {
	if !validParty(p) {
		if p.IsZero() {
			v.add(path, "required", "a value is required")
		} else {
			v.add(path, "party", "a known kind of party with an ID is required")
		}
	}
}

// text checks an optional free text; required makes it mandatory.
func (v *validator) text(path, s string, required bool) {
	switch {
	case s == "":
		if required {
			v.add(path, "required", "a value is required")
		}
	case len(s) > MaxTextLen:
		v.add(path, "max", "at most "+strconv.Itoa(MaxTextLen)+" bytes")
	case !utf8.ValidString(s):
		v.add(path, "utf8", "not valid UTF-8")
	}
}

// date checks an optional calendar date; required makes it mandatory.
func (v *validator) date(path string, d roles.Date, required bool) bool {
	switch {
	case d.IsZero():
		if required {
			v.add(path, "required", "a value is required")
		}
		return false
	case !d.Valid():
		v.add(path, "date", "not a calendar date")
		return false
	}
	return true
}

// instant checks a recording time: required, and not after the revision.
func (v *validator) instant(path string, t time.Time) {
	switch {
	case t.IsZero():
		v.add(path, "required", "a value is required")
	case t.After(v.p.UpdatedAt):
		v.add(path, "time_order", "recorded after the revision that holds it")
	}
}

func (v *validator) run() {
	p := v.p
	v.complete = p.Status == Aktiv || p.Status == Avslutad
	if p.ID.IsZero() {
		v.add("id", "required", "a value is required")
	}
	if p.ChildID.IsZero() {
		v.add("childId", "required", "a value is required")
	}
	switch {
	case p.Status == "":
		v.add("status", "required", "a value is required")
	case !p.Status.Valid():
		v.add("status", "code", "not a known code")
	}
	if p.Revision < 1 {
		v.add("revision", "gte", "at least 1")
	}
	if p.UpdatedAt.IsZero() {
		v.add("updatedAt", "required", "a value is required")
	}
	v.party("updatedBy", p.UpdatedBy)
	switch {
	case p.Summary == "":
		v.add("summary", "required", "a value is required")
	case len(p.Summary) > MaxSummaryLen:
		v.add("summary", "max", "at most "+strconv.Itoa(MaxSummaryLen)+" bytes")
	case !utf8.ValidString(p.Summary):
		v.add("summary", "utf8", "not valid UTF-8")
	}
	v.text("reason", p.Reason, v.complete)
	v.responsible("barnkontakt", p.Barnkontakt, v.complete)
	v.responsible("stodsamordnare", p.Stodsamordnare, false)
	v.date("nextReview", p.NextReview, p.Status == Aktiv)
	v.statusHistory()
	v.team()
	v.goalList()
	v.views("childViews", p.ChildViews, roles.PartyChild)
	v.views("guardianViews", p.GuardianViews, roles.PartyGuardian)
	v.disagreements()
	agencies, sipItems := v.items()
	v.followUps()
	if v.complete && agencies.count() >= 2 && p.Stodsamordnare.IsZero() {
		v.add("stodsamordnare", "stodsamordnare_required", "items are owned by two or more agencies; a Stödsamordnare holds the overall responsibility")
	}
	v.sip(v.complete && agencies.has(roles.Socialtjanst) && agencies.has(roles.HalsoSjukvard), sipItems)
}

func (v *validator) responsible(path string, r Responsible, required bool) {
	if r.IsZero() {
		if required {
			v.add(path, "required", "a value is required")
		}
		return
	}
	if r.ProfessionalID.IsZero() {
		v.add(field(path, "professionalId"), "required", "a value is required")
	}
	switch {
	case r.Agency == "":
		v.add(field(path, "agency"), "required", "a value is required")
	case !r.Agency.Valid():
		v.add(field(path, "agency"), "code", "not a known code")
	}
}

func (v *validator) statusHistory() {
	p := v.p
	want := Utkast
	var last time.Time
	for i := range p.StatusHistory {
		c := &p.StatusHistory[i]
		base := at("statusHistory", i)
		v.party(field(base, "by"), c.By)
		v.instant(field(base, "at"), c.At)
		if c.At.Before(last) {
			v.add(field(base, "at"), "time_order", "status changes are in time order")
		}
		last = c.At
		v.text(field(base, "note"), c.Note, false)
		if c.From != want {
			v.add(field(base, "from"), "status_history", "each change starts where the one before ended")
		}
		if !c.From.CanMoveTo(c.To) {
			v.add(field(base, "to"), "transition", "the plan lifecycle does not allow this change")
		}
		want = c.To
	}
	if p.Status.Valid() && p.Status != want {
		v.add("status", "status_history", "the status is not where the status history leads")
	}
}

func (v *validator) team() {
	p := v.p
	var ids idSet[Member]
	for i := range p.Team {
		m := &p.Team[i]
		base := at("team", i)
		checkID(v, &ids, base, m.ID, i, func(j int) roles.ID[Member] { return p.Team[j].ID })
		v.party(field(base, "party"), m.Party)
		switch {
		case m.Role == "":
			v.add(field(base, "role"), "required", "a value is required")
		case !m.Role.Valid():
			v.add(field(base, "role"), "code", "not a known code")
		}
		if m.Agency != "" && !m.Agency.Valid() {
			v.add(field(base, "agency"), "code", "not a known code")
		}
		var kind roles.PartyKind
		switch {
		case m.Role.IsProfessional():
			kind = roles.PartyProfessional
			if m.Agency == "" {
				v.add(field(base, "agency"), "required", "a professional member needs an agency")
			}
		case m.Role == roles.Barn:
			kind = roles.PartyChild
			if m.Party.Kind == kind && m.Party.ID != p.ChildID.UUID() {
				v.add(field(base, "party"), "child", "the child in the team is the plan's child")
			}
		case m.Role == roles.Vardnadshavare:
			kind = roles.PartyGuardian
		case m.Role == roles.Narstaende:
			kind = roles.PartyRelated
		}
		if kind != "" && validParty(m.Party) && m.Party.Kind != kind {
			v.add(field(base, "party.kind"), "party_kind", "the party does not fit the role")
		}
		if !m.Period.Valid() {
			v.add(field(base, "period"), "period", "a start is required and the end must come after it")
		}
	}
}

func (v *validator) goalList() {
	p := v.p
	v.goals = newGoalLookup(p.Goals)
	for i := range p.Goals {
		g := &p.Goals[i]
		base := at("goals", i)
		if g.ID.IsZero() {
			v.add(field(base, "id"), "required", "a value is required")
		} else if v.goals.dupAt(i) {
			v.add(field(base, "id"), "unique", "another goal has this ID")
		}
		if len(g.Areas) == 0 {
			v.add(field(base, "areas"), "min", "at least 1 area")
		}
		var seen uint16
		for j, a := range g.Areas {
			k := a.Index()
			switch {
			case k < 0:
				v.add(field(base, at("areas", j)), "code", "not a known code")
			case seen&(1<<k) != 0:
				v.add(field(base, at("areas", j)), "unique", "an area is named once")
			}
			if k >= 0 {
				seen |= 1 << k
			}
		}
		v.text(field(base, "outcome"), g.Outcome, v.complete)
		v.text(field(base, "indicator"), g.Indicator, v.complete)
	}
}

func (v *validator) views(list string, vs []View, kind roles.PartyKind) {
	p := v.p
	var ids idSet[View]
	for i := range vs {
		w := &vs[i]
		base := at(list, i)
		checkID(v, &ids, base, w.ID, i, func(j int) roles.ID[View] { return vs[j].ID })
		v.party(field(base, "holder"), w.Holder)
		switch {
		case !validParty(w.Holder):
		case w.Holder.Kind != kind:
			v.add(field(base, "holder.kind"), "party_kind", "the view is held by someone else")
		case kind == roles.PartyChild && w.Holder.ID != p.ChildID.UUID():
			v.add(field(base, "holder"), "child", "the child's view is held by the plan's child")
		}
		v.text(field(base, "text"), w.Text, true)
		if !w.GoalID.IsZero() && v.goals.find(w.GoalID) < 0 {
			v.add(field(base, "goalId"), "goal_ref", "no goal of the plan has this ID")
		}
		v.instant(field(base, "recordedAt"), w.RecordedAt)
		v.party(field(base, "recordedBy"), w.RecordedBy)
	}
}

func (v *validator) disagreements() {
	p := v.p
	var ids idSet[Disagreement]
	for i := range p.Disagreements {
		x := &p.Disagreements[i]
		base := at("disagreements", i)
		checkID(v, &ids, base, x.ID, i, func(j int) roles.ID[Disagreement] { return p.Disagreements[j].ID })
		for j, q := range x.Parties {
			v.party(field(base, at("parties", j)), q)
		}
		v.text(field(base, "text"), x.Text, true)
		v.instant(field(base, "recordedAt"), x.RecordedAt)
		v.party(field(base, "recordedBy"), x.RecordedBy)
	}
}

// items checks the items and returns the agencies that own them and, for the
// SIP rules, the agencies' items' principals.
func (v *validator) items() (agencies agencySet, sip []roles.ID[roles.Organisation]) {
	p := v.p
	var ids idSet[Item]
	for i := range p.Items {
		it := &p.Items[i]
		base := at("items", i)
		checkID(v, &ids, base, it.ID, i, func(j int) roles.ID[Item] { return p.Items[j].ID })
		v.text(field(base, "description"), it.Description, true)
		g := -1
		if it.GoalID.IsZero() {
			v.add(field(base, "goalId"), "required", "a value is required")
		} else if g = v.goals.find(it.GoalID); g < 0 {
			v.add(field(base, "goalId"), "goal_ref", "no goal of the plan has this ID")
		}
		switch {
		case it.Area == "":
			v.add(field(base, "area"), "required", "a value is required")
		case !it.Area.Valid():
			v.add(field(base, "area"), "code", "not a known code")
		case g >= 0 && !p.Goals[g].HasArea(it.Area):
			v.add(field(base, "area"), "goal_area", "the area is not one of the goal's areas")
		}
		switch {
		case it.Agency == "":
			if v.complete {
				v.add(field(base, "agency"), "required", "every item of an active plan has a responsible agency")
			}
		case !it.Agency.Valid():
			v.add(field(base, "agency"), "code", "not a known code")
		default:
			agencies.add(it.Agency)
			if IsSIPAgency(it.Agency) {
				sip = append(sip, it.PrincipalID)
			}
		}
		v.text(field(base, "professionalRole"), it.ProfessionalRole, false)
		okStart := v.date(field(base, "start"), it.Start, false)
		okDue := v.date(field(base, "due"), it.Due, v.complete)
		if okStart && okDue && it.Due.Before(it.Start) {
			v.add(field(base, "due"), "date_order", "the due date comes before the start")
		}
		v.itemHistory(base, it)
		for j := range it.Outcomes {
			o := &it.Outcomes[j]
			ob := field(base, at("outcomes", j))
			v.instant(field(ob, "at"), o.At)
			v.party(field(ob, "by"), o.By)
			v.text(field(ob, "text"), o.Text, true)
		}
		switch p.Status {
		case Utkast:
			if it.Status != Planerad || len(it.History) > 0 {
				v.add(field(base, "status"), "draft_item", "items of a draft plan are planned and have not started")
			}
		case Avslutad:
			if it.Status.Valid() && !it.Status.Terminal() {
				v.add(field(base, "status"), "item_open", "every item of a closed plan has ended (genomford or avbruten)")
			}
		}
	}
	return agencies, sip
}

func (v *validator) itemHistory(base string, it *Item) {
	want := Planerad
	var last time.Time
	for j := range it.History {
		c := &it.History[j]
		hb := field(base, at("history", j))
		v.party(field(hb, "by"), c.By)
		v.instant(field(hb, "at"), c.At)
		if c.At.Before(last) {
			v.add(field(hb, "at"), "time_order", "status changes are in time order")
		}
		last = c.At
		v.text(field(hb, "note"), c.Note, false)
		if c.From != want {
			v.add(field(hb, "from"), "status_history", "each change starts where the one before ended")
		}
		if !c.From.CanMoveTo(c.To) {
			v.add(field(hb, "to"), "transition", "the item lifecycle does not allow this change")
		}
		want = c.To
	}
	switch {
	case it.Status == "":
		v.add(field(base, "status"), "required", "a value is required")
	case !it.Status.Valid():
		v.add(field(base, "status"), "code", "not a known code")
	case it.Status != want:
		v.add(field(base, "status"), "status_history", "the status is not where the item's history leads")
	}
}

func (v *validator) followUps() {
	p := v.p
	var ids idSet[FollowUp]
	var last roles.Date
	for i := range p.FollowUps {
		f := &p.FollowUps[i]
		base := at("followUps", i)
		checkID(v, &ids, base, f.ID, i, func(j int) roles.ID[FollowUp] { return p.FollowUps[j].ID })
		okDate := v.date(field(base, "date"), f.Date, true)
		okNext := v.date(field(base, "nextReview"), f.NextReview, true)
		if okDate && okNext && !f.NextReview.After(f.Date) {
			v.add(field(base, "nextReview"), "date_order", "the next review comes after the meeting")
		}
		if okDate {
			if f.Date.Before(last) {
				v.add(field(base, "date"), "followup_order", "follow-ups are recorded in date order")
			}
			last = f.Date
			if !f.RecordedAt.IsZero() && roles.DateOf(f.RecordedAt).Before(f.Date) {
				v.add(field(base, "date"), "in_future", "a meeting is recorded on or after its day")
			}
		}
		if len(f.Participants) == 0 {
			v.add(field(base, "participants"), "min", "at least 1 participant")
		}
		for j, q := range f.Participants {
			v.party(field(base, at("participants", j)), q)
		}
		v.text(field(base, "decisions"), f.Decisions, false)
		v.instant(field(base, "recordedAt"), f.RecordedAt)
		v.party(field(base, "recordedBy"), f.RecordedBy)
		if p.Status == Utkast {
			v.add(base, "draft_followup", "a draft plan has no follow-ups")
		}
	}
}

// sip checks the SIP section; required says the plan is a SIP and must be
// complete; principals are those of the items of the SIP agencies.
func (v *validator) sip(required bool, principals []roles.ID[roles.Organisation]) {
	s := v.p.SIP
	if required {
		if s == nil {
			v.add("sip", "sip_required", "social services and health care both own items; the plan is a SIP and states what a SIP must state")
		}
		for i := range v.p.Items {
			it := &v.p.Items[i]
			if IsSIPAgency(it.Agency) && it.PrincipalID.IsZero() {
				v.add(field(at("items", i), "principalId"), "sip_principal", "in a SIP each intervention of social services and health care names its principal")
			}
		}
	}
	if s == nil {
		return
	}
	switch {
	case s.LeadPrincipalID.IsZero():
		if required {
			v.add("sip.leadPrincipalId", "required", "a SIP names the principal with overall responsibility")
		}
	case required && !containsID(principals, s.LeadPrincipalID):
		v.add("sip.leadPrincipalId", "sip_lead_principal", "the principal with overall responsibility is responsible for an intervention of the SIP")
	}
	for j := range s.Others {
		c := &s.Others[j]
		base := field("sip", at("others", j))
		if c.Agency != "" && !c.Agency.Valid() {
			v.add(field(base, "agency"), "code", "not a known code")
		}
		if !c.Party.IsZero() {
			v.party(field(base, "party"), c.Party)
		}
		if c.Agency == "" && c.Party.IsZero() {
			v.add(field(base, "agency"), "required", "an agency or a party is required")
		}
		v.text(field(base, "text"), c.Text, true)
	}
	okCalled := v.date("sip.calledOn", s.CalledOn, false)
	okBy := v.date("sip.meetingBy", s.MeetingBy, okCalled)
	okHeld := v.date("sip.heldOn", s.HeldOn, false)
	if !okCalled && (okBy || okHeld) {
		v.add("sip.calledOn", "required", "a meeting deadline or meeting day needs the day the meeting was called")
	}
	if okCalled && okBy && s.MeetingBy.Before(s.CalledOn) {
		v.add("sip.meetingBy", "date_order", "the deadline comes before the meeting was called")
	}
	if okCalled && okHeld && s.HeldOn.Before(s.CalledOn) {
		v.add("sip.heldOn", "date_order", "the meeting was held before it was called")
	}
}

func containsID[T any](ids []roles.ID[T], id roles.ID[T]) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// idSet finds repeated IDs in a list. While the IDs come in increasing order
// (UUIDv7s made one after the other) it needs no memory; at the first ID out
// of order it indexes the ones before in a map.
type idSet[T any] struct {
	last    roles.ID[T]
	started bool
	m       map[roles.ID[T]]struct{}
}

// dup reports whether id, the ID of entry i, was seen before; idAt returns
// the ID of an earlier entry.
func (s *idSet[T]) dup(id roles.ID[T], i int, idAt func(int) roles.ID[T]) bool {
	if s.m == nil {
		if !s.started || bytes.Compare(s.last[:], id[:]) < 0 {
			s.last, s.started = id, true
			return false
		}
		s.m = make(map[roles.ID[T]]struct{}, i+1)
		for j := 0; j < i; j++ {
			s.m[idAt(j)] = struct{}{}
		}
	}
	if _, ok := s.m[id]; ok {
		return true
	}
	s.m[id] = struct{}{}
	return false
}

// checkID checks that the ID of entry i is set and unique in its list.
func checkID[T any](v *validator, s *idSet[T], base string, id roles.ID[T], i int, idAt func(int) roles.ID[T]) {
	switch {
	case id.IsZero():
		v.add(field(base, "id"), "required", "a value is required")
	case s.dup(id, i, idAt):
		v.add(field(base, "id"), "unique", "another entry of the list has this ID")
	}
}

// goalLookup finds goals by ID: by binary search when the IDs are in
// increasing order, as they are when made one after the other, and through a
// map otherwise.
type goalLookup struct {
	goals  []Goal
	sorted bool
	m      map[roles.ID[Goal]]int // first index of each ID, when not sorted
}

func newGoalLookup(gs []Goal) goalLookup {
	l := goalLookup{goals: gs, sorted: true}
	for i := range gs {
		if gs[i].ID.IsZero() || (i > 0 && bytes.Compare(gs[i-1].ID[:], gs[i].ID[:]) >= 0) {
			l.sorted = false
			break
		}
	}
	if !l.sorted {
		l.m = make(map[roles.ID[Goal]]int, len(gs))
		for i := range gs {
			if _, ok := l.m[gs[i].ID]; !ok {
				l.m[gs[i].ID] = i
			}
		}
	}
	return l
}

// find returns the index of the goal with id, or -1.
func (l *goalLookup) find(id roles.ID[Goal]) int {
	if !l.sorted {
		if i, ok := l.m[id]; ok && !id.IsZero() {
			return i
		}
		return -1
	}
	lo, hi := 0, len(l.goals)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(l.goals[mid].ID[:], id[:]); {
		case c == 0:
			return mid
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return -1
}

// dupAt reports whether goal i repeats the ID of an earlier goal.
func (l *goalLookup) dupAt(i int) bool {
	return !l.sorted && !l.goals[i].ID.IsZero() && l.m[l.goals[i].ID] != i
}
