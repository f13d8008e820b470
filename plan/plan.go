package plan

import (
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// Plan is one revision of Barnets plan: the one living plan for a child, shared
// by all agencies (a single-agency plan is the same plan with one agency). It
// maps onto FHIR CarePlan, with Goals as Goal, Items as Task, Team as CareTeam
// and FollowUps as Encounter.
//
// A Plan is a value: it is never changed in place. Change returns a new
// revision and leaves the old one as it was, so that every revision stays
// readable (adapters store each one). Treat the slices of a Plan as read-only.
//
// The rules a plan keeps are listed on Validate.
type Plan struct {
	ID      roles.ID[Plan]        `json:"id"`
	ChildID roles.ID[roles.Child] `json:"childId"`
	Status  Status                `json:"status"`
	// Reason says why the plan exists: the needs that led to it.
	Reason string `json:"reason,omitempty"`
	// Barnkontakt is the child's Barnkontakt (Named Person).
	Barnkontakt Responsible `json:"barnkontakt,omitzero"`
	// Stodsamordnare is the Stödsamordnare (Lead Professional), who holds the
	// overall responsibility for the plan. Required once items are owned by
	// two or more agencies.
	Stodsamordnare Responsible `json:"stodsamordnare,omitzero"`
	// Team is the child's own team (individuellt barnteam): professionals, the
	// child, guardians and närstående, each for a period.
	Team []Member `json:"team,omitempty"`
	// ChildViews are the child's own views, kept apart from the guardians'.
	ChildViews []View `json:"childViews,omitempty"`
	// GuardianViews are the guardians' views.
	GuardianViews []View `json:"guardianViews,omitempty"`
	// Disagreements record where the child, the guardians or the agencies see
	// things differently.
	Disagreements []Disagreement `json:"disagreements,omitempty"`
	Goals         []Goal         `json:"goals,omitempty"`
	Items         []Item         `json:"items,omitempty"`
	// FollowUps are the follow-up meetings held, oldest first.
	FollowUps []FollowUp `json:"followUps,omitempty"`
	// NextReview is the date of the next follow-up. An active plan always has one.
	NextReview roles.Date `json:"nextReview,omitzero"`
	// SIP holds what a samordnad individuell plan must state in addition,
	// required when both social services and health care own items (see IsSIP).
	SIP *SIP `json:"sip,omitempty"`
	// StatusHistory records every change of Status, oldest first.
	StatusHistory []StatusChange `json:"statusHistory,omitempty"`

	// Revision numbers the revisions of the plan from 1; each change adds one.
	// Adapters use it for optimistic concurrency.
	Revision int64 `json:"revision"`
	// UpdatedAt and UpdatedBy say when and by whom this revision was made.
	UpdatedAt time.Time   `json:"updatedAt"`
	UpdatedBy roles.Party `json:"updatedBy"`
	// Summary says in a few words what the change that made this revision did.
	Summary string `json:"summary"`
}

// Responsible refers to the professional who holds a role for the plan (the
// Barnkontakt or the Stödsamordnare). It maps onto CarePlan.custodian.
type Responsible struct {
	ProfessionalID roles.ID[roles.Professional] `json:"professionalId"`
	Agency         roles.Agency                 `json:"agency,omitempty"`
	// AssignmentID is the role assignment (package roles) behind it, where recorded.
	AssignmentID roles.ID[roles.Assignment] `json:"assignmentId,omitzero"`
}

// IsZero reports whether r is unset.
func (r Responsible) IsZero() bool { return r == Responsible{} }

// Member is a member of the child's team for a period: a professional with a
// role and agency, the child, a guardian or a närstående. It maps onto
// CareTeam.participant.
type Member struct {
	ID    roles.ID[Member] `json:"id"`
	Party roles.Party      `json:"party"`
	// Role is what the member is in the team: barnets_team for a professional
	// member, barnkontakt or stodsamordnare, barn, vardnadshavare or narstaende.
	Role roles.Role `json:"role"`
	// Agency is the professional member's agency; required for professional roles.
	Agency roles.Agency `json:"agency,omitempty"`
	Period roles.Period `json:"period"`
}

// View is a view expressed by the child or a guardian, as recorded in the plan.
type View struct {
	ID roles.ID[View] `json:"id"`
	// Holder is whose view it is: the child (kind child) for ChildViews, a
	// guardian (kind guardian) for GuardianViews.
	Holder roles.Party `json:"holder"`
	Text   string      `json:"text"`
	// GoalID is the goal the view is about, if any.
	GoalID     roles.ID[Goal] `json:"goalId,omitzero"`
	RecordedAt time.Time      `json:"recordedAt"`
	RecordedBy roles.Party    `json:"recordedBy"`
}

// Disagreement records that parties see something differently: the child and
// the guardians, a guardian and an agency, two agencies.
type Disagreement struct {
	ID roles.ID[Disagreement] `json:"id"`
	// Parties are those who disagree, where recorded.
	Parties []roles.Party `json:"parties,omitempty"`
	// Text says what the disagreement is about.
	Text       string      `json:"text"`
	RecordedAt time.Time   `json:"recordedAt"`
	RecordedBy roles.Party `json:"recordedBy"`
}

// Goal is what the plan aims at for the child, tied to one or more compass
// areas. It maps onto FHIR Goal.
type Goal struct {
	ID roles.ID[Goal] `json:"id"`
	// Areas are the compass areas the goal concerns, at least one, no repeats.
	Areas []behovskompass.Area `json:"areas"`
	// Outcome is the desired outcome (Goal.description).
	Outcome string `json:"outcome,omitempty"`
	// Indicator says how it will be seen that the goal is reached (Goal.target).
	Indicator string `json:"indicator,omitempty"`
}

// HasArea reports whether the goal concerns area a.
func (g *Goal) HasArea(a behovskompass.Area) bool { return slices.Contains(g.Areas, a) }

// Item (insats) is what one agency does towards a goal, from when until when.
// It maps onto FHIR Task (CarePlan.activity).
type Item struct {
	ID roles.ID[Item] `json:"id"`
	// Description says what will be done.
	Description string `json:"description"`
	// GoalID is the goal the item serves; Area is one of that goal's areas.
	GoalID roles.ID[Goal]     `json:"goalId"`
	Area   behovskompass.Area `json:"area"`
	Agency roles.Agency       `json:"agency,omitempty"`
	// PrincipalID is the principal (huvudman) responsible for the item. In a
	// SIP it is required for the items of social services and health care.
	PrincipalID roles.ID[roles.Organisation] `json:"principalId,omitzero"`
	// ProfessionalID is the person responsible, where known.
	ProfessionalID roles.ID[roles.Professional] `json:"professionalId,omitzero"`
	// ProfessionalRole names the responsible role when no person is named
	// (for example "skolkurator").
	ProfessionalRole string `json:"professionalRole,omitempty"`
	// Start and Due are calendar dates in Swedish time: the item runs from
	// Start and is to be done by the end of Due.
	Start roles.Date `json:"start,omitzero"`
	Due   roles.Date `json:"due,omitzero"`
	// Status changes only through Draft.SetItemStatus, which appends to History.
	Status  ItemStatus         `json:"status"`
	History []ItemStatusChange `json:"history,omitempty"`
	// Outcomes are notes on what the item achieved, oldest first.
	Outcomes []Note `json:"outcomes,omitempty"`
}

// ItemStatusChange records one status change of an item.
type ItemStatusChange struct {
	At   time.Time   `json:"at"`
	By   roles.Party `json:"by"`
	From ItemStatus  `json:"from"`
	To   ItemStatus  `json:"to"`
	Note string      `json:"note,omitempty"`
}

// StatusChange records one status change of the plan; a reopening is recorded
// as avslutad -> aktiv.
type StatusChange struct {
	At   time.Time   `json:"at"`
	By   roles.Party `json:"by"`
	From Status      `json:"from"`
	To   Status      `json:"to"`
	Note string      `json:"note,omitempty"`
}

// Note is a dated note by a person.
type Note struct {
	At   time.Time   `json:"at"`
	By   roles.Party `json:"by"`
	Text string      `json:"text"`
}

// FollowUp is a follow-up meeting (uppföljning) of the plan.
type FollowUp struct {
	ID roles.ID[FollowUp] `json:"id"`
	// Date is the day of the meeting.
	Date roles.Date `json:"date"`
	// Participants are those who took part.
	Participants []roles.Party `json:"participants"`
	// Decisions says what was decided.
	Decisions string `json:"decisions,omitempty"`
	// NextReview is the next review date the meeting set; recording the
	// follow-up sets the plan's NextReview to it.
	NextReview roles.Date  `json:"nextReview"`
	RecordedAt time.Time   `json:"recordedAt"`
	RecordedBy roles.Party `json:"recordedBy"`
}

// SIP is what a plan must state in addition when it is also a samordnad
// individuell plan (SoL 2025:400 10 kap. 8–9 §§, HSL 16 kap. 4 §): which
// principal has the overall responsibility, and what others than social
// services and health care do. The needed interventions are the plan's items;
// each item of social services or health care names its principal
// (Item.PrincipalID).
type SIP struct {
	// LeadPrincipalID is the principal (huvudman) with the overall
	// responsibility; it is the principal of at least one SIP item.
	LeadPrincipalID roles.ID[roles.Organisation] `json:"leadPrincipalId,omitzero"`
	// Others says what others do: school, police, the family.
	Others []Contribution `json:"others,omitempty"`
	// CalledOn is the day the SIP meeting was decided on; MeetingBy the day by
	// which it is to be held (see MeetingDeadline); HeldOn the day it was held.
	CalledOn  roles.Date `json:"calledOn,omitzero"`
	MeetingBy roles.Date `json:"meetingBy,omitzero"`
	HeldOn    roles.Date `json:"heldOn,omitzero"`
}

// Contribution is what someone other than the SIP principals does: an agency
// such as the school or the police, or a person such as a guardian.
type Contribution struct {
	Agency roles.Agency `json:"agency,omitempty"`
	Party  roles.Party  `json:"party,omitzero"`
	Text   string       `json:"text"`
}

// DefaultSIPMeetingDays is the default number of days within which a SIP
// meeting is held after the decision to call it: three weeks, the practice in
// Västra Götaland. (verify) A municipality may use another number; pass it to
// MeetingDeadline.
const DefaultSIPMeetingDays = 21

// MeetingDeadline returns the day by which a SIP meeting called on calledOn is
// to be held: days calendar days later, or DefaultSIPMeetingDays when days is
// not positive.
func MeetingDeadline(calledOn roles.Date, days int) roles.Date {
	if days <= 0 {
		days = DefaultSIPMeetingDays
	}
	return calledOn.AddDays(days)
}

// LogEntry is the revision log entry of one revision: who changed the plan,
// when, and what the change did.
type LogEntry struct {
	PlanID   roles.ID[Plan] `json:"planId"`
	Revision int64          `json:"revision"`
	Author   roles.Party    `json:"author"`
	At       time.Time      `json:"at"`
	Summary  string         `json:"summary"`
}

// New returns the seed of a new plan for child: an empty draft at revision 0.
// It is not a valid plan yet; its first Change makes revision 1.
func New(id roles.ID[Plan], child roles.ID[roles.Child]) *Plan {
	return &Plan{ID: id, ChildID: child, Status: Utkast}
}

// LogEntry returns the revision log entry of p.
func (p *Plan) LogEntry() LogEntry {
	return LogEntry{PlanID: p.ID, Revision: p.Revision, Author: p.UpdatedBy, At: p.UpdatedAt, Summary: p.Summary}
}

// Goal returns a copy of the goal with the given ID, which shares no memory
// with the plan.
func (p *Plan) Goal(id roles.ID[Goal]) (Goal, bool) {
	if i := p.goalIndex(id); i >= 0 {
		g := p.Goals[i]
		g.Areas = slices.Clone(g.Areas)
		return g, true
	}
	return Goal{}, false
}

// Item returns a copy of the item with the given ID, which shares no memory
// with the plan.
func (p *Plan) Item(id roles.ID[Item]) (Item, bool) {
	if i := p.itemIndex(id); i >= 0 {
		it := p.Items[i]
		it.History = slices.Clone(it.History)
		it.Outcomes = slices.Clone(it.Outcomes)
		return it, true
	}
	return Item{}, false
}

func (p *Plan) goalIndex(id roles.ID[Goal]) int {
	return slices.IndexFunc(p.Goals, func(g Goal) bool { return g.ID == id })
}

func (p *Plan) itemIndex(id roles.ID[Item]) int {
	for i := range p.Items {
		if p.Items[i].ID == id {
			return i
		}
	}
	return -1
}

// Agencies returns, in canonical order, the agencies taking part in the plan:
// those owning items, the Barnkontakt's and the Stödsamordnare's, and those of
// the team's professional members.
func (p *Plan) Agencies() []roles.Agency {
	var set agencySet
	for i := range p.Items {
		set.add(p.Items[i].Agency)
	}
	set.add(p.Barnkontakt.Agency)
	set.add(p.Stodsamordnare.Agency)
	for i := range p.Team {
		set.add(p.Team[i].Agency)
	}
	return set.list()
}

// ItemAgencies returns, in canonical order, the agencies that own items.
func (p *Plan) ItemAgencies() []roles.Agency {
	var set agencySet
	for i := range p.Items {
		set.add(p.Items[i].Agency)
	}
	return set.list()
}

// IsSIP reports whether the plan is also a samordnad individuell plan: both
// social services (socialtjanst) and health care (halso_sjukvard) own items.
//
// The medical part of elevhälsa (elevhalsa_medicinsk) does not count as health
// care here: DOMAIN.md names health care as the BVC, vårdcentral and BUP
// (halso_sjukvard), and the SIP duty of HSL 16 kap. 4 § falls on the region and
// the municipality as principals of that care; the school's health service
// takes part as one of the others (Contribution). (verify)
func (p *Plan) IsSIP() bool {
	var social, health bool
	for i := range p.Items {
		switch p.Items[i].Agency {
		case roles.Socialtjanst:
			social = true
		case roles.HalsoSjukvard:
			health = true
		}
	}
	return social && health
}

// IsSIPAgency reports whether items of agency a are interventions of a SIP
// principal (social services or health care; see IsSIP).
func IsSIPAgency(a roles.Agency) bool { return a == roles.Socialtjanst || a == roles.HalsoSjukvard }

// Clone returns a deep copy of p that shares no memory with it (see
// CloneFiltered); a nil p gives nil.
func (p *Plan) Clone() *Plan { return p.CloneFiltered(nil) }

// agencySet is a set of agencies by canonical position.
type agencySet uint16

func (s *agencySet) add(a roles.Agency) {
	if i := agencyIndex(a); i >= 0 {
		*s |= 1 << i
	}
}

func (s agencySet) has(a roles.Agency) bool {
	i := agencyIndex(a)
	return i >= 0 && s&(1<<i) != 0
}

func (s agencySet) count() int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}

func (s agencySet) list() []roles.Agency {
	var out []roles.Agency
	for i, a := range allAgencies {
		if s&(1<<i) != 0 {
			out = append(out, a)
		}
	}
	return out
}

var allAgencies = roles.Agencies()

// agencyIndex returns the canonical position of a, or -1 for an unknown agency.
func agencyIndex(a roles.Agency) int {
	switch a {
	case roles.Forskola:
		return 0
	case roles.Skola:
		return 1
	case roles.ElevhalsaPsykosocial:
		return 2
	case roles.ElevhalsaMedicinsk:
		return 3
	case roles.Socialtjanst:
		return 4
	case roles.HalsoSjukvard:
		return 5
	case roles.Polis:
		return 6
	}
	return -1
}
