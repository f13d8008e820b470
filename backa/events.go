package backa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// EventType is the stable code of a kind of event (adapters.Event.Type).
// Codes are never renamed or reused; a payload's layout changes only with its
// version (PayloadVersion).
type EventType string

// The event types, in canonical order.
const (
	// EventChildEnrolled: a child was enrolled in Backa barnet (ChildEnrolled).
	EventChildEnrolled EventType = "child.enrolled"
	// EventBarnkontaktChanged: the child got a Barnkontakt, or it was handed
	// over (RoleChanged).
	EventBarnkontaktChanged EventType = "barnkontakt.changed"
	// EventStodsamordnareChanged: a Stödsamordnare was appointed, or replaced
	// (RoleChanged).
	EventStodsamordnareChanged EventType = "stodsamordnare.changed"
	// EventTeamChanged: members joined or left the child's team (TeamChanged).
	EventTeamChanged EventType = "team.changed"
	// EventConsentRecorded: a consent was recorded (ConsentRecorded).
	EventConsentRecorded EventType = "consent.recorded"
	// EventConsentWithdrawn: a consent was withdrawn (ConsentWithdrawn).
	EventConsentWithdrawn EventType = "consent.withdrawn"
	// EventDisclosureRecorded: a decision to disclose, or not to disclose, was
	// recorded (DisclosureRecorded).
	EventDisclosureRecorded EventType = "disclosure.recorded"
	// EventAssessmentRecorded: an agency recorded an assessment on the needs
	// compass (AssessmentRecorded).
	EventAssessmentRecorded EventType = "assessment.recorded"
	// EventConcernRaised: a concern was raised and went to the child's
	// Barnkontakt (ConcernRaised).
	EventConcernRaised EventType = "concern.raised"
	// EventConcernReported: a concern was reported to social services
	// (orosanmälan) (ConcernReported).
	EventConcernReported EventType = "concern.reported"
	// EventPlanChanged: the plan got a new revision: created, changed,
	// activated, followed up, closed or reopened (PlanChanged).
	EventPlanChanged EventType = "plan.changed"
	// EventItemAssigned: an item of the plan was assigned to an agency, when
	// added or when its agency changed (ItemAssigned).
	EventItemAssigned EventType = "item.assigned"
	// EventFollowUpDue: a plan's review date has come (FollowUpDue); raised by
	// RemindFollowUps.
	EventFollowUpDue EventType = "plan.follow_up_due"
	// EventMaturityRecorded: a maturity assessment placed the child in a
	// consent band (MaturityRecorded).
	EventMaturityRecorded EventType = "maturity.recorded"
	// EventHarmExceptionRecorded: a guardian is left out by a significant-harm
	// exception (HarmExceptionRecorded).
	EventHarmExceptionRecorded EventType = "harm_exception.recorded"
)

var eventTypes = []EventType{
	EventChildEnrolled, EventBarnkontaktChanged, EventStodsamordnareChanged, EventTeamChanged,
	EventConsentRecorded, EventConsentWithdrawn, EventDisclosureRecorded, EventAssessmentRecorded,
	EventConcernRaised, EventConcernReported, EventPlanChanged, EventItemAssigned, EventFollowUpDue,
	EventMaturityRecorded, EventHarmExceptionRecorded,
}

// EventTypes returns every event type in canonical order.
func EventTypes() []EventType { return append([]EventType(nil), eventTypes...) }

// ParseEventType returns the event type with code s, or an error matching
// vocab.ErrUnknownCode.
func ParseEventType(s string) (EventType, error) { return vocab.Parse("event type", s, eventTypes) }

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return vocab.Valid(t, eventTypes) }

// String returns the code.
func (t EventType) String() string { return string(t) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (t EventType) MarshalText() ([]byte, error) { return vocab.Marshal("event type", t, eventTypes) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (t *EventType) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("event type", t, b, eventTypes)
}

// PayloadVersion is the version of the payload layouts of this package. Every
// payload carries it as "version"; a consumer that meets a higher version
// than it knows should not guess at its meaning.
const PayloadVersion = 1

// Payload is the body of an event: one of the payload types of this package.
// Payloads hold IDs, codes and times, never personal data: a consumer that
// needs more reads it through the Service, as the reader it is, and is audited.
type Payload interface {
	// EventType returns the type of event the payload belongs to.
	EventType() EventType
	payload()
}

// PayloadHead is the part every payload shares.
type PayloadHead struct {
	// Version is the payload layout's version (PayloadVersion).
	Version int `json:"version"`
	// ChildID is the child the event is about.
	ChildID roles.ID[roles.Child] `json:"childId"`
	// By says who caused the event, without naming anyone, so that a
	// system can tell what its own users did from what others did; zero for
	// what the service does of itself (the follow-up reminder).
	By EventActor `json:"by,omitzero"`
}

// EventActor is who caused an event: the kind of party (a professional, a
// guardian, the child), and for a professional the agency and unit they
// acted in. It names no person: an event goes to other agencies' systems,
// which need to know whose change it was, not who made it (the audit trail
// records that).
type EventActor struct {
	Kind   roles.PartyKind      `json:"kind"`
	Agency roles.Agency         `json:"agency,omitempty"`
	UnitID roles.ID[roles.Unit] `json:"unitId,omitzero"`
}

func (PayloadHead) payload() {}

// RoleRef refers to a role assignment and where its holder works.
type RoleRef struct {
	AssignmentID   roles.ID[roles.Assignment]   `json:"assignmentId"`
	ProfessionalID roles.ID[roles.Professional] `json:"professionalId,omitzero"`
	Role           roles.Role                   `json:"role"`
	Agency         roles.Agency                 `json:"agency,omitempty"`
	UnitID         roles.ID[roles.Unit]         `json:"unitId,omitzero"`
	// From and Until are the assignment's period (Until zero while open).
	From  time.Time `json:"from"`
	Until time.Time `json:"until,omitzero"`
}

func roleRef(a *roles.Assignment) RoleRef {
	r := RoleRef{
		AssignmentID: a.ID, Role: a.Role, Agency: a.Agency, UnitID: a.UnitID,
		From: a.Period.Start, Until: a.Period.End,
	}
	if a.Holder.Kind == roles.PartyProfessional {
		r.ProfessionalID = roles.ID[roles.Professional](a.Holder.ID)
	}
	return r
}

// ChildEnrolled is the payload of EventChildEnrolled.
type ChildEnrolled struct {
	PayloadHead
	Barnkontakt RoleRef `json:"barnkontakt"`
	// Guardians are the guardians with custody.
	Guardians []roles.ID[roles.Guardian] `json:"guardians,omitempty"`
}

// EventType implements Payload.
func (ChildEnrolled) EventType() EventType { return EventChildEnrolled }

// RoleChanged is the payload of EventBarnkontaktChanged and
// EventStodsamordnareChanged.
type RoleChanged struct {
	PayloadHead
	// To is the new assignment; From the one it replaced, if any (ending when
	// To starts).
	To   RoleRef  `json:"to"`
	From *RoleRef `json:"from,omitempty"`
}

// EventType implements Payload.
func (p RoleChanged) EventType() EventType {
	if p.To.Role == roles.Stodsamordnare {
		return EventStodsamordnareChanged
	}
	return EventBarnkontaktChanged
}

// TeamChanged is the payload of EventTeamChanged.
type TeamChanged struct {
	PayloadHead
	Added []RoleRef `json:"added,omitempty"`
	Ended []RoleRef `json:"ended,omitempty"`
}

// EventType implements Payload.
func (TeamChanged) EventType() EventType { return EventTeamChanged }

// ConsentRecorded is the payload of EventConsentRecorded.
type ConsentRecorded struct {
	PayloadHead
	ConsentID         roles.ID[roles.Consent] `json:"consentId"`
	DisclosingAgency  roles.Agency            `json:"disclosingAgency"`
	ReceivingAgencies []roles.Agency          `json:"receivingAgencies"`
	Categories        []roles.Category        `json:"categories"`
	Purpose           roles.Purpose           `json:"purpose"`
	ValidFrom         time.Time               `json:"validFrom"`
	ValidUntil        time.Time               `json:"validUntil"`
}

// EventType implements Payload.
func (ConsentRecorded) EventType() EventType { return EventConsentRecorded }

// ConsentWithdrawn is the payload of EventConsentWithdrawn.
type ConsentWithdrawn struct {
	PayloadHead
	ConsentID         roles.ID[roles.Consent] `json:"consentId"`
	DisclosingAgency  roles.Agency            `json:"disclosingAgency"`
	ReceivingAgencies []roles.Agency          `json:"receivingAgencies"`
	// WithdrawnAt is when the consent stopped holding.
	WithdrawnAt time.Time `json:"withdrawnAt"`
}

// EventType implements Payload.
func (ConsentWithdrawn) EventType() EventType { return EventConsentWithdrawn }

// DisclosureRecorded is the payload of EventDisclosureRecorded.
type DisclosureRecorded struct {
	PayloadHead
	DisclosureID roles.ID[roles.Disclosure] `json:"disclosureId"`
	Outcome      roles.DisclosureOutcome    `json:"outcome"`
	From         roles.Agency               `json:"from"`
	To           roles.Agency               `json:"to"`
	Categories   []roles.Category           `json:"categories"`
	Purpose      roles.Purpose              `json:"purpose"`
	Basis        roles.Basis                `json:"basis,omitzero"`
}

// EventType implements Payload.
func (DisclosureRecorded) EventType() EventType { return EventDisclosureRecorded }

// AssessmentRecorded is the payload of EventAssessmentRecorded.
type AssessmentRecorded struct {
	PayloadHead
	AssessmentID roles.ID[behovskompass.Assessment] `json:"assessmentId"`
	Agency       roles.Agency                       `json:"agency"`
	UnitID       roles.ID[roles.Unit]               `json:"unitId"`
	AssessedAt   time.Time                          `json:"assessedAt"`
	// Areas are the areas assessed, in canonical order.
	Areas []behovskompass.Area `json:"areas"`
}

// EventType implements Payload.
func (AssessmentRecorded) EventType() EventType { return EventAssessmentRecorded }

// ConcernRaised is the payload of EventConcernRaised. It names where the
// concern was raised and whom it went to, never what was noticed: the
// Barnkontakt reads the concern through the Service.
type ConcernRaised struct {
	PayloadHead
	ConcernID   roles.ID[behovskompass.Concern] `json:"concernId"`
	Agency      roles.Agency                    `json:"agency"`
	UnitID      roles.ID[roles.Unit]            `json:"unitId,omitzero"`
	Barnkontakt RoleRef                         `json:"barnkontakt"`
}

// EventType implements Payload.
func (ConcernRaised) EventType() EventType { return EventConcernRaised }

// ConcernReported is the payload of EventConcernReported.
type ConcernReported struct {
	PayloadHead
	ConcernID    roles.ID[behovskompass.Concern] `json:"concernId"`
	DisclosureID roles.ID[roles.Disclosure]      `json:"disclosureId"`
	From         roles.Agency                    `json:"from"`
	ToUnitID     roles.ID[roles.Unit]            `json:"toUnitId,omitzero"`
}

// EventType implements Payload.
func (ConcernReported) EventType() EventType { return EventConcernReported }

// ItemChange names an item of the plan that changed, with its agency.
type ItemChange struct {
	ItemID         roles.ID[plan.Item] `json:"itemId"`
	Agency         roles.Agency        `json:"agency,omitempty"`
	PreviousAgency roles.Agency        `json:"previousAgency,omitempty"`
	// Fields are the item's fields that changed, by JSON name.
	Fields []string `json:"fields,omitempty"`
	// From and To are the item's status before and after, when it changed.
	From plan.ItemStatus `json:"from,omitempty"`
	To   plan.ItemStatus `json:"to,omitempty"`
}

// PlanChanged is the payload of EventPlanChanged: a summary of plan.Diff
// between the revision before (FromRevision, 0 for a new plan) and Revision.
type PlanChanged struct {
	PayloadHead
	PlanID       roles.ID[plan.Plan] `json:"planId"`
	Revision     int64               `json:"revision"`
	FromRevision int64               `json:"fromRevision"`
	// Status is the plan's status after the change; PreviousStatus before it,
	// when it changed.
	Status         plan.Status `json:"status"`
	PreviousStatus plan.Status `json:"previousStatus,omitempty"`
	// Fields are the plan's fields that changed, by JSON name.
	Fields       []string     `json:"fields,omitempty"`
	ItemsAdded   []ItemChange `json:"itemsAdded,omitempty"`
	ItemsRemoved []ItemChange `json:"itemsRemoved,omitempty"`
	ItemsChanged []ItemChange `json:"itemsChanged,omitempty"`
	// Agencies are the agencies the change concerns directly (plan.Diff.Agencies).
	Agencies   []roles.Agency `json:"agencies,omitempty"`
	NextReview roles.Date     `json:"nextReview,omitzero"`
}

// EventType implements Payload.
func (PlanChanged) EventType() EventType { return EventPlanChanged }

// ItemAssigned is the payload of EventItemAssigned.
type ItemAssigned struct {
	PayloadHead
	PlanID         roles.ID[plan.Plan]          `json:"planId"`
	Revision       int64                        `json:"revision"`
	ItemID         roles.ID[plan.Item]          `json:"itemId"`
	Agency         roles.Agency                 `json:"agency"`
	PreviousAgency roles.Agency                 `json:"previousAgency,omitempty"`
	ProfessionalID roles.ID[roles.Professional] `json:"professionalId,omitzero"`
	Start          roles.Date                   `json:"start,omitzero"`
	Due            roles.Date                   `json:"due,omitzero"`
}

// EventType implements Payload.
func (ItemAssigned) EventType() EventType { return EventItemAssigned }

// FollowUpDue is the payload of EventFollowUpDue.
type FollowUpDue struct {
	PayloadHead
	PlanID     roles.ID[plan.Plan] `json:"planId"`
	Revision   int64               `json:"revision"`
	NextReview roles.Date          `json:"nextReview"`
	// Agencies are the agencies taking part in the plan (plan.Plan.Agencies).
	Agencies []roles.Agency `json:"agencies,omitempty"`
}

// EventType implements Payload.
func (FollowUpDue) EventType() EventType { return EventFollowUpDue }

// MaturityRecorded is the payload of EventMaturityRecorded.
type MaturityRecorded struct {
	PayloadHead
	MaturityAssessmentID roles.ID[roles.MaturityAssessment] `json:"maturityAssessmentId"`
	Band                 roles.ConsentBand                  `json:"band"`
	Agency               roles.Agency                       `json:"agency"`
	From                 time.Time                          `json:"from"`
	Until                time.Time                          `json:"until,omitzero"`
}

// EventType implements Payload.
func (MaturityRecorded) EventType() EventType { return EventMaturityRecorded }

// HarmExceptionRecorded is the payload of EventHarmExceptionRecorded.
type HarmExceptionRecorded struct {
	PayloadHead
	HarmExceptionID roles.ID[roles.HarmException] `json:"harmExceptionId"`
	GuardianID      roles.ID[roles.Guardian]      `json:"guardianId"`
	Agency          roles.Agency                  `json:"agency"`
	From            time.Time                     `json:"from"`
	Until           time.Time                     `json:"until,omitzero"`
}

// EventType implements Payload.
func (HarmExceptionRecorded) EventType() EventType { return EventHarmExceptionRecorded }

// marshalPayload writes p's JSON with its version set.
func marshalPayload(p Payload) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("payload of %s: %w", p.EventType(), err)
	}
	return b, nil
}

// ErrUnknownEvent is matched by DecodePayload's error for an event whose type
// or payload version this package does not know.
var ErrUnknownEvent = errors.New("unknown event type or payload version")

// DecodePayload decodes the payload of e into the payload type of its event
// type (a ChildEnrolled for EventChildEnrolled, and so on; RoleChanged for
// both role events), as a value, for a type switch. It returns an error matching ErrUnknownEvent for an
// unknown type or a version other than PayloadVersion, and one matching
// roles.ErrInvalid for a payload that does not decode or whose child is not
// the event's.
func DecodePayload(e adapters.Event) (Payload, error) {
	t := EventType(e.Type)
	var p Payload
	switch t {
	case EventChildEnrolled:
		p = new(ChildEnrolled)
	case EventBarnkontaktChanged, EventStodsamordnareChanged:
		p = new(RoleChanged)
	case EventTeamChanged:
		p = new(TeamChanged)
	case EventConsentRecorded:
		p = new(ConsentRecorded)
	case EventConsentWithdrawn:
		p = new(ConsentWithdrawn)
	case EventDisclosureRecorded:
		p = new(DisclosureRecorded)
	case EventAssessmentRecorded:
		p = new(AssessmentRecorded)
	case EventConcernRaised:
		p = new(ConcernRaised)
	case EventConcernReported:
		p = new(ConcernReported)
	case EventPlanChanged:
		p = new(PlanChanged)
	case EventItemAssigned:
		p = new(ItemAssigned)
	case EventFollowUpDue:
		p = new(FollowUpDue)
	case EventMaturityRecorded:
		p = new(MaturityRecorded)
	case EventHarmExceptionRecorded:
		p = new(HarmExceptionRecorded)
	default:
		return nil, fmt.Errorf("backa: event %s: %w", e.ID, ErrUnknownEvent)
	}
	var h PayloadHead
	if err := json.Unmarshal(e.Payload, &h); err != nil {
		return nil, fmt.Errorf("backa: event %s: payload: %w", e.ID, invalidJSON(err))
	}
	if h.Version != PayloadVersion {
		return nil, fmt.Errorf("backa: event %s: payload version %d: %w", e.ID, h.Version, ErrUnknownEvent)
	}
	if err := json.Unmarshal(e.Payload, p); err != nil {
		return nil, fmt.Errorf("backa: event %s: payload: %w", e.ID, invalidJSON(err))
	}
	if h.ChildID != e.ChildID {
		return nil, fmt.Errorf("backa: event %s: payload about another child: %w", e.ID, roles.ErrInvalid)
	}
	// Return the value, not the pointer, so that a type switch reads naturally.
	switch v := p.(type) {
	case *ChildEnrolled:
		return *v, nil
	case *RoleChanged:
		if v.EventType() != t {
			return nil, fmt.Errorf("backa: event %s: role %s in a %s event: %w", e.ID, v.To.Role, t, roles.ErrInvalid)
		}
		return *v, nil
	case *TeamChanged:
		return *v, nil
	case *ConsentRecorded:
		return *v, nil
	case *ConsentWithdrawn:
		return *v, nil
	case *DisclosureRecorded:
		return *v, nil
	case *AssessmentRecorded:
		return *v, nil
	case *ConcernRaised:
		return *v, nil
	case *ConcernReported:
		return *v, nil
	case *PlanChanged:
		return *v, nil
	case *ItemAssigned:
		return *v, nil
	case *FollowUpDue:
		return *v, nil
	case *MaturityRecorded:
		return *v, nil
	case *HarmExceptionRecorded:
		return *v, nil
	}
	return nil, fmt.Errorf("backa: event %s: %w", e.ID, ErrUnknownEvent)
}

// invalidJSON returns an error matching roles.ErrInvalid that keeps the kind
// of a JSON decoding error and drops any input it quotes.
func invalidJSON(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("syntax error at offset %d: %w", se.Offset, roles.ErrInvalid)
	case errors.As(err, &te):
		return fmt.Errorf("a value of the wrong type: %w", roles.ErrInvalid)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return fmt.Errorf("unknown field: %w", roles.ErrInvalid)
	}
	return fmt.Errorf("does not decode: %w", roles.ErrInvalid)
}

// PendingEvents returns one page of the events not yet acknowledged, in the
// order they were written (Seq). Events carry IDs and codes only, so reading
// them is not audited; a consumer that needs more reads it through the
// service as an actor.
func (s *Service) PendingEvents(ctx context.Context, page adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	var out adapters.Page[adapters.Event]
	err := s.view(ctx, func(ctx context.Context, tx adapters.Tx) error {
		var err error
		out, err = tx.Outbox().Pending(ctx, page)
		return err
	})
	if err != nil {
		return adapters.Page[adapters.Event]{}, fmt.Errorf("backa: pending events: %w", err)
	}
	return out, nil
}

// AckEvents marks the events delivered, in one transaction. Acknowledging an
// event twice is not an error; an unknown ID is one matching
// adapters.ErrNotFound, and then none is acknowledged.
func (s *Service) AckEvents(ctx context.Context, ids ...roles.ID[adapters.Event]) error {
	if len(ids) == 0 {
		return nil
	}
	at := adapters.NormalizeTime(s.now())
	err := s.store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, id := range ids {
			if err := tx.Outbox().Ack(ctx, id, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("backa: ack events: %w", err)
	}
	return nil
}

// DeliveryReport says what one Deliver call did.
type DeliveryReport struct {
	// Delivered events were handled and acknowledged.
	Delivered int `json:"delivered"`
	// Failed events were not handled; Errors holds the handler's errors, in
	// the same order.
	Failed int     `json:"failed"`
	Errors []error `json:"-"`
	// Deferred events were not offered, because an earlier event about the
	// same child failed: they wait for the next Deliver, so that each child's
	// events arrive in order.
	Deferred int `json:"deferred"`
	// More reports that more events were pending than limit.
	More bool `json:"more"`
}

// Deliver offers up to limit pending events (adapters.DefaultPageLimit for
// limit <= 0), oldest first, to handle, outside any transaction, and
// acknowledges those handled without error. Delivery is at least once: an
// event handled but not acknowledged (the process stops, the store fails) is
// offered again, so handle must drop duplicates by event ID. Delivery is in
// order per child: once handle fails for an event about a child, that child's
// later events are deferred to the next call. Deliver returns an error only
// when the store fails.
func (s *Service) Deliver(ctx context.Context, limit int, handle func(ctx context.Context, e adapters.Event) error) (DeliveryReport, error) {
	var rep DeliveryReport
	page, err := s.PendingEvents(ctx, adapters.PageRequest{Limit: limit})
	if err != nil {
		return rep, err
	}
	rep.More = page.Next != ""
	failed := map[roles.ID[roles.Child]]bool{}
	var done []roles.ID[adapters.Event]
	for _, e := range page.Items {
		if failed[e.ChildID] {
			rep.Deferred++
			continue
		}
		if err := handle(ctx, e); err != nil {
			rep.Failed++
			rep.Errors = append(rep.Errors, err)
			failed[e.ChildID] = true
			continue
		}
		done = append(done, e.ID)
	}
	if err := s.AckEvents(ctx, done...); err != nil {
		return rep, err
	}
	rep.Delivered = len(done)
	return rep, nil
}
