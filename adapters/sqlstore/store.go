package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
)

// DefaultMaxAttempts is how many times InTx runs its function at most when
// the database keeps reporting transient failures (Options.MaxAttempts).
const DefaultMaxAttempts = 5

// Options tune a Store. The zero Options (or nil) gives the defaults.
type Options struct {
	// MaxAttempts bounds the attempts of one InTx: when an attempt meets a
	// transient failure (a serialization failure or deadlock in PostgreSQL,
	// a busy database in SQLite) InTx rolls it back, waits a little and runs
	// fn again, at most MaxAttempts times in all. 0 means
	// DefaultMaxAttempts; 1 turns retrying off. The last attempt's error
	// matches adapters.ErrConflict.
	MaxAttempts int
	// SkipMigrate makes Open leave the schema alone; it then fails unless
	// the schema is exactly at the version this package knows (run Migrate
	// first, for example from a deployment step).
	SkipMigrate bool
}

// Store is an adapters.Store over a *sql.DB: SQLite or PostgreSQL. It is safe
// for concurrent use; make one with Open or OpenSQLite and Close it when
// done.
type Store struct {
	db      *sql.DB
	d       *dialect
	ownsDB  bool // Close closes db (OpenSQLite)
	retries int
	// writer admits one write transaction of this Store at a time, so that
	// writers queue here, heeding their contexts, instead of holding a
	// connection each while they wait for the database's own lock
	// (dialect.lockWriters), which orders writers across processes.
	writer chan struct{}
	// stmts are the statements prepared on db for every transaction to
	// reuse, when the dialect prepares statements (dialect.prepareInTx).
	stmts stmtCache
	// plans are the plans the Store read or wrote lately, with their
	// documents, so that reading one again needs no decoding.
	plans planCache
}

var _ adapters.Store = (*Store)(nil)

// Open returns a Store over db, a database the caller opened with the
// dialect's driver (and imports it: modernc.org/sqlite or
// github.com/jackc/pgx/v5/stdlib). Unless opts.SkipMigrate is set it first
// brings the schema up to date (Migrate). Close does not close db, but it
// must be called when the Store is no longer used: on SQLite the Store keeps
// statements prepared on db's connections (see the package documentation),
// which only Close releases. Keep one Store per database rather than making
// a Store per request.
//
// For SQLite, open db with the DSN SQLiteDSN returns (or use OpenSQLite);
// see the package documentation for why.
func Open(ctx context.Context, db *sql.DB, dialect Dialect, opts *Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: Open: nil *sql.DB")
	}
	if dialect.d == nil {
		return nil, errors.New("sqlstore: Open: no dialect (use sqlstore.SQLite or sqlstore.PostgreSQL)")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.SkipMigrate {
		if err := checkVersion(ctx, db); err != nil {
			return nil, err
		}
	} else if err := Migrate(ctx, db, dialect); err != nil {
		return nil, err
	}
	return &Store{db: db, d: dialect.d, retries: o.MaxAttempts, writer: make(chan struct{}, 1)}, nil
}

// Close releases the Store: it closes the statements the Store prepared,
// and the *sql.DB only when OpenSQLite opened it.
func (s *Store) Close() error {
	err := s.stmts.close()
	if s.ownsDB {
		err = errors.Join(err, s.db.Close())
	}
	return err
}

// DB returns the *sql.DB the Store works on.
func (s *Store) DB() *sql.DB { return s.db }

// txKey marks a context as inside a transaction of one store.
type txKey struct{ s *Store }

// InTx implements adapters.Store.
//
// Write transactions of one Store run one at a time: InTx waits (heeding ctx)
// for the one before to end, and then for the database's write lock, which
// orders writers of every process (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
// REPEATABLE READ transaction that begins with LOCK TABLE ... IN EXCLUSIVE
// MODE, so that its snapshot holds every earlier commit). Writers therefore
// do not fail each other; the audit trail's and the outbox's sequence
// numbers are gapless because one writer appends at a time.
//
// When the database reports a transient failure all the same (a
// serialization failure or deadlock caused by a writer that does not take
// the lock, SQLite's busy timeout running out) InTx rolls the attempt back
// and runs fn again, up to Options.MaxAttempts times in all, waiting a
// little longer before each. It does so only when fn returned nil or the
// very error the store reported for that failure (which matches
// adapters.ErrConflict): never after an error of fn's own.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	if ctx.Value(txKey{s}) != nil {
		return fmt.Errorf("sqlstore: InTx: %w", adapters.ErrNestedTx)
	}
	if err := ctxErr(ctx); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		retry, err := s.attempt(ctx, true, fn)
		if !retry || attempt >= s.retries {
			return err
		}
		if err := s.backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

// View implements adapters.Store: fn reads a snapshot of committed data
// (SQLite in WAL mode: a read transaction; PostgreSQL: REPEATABLE READ READ
// ONLY). Views never wait for writers, nor writers for Views.
func (s *Store) View(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	if ctx.Value(txKey{s}) != nil {
		return fmt.Errorf("sqlstore: View: %w", adapters.ErrNestedTx)
	}
	if err := ctxErr(ctx); err != nil {
		return err
	}
	_, err := s.attempt(ctx, false, fn)
	return err
}

// attempt runs fn in one database transaction. It reports whether InTx may
// try again: the attempt met a transient failure and fn returned nil or the
// store's own error for it.
func (s *Store) attempt(ctx context.Context, write bool, fn func(context.Context, adapters.Tx) error) (retry bool, err error) {
	if write {
		select {
		case s.writer <- struct{}{}:
		case <-ctx.Done():
			return false, ctxErr(ctx)
		}
		defer func() { <-s.writer }()
	}
	sqltx, err := s.db.BeginTx(ctx, s.d.txOptions(write))
	if err != nil {
		return s.beginErr(ctx, err)
	}
	t := &tx{s: s, d: s.d, sql: sqltx, write: write}
	// Registered before the deferred rollback, so that it runs after it,
	// with the transaction's connection back in the pool.
	defer func() { s.stmts.adopt(ctx, s.db, t.missed) }()
	committed := false
	defer func() {
		t.done.Store(true)
		if !committed {
			_ = sqltx.Rollback() // also when fn panics; the panic goes on
		}
	}()
	if write && s.d.lockWriters != "" {
		if _, err := sqltx.ExecContext(ctx, s.d.lockWriters); err != nil {
			return s.beginErr(ctx, err)
		}
	}
	if ferr := fn(context.WithValue(ctx, txKey{s}, t), t); ferr != nil {
		return t.transient != nil && errors.Is(ferr, t.transient), ferr
	}
	if t.transient != nil {
		return true, t.transient // fn went on after the failure; its writes are lost
	}
	if err := ctxErr(ctx); err != nil {
		return false, err
	}
	if !write {
		return false, nil // the deferred rollback ends the read transaction
	}
	if err := sqltx.Commit(); err != nil {
		if err := ctxErr(ctx); err != nil {
			return false, err
		}
		if s.d.classify(err) == errTransient {
			return true, &transientError{err}
		}
		return false, fmt.Errorf("sqlstore: commit: %w", err)
	}
	committed = true
	return false, nil
}

// beginErr maps an error of beginning a transaction (or of taking the write
// lock).
func (s *Store) beginErr(ctx context.Context, err error) (bool, error) {
	if cerr := ctxErr(ctx); cerr != nil {
		return false, cerr
	}
	if s.d.classify(err) == errTransient {
		return true, &transientError{err}
	}
	return false, fmt.Errorf("sqlstore: begin transaction: %w", err)
}

// backoff waits before attempt+1: 5 ms doubled for each attempt made, up to
// half a second, with jitter so that retrying writers spread out.
func (s *Store) backoff(ctx context.Context, attempt int) error {
	d := min(5*time.Millisecond<<(attempt-1), 500*time.Millisecond)
	d = d/2 + rand.N(d/2+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctxErr(ctx)
	}
}
