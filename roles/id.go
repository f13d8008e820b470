package roles

import (
	"fmt"

	"github.com/google/uuid"
)

// ID identifies one record of kind T (for example ID[Child]). IDs are UUIDv7, so
// they sort by creation time; the zero ID is unset. Distinct kinds are distinct
// types, so a guardian's ID cannot be passed where a child's is wanted.
type ID[T any] uuid.UUID

// NewID returns a new UUIDv7 ID of kind T.
func NewID[T any]() (ID[T], error) {
	u, err := uuid.NewV7()
	if err != nil {
		return ID[T]{}, fmt.Errorf("new id: %w", err)
	}
	return ID[T](u), nil
}

// MustNewID is NewID for tests and examples; it panics when the system's random source fails.
func MustNewID[T any]() ID[T] {
	id, err := NewID[T]()
	if err != nil {
		panic(err)
	}
	return id
}

// ParseID parses a UUID as an ID of kind T: the canonical form
// (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) and the other forms uuid.Parse accepts
// (32 hex digits, braces, urn:uuid:). Errors match ErrInvalid and hold no input.
func ParseID[T any](s string) (ID[T], error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return ID[T]{}, fmt.Errorf("id: %w: not a UUID", ErrInvalid)
	}
	return ID[T](u), nil
}

// UUID returns the ID as a uuid.UUID.
func (id ID[T]) UUID() uuid.UUID { return uuid.UUID(id) }

// IsZero reports whether the ID is unset.
func (id ID[T]) IsZero() bool { return id == ID[T]{} }

// String returns the canonical textual form of the UUID.
func (id ID[T]) String() string { return uuid.UUID(id).String() }

// Compare orders IDs bytewise (for UUIDv7: by creation time).
func (id ID[T]) Compare(other ID[T]) int {
	for i := range id {
		if id[i] != other[i] {
			if id[i] < other[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler; the zero ID is written as "".
func (id ID[T]) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	return uuid.UUID(id).MarshalText()
}

// UnmarshalText implements encoding.TextUnmarshaler; "" gives the zero ID.
func (id *ID[T]) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID[T]{}
		return nil
	}
	u, err := uuid.ParseBytes(b)
	if err != nil {
		return fmt.Errorf("id: %w: not a UUID", ErrInvalid)
	}
	*id = ID[T](u)
	return nil
}
