package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// The schema is built by ordered migrations, embedded in the binary:
// migrations/NNNN_name.sql, numbered from 0001 without gaps. Each is a
// text/template over the dialect's column type names, so that SQLite and
// PostgreSQL share one text. A migration is never changed once released;
// a change of schema is a new migration.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one step of the schema.
type migration struct {
	version int
	name    string
	text    string
}

// migrations returns the embedded migrations in order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, p := range names { // fs.Glob returns them sorted
		base := strings.TrimSuffix(path.Base(p), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 || v != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: migration %s: want NNNN_name.sql numbered from 0001 without gaps", p)
		}
		b, err := migrationFiles.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, text: string(b)})
	}
	return out, nil
}

// render returns the migration's SQL for the dialect.
func (m migration) render(d *dialect) (string, error) {
	t, err := template.New(m.name).Option("missingkey=error").Parse(m.text)
	if err != nil {
		return "", fmt.Errorf("sqlstore: migration %04d_%s: %w", m.version, m.name, err)
	}
	var b strings.Builder
	if err := t.Execute(&b, d.types); err != nil {
		return "", fmt.Errorf("sqlstore: migration %04d_%s: %w", m.version, m.name, err)
	}
	return b.String(), nil
}

// ErrSchemaVersion is matched by the error of Open or Migrate when the
// database's schema is not at the version this package knows: newer (a
// later release migrated it; this one must not write to it), or, with
// Options.SkipMigrate, older.
var ErrSchemaVersion = errors.New("schema version mismatch")

const versionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    {{.Int}} PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at {{.Instant}} NOT NULL
)`

// Migrate brings the schema of db up to date: it applies, in order, the
// embedded migrations that the table schema_migrations does not list, each
// recorded there in the same transaction as its changes. Migrate is
// idempotent, and safe when several processes start at once: the migration
// runs in one transaction that first waits for any other migration of the
// database to end (SQLite: BEGIN IMMEDIATE, which takes the database's write
// lock, waiting up to the busy timeout; PostgreSQL: a transaction-scoped
// advisory lock per schema), and then sees what that one applied. Both
// databases change their schema transactionally, so a failed migration
// leaves nothing behind.
//
// Migrate fails with an error matching ErrSchemaVersion when the database
// is at a later version than this package knows.
func Migrate(ctx context.Context, db *sql.DB, dialect Dialect) error {
	d := dialect.d
	if db == nil || d == nil {
		return errors.New("sqlstore: Migrate: a *sql.DB and a dialect are required")
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: connecting: %w", err)
	}
	defer conn.Close()
	if d.prepare != nil {
		if err := d.prepare(ctx, conn, d); err != nil {
			return err
		}
	}
	for _, q := range d.lockMigrations {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlstore: migrate: begin: %w", err)
		}
	}
	done := false
	defer func() {
		if !done {
			// Not ctx: the rollback must run when ctx is what failed.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := migrateLocked(ctx, conn, d, ms); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("sqlstore: migrate: commit: %w", err)
	}
	done = true
	return nil
}

// migrateLocked applies the missing migrations in the open transaction.
func migrateLocked(ctx context.Context, conn *sql.Conn, d *dialect, ms []migration) error {
	vt, err := migration{name: "schema_migrations", text: versionTable}.render(d)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, vt); err != nil {
		return fmt.Errorf("sqlstore: migrate: creating schema_migrations: %w", err)
	}
	applied, err := appliedVersion(ctx, conn)
	if err != nil {
		return err
	}
	if applied > len(ms) {
		return fmt.Errorf("sqlstore: migrate: the database is at schema version %d, this package knows %d: %w", applied, len(ms), ErrSchemaVersion)
	}
	for _, m := range ms[applied:] {
		q, err := m.render(d)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlstore: migration %04d_%s: %w", m.version, m.name, err)
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
			m.version, m.name, at(d, time.Now())); err != nil {
			return fmt.Errorf("sqlstore: migration %04d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

// querier is what appliedVersion reads through.
type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// appliedVersion returns the greatest version in schema_migrations, 0 when
// there is none. Migrations are applied in order, so every smaller version
// is applied too.
func appliedVersion(ctx context.Context, q querier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("sqlstore: reading the schema version: %w", err)
	}
	return int(v.Int64), nil
}

// checkVersion fails unless the schema is at the version this package knows.
func checkVersion(ctx context.Context, db *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	v, err := appliedVersion(ctx, db)
	if err != nil {
		return err
	}
	if v != len(ms) {
		return fmt.Errorf("sqlstore: the database is at schema version %d, this package needs %d (run Migrate): %w", v, len(ms), ErrSchemaVersion)
	}
	return nil
}

// SchemaVersion returns the schema version this package migrates to: the
// number of its migrations.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}
