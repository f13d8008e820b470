package adapters

import "context"

// Records is what every repository of a mutable record offers: create, get by
// ID, update with optimistic concurrency. T is the record type (roles.Child,
// plan.Plan, ...) and I its ID type; every record has an ID field and a
// Revision int64 field.
//
// The contract, for every repository that embeds Records:
//
//   - Create must store a copy of *v with Revision 1, and set v.Revision to 1;
//     the Revision passed in is ignored [Records/<Entity>/Create].
//   - Create must fail with an error matching ErrAlreadyExists when a record of
//     the same kind has v's ID, or when v breaks a unique constraint the
//     repository documents; nothing is written then [Records/<Entity>/Duplicate].
//   - Create and Update must fail with an error matching roles.ErrInvalid when
//     v's ID is zero [Records/<Entity>/ZeroID]. A store does not validate records
//     otherwise: that is the caller's job (the records' Validate methods).
//   - Get must return the stored record, equal field for field to what was
//     written (instants normalised as NormalizeTime says; empty slices and maps
//     as nil, pointers to zero values as nil) [Records/<Entity>/Create,
//     Records/<Entity>/RoundTripMinimal, Times/*, NilAndEmpty/*, Unicode/*, Enums/*].
//   - Get must fail with an error matching ErrNotFound when no record has the ID
//     [Records/<Entity>/NotFound].
//   - Update must replace the stored record with *v only when v.Revision equals
//     the stored Revision; it then stores Revision+1 and sets v.Revision to it
//     [Records/<Entity>/Update].
//   - Update with any other revision must fail with an error matching
//     ErrConflict and change nothing [Records/<Entity>/StaleRevision]; Update of
//     a record that does not exist must fail with an error matching ErrNotFound
//     [Records/<Entity>/UpdateNotFound].
//   - A store must keep its own copies: changing a value (its slices, maps or
//     pointed-to structs) after Create or Update, or after Get returned it, must
//     not change what is stored [Records/<Entity>/NoAliasing]. Plans are the
//     exception: a plan.Plan is a value that nobody changes in place, and a
//     store may share its memory (see Plans).
//   - Errors for one record must be, or wrap, an *Error with the Entity and the
//     record's ID [Records/<Entity>/NotFound].
//
// References between records (a custody's ChildID) are the caller's to keep:
// a store need not check them, and the conformance suite always writes a
// referenced record before the records that refer to it. Nothing is deleted:
// records end through their periods and statuses.
type Records[T any, I comparable] interface {
	// Create stores a new record; see the contract above.
	Create(ctx context.Context, v *T) error
	// Get returns the record with the ID.
	Get(ctx context.Context, id I) (T, error)
	// Update replaces a record whose Revision matches the stored one.
	Update(ctx context.Context, v *T) error
}
