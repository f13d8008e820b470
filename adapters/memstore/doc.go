// Package memstore is the reference adapters.Store, in memory: for tests,
// demos and small deployments that need no database.
//
// It is complete (every repository and query of package adapters), safe for
// concurrent use and transactional: a write transaction works on a working
// copy that is merged into the committed state only when its function returns
// nil, while read-only Views go on reading the committed state. Write
// transactions run one at a time, so InTx never needs to retry; conflicts
// between writers show up as stale revisions (adapters.ErrConflict). Records
// are copied in and deep-copied out, so callers can never change what is
// stored except through the store. Plans are values (see adapters.Plans): the
// store keeps a plan it is given as it is (copying only what is not in normal
// form) and lends the revisions it keeps, so a plan change made with
// plan.Plan.Change costs the store what the change changed and nothing more.
// Stored values are never changed in place: a write replaces them. The one
// exception is a plan revision that a later one replaced, which a commit
// thins (while no View runs) to the items it changed, sharing the others with
// the revision before it; it reads back as it was written. Queries are
// answered from indexes kept on commit.
//
// Nothing is persisted: the data is gone when the Store is.
package memstore
