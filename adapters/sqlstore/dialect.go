package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the SQL database a Store talks to: SQLite or PostgreSQL. The
// zero Dialect is not usable.
//
// The dialects share every query: both take $1, $2, ... placeholders, INSERT
// ... ON CONFLICT DO NOTHING, row values and window functions. A dialect says
// only what really differs: the column types of the schema, how IDs, instants
// and dates travel as query arguments, how write transactions exclude each
// other, and which driver errors mean a unique violation or a transient
// failure.
type Dialect struct{ d *dialect }

// The dialects.
var (
	// SQLite is SQLite through modernc.org/sqlite (driver name "sqlite").
	SQLite = Dialect{&sqliteDialect}
	// PostgreSQL is PostgreSQL through github.com/jackc/pgx/v5/stdlib (driver
	// name "pgx").
	PostgreSQL = Dialect{&postgresDialect}
)

// String returns the dialect's name: "sqlite" or "postgres".
func (d Dialect) String() string {
	if d.d == nil {
		return "unset"
	}
	return d.d.name
}

// errClass is what a driver error means to the store.
type errClass int

const (
	errOther     errClass = iota
	errUnique             // a unique or primary key constraint was violated
	errTransient          // a serialization failure, a deadlock or a busy database: try again
)

// columnTypes are the SQL type names the schema uses; the migrations name
// them as template fields ({{.ID}}, {{.Instant}}, ...).
type columnTypes struct {
	// ID holds a UUID (a roles.ID, a uuid.UUID).
	ID string
	// Instant holds a time.Time at microsecond precision, in UTC.
	Instant string
	// Date holds a roles.Date.
	Date string
	// Int holds an int64.
	Int string
	// Bool holds a bool.
	Bool string
	// Bytes holds a []byte exactly.
	Bytes string
	// JSON holds a JSON document, kept as written.
	JSON string
	// ByKey ends a CREATE TABLE whose rows are best stored in the order of
	// their primary key (an ID): SQLite's WITHOUT ROWID. PostgreSQL has no
	// such option (a table is a heap and its key an index).
	ByKey string
}

// dialect is what differs between the databases.
type dialect struct {
	name  string
	types columnTypes
	// id returns the query argument of a non-zero ID.
	id func(u [16]byte) any
	// instant returns the query argument of a normalised instant.
	instant func(t time.Time) any
	// date returns the query argument of a non-zero date.
	date func(d roles.Date) any
	// txOptions are the options of a write (InTx) or read-only (View)
	// transaction.
	txOptions func(write bool) *sql.TxOptions
	// lockWriters runs first in every write transaction: it waits until no
	// other write transaction on the database is running and takes the turn.
	// nil when beginning the transaction does that already.
	lockWriters string
	// lockMigrations are the statements that begin a migration on a
	// dedicated connection and make it wait for other migrations; the
	// migration then runs, and ends with COMMIT or ROLLBACK.
	lockMigrations []string
	// prepare, when set, readies the database for a migration on the
	// migration's connection, before the migration's transaction begins.
	prepare func(ctx context.Context, conn *sql.Conn, d *dialect) error
	// classify says what a driver error means.
	classify func(err error) errClass
	// prepareInTx: statements are prepared, once per Store on the DB
	// (stmtCache) and run in a transaction through (*sql.Tx).StmtContext,
	// which reuses what is prepared on the transaction's connection.
	// modernc.org/sqlite compiles every statement it is given anew; pgx
	// keeps prepared statements per connection itself.
	prepareInTx bool
}

var sqliteDialect = dialect{
	name: "sqlite",
	types: columnTypes{
		ID:      "BLOB",    // the 16 bytes
		Instant: "INTEGER", // microseconds since 1970-01-01 00:00 UTC
		Date:    "TEXT",    // YYYY-MM-DD
		Int:     "INTEGER",
		Bool:    "INTEGER", // 0 or 1
		Bytes:   "BLOB",
		JSON:    "TEXT",
		ByKey:   " WITHOUT ROWID",
	},
	id:      func(u [16]byte) any { return u[:] },
	instant: func(t time.Time) any { return t.UnixMicro() },
	date:    func(d roles.Date) any { return d.String() },
	txOptions: func(write bool) *sql.TxOptions {
		// With _txlock=immediate (SQLiteDSN), modernc.org/sqlite begins a
		// write transaction with BEGIN IMMEDIATE and a read-only one with
		// BEGIN, which in WAL mode reads a snapshot without blocking writers.
		return &sql.TxOptions{ReadOnly: !write}
	},
	// BEGIN IMMEDIATE takes the database's write lock.
	lockWriters:    "",
	lockMigrations: []string{"BEGIN IMMEDIATE"},
	prepare:        walMode,
	prepareInTx:    true,
	classify: func(err error) errClass {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return errOther
		}
		switch code := e.Code(); {
		case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errUnique
		case code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED:
			return errTransient
		}
		return errOther
	},
}

var postgresDialect = dialect{
	name: "postgres",
	types: columnTypes{
		ID:      "uuid",
		Instant: "timestamptz", // microseconds
		Date:    "date",
		Int:     "bigint",
		Bool:    "boolean",
		Bytes:   "bytea",
		JSON:    "json", // kept as written; never queried inside
	},
	id:      func(u [16]byte) any { return u },
	instant: func(t time.Time) any { return t },
	date: func(d roles.Date) any {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	},
	txOptions: func(write bool) *sql.TxOptions {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: !write}
	},
	// LOCK TABLE is the one statement that does not fix a REPEATABLE READ
	// transaction's snapshot: run first, it makes the transaction wait for
	// the write transaction before it to commit, and then read a snapshot
	// that holds that commit. EXCLUSIVE mode conflicts with itself and not
	// with the ACCESS SHARE lock of plain reads, so Views never wait.
	lockWriters: "LOCK TABLE write_lock IN EXCLUSIVE MODE",
	// READ COMMITTED (the default), so that each statement after the lock
	// sees what a migration before this one committed. The advisory lock is
	// this store's (1650549611 is "back" in ASCII) in the schema
	// the tables go to: migrations of other schemas do not wait.
	lockMigrations: []string{"BEGIN", `SELECT pg_advisory_xact_lock(1650549611,
		coalesce((SELECT oid::int FROM pg_namespace WHERE nspname = current_schema()), 0))`},
	classify: func(err error) errClass {
		var e *pgconn.PgError
		if !errors.As(err, &e) {
			return errOther
		}
		switch e.Code {
		case "23505": // unique_violation
			return errUnique
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return errTransient
		}
		return errOther
	},
}

// walMode puts a SQLite database in WAL mode, which the file keeps. It is
// not a DSN setting because switching takes an exclusive lock that SQLite
// does not wait for: two processes creating one database at once would see
// one of them fail to connect. walMode tries again until the switch is done
// (or was done by another process), giving up when ctx is done. A database
// in memory stays in its memory journal mode.
func walMode(ctx context.Context, conn *sql.Conn, d *dialect) error {
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		var mode string
		err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		switch {
		case err == nil && (mode == "wal" || mode == "memory"):
			return nil
		case err != nil && d.classify(err) != errTransient:
			return fmt.Errorf("sqlstore: setting WAL mode: %w", err)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("sqlstore: setting WAL mode: %w", ctx.Err())
		}
	}
}

// transientError reports that the database refused a statement or a commit
// because of a concurrent transaction (a serialization failure, a deadlock,
// a busy database). It matches adapters.ErrConflict; InTx tries again when it
// meets one.
type transientError struct{ cause error }

func (e *transientError) Error() string {
	return "sqlstore: a concurrent transaction interfered: " + adapters.ErrConflict.Error()
}

func (e *transientError) Unwrap() []error { return []error{adapters.ErrConflict, e.cause} }

// ctxErr returns ctx's error wrapped, or nil while ctx is not done.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return &ctxError{err}
	}
	return nil
}

// ctxError wraps a context's error.
type ctxError struct{ err error }

func (e *ctxError) Error() string { return "sqlstore: " + e.err.Error() }
func (e *ctxError) Unwrap() error { return e.err }
