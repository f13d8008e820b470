package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
)

// Store is the vendor's adapters.Store: children and their role assignments
// in the vendor's own tables, everything else in sqlstore's tables, in one
// SQLite database and one transaction.
type Store struct {
	db   *sql.DB
	rest *sqlstore.Store
}

var _ adapters.Store = (*Store)(nil)

// Open opens the vendor's SQLite database at path (creating it if need be),
// brings the vendor's schema and sqlstore's up to date, and returns the
// store. Close closes the database.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8) // one writer at a time, readers beside it
	s, err := open(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, db *sql.DB) (*Store, error) {
	// sqlstore's migrations first: they put the database in WAL mode.
	rest, err := sqlstore.Open(ctx, db, sqlstore.SQLite, nil)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		return nil, fmt.Errorf("egetlager: the pupil register's schema: %w", err)
	}
	return &Store{db: db, rest: rest}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.rest.Close(), s.db.Close())
}

// InTx implements adapters.Store: sqlstore runs the transaction (its write
// lock, its retries on a busy database, its rollback on error or panic), and
// the vendor's repositories work on the same database transaction.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	return s.rest.InTx(ctx, func(ctx context.Context, rest adapters.Tx) error {
		t, err := newTx(rest, true)
		if err != nil {
			return err
		}
		defer t.done.Store(true)
		return fn(ctx, t)
	})
}

// View implements adapters.Store, as InTx on a read-only snapshot.
func (s *Store) View(ctx context.Context, fn func(ctx context.Context, tx adapters.Tx) error) error {
	return s.rest.View(ctx, func(ctx context.Context, rest adapters.Tx) error {
		t, err := newTx(rest, false)
		if err != nil {
			return err
		}
		defer t.done.Store(true)
		return fn(ctx, t)
	})
}

// tx is one transaction: sqlstore's repositories, with the two the vendor
// keeps itself in their place.
type tx struct {
	adapters.Tx // sqlstore's: every repository not overridden below
	sql         *sql.Tx
	write       bool
	done        atomic.Bool
}

func newTx(rest adapters.Tx, write bool) (*tx, error) {
	sqlTx, ok := sqlstore.SQLTx(rest)
	if !ok {
		return nil, errors.New("egetlager: no database transaction behind sqlstore's")
	}
	return &tx{Tx: rest, sql: sqlTx, write: write}, nil
}

// Children implements adapters.Tx with the vendor's pupil register.
func (t *tx) Children() adapters.Children { return children{t} }

// Assignments implements adapters.Tx with the vendor's table of who is
// responsible for which pupil.
func (t *tx) Assignments() adapters.Assignments { return assignments{t} }

// use checks that the transaction may still be used with ctx, for a write
// when write is set.
func (t *tx) use(ctx context.Context, write bool) error {
	if t.done.Load() {
		return fmt.Errorf("egetlager: %w", adapters.ErrTxDone)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if write && !t.write {
		return fmt.Errorf("egetlager: %w", adapters.ErrReadOnly)
	}
	return nil
}

// fail wraps an error of the database; a done context wins, so that callers
// see ctx.Err().
func (t *tx) fail(ctx context.Context, entity adapters.Entity, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("egetlager: %s: %w", entity, adapters.ErrTxDone)
	}
	return fmt.Errorf("egetlager: %s: %w", entity, err)
}
