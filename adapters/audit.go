package adapters

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/google/uuid"
)

// Severity grades an audit entry. Views of a protected person's data are
// SeverityHigh.
type Severity string

// The severities, in canonical order.
const (
	SeverityNormal Severity = "normal" // an ordinary read, write or decision
	SeverityHigh   Severity = "high"   // e.g. a view of a protected identity, a denied disclosure
)

var severities = []Severity{SeverityNormal, SeverityHigh}

// Severities returns every severity in canonical order.
func Severities() []Severity { return append([]Severity(nil), severities...) }

// ParseSeverity returns the severity with code s, or an error matching
// vocab.ErrUnknownCode.
func ParseSeverity(s string) (Severity, error) { return vocab.Parse("severity", s, severities) }

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return vocab.Valid(s, severities) }

// String returns the code.
func (s Severity) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s Severity) MarshalText() ([]byte, error) { return vocab.Marshal("severity", s, severities) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *Severity) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("severity", s, b, severities)
}

// AuditEntry is one record of the audit trail: who did (or was refused) what,
// on which category of which child's information, when, and on which basis.
// backa fills every field but Seq and computes the hash chain; a store keeps
// the entry exactly as given and never changes it.
//
// The codes (Action, Category, Purpose, BasisKind, Reasons) are the stable
// codes of the roles vocabularies, kept as text so that the trail stays
// readable whatever the vocabularies become.
type AuditEntry struct {
	// ID identifies the entry (UUIDv7).
	ID roles.ID[AuditEntry] `json:"id"`
	// Seq is the entry's place in the trail, assigned by the store on Append:
	// 1 for the first entry, then one more than the entry before, without gaps.
	Seq int64 `json:"seq"`
	// At is when the access or decision happened.
	At time.Time `json:"at"`
	// Actor is who acted.
	Actor roles.Party `json:"actor"`
	// ActorAgency is the actor's agency (secrecy domain), for professionals.
	ActorAgency roles.Agency `json:"actorAgency,omitempty"`
	// ActorUnit is the actor's unit, where known.
	ActorUnit roles.ID[roles.Unit] `json:"actorUnit,omitzero"`
	// ChildID is the child whose information was concerned; zero when none.
	ChildID roles.ID[roles.Child] `json:"childId,omitzero"`
	// Action is the code of what was done or attempted ("read", "write", "disclose", ...).
	Action string `json:"action"`
	// Category is the code of the information category concerned.
	Category string `json:"category,omitempty"`
	// Purpose is the code of the purpose given.
	Purpose string `json:"purpose,omitempty"`
	// Allowed reports whether the access was allowed.
	Allowed bool `json:"allowed"`
	// BasisKind is the code of the kind of basis ("same_domain", "consent",
	// "legal_basis", ...); empty for a denial without one.
	BasisKind string `json:"basisKind,omitempty"`
	// BasisRef refers to the basis: a consent's ID, a legal basis's code.
	BasisRef string `json:"basisRef,omitempty"`
	// DecisionID identifies the access decision this entry records.
	DecisionID uuid.UUID `json:"decisionId"`
	// Reasons are the codes of the decision's reasons, in order.
	Reasons []string `json:"reasons,omitempty"`
	// Severity grades the entry.
	Severity Severity `json:"severity"`
	// PrevHash is the Hash of the entry before (nil for the first).
	PrevHash []byte `json:"prevHash,omitempty"`
	// Hash is the entry's hash, computed by backa over its fields and PrevHash.
	Hash []byte `json:"hash,omitempty"`
}

// AuditLog is the append-only audit trail. It has no method to change or remove
// an entry.
//
// Sequence numbers: Append must set e.Seq to one more than the greatest Seq in
// the trail as this transaction sees it (1 when empty) [Audit/Seq]. When two
// transactions append concurrently, at most one may commit a given Seq: the
// other must fail with an error matching ErrConflict or be retried by InTx
// [Concurrency/AuditChain]. So the trail is gapless and a hash chain built on
// Last stays linear.
type AuditLog interface {
	// Append adds e to the trail and sets e.Seq. Append must store e exactly
	// (instants normalised, empty slices as nil) [Audit/RoundTrip]; it must
	// fail with an error matching roles.ErrInvalid when e.ID is zero and with
	// one matching ErrAlreadyExists when an entry has e.ID [Audit/Duplicate].
	Append(ctx context.Context, e *AuditEntry) error

	// Last returns the entry with the greatest Seq, including one appended
	// earlier in this transaction; ErrNotFound when the trail is empty
	// [Audit/Last].
	Last(ctx context.Context) (AuditEntry, error)

	// ByChild returns the entries about the child, newest first (Seq
	// descending): the log extract [Audit/ByChild, Paging/*].
	ByChild(ctx context.Context, child roles.ID[roles.Child], page PageRequest) (Page[AuditEntry], error)

	// Scan returns the entries with Seq >= from, in Seq order, for verifying
	// the hash chain [Audit/Scan].
	Scan(ctx context.Context, from int64, page PageRequest) (Page[AuditEntry], error)
}
