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
)

// A backend makes fresh, empty stores of one kind for the conformance suite.
type backend struct {
	name string
	// newStore is nil when the backend is not available here; why says why.
	newStore adaptertest.NewStore
	why      string
}

// backends returns the stores the suite runs on: SQLite in a file, SQLite
// in memory and, when BACKA_POSTGRES_DSN is set, PostgreSQL.
func backends() []backend {
	return []backend{
		{name: "sqlite-file", newStore: newSQLiteFile},
		{name: "sqlite-memory", newStore: newSQLiteMemory},
		postgresBackend(),
	}
}

// run runs suite on every backend, the backends in parallel.
func run(t *testing.T, suite func(t *testing.T, newStore adaptertest.NewStore)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.newStore == nil {
				if os.Getenv("CI") == "true" {
					t.Fatal(b.why + " (required when CI=true)")
				}
				t.Skip(b.why)
			}
			t.Parallel()
			suite(t, b.newStore)
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

func newSQLiteFile(t *testing.T) adapters.Store {
	s, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "backa.db"))
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newSQLiteMemory(t *testing.T) adapters.Store {
	s, err := sqlstore.OpenSQLite(context.Background(), sqlstore.MemoryPath)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresDSN names the environment variable with the PostgreSQL test database.
const postgresDSN = "BACKA_POSTGRES_DSN"

func postgresBackend() backend {
	dsn := os.Getenv(postgresDSN)
	if dsn == "" {
		return backend{name: "postgres", why: postgresDSN + " is not set: the PostgreSQL suite does not run " +
			"(set it to a database the tests may create schemas in, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)"}
	}
	return backend{name: "postgres", newStore: func(t *testing.T) adapters.Store { return newPostgres(t, dsn) }}
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// newPostgres returns a store in a schema of its own, dropped at the end of
// the test, so that tests get fresh, empty stores and can run in parallel.
func newPostgres(t testing.TB, dsn string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", dsn)
	})
	if adminErr != nil {
		t.Fatalf("opening %s: %v", postgresDSN, adminErr)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "backa_test_" + hex.EncodeToString(b[:])
	if _, err := adminDB.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating a schema in %s: %v", postgresDSN, err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", postgresDSN, err)
	}
	cfg.RuntimeParams["search_path"] = schema
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(10)
	t.Cleanup(func() {
		db.Close()
		if _, err := adminDB.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping the test schema: %v", err)
		}
	})
	s, err := sqlstore.Open(ctx, db, sqlstore.PostgreSQL, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}
