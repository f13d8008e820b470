package adapters

import (
	"errors"
	"strings"
)

// The sentinel errors of the storage contract. A store returns them wrapped in
// an *Error that names the entity and the record; callers match them with
// errors.Is.
var (
	// ErrNotFound: no record has the ID or key looked up.
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists: a Create or Append used an ID that is taken, or broke a
	// unique constraint (a child's personnummer; one plan per child).
	ErrAlreadyExists = errors.New("already exists")
	// ErrConflict: an Update carried a revision that is not the stored one
	// (optimistic concurrency), or a concurrent transaction won.
	ErrConflict = errors.New("revision conflict")
	// ErrNestedTx: InTx or View was called with a context that is already
	// inside a transaction of the same store.
	ErrNestedTx = errors.New("nested transaction")
	// ErrTxDone: a Tx was used after its InTx or View returned.
	ErrTxDone = errors.New("transaction already done")
	// ErrReadOnly: a write was attempted in a View.
	ErrReadOnly = errors.New("read-only transaction")
)

// Entity names a kind of stored record in errors: "child", "plan", ...
type Entity string

// The entities of the store.
const (
	EntityChild              Entity = "child"
	EntityGuardian           Entity = "guardian"
	EntityCustody            Entity = "custody"
	EntityRelatedPerson      Entity = "related person"
	EntityOrganisation       Entity = "organisation"
	EntityUnit               Entity = "unit"
	EntityProfessional       Entity = "professional"
	EntityAssignment         Entity = "assignment"
	EntityConsent            Entity = "consent"
	EntityDisclosure         Entity = "disclosure"
	EntityMaturityAssessment Entity = "maturity assessment"
	EntityHarmException      Entity = "harm exception"
	EntityAssessment         Entity = "assessment"
	EntityConcern            Entity = "concern"
	EntityPlan               Entity = "plan"
	EntityPlanRevision       Entity = "plan revision"
	EntityAuditEntry         Entity = "audit entry"
	EntityEvent              Entity = "event"
)

// Error reports a storage failure about one record: which kind of entity, which
// record, and what happened (Err, one of the sentinels above). Like
// *fs.PathError, the sentinel says what happened and the struct says where.
//
// An Error never holds personal data: a lookup by personnummer that misses names
// the key ("with that personnummer"), never the number.
type Error struct {
	// Entity is the kind of record.
	Entity Entity
	// ID is the record's ID in canonical text form, or "" when the record was
	// looked up by another key.
	ID string
	// Key describes the key of a lookup or of a broken unique constraint when it
	// is not the ID, without its value: "with that personnummer", "of child
	// 01890f4e-…" (IDs are not personal data), "revision 3".
	Key string
	// Err is the sentinel: ErrNotFound, ErrAlreadyExists, ErrConflict, ...
	Err error
}

// Error returns "<entity> <id>: <err>" or "<entity> <key>: <err>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Entity))
	if e.ID != "" {
		b.WriteByte(' ')
		b.WriteString(e.ID)
	}
	if e.Key != "" {
		b.WriteByte(' ')
		b.WriteString(e.Key)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("storage error")
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// NotFound returns an *Error for a record looked up by ID that does not exist.
func NotFound(entity Entity, id string) error {
	return &Error{Entity: entity, ID: id, Err: ErrNotFound}
}

// NotFoundBy returns an *Error for a lookup by key that found nothing; key
// describes the key without its value ("with that personnummer").
func NotFoundBy(entity Entity, key string) error {
	return &Error{Entity: entity, Key: key, Err: ErrNotFound}
}

// AlreadyExists returns an *Error for a Create whose ID is taken.
func AlreadyExists(entity Entity, id string) error {
	return &Error{Entity: entity, ID: id, Err: ErrAlreadyExists}
}

// AlreadyExistsBy returns an *Error for a broken unique constraint; key
// describes it without personal data ("with that personnummer").
func AlreadyExistsBy(entity Entity, key string) error {
	return &Error{Entity: entity, Key: key, Err: ErrAlreadyExists}
}

// Conflict returns an *Error for an Update whose revision is stale.
func Conflict(entity Entity, id string) error {
	return &Error{Entity: entity, ID: id, Err: ErrConflict}
}
