package plan

import (
	"encoding/binary"
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
//   - the plan states its reason and its Barnkontakt, and while active its
//     next review date;
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
	if p == nil {
		return &roles.ValidationError{Subject: "plan", Problems: []roles.Problem{{Rule: "required", Detail: "no plan"}}}
	}
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

func (v *validator) add(l loc, rule, detail string) { v.ve.Add(l.String(), rule, detail) }

// loc is the path of a field, such as items[2].history[0].at. It is built as a
// value and rendered only when a problem is reported, so that checking a valid
// plan builds no strings.
type loc struct {
	list  string // a list of the plan ("items", "sip.others"), or "" for a field of the plan
	i     int
	sub   string // a list inside the entry ("history"), or ""
	j     int
	field string
}

// top returns the path of a field of the plan (or of its SIP section).
func top(field string) loc { return loc{field: field} }

// entry returns the path of entry i of a list.
func entry(list string, i int) loc { return loc{list: list, i: i} }

// f returns the path of a field of the entry.
func (l loc) f(field string) loc { l.field = field; return l }

// in returns the path of entry j of a list inside the entry.
func (l loc) in(sub string, j int) loc { l.sub, l.j = sub, j; return l }

// dot returns the path of a field inside the field.
func (l loc) dot(field string) loc {
	if l.field == "" {
		l.field = field
	} else {
		l.field += "." + field
	}
	return l
}

// String renders the path.
func (l loc) String() string {
	var b []byte
	if l.list != "" {
		b = append(b, l.list...)
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(l.i), 10)
		b = append(b, ']')
	}
	if l.sub != "" {
		b = append(b, '.')
		b = append(b, l.sub...)
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(l.j), 10)
		b = append(b, ']')
	}
	if l.field != "" {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, l.field...)
	}
	return string(b)
}

func validParty(p roles.Party) bool { return p.Kind.Valid() && p.ID != [16]byte{} }

func (v *validator) party(path loc, p roles.Party) {
	if !validParty(p) {
		if p.IsZero() {
			v.add(path, "required", "a value is required")
		} else {
			v.add(path, "party", "a known kind of party with an ID is required")
		}
	}
}

// text checks an optional free text; required makes it mandatory.
func (v *validator) text(path loc, s string, required bool) {
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
func (v *validator) date(path loc, d roles.Date, required bool) bool {
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
func (v *validator) instant(path loc, t time.Time) {
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
		v.add(top("id"), "required", "a value is required")
	}
	if p.ChildID.IsZero() {
		v.add(top("childId"), "required", "a value is required")
	}
	switch {
	case p.Status == "":
		v.add(top("status"), "required", "a value is required")
	case !p.Status.Valid():
		v.add(top("status"), "code", "not a known code")
	}
	if p.Revision < 1 {
		v.add(top("revision"), "gte", "at least 1")
	}
	if p.UpdatedAt.IsZero() {
		v.add(top("updatedAt"), "required", "a value is required")
	}
	v.party(top("updatedBy"), p.UpdatedBy)
	switch {
	case p.Summary == "":
		v.add(top("summary"), "required", "a value is required")
	case len(p.Summary) > MaxSummaryLen:
		v.add(top("summary"), "max", "at most "+strconv.Itoa(MaxSummaryLen)+" bytes")
	case !utf8.ValidString(p.Summary):
		v.add(top("summary"), "utf8", "not valid UTF-8")
	}
	v.text(top("reason"), p.Reason, v.complete)
	v.responsible(top("barnkontakt"), p.Barnkontakt, v.complete)
	v.responsible(top("stodsamordnare"), p.Stodsamordnare, false)
	v.date(top("nextReview"), p.NextReview, p.Status == Aktiv)
	v.statusHistory()
	v.team()
	v.goalList()
	v.views("childViews", p.ChildViews, roles.PartyChild)
	v.views("guardianViews", p.GuardianViews, roles.PartyGuardian)
	v.disagreements()
	agencies, leadFound := v.items()
	v.followUps()
	if v.complete && agencies.count() >= 2 && p.Stodsamordnare.IsZero() {
		v.add(top("stodsamordnare"), "stodsamordnare_required", "items are owned by two or more agencies; a Stödsamordnare holds the overall responsibility")
	}
	v.sip(v.complete && agencies.has(roles.Socialtjanst) && agencies.has(roles.HalsoSjukvard), leadFound)
}

func (v *validator) responsible(path loc, r Responsible, required bool) {
	if r.IsZero() {
		if required {
			v.add(path, "required", "a value is required")
		}
		return
	}
	if r.ProfessionalID.IsZero() {
		v.add(path.dot("professionalId"), "required", "a value is required")
	}
	switch {
	case r.Agency == "":
		v.add(path.dot("agency"), "required", "a value is required")
	case !r.Agency.Valid():
		v.add(path.dot("agency"), "code", "not a known code")
	}
}

func (v *validator) statusHistory() {
	p := v.p
	want := Utkast
	var last time.Time
	for i := range p.StatusHistory {
		c := &p.StatusHistory[i]
		base := entry("statusHistory", i)
		v.party(base.f("by"), c.By)
		v.instant(base.f("at"), c.At)
		if c.At.Before(last) {
			v.add(base.f("at"), "time_order", "status changes are in time order")
		}
		last = c.At
		v.text(base.f("note"), c.Note, false)
		if c.From != want {
			v.add(base.f("from"), "status_history", "each change starts where the one before ended")
		}
		if !c.From.CanMoveTo(c.To) {
			v.add(base.f("to"), "transition", "the plan lifecycle does not allow this change")
		}
		want = c.To
	}
	if p.Status.Valid() && p.Status != want {
		v.add(top("status"), "status_history", "the status is not where the status history leads")
	}
}

func (v *validator) team() {
	p := v.p
	var ids idSet[Member]
	for i := range p.Team {
		m := &p.Team[i]
		base := entry("team", i)
		checkID(v, &ids, base, m.ID, i, func(j int) roles.ID[Member] { return p.Team[j].ID })
		v.party(base.f("party"), m.Party)
		switch {
		case m.Role == "":
			v.add(base.f("role"), "required", "a value is required")
		case !m.Role.Valid():
			v.add(base.f("role"), "code", "not a known code")
		}
		if m.Agency != "" && !m.Agency.Valid() {
			v.add(base.f("agency"), "code", "not a known code")
		}
		var kind roles.PartyKind
		switch {
		case m.Role.IsProfessional():
			kind = roles.PartyProfessional
			if m.Agency == "" {
				v.add(base.f("agency"), "required", "a professional member needs an agency")
			}
		case m.Role == roles.Barn:
			kind = roles.PartyChild
			if m.Party.Kind == kind && m.Party.ID != p.ChildID.UUID() {
				v.add(base.f("party"), "child", "the child in the team is the plan's child")
			}
		case m.Role == roles.Vardnadshavare:
			kind = roles.PartyGuardian
		case m.Role == roles.Narstaende:
			kind = roles.PartyRelated
		}
		if kind != "" && validParty(m.Party) && m.Party.Kind != kind {
			v.add(base.f("party.kind"), "party_kind", "the party does not fit the role")
		}
		if !m.Period.Valid() {
			v.add(base.f("period"), "period", "a start is required and the end must come after it")
		}
	}
}

func (v *validator) goalList() {
	p := v.p
	v.goals = newGoalLookup(p.Goals)
	for i := range p.Goals {
		g := &p.Goals[i]
		base := entry("goals", i)
		if g.ID.IsZero() {
			v.add(base.f("id"), "required", "a value is required")
		} else if v.goals.dupAt(i) {
			v.add(base.f("id"), "unique", "another goal has this ID")
		}
		if len(g.Areas) == 0 {
			v.add(base.f("areas"), "min", "at least 1 area")
		}
		var seen uint16
		for j, a := range g.Areas {
			k := a.Index()
			switch {
			case k < 0:
				v.add(base.in("areas", j), "code", "not a known code")
			case seen&(1<<k) != 0:
				v.add(base.in("areas", j), "unique", "an area is named once")
			}
			if k >= 0 {
				seen |= 1 << k
			}
		}
		v.text(base.f("outcome"), g.Outcome, v.complete)
		v.text(base.f("indicator"), g.Indicator, v.complete)
	}
}

func (v *validator) views(list string, vs []View, kind roles.PartyKind) {
	p := v.p
	var ids idSet[View]
	for i := range vs {
		w := &vs[i]
		base := entry(list, i)
		checkID(v, &ids, base, w.ID, i, func(j int) roles.ID[View] { return vs[j].ID })
		v.party(base.f("holder"), w.Holder)
		switch {
		case !validParty(w.Holder):
		case w.Holder.Kind != kind:
			v.add(base.f("holder.kind"), "party_kind", "the view is held by someone else")
		case kind == roles.PartyChild && w.Holder.ID != p.ChildID.UUID():
			v.add(base.f("holder"), "child", "the child's view is held by the plan's child")
		}
		v.text(base.f("text"), w.Text, true)
		if !w.GoalID.IsZero() && v.goals.find(w.GoalID) < 0 {
			v.add(base.f("goalId"), "goal_ref", "no goal of the plan has this ID")
		}
		v.instant(base.f("recordedAt"), w.RecordedAt)
		v.party(base.f("recordedBy"), w.RecordedBy)
	}
}

func (v *validator) disagreements() {
	p := v.p
	var ids idSet[Disagreement]
	for i := range p.Disagreements {
		x := &p.Disagreements[i]
		base := entry("disagreements", i)
		checkID(v, &ids, base, x.ID, i, func(j int) roles.ID[Disagreement] { return p.Disagreements[j].ID })
		for j, q := range x.Parties {
			v.party(base.in("parties", j), q)
		}
		v.text(base.f("text"), x.Text, true)
		v.instant(base.f("recordedAt"), x.RecordedAt)
		v.party(base.f("recordedBy"), x.RecordedBy)
	}
}

// items checks the items and returns the agencies that own them and, for the
// SIP rules, whether the lead principal of the SIP section is the principal of
// an item of social services or health care.
func (v *validator) items() (agencies agencySet, leadFound bool) {
	p := v.p
	var lead roles.ID[roles.Organisation]
	if p.SIP != nil {
		lead = p.SIP.LeadPrincipalID
	}
	// Plans may hold hundreds of items: each rule is tested inline first, and
	// the path is built only for a rule that is broken.
	var ids idSet[Item]
	idAt := func(j int) roles.ID[Item] { return p.Items[j].ID }
	for i := range p.Items {
		it := &p.Items[i]
		if !ids.inOrder(it.ID) {
			checkID(v, &ids, entry("items", i), it.ID, i, idAt)
		}
		if !textOK(it.Description, true) {
			v.text(entry("items", i).f("description"), it.Description, true)
		}
		g := -1
		if !it.GoalID.IsZero() {
			g = v.goals.find(it.GoalID)
		}
		if g < 0 || !p.Goals[g].HasArea(it.Area) {
			v.itemGoal(i, it, g)
		}
		if k := agencyIndex(it.Agency); k >= 0 {
			agencies |= 1 << k
			if !lead.IsZero() && it.PrincipalID == lead && IsSIPAgency(it.Agency) {
				leadFound = true
			}
		} else if it.Agency != "" {
			v.add(entry("items", i).f("agency"), "code", "not a known code")
		} else if v.complete {
			v.add(entry("items", i).f("agency"), "required", "every item of an active plan has a responsible agency")
		}
		if !textOK(it.ProfessionalRole, false) {
			v.text(entry("items", i).f("professionalRole"), it.ProfessionalRole, false)
		}
		okStart, okDue := !it.Start.IsZero() && it.Start.Valid(), !it.Due.IsZero() && it.Due.Valid()
		if !okStart && !it.Start.IsZero() {
			v.date(entry("items", i).f("start"), it.Start, false)
		}
		if !okDue && (v.complete || !it.Due.IsZero()) {
			v.date(entry("items", i).f("due"), it.Due, v.complete)
		}
		if okStart && okDue && it.Due.Before(it.Start) {
			v.add(entry("items", i).f("due"), "date_order", "the due date comes before the start")
		}
		if len(it.History) > 0 || it.Status != Planerad {
			v.itemHistory(entry("items", i), it)
		}
		for j := range it.Outcomes {
			o := &it.Outcomes[j]
			if o.At.IsZero() || o.At.After(p.UpdatedAt) || !validParty(o.By) || !textOK(o.Text, true) {
				ob := entry("items", i).in("outcomes", j)
				v.instant(ob.f("at"), o.At)
				v.party(ob.f("by"), o.By)
				v.text(ob.f("text"), o.Text, true)
			}
		}
		switch p.Status {
		case Utkast:
			if it.Status != Planerad || len(it.History) > 0 {
				v.add(entry("items", i).f("status"), "draft_item", "items of a draft plan are planned and have not started")
			}
		case Avslutad:
			if it.Status.Valid() && !it.Status.Terminal() {
				v.add(entry("items", i).f("status"), "item_open", "every item of a closed plan has ended (genomford or avbruten)")
			}
		}
	}
	return agencies, leadFound
}

// itemGoal reports what is wrong with the goal and area of item i; g is the
// index of its goal, or -1.
func (v *validator) itemGoal(i int, it *Item, g int) {
	base := entry("items", i)
	switch {
	case it.GoalID.IsZero():
		v.add(base.f("goalId"), "required", "a value is required")
	case g < 0:
		v.add(base.f("goalId"), "goal_ref", "no goal of the plan has this ID")
	}
	switch {
	case it.Area == "":
		v.add(base.f("area"), "required", "a value is required")
	case !it.Area.Valid():
		v.add(base.f("area"), "code", "not a known code")
	case g >= 0 && !v.p.Goals[g].HasArea(it.Area):
		v.add(base.f("area"), "goal_area", "the area is not one of the goal's areas")
	}
}

// textOK reports whether a free text keeps the rules v.text checks.
func textOK(s string, required bool) bool {
	if s == "" {
		return !required
	}
	return len(s) <= MaxTextLen && utf8.ValidString(s)
}

func (v *validator) itemHistory(base loc, it *Item) {
	want := Planerad
	var last time.Time
	for j := range it.History {
		c := &it.History[j]
		if !validParty(c.By) || c.At.IsZero() || c.At.After(v.p.UpdatedAt) || c.At.Before(last) ||
			!textOK(c.Note, false) || c.From != want || !c.From.CanMoveTo(c.To) {
			hb := base.in("history", j)
			v.party(hb.f("by"), c.By)
			v.instant(hb.f("at"), c.At)
			if c.At.Before(last) {
				v.add(hb.f("at"), "time_order", "status changes are in time order")
			}
			v.text(hb.f("note"), c.Note, false)
			if c.From != want {
				v.add(hb.f("from"), "status_history", "each change starts where the one before ended")
			}
			if !c.From.CanMoveTo(c.To) {
				v.add(hb.f("to"), "transition", "the item lifecycle does not allow this change")
			}
		}
		last = c.At
		want = c.To
	}
	switch {
	case it.Status == "":
		v.add(base.f("status"), "required", "a value is required")
	case !it.Status.Valid():
		v.add(base.f("status"), "code", "not a known code")
	case it.Status != want:
		v.add(base.f("status"), "status_history", "the status is not where the item's history leads")
	}
}

func (v *validator) followUps() {
	p := v.p
	var ids idSet[FollowUp]
	var last roles.Date
	for i := range p.FollowUps {
		f := &p.FollowUps[i]
		base := entry("followUps", i)
		checkID(v, &ids, base, f.ID, i, func(j int) roles.ID[FollowUp] { return p.FollowUps[j].ID })
		okDate := v.date(base.f("date"), f.Date, true)
		okNext := v.date(base.f("nextReview"), f.NextReview, true)
		if okDate && okNext && !f.NextReview.After(f.Date) {
			v.add(base.f("nextReview"), "date_order", "the next review comes after the meeting")
		}
		if okDate {
			if f.Date.Before(last) {
				v.add(base.f("date"), "followup_order", "follow-ups are recorded in date order")
			}
			last = f.Date
			if !f.RecordedAt.IsZero() && roles.DateOf(f.RecordedAt).Before(f.Date) {
				v.add(base.f("date"), "in_future", "a meeting is recorded on or after its day")
			}
		}
		if len(f.Participants) == 0 {
			v.add(base.f("participants"), "min", "at least 1 participant")
		}
		for j, q := range f.Participants {
			v.party(base.in("participants", j), q)
		}
		v.text(base.f("decisions"), f.Decisions, false)
		v.instant(base.f("recordedAt"), f.RecordedAt)
		v.party(base.f("recordedBy"), f.RecordedBy)
		if p.Status == Utkast {
			v.add(base, "draft_followup", "a draft plan has no follow-ups")
		}
	}
}

// sip checks the SIP section; required says the plan is a SIP and must be
// complete; leadFound that the lead principal is responsible for a SIP item.
func (v *validator) sip(required, leadFound bool) {
	s := v.p.SIP
	if required {
		if s == nil {
			v.add(top("sip"), "sip_required", "social services and health care both own items; the plan is a SIP and states what a SIP must state")
		}
		for i := range v.p.Items {
			it := &v.p.Items[i]
			if IsSIPAgency(it.Agency) && it.PrincipalID.IsZero() {
				v.add(entry("items", i).f("principalId"), "sip_principal", "in a SIP each intervention of social services and health care names its principal")
			}
		}
	}
	if s == nil {
		return
	}
	switch {
	case s.LeadPrincipalID.IsZero():
		if required {
			v.add(top("sip.leadPrincipalId"), "required", "a SIP names the principal with overall responsibility")
		}
	case required && !leadFound:
		v.add(top("sip.leadPrincipalId"), "sip_lead_principal", "the principal with overall responsibility is responsible for an intervention of the SIP")
	}
	for j := range s.Others {
		c := &s.Others[j]
		base := entry("sip.others", j)
		if c.Agency != "" && !c.Agency.Valid() {
			v.add(base.f("agency"), "code", "not a known code")
		}
		if !c.Party.IsZero() {
			v.party(base.f("party"), c.Party)
		}
		if c.Agency == "" && c.Party.IsZero() {
			v.add(base.f("agency"), "required", "an agency or a party is required")
		}
		v.text(base.f("text"), c.Text, true)
	}
	okCalled := v.date(top("sip.calledOn"), s.CalledOn, false)
	okBy := v.date(top("sip.meetingBy"), s.MeetingBy, okCalled)
	okHeld := v.date(top("sip.heldOn"), s.HeldOn, false)
	if !okCalled && (okBy || okHeld) {
		v.add(top("sip.calledOn"), "required", "a meeting deadline or meeting day needs the day the meeting was called")
	}
	if okCalled && okBy && s.MeetingBy.Before(s.CalledOn) {
		v.add(top("sip.meetingBy"), "date_order", "the deadline comes before the meeting was called")
	}
	if okCalled && okHeld && s.HeldOn.Before(s.CalledOn) {
		v.add(top("sip.heldOn"), "date_order", "the meeting was held before it was called")
	}
}

// idSet finds repeated IDs in a list. While the IDs come in increasing order
// (UUIDv7s made one after the other) it needs no memory; at the first ID out
// of order it indexes the ones before in a map.
type idSet[T any] struct {
	last    roles.ID[T]
	started bool
	m       map[roles.ID[T]]struct{}
}

// inOrder reports whether id is set and comes after every ID seen so far
// (recording it), which proves it unique without a map. When it reports
// false, call checkID.
func (s *idSet[T]) inOrder(id roles.ID[T]) bool {
	if s.m != nil || id.IsZero() || (s.started && compareIDs(s.last, id) >= 0) {
		return false
	}
	s.last, s.started = id, true
	return true
}

// dup reports whether id, the ID of entry i, was seen before; idAt returns
// the ID of an earlier entry.
func (s *idSet[T]) dup(id roles.ID[T], i int, idAt func(int) roles.ID[T]) bool {
	if s.m == nil {
		if !s.started || compareIDs(s.last, id) < 0 {
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

// compareIDs orders IDs bytewise, as roles.ID.Compare does, eight bytes at a time.
func compareIDs[T any](a, b roles.ID[T]) int {
	if x, y := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8]); x != y {
		if x < y {
			return -1
		}
		return 1
	}
	if x, y := binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(b[8:]); x != y {
		if x < y {
			return -1
		}
		return 1
	}
	return 0
}

// checkID checks that the ID of entry i is set and unique in its list.
func checkID[T any](v *validator, s *idSet[T], base loc, id roles.ID[T], i int, idAt func(int) roles.ID[T]) {
	switch {
	case id.IsZero():
		v.add(base.f("id"), "required", "a value is required")
	case s.dup(id, i, idAt):
		v.add(base.f("id"), "unique", "another entry of the list has this ID")
	}
}

// goalLookup finds goals by ID in an open-addressing hash table of goal
// indexes: a plan's goals are looked up once per item and view, and this is
// cheaper than a map or a binary search.
type goalLookup struct {
	goals []Goal
	slots []int32 // index+1 of a goal, 0 for an empty slot
	shift uint
	dup   []bool // dup[i]: goal i repeats the ID of an earlier goal
}

// idKey is an ID as two numbers.
type idKey struct{ hi, lo uint64 }

func keyOf[T any](id roles.ID[T]) idKey {
	return idKey{binary.BigEndian.Uint64(id[:8]), binary.BigEndian.Uint64(id[8:])}
}

func (l *goalLookup) slot(k idKey) int {
	h := (k.hi*0x9E3779B97F4A7C15 ^ k.lo) * 0xC2B2AE3D27D4EB4F
	return int(h >> l.shift)
}

func newGoalLookup(gs []Goal) goalLookup {
	l := goalLookup{goals: gs}
	bits := uint(2)
	for 1<<bits < 2*len(gs) {
		bits++
	}
	l.shift = 64 - bits
	l.slots = make([]int32, 1<<bits)
	mask := len(l.slots) - 1
	for i := range gs {
		k := keyOf(gs[i].ID)
		for s := l.slot(k); ; s = (s + 1) & mask {
			j := int(l.slots[s]) - 1
			if j < 0 {
				l.slots[s] = int32(i + 1)
				break
			}
			if gs[j].ID == gs[i].ID {
				if l.dup == nil {
					l.dup = make([]bool, len(gs))
				}
				l.dup[i] = true
				break
			}
		}
	}
	return l
}

// find returns the index of the first goal with id, or -1.
func (l *goalLookup) find(id roles.ID[Goal]) int {
	if id.IsZero() {
		return -1
	}
	mask := len(l.slots) - 1
	for s := l.slot(keyOf(id)); ; s = (s + 1) & mask {
		j := int(l.slots[s]) - 1
		if j < 0 {
			return -1
		}
		if l.goals[j].ID == id {
			return j
		}
	}
}

// dupAt reports whether goal i repeats the ID of an earlier goal.
func (l *goalLookup) dupAt(i int) bool { return l.dup != nil && l.dup[i] && !l.goals[i].ID.IsZero() }
