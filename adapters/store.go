package adapters

import "context"

// Store is the storage port: what a municipality's system implements, over its
// own database, so that backa can keep Backa barnet's records in it. memstore
// and sqlstore are reference implementations; adaptertest checks any Store
// against this contract.
//
// All access goes through a transaction: InTx for a unit of work that writes,
// View for a consistent read-only snapshot. A Store must be safe for concurrent
// use by many goroutines [Concurrency/*].
type Store interface {
	// InTx runs fn as one unit of work: everything fn writes through tx is
	// committed together when fn returns nil, or not at all.
	//
	//   - InTx must commit the writes of fn when fn returns nil, and then return
	//     nil, or the commit's error [Tx/Commit].
	//   - When fn returns an error, InTx must roll back every write of fn (the
	//     audit entries and outbox events included) and return that error
	//     unchanged, so that errors.Is and errors.As see it [Tx/RollbackOnError].
	//   - When fn panics, InTx must roll back and then re-panic with the same
	//     value; the store must stay usable [Tx/Panic].
	//   - Writes of fn must not be visible to other transactions before the
	//     commit [Tx/Isolation], and reads in fn must see fn's own writes
	//     [Tx/ReadYourWrites].
	//   - fn may be called more than once: a store may retry fn after a
	//     transient failure of its own (a serialization failure, a deadlock, a
	//     lost race for an audit or outbox sequence number), discarding the
	//     writes of the failed attempt. A store must never retry after fn
	//     returned an error. fn must therefore do nothing but read and write
	//     through tx (no sends on channels, no calls to other systems).
	//   - When ctx is done before the commit, InTx must roll back and return an
	//     error matching ctx.Err() [Tx/CancelledContext]; with a ctx that is
	//     already done it must not call fn.
	//   - InTx called with a ctx that descends from the ctx given to a running fn
	//     of the same store must return an error matching ErrNestedTx without
	//     calling fn; the outer transaction is unaffected [Tx/Nested]. (A store
	//     may deadlock when fn starts a transaction on an unrelated ctx: use the
	//     ctx you are given.)
	//   - Using tx, or a repository got from it, after InTx returned must fail
	//     with an error matching ErrTxDone [Tx/Done].
	//
	// A Tx is used by one goroutine at a time.
	InTx(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error

	// View runs fn on a consistent, read-only snapshot of committed data.
	//
	//   - Every write through tx must fail with an error matching ErrReadOnly
	//     and change nothing [Tx/ViewReadOnly].
	//   - View must return fn's error unchanged; a panic in fn is re-raised
	//     after the snapshot is released [Tx/ViewPanic].
	//   - View must not see writes of transactions that have not committed
	//     [Tx/Isolation].
	//   - The ctx, nesting and done rules of InTx apply to View as well
	//     [Tx/CancelledContext, Tx/Nested, Tx/Done].
	View(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Tx gives the repositories within one transaction. Every method of a
// repository takes the ctx that fn was given (or one derived from it); when that
// ctx is done, the method must fail with an error matching ctx.Err()
// [Tx/CancelledContext].
type Tx interface {
	// Children: the children in Backa barnet.
	Children() Children
	// Guardians: guardians (vårdnadshavare).
	Guardians() Guardians
	// Custodies: who has custody of which child, when.
	Custodies() Custodies
	// RelatedPersons: närstående.
	RelatedPersons() RelatedPersons
	// Organisations: principals (huvudmän).
	Organisations() Organisations
	// Units: units (enheter) of organisations.
	Units() Units
	// Professionals: staff at units.
	Professionals() Professionals
	// Assignments: roles towards a child (Barnkontakt, Stödsamordnare, teams, ...).
	Assignments() Assignments
	// Consents: waivers of secrecy (samtycken).
	Consents() Consents
	// Disclosures: decisions to disclose or not to disclose.
	Disclosures() Disclosures
	// MaturityAssessments: assessments that place a child in a consent band.
	MaturityAssessments() MaturityAssessments
	// HarmExceptions: guardians left out for the child's sake (OSL 12:3).
	HarmExceptions() HarmExceptions

	// Assessments: the needs-compass assessments by each agency.
	Assessments() Assessments
	// Concerns: concerns raised about children.
	Concerns() Concerns
	// Plans: Barnets plan, with every revision.
	Plans() Plans

	// Audit: the append-only audit trail.
	Audit() AuditLog
	// Outbox: events for other systems, written with the change they report.
	Outbox() Outbox
}
