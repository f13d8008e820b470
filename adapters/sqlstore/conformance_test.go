package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// The conformance suite runs on SQLite in a file, SQLite in memory and, when
// BACKA_POSTGRES_DSN is set, PostgreSQL; the backends run in parallel. Each
// backend of each suite has a database of its own (for PostgreSQL a schema
// of its own, dropped at the end), migrated once; as adaptertest allows, its
// cases run one after the other on that database, emptied before each.

// postgresDSN names the environment variable with the PostgreSQL test
// database: one the tests may create schemas in.
const postgresDSN = "BACKA_POSTGRES_DSN"

// A backend opens a database for one suite.
type backend struct {
	name string
	// open returns a migrated database and its dialect; nil when the
	// backend is not available here, and why says why.
	open func(t *testing.T) (*sql.DB, sqlstore.Dialect)
	why  string
}

func backends() []backend {
	pg := backend{name: "postgres", open: openPostgres}
	if os.Getenv(postgresDSN) == "" {
		pg = backend{name: "postgres", why: postgresDSN + " is not set, so the PostgreSQL suite does not run; set it to a" +
			" database the tests may create schemas in, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"}
	}
	return []backend{{name: "sqlite-file", open: openSQLiteFile}, {name: "sqlite-memory", open: openSQLiteMemory}, pg}
}

// run runs suite on every backend, the backends in parallel. Without a
// PostgreSQL database its suite skips, except under CI=true, where it fails.
func run(t *testing.T, suite func(t *testing.T, newStore adaptertest.NewStore)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.open == nil {
				if os.Getenv("CI") == "true" {
					t.Fatal(b.why + " (required when CI=true)")
				}
				t.Skip(b.why)
			}
			t.Parallel()
			db, dialect := b.open(t)
			suite(t, func(t *testing.T) adapters.Store { return emptyStore(t, db, dialect) })
		})
	}
}

func TestConformance(t *testing.T) {
	run(t, adaptertest.Run)
}

func TestTransactions(t *testing.T) {
	run(t, adaptertest.RunTransactions)
}

func TestConcurrency(t *testing.T) {
	run(t, func(t *testing.T, newStore adaptertest.NewStore) {
		adaptertest.RunConcurrency(t, newStore, adaptertest.ConcurrencyOptions{})
	})
}

// emptyStore deletes every row of db's tables (but the migrations') and
// returns a Store over it.
func emptyStore(t *testing.T, db *sql.DB, dialect sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
	if dialect == sqlstore.PostgreSQL {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("listing the tables: %v", err)
	}
	// The tables that refer to others go first.
	del := "DELETE FROM plan_items; DELETE FROM plan_revisions;"
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != "schema_migrations" && name != "plan_items" && name != "plan_revisions" {
			del += " DELETE FROM " + name + ";"
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, del); err != nil {
		t.Fatalf("emptying the tables: %v", err)
	}
	s, err := sqlstore.Open(ctx, db, dialect, &sqlstore.Options{SkipMigrate: true})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openSQLiteFile(t *testing.T) (*sql.DB, sqlstore.Dialect) {
	s, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "backa.db"))
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s.DB(), sqlstore.SQLite
}

func openSQLiteMemory(t *testing.T) (*sql.DB, sqlstore.Dialect) {
	s, err := sqlstore.OpenSQLite(context.Background(), sqlstore.MemoryPath)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s.DB(), sqlstore.SQLite
}

func openPostgres(t *testing.T) (*sql.DB, sqlstore.Dialect) {
	s := newPostgres(t, os.Getenv(postgresDSN))
	return s.DB(), sqlstore.PostgreSQL
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// postgresSchema creates a schema of its own for the test, dropped at its
// end, and returns a function that opens a *sql.DB on it (closed at the end
// of the test), as a process of its own would.
func postgresSchema(t testing.TB, dsn string) func() *sql.DB {
	t.Helper()
	ctx := context.Background()
	adminOnce.Do(func() { adminDB, adminErr = sql.Open("pgx", dsn) })
	if adminErr != nil {
		t.Fatalf("opening %s: %v", postgresDSN, adminErr)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "backa_test_" + hex.EncodeToString(b[:])
	if _, err := adminDB.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating a schema in %s: %v", postgresDSN, err)
	}
	t.Cleanup(func() {
		if _, err := adminDB.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping the test schema: %v", err)
		}
	})
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", postgresDSN, err)
	}
	cfg.RuntimeParams["search_path"] = schema
	return func() *sql.DB {
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(20)
		t.Cleanup(func() { db.Close() })
		return db
	}
}

// newPostgres returns a store in a schema of its own, dropped at the end of
// the test.
func newPostgres(t testing.TB, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), postgresSchema(t, dsn)(), sqlstore.PostgreSQL, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// requirePostgres returns the PostgreSQL test database's DSN, or skips the
// test (fails it under CI=true) when there is none.
func requirePostgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresDSN)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(postgresDSN + " is not set (required when CI=true)")
		}
		t.Skip(postgresDSN + " is not set")
	}
	return dsn
}
