// Package sqlstore is the reference adapters.Store over database/sql: SQLite
// as the embedded default (demos, small deployments) and PostgreSQL for real
// deployments, with one code base for both.
//
// # Opening a store
//
// OpenSQLite opens a SQLite file with the right settings, migrates it and
// returns a Store that owns the database:
//
//	s, err := sqlstore.OpenSQLite(ctx, "/var/lib/backa/backa.db")
//	...
//	defer s.Close()
//
// Open takes a *sql.DB that the caller opened, and so imports the driver:
// modernc.org/sqlite (pure Go, driver name "sqlite") or
// github.com/jackc/pgx/v5/stdlib (driver name "pgx"):
//
//	db, err := sql.Open("pgx", "postgres://backa@db.example/backa")
//	...
//	s, err := sqlstore.Open(ctx, db, sqlstore.PostgreSQL, nil)
//
// Open migrates the schema first unless Options.SkipMigrate says that a
// deployment step runs Migrate instead.
//
// # SQLite connection settings
//
// SQLiteDSN gives the data source name OpenSQLite uses; pass it to sql.Open
// when you open the database yourself:
//
//   - _txlock=immediate: write transactions begin with BEGIN IMMEDIATE, so a
//     writer takes the database's write lock before it reads anything, and
//     two writers never find out at their first write that the other one
//     won (which SQLite reports as SQLITE_BUSY, with no wait). Read-only
//     transactions (View) begin with a plain BEGIN.
//   - _busy_timeout=10000: a connection that finds the database locked by
//     another process waits up to 10 s before it gives up with SQLITE_BUSY
//     (which InTx then retries).
//   - _synchronous=FULL: a committed transaction survives a power cut; the
//     audit trail must not lose entries.
//   - _foreign_keys=1: SQLite checks the few foreign keys of the schema (a
//     plan's revisions and items belong to the plan).
//   - cache_size(-65536), mmap_size(268435456), temp_store(MEMORY): a page
//     cache of up to 64 MiB per connection, reads through a memory map of up
//     to 256 MiB, and statement journals in memory rather than in temporary
//     files. A region's data set (100,000 children) is some 700 MB.
//
// Migrate puts the database in WAL mode, which the file keeps: readers read
// a snapshot and never block the writer, nor the writer them. (Not a DSN
// setting: switching takes a lock SQLite does not wait for, so processes
// creating one database at once would fail to connect.)
//
// OpenSQLite keeps up to 8 connections to a file. MemoryPath (":memory:")
// gives a database in memory on a single connection, since every connection
// to ":memory:" is a database of its own; transactions then take turns on
// it. Within one process, a Store admits one write transaction at a time,
// whatever the dialect: writers queue in the Store (heeding their contexts)
// rather than in the database.
//
// # PostgreSQL transactions
//
// Views are REPEATABLE READ READ ONLY transactions: one snapshot, and they
// never wait. Write transactions (InTx) are REPEATABLE READ transactions
// whose first statement is LOCK TABLE write_lock IN EXCLUSIVE MODE. That
// lock orders the writers of every process, and, because LOCK TABLE is the
// one statement that does not fix a REPEATABLE READ snapshot, each writer's
// snapshot is taken after the writer before it committed. So writers never
// fail each other with serialization failures, revisions are checked against
// the latest commit (exactly one writer wins each revision, the others get
// adapters.ErrConflict), and the audit trail and the outbox are numbered
// without gaps or races (Seq is max(seq) + 1). Optimistic REPEATABLE READ
// without the lock would be correct too, but every write transaction of
// backa appends to the hash-chained audit trail, so all of them would
// conflict with each other and retry; the lock makes them queue instead, as
// the hash chain demands anyway. Plain reads (ACCESS SHARE) do not conflict
// with EXCLUSIVE mode, so Views go on while a writer works.
//
// InTx still retries transient failures (serialization failures and
// deadlocks, SQLSTATE 40001 and 40P01, from writers that do not take the
// lock; SQLite's SQLITE_BUSY and SQLITE_LOCKED) a bounded number of times
// (Options.MaxAttempts) with a growing, jittered pause, and only when fn
// returned nil or the store's own error for the failure.
//
// # Prepared statements and the plan cache
//
// With SQLite, a Store prepares each statement it runs once on the *sql.DB,
// after the first transaction that ran it (up to 256 statements), and
// transactions run it through (*sql.Tx).StmtContext, so that SQLite compiles
// a statement once per connection instead of once per transaction. Close
// closes them, so a Store must be closed when it is no longer used. The
// preparing happens as the first transaction that ran a statement returns,
// and takes a connection of the pool: with a single connection (MemoryPath)
// busy with another transaction, that one return waits for it. Each
// statement is prepared so once in the life of a Store. With PostgreSQL
// statements are sent as they are: pgx keeps prepared statements per
// connection itself.
//
// A Store also keeps the plans it read or wrote lately (up to 16 MiB of
// documents), each with the document of its current revision: reading a
// plan whose document is byte for byte the one kept copies the plan kept
// instead of decoding the JSON again. A document written by another process,
// or undone by a rollback, differs from the one kept, so the cache never
// gives a plan other than the database holds.
//
// # Schema
//
// Migrations are embedded, ordered SQL files recorded in the table
// schema_migrations; see Migrate for how concurrent starts are handled.
// Every record kind has a table with a column per field and the indexes its
// queries use (children by personnummer; the children a professional or a
// unit has a role for at an instant; a child's consents in force; each
// agency's latest assessment; overdue items of an agency; plans due for
// follow-up; a child's audit entries newest first; pending events in order).
// A value that belongs to one record and that no query looks into (a
// consent's givers, an assessment's area entries, a plan revision) is a JSON
// column in the value's own JSON form, which golden files pin; a plan's
// current items also have a row each for the overdue query, of which
// Plans.Update writes only those of the items that changed. That form
// refuses codes outside their vocabularies, so a record whose document holds
// one (a plan with an unknown status, a party without a kind) is refused
// with an error matching roles.ErrInvalid, before anything is written;
// records that pass their Validate methods always encode. Lists of codes (a
// consent's categories) are kept as given. Instants are
// stored in UTC at microsecond precision; a personnummer as its 12 digits,
// and never in an error or a log line.
package sqlstore
