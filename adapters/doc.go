// Package adapters defines the storage ports of Backa barnet: what a
// municipality's system must offer, over its own database, so that backa can
// keep children, people, roles, consents, assessments, concerns, plans, the
// audit trail and the event outbox in it.
//
// The interfaces are small and dumb on purpose. backa validates, decides access,
// computes the audit hash chain and builds events; a store keeps what it is
// given, answers the queries below from indexes, and guarantees transactions,
// optimistic concurrency and the errors described here. memstore (in memory)
// and sqlstore (SQLite and PostgreSQL) are the reference stores; the
// conformance suite in adaptertest checks any store against this contract.
//
// # Contracts
//
// Doc comments state each contract as "must" sentences. The name in square
// brackets after a sentence is the adaptertest case that checks it (for
// example [Tx/RollbackOnError]).
//
// # Transactions
//
// Store.InTx runs a function as one unit of work; Store.View runs one on a
// read-only snapshot. The function may be called more than once, so it must do
// nothing but read and write through its Tx. A panic rolls back and is
// re-raised; nested transactions on one store fail with ErrNestedTx.
//
// # Revisions
//
// Every mutable record has a Revision. Create stores revision 1; Update must
// carry the stored revision and increments it, or fails with ErrConflict. The
// audit trail and the outbox are append-only; the store numbers their entries
// (Seq) without gaps.
//
// # Values
//
// Instants are kept in UTC at microsecond precision (TimePrecision,
// NormalizeTime); calendar dates (roles.Date) exactly. Empty slices and maps,
// and pointers to zero values, come back as nil. Stores keep their own copies: a caller changing a value
// after writing or reading it changes nothing stored.
//
// # Errors
//
// ErrNotFound, ErrAlreadyExists and ErrConflict (and the transaction errors)
// are matched with errors.Is. A store wraps them in an *Error naming the
// entity and the record's ID; an Error never holds personal data.
package adapters
