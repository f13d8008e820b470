package adapters

import (
	"context"
	"encoding/json"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// Event tells other systems that something changed. backa appends events in
// the same transaction as the change, so an event exists exactly when its
// change was committed; a relay delivers pending events and acknowledges them
// (at least once).
type Event struct {
	// ID identifies the event (UUIDv7); receivers use it to drop duplicates.
	ID roles.ID[Event] `json:"id"`
	// Seq is the event's place in the outbox, assigned by the store on Append
	// as for AuditEntry.Seq: 1, 2, 3, ... without gaps.
	Seq int64 `json:"seq"`
	// ChildID is the child the event concerns; zero when none.
	ChildID roles.ID[roles.Child] `json:"childId,omitzero"`
	// Type is the event type's code ("plan.changed", "consent.withdrawn", ...).
	Type string `json:"type"`
	// At is when the change happened.
	At time.Time `json:"at"`
	// Payload is the event's body: JSON, or nil. Stores keep it byte for byte
	// (a PostgreSQL store uses bytea or text, not jsonb, which rewrites it).
	Payload json.RawMessage `json:"payload,omitempty"`
	// AckedAt is when the event was acknowledged as delivered; zero while
	// pending.
	AckedAt time.Time `json:"ackedAt,omitzero"`
}

// Outbox holds the events for other systems.
type Outbox interface {
	// Append adds e as a pending event and sets e.Seq, as AuditLog.Append does
	// for audit entries (the same sequence rules, in a sequence of its own)
	// [Outbox/Seq]. The AckedAt passed in is ignored: a new event is pending.
	// Append must fail with an error matching roles.ErrInvalid when e.ID is zero
	// and with one matching ErrAlreadyExists when an event has e.ID
	// [Outbox/Duplicate].
	Append(ctx context.Context, e *Event) error

	// Get returns the event with the ID [Outbox/RoundTrip].
	Get(ctx context.Context, id roles.ID[Event]) (Event, error)

	// Pending returns the events not yet acknowledged, in Seq order
	// [Outbox/Pending, Paging/*].
	Pending(ctx context.Context, page PageRequest) (Page[Event], error)

	// PendingOfChild returns the child's events not yet acknowledged, in Seq
	// order [Outbox/PendingOfChild].
	PendingOfChild(ctx context.Context, child roles.ID[roles.Child], page PageRequest) (Page[Event], error)

	// Ack marks the event delivered at at. Acknowledging an acknowledged event
	// must succeed and keep the first AckedAt [Outbox/Ack]; an unknown ID must
	// fail with an error matching ErrNotFound.
	Ack(ctx context.Context, id roles.ID[Event], at time.Time) error
}
