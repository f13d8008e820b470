package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// freshDatabases returns, for each dialect available here, a function that
// opens another *sql.DB on one new, empty database (as another process
// would).
func freshDatabases(t *testing.T) map[string]func() *sql.DB {
	out := map[string]func() *sql.DB{}
	path := filepath.Join(t.TempDir(), "backa.db")
	out["sqlite"] = func() *sql.DB {
		db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	if dsn := requirePostgresOrEmpty(t); dsn != "" {
		out["postgres"] = postgresSchema(t, dsn)
	}
	return out
}

// requirePostgresOrEmpty is requirePostgres for tests that also run on
// SQLite: it returns "" instead of skipping.
func requirePostgresOrEmpty(t *testing.T) string {
	var dsn string
	t.Run("postgres-available", func(t *testing.T) { dsn = requirePostgres(t) })
	return dsn
}

func dialectOf(name string) sqlstore.Dialect {
	if name == "postgres" {
		return sqlstore.PostgreSQL
	}
	return sqlstore.SQLite
}

func countVersions(t *testing.T, db *sql.DB) int {
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n))
	return n
}

func TestMigrateIsIdempotent(t *testing.T) {
	for name, open := range freshDatabases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			db := open()
			for range 3 {
				require.NoError(t, sqlstore.Migrate(ctx, db, dialectOf(name)))
			}
			assert.Equal(t, sqlstore.SchemaVersion(), countVersions(t, db))
			_, err := sqlstore.Open(ctx, db, dialectOf(name), &sqlstore.Options{SkipMigrate: true})
			assert.NoError(t, err, "Open without migrating, on a migrated database")
			if name == "sqlite" {
				var mode string
				require.NoError(t, db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
				assert.Equal(t, "wal", mode)
			}
		})
	}
}

// TestMigrateConcurrently starts several "processes" on one new database at
// once: each migrates, none fails, and every migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	for round := range 4 {
		t.Run(strconv.Itoa(round), testMigrateConcurrently)
	}
}

func testMigrateConcurrently(t *testing.T) {
	for name, open := range freshDatabases(t) {
		t.Run(name, func(t *testing.T) {
			const processes = 8
			dbs := make([]*sql.DB, processes)
			for i := range dbs {
				dbs[i] = open()
			}
			var wg sync.WaitGroup
			errs := make([]error, processes)
			start := make(chan struct{})
			for i, db := range dbs {
				wg.Go(func() {
					<-start
					_, errs[i] = sqlstore.Open(t.Context(), db, dialectOf(name), nil)
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				assert.NoError(t, err, "process %d", i)
			}
			assert.Equal(t, sqlstore.SchemaVersion(), countVersions(t, dbs[0]))
		})
	}
}

func TestSchemaVersionMismatch(t *testing.T) {
	for name, open := range freshDatabases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			db := open()
			_, err := sqlstore.Open(ctx, db, dialectOf(name), &sqlstore.Options{SkipMigrate: true})
			assert.Error(t, err, "Open without migrating, on an empty database")
			require.NoError(t, sqlstore.Migrate(ctx, db, dialectOf(name)))
			_, err = db.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) SELECT 999, 'later', applied_at FROM schema_migrations WHERE version = 1")
			require.NoError(t, err)
			_, err = sqlstore.Open(ctx, db, dialectOf(name), nil)
			assert.ErrorIs(t, err, sqlstore.ErrSchemaVersion, "Open on a database a later release migrated")
			_, err = sqlstore.Open(ctx, db, dialectOf(name), &sqlstore.Options{SkipMigrate: true})
			assert.ErrorIs(t, err, sqlstore.ErrSchemaVersion)
		})
	}
}

func TestOpenArguments(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, err := sqlstore.Open(ctx, nil, sqlstore.SQLite, nil)
	assert.Error(t, err)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(t.TempDir(), "x.db")))
	require.NoError(t, err)
	defer db.Close()
	_, err = sqlstore.Open(ctx, db, sqlstore.Dialect{}, nil)
	assert.Error(t, err)
	_, err = sqlstore.OpenSQLite(ctx, "")
	assert.Error(t, err)
	assert.Equal(t, "sqlite", sqlstore.SQLite.String())
	assert.Equal(t, "postgres", sqlstore.PostgreSQL.String())
	assert.Equal(t, "unset", sqlstore.Dialect{}.String())
}

func TestSQLiteDSNEscapesThePath(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a?b#c%d")
	s, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(dir+".db"))
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.FileExists(t, dir+".db")
}

// TestPersonnummerAtRest checks that a personnummer is stored as its 12
// digits, and that a broken unique key says so without the number.
func TestPersonnummerAtRest(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	require.NoError(t, err)
	defer s.Close()
	f := adaptertest.NewFixtures()
	a, b := f.Child(), f.Child()
	b.Personnummer = a.Personnummer
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &a) }))
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &b) })
	assert.ErrorIs(t, err, adapters.ErrAlreadyExists)
	assert.NotContains(t, err.Error(), a.Personnummer.Reveal()[2:])
	var stored string
	require.NoError(t, s.DB().QueryRowContext(ctx, "SELECT pnr FROM children").Scan(&stored))
	assert.Equal(t, a.Personnummer.Reveal(), stored)
	assert.Len(t, stored, 12)
}

// holdWriteLock takes the write lock of the SQLite database at path on a
// connection of its own, as another process would, and releases it after d.
func holdWriteLock(t *testing.T, path string, d time.Duration) <-chan struct{} {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(t.Context())
	require.NoError(t, err)
	_, err = conn.ExecContext(t.Context(), "BEGIN IMMEDIATE")
	require.NoError(t, err)
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(d)
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
	}()
	return released
}

// busyStore opens a Store on a new SQLite file whose connections give up on
// a lock after 20 ms, beginning write transactions as dsnTxLock says.
func busyStore(t *testing.T, txlock string, attempts int) (*sqlstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock="+txlock+"&_busy_timeout=20&_journal_mode=WAL")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.Open(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{MaxAttempts: attempts})
	require.NoError(t, err)
	return s, path
}

func TestInTxRetriesABusyDatabase(t *testing.T) {
	t.Parallel()
	s, path := busyStore(t, "immediate", 20)
	released := holdWriteLock(t, path, 100*time.Millisecond)
	c := adaptertest.NewFixtures().Child()
	calls := 0
	err := s.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error {
		calls++
		return tx.Children().Create(ctx, &c)
	})
	<-released
	require.NoError(t, err, "InTx while another process held the write lock for a while")
	assert.Equal(t, 1, calls, "the busy database refused BEGIN IMMEDIATE, before fn")
}

func TestInTxGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	s, path := busyStore(t, "immediate", 2)
	released := holdWriteLock(t, path, 300*time.Millisecond)
	called := false
	err := s.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error { called = true; return nil })
	<-released
	assert.ErrorIs(t, err, adapters.ErrConflict)
	assert.False(t, called)
}

// TestInTxRetriesOnlyItsOwnFailure: with deferred transactions the busy
// database fails a write inside fn. InTx runs fn again when fn returns that
// error, and not when fn returns an error of its own.
func TestInTxRetriesOnlyItsOwnFailure(t *testing.T) {
	t.Parallel()
	t.Run("the store's error", func(t *testing.T) {
		t.Parallel()
		s, path := busyStore(t, "deferred", 50)
		released := holdWriteLock(t, path, 100*time.Millisecond)
		c := adaptertest.NewFixtures().Child()
		calls := 0
		err := s.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error {
			calls++
			return tx.Children().Create(ctx, &c)
		})
		<-released
		require.NoError(t, err)
		assert.Greater(t, calls, 1)
	})
	t.Run("fn's own error", func(t *testing.T) {
		t.Parallel()
		s, path := busyStore(t, "deferred", 50)
		released := holdWriteLock(t, path, 100*time.Millisecond)
		c := adaptertest.NewFixtures().Child()
		mine := errors.New("mine")
		calls := 0
		var seen error
		err := s.InTx(t.Context(), func(ctx context.Context, tx adapters.Tx) error {
			calls++
			seen = tx.Children().Create(ctx, &c)
			return mine
		})
		<-released
		assert.ErrorIs(t, seen, adapters.ErrConflict, "a write while another process holds the lock")
		assert.Same(t, mine, err)
		assert.Equal(t, 1, calls)
	})
}

func TestErrorsHoldNoDriverValues(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	require.NoError(t, err)
	defer s.Close()
	err = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Audit().Scan(ctx, 1, adapters.PageRequest{Cursor: "c3"})
		return err
	})
	assert.ErrorIs(t, err, roles.ErrInvalid)
	assert.True(t, strings.HasPrefix(err.Error(), "sqlstore: "), err.Error())
}

// TestDialectsShareTheSchema checks that the one migration text gives both
// dialects the same tables, columns and indexes.
func TestDialectsShareTheSchema(t *testing.T) {
	dsn := requirePostgres(t)
	ctx := t.Context()
	lite, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	require.NoError(t, err)
	defer lite.Close()
	pg := newPostgres(t, dsn)
	describe := func(db *sql.DB, q string) []string {
		rows, err := db.QueryContext(ctx, q)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var table, column string
			require.NoError(t, rows.Scan(&table, &column))
			out = append(out, table+"."+column)
		}
		require.NoError(t, rows.Err())
		return out
	}
	columns := map[string]string{
		"sqlite": "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' ORDER BY 1, 2",
		"postgres": "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()" +
			" ORDER BY table_name COLLATE \"C\", column_name COLLATE \"C\"",
	}
	indexes := map[string]string{
		"sqlite":   "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1, 2",
		"postgres": "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%key' ORDER BY tablename COLLATE \"C\", indexname COLLATE \"C\"",
	}
	assert.Equal(t, describe(lite.DB(), columns["sqlite"]), describe(pg.DB(), columns["postgres"]), "columns")
	assert.Equal(t, describe(lite.DB(), indexes["sqlite"]), describe(pg.DB(), indexes["postgres"]), "indexes")
}

// TestUnencodableDocument: a plan whose JSON form cannot be written (an
// unknown code) is refused with roles.ErrInvalid before anything is
// written, so a caller that goes on and commits leaves no half a plan.
func TestUnencodableDocument(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	require.NoError(t, err)
	defer s.Close()
	f := adaptertest.NewFixtures()
	c := f.Child()
	p := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: c.ID, Status: "no-such-status", Summary: "x"}
	var createErr error
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Create(ctx, &c); err != nil {
			return err
		}
		createErr = tx.Plans().Create(ctx, &p)
		return nil // commits the child
	}))
	assert.ErrorIs(t, createErr, roles.ErrInvalid)
	require.NoError(t, s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Plans().ByChild(ctx, c.ID)
		assert.ErrorIs(t, err, adapters.ErrNotFound)
		return nil
	}))
}
