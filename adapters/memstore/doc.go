// Package memstore is the reference adapters.Store, in memory: for tests,
// demos and small deployments that need no database.
//
// It is complete (every repository and query of package adapters), safe for
// concurrent use and transactional: a write transaction works on a working
// copy that is merged into the committed state only when its function returns
// nil, while read-only Views go on reading the committed state. Write
// transactions run one at a time, so InTx never needs to retry; conflicts
// between writers show up as stale revisions (adapters.ErrConflict). Values are
// copied in and deep-copied out, so callers can never change what is stored
// except through the store; stored values are never changed in place, so a
// new revision of a plan shares with the one before it whatever it left
// unchanged. Queries are answered from indexes kept on commit.
//
// Nothing is persisted: the data is gone when the Store is.
package memstore
