package plan

import (
	"errors"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// Status is where a plan is in its lifecycle. It maps onto FHIR CarePlan.status
// (utkast = draft, aktiv = active, avslutad = completed).
type Status string

// The plan statuses, in canonical order. Each constant's comment says where a
// plan may go next; planTransitions below is the one table that decides.
const (
	// Utkast (draft): the plan is being written. Next: Aktiv.
	Utkast Status = "utkast"
	// Aktiv (active): the plan is in force. Next: Avslutad.
	Aktiv Status = "aktiv"
	// Avslutad (closed): the plan has ended. Next: Aktiv (reopened; the
	// reopening is recorded in the status history).
	Avslutad Status = "avslutad"
)

var statuses = []Status{Utkast, Aktiv, Avslutad}

// planTransitions is the plan lifecycle of DOMAIN.md: from each status, the
// statuses a plan may move to.
var planTransitions = map[Status][]Status{
	Utkast:   {Aktiv},
	Aktiv:    {Avslutad},
	Avslutad: {Aktiv},
}

// Statuses returns every plan status in canonical order.
func Statuses() []Status { return append([]Status(nil), statuses...) }

// ParseStatus returns the plan status with code s, or an error matching vocab.ErrUnknownCode.
func ParseStatus(s string) (Status, error) { return vocab.Parse("plan status", s, statuses) }

// Valid reports whether s is a known plan status.
func (s Status) Valid() bool { return vocab.Valid(s, statuses) }

// String returns the code.
func (s Status) String() string { return string(s) }

// Label returns the Swedish name of the status.
func (s Status) Label() string {
	switch s {
	case Utkast:
		return "Utkast"
	case Aktiv:
		return "Aktiv"
	case Avslutad:
		return "Avslutad"
	}
	return ""
}

// Next returns the statuses a plan may move to from s, in canonical order
// (none for an unknown status).
func (s Status) Next() []Status { return append([]Status(nil), planTransitions[s]...) }

// CanMoveTo reports whether a plan may move from s to t.
func (s Status) CanMoveTo(t Status) bool { return vocab.Valid(t, planTransitions[s]) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s Status) MarshalText() ([]byte, error) { return vocab.Marshal("plan status", s, statuses) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *Status) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("plan status", s, b, statuses)
}

// ItemStatus is where an item (insats) is in its lifecycle. It maps onto FHIR
// Task.status (planerad = requested, pagaende = in-progress, pausad = on-hold,
// genomford = completed, avbruten = cancelled).
type ItemStatus string

// The item statuses, in canonical order. Each constant's comment says where an
// item may go next; itemTransitions below is the one table that decides.
const (
	// Planerad (planned): agreed, not yet started. Next: Pagaende or Avbruten.
	Planerad ItemStatus = "planerad"
	// Pagaende (pågående, in progress). Next: Pausad, Genomford or Avbruten.
	Pagaende ItemStatus = "pagaende"
	// Pausad (paused). Next: Pagaende or Avbruten.
	Pausad ItemStatus = "pausad"
	// Genomford (genomförd, done). Terminal: no next status.
	Genomford ItemStatus = "genomford"
	// Avbruten (cancelled or ended early). Terminal: no next status.
	Avbruten ItemStatus = "avbruten"
)

var itemStatuses = []ItemStatus{Planerad, Pagaende, Pausad, Genomford, Avbruten}

// itemTransitions is the item lifecycle of DOMAIN.md: from each status, the
// statuses an item may move to. Terminal statuses have no entry.
var itemTransitions = map[ItemStatus][]ItemStatus{
	Planerad: {Pagaende, Avbruten},
	Pagaende: {Pausad, Genomford, Avbruten},
	Pausad:   {Pagaende, Avbruten},
}

// ItemStatuses returns every item status in canonical order.
func ItemStatuses() []ItemStatus { return append([]ItemStatus(nil), itemStatuses...) }

// ParseItemStatus returns the item status with code s, or an error matching vocab.ErrUnknownCode.
func ParseItemStatus(s string) (ItemStatus, error) {
	return vocab.Parse("item status", s, itemStatuses)
}

// Valid reports whether s is a known item status.
func (s ItemStatus) Valid() bool { return vocab.Valid(s, itemStatuses) }

// String returns the code.
func (s ItemStatus) String() string { return string(s) }

// Label returns the Swedish name of the status.
func (s ItemStatus) Label() string {
	switch s {
	case Planerad:
		return "Planerad"
	case Pagaende:
		return "Pågående"
	case Pausad:
		return "Pausad"
	case Genomford:
		return "Genomförd"
	case Avbruten:
		return "Avbruten"
	}
	return ""
}

// Next returns the statuses an item may move to from s, in canonical order
// (none for a terminal or unknown status).
func (s ItemStatus) Next() []ItemStatus {
	return append([]ItemStatus(nil), itemTransitions[s]...)
}

// CanMoveTo reports whether an item may move from s to t.
func (s ItemStatus) CanMoveTo(t ItemStatus) bool { return vocab.Valid(t, itemTransitions[s]) }

// Terminal reports whether s is a known status from which an item never moves
// (Genomford, Avbruten).
func (s ItemStatus) Terminal() bool { return s.Valid() && len(itemTransitions[s]) == 0 }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s ItemStatus) MarshalText() ([]byte, error) {
	return vocab.Marshal("item status", s, itemStatuses)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *ItemStatus) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("item status", s, b, itemStatuses)
}

// ErrInvalidTransition is matched by *TransitionError and *PlanTransitionError:
// a status change that the transition table does not allow.
var ErrInvalidTransition = errors.New("invalid status transition")

// TransitionError reports an item status change that the item lifecycle does
// not allow. It matches ErrInvalidTransition with errors.Is.
type TransitionError struct {
	// Item is the item whose status was to change (zero when not known).
	Item roles.ID[Item] `json:"item,omitzero"`
	// From is the item's status, To the status asked for.
	From ItemStatus `json:"from"`
	To   ItemStatus `json:"to"`
}

// Error implements error: "item status: planerad -> genomford: invalid status transition".
func (e *TransitionError) Error() string {
	return "item status: " + quoteCode(string(e.From)) + " -> " + quoteCode(string(e.To)) + ": " + ErrInvalidTransition.Error()
}

// Is reports whether target is ErrInvalidTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// PlanTransitionError reports a plan status change that the plan lifecycle
// does not allow. It matches ErrInvalidTransition with errors.Is.
type PlanTransitionError struct {
	From Status `json:"from"`
	To   Status `json:"to"`
}

// Error implements error: "plan status: utkast -> avslutad: invalid status transition".
func (e *PlanTransitionError) Error() string {
	return "plan status: " + quoteCode(string(e.From)) + " -> " + quoteCode(string(e.To)) + ": " + ErrInvalidTransition.Error()
}

// Is reports whether target is ErrInvalidTransition.
func (e *PlanTransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// quoteCode shows a status code in an error message: known-shape codes as they
// are, anything else cut and marked, so arbitrary input cannot bloat a message.
func quoteCode(s string) string {
	if s == "" {
		return "(none)"
	}
	if len(s) > 32 {
		s = s[:32] + "..."
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c == '_' || c == '.') {
			return "(unknown code)"
		}
	}
	return s
}
