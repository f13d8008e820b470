package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver, for OpenSQLite
)

// MemoryPath is the path OpenSQLite takes for a database in memory.
const MemoryPath = ":memory:"

// SQLiteDSN returns the data source name for modernc.org/sqlite (driver
// "sqlite") that a Store on the SQLite database file at path needs; see
// the package documentation for what each setting is for. Use it when you
// open the *sql.DB yourself and pass it to Open.
func SQLiteDSN(path string) string {
	return "file:" + sqliteURIEscaper.Replace(path) +
		"?_txlock=immediate&_busy_timeout=10000&_synchronous=FULL&_foreign_keys=1&_pragma=cache_size(-65536)&_pragma=mmap_size(268435456)&_pragma=temp_store(MEMORY)"
}

// sqliteURIEscaper escapes what a SQLite URI filename gives a meaning to.
var sqliteURIEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// OpenSQLite opens (creating it if need be) the SQLite database file at
// path with the settings of SQLiteDSN, migrates it and returns a Store that
// owns it: Close closes the database. With path MemoryPath (":memory:") the
// database lives in memory, on a single connection, until Close.
//
// It is the embedded default for demos and small deployments.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlstore: OpenSQLite: no path (use %q for a database in memory)", MemoryPath)
	}
	db, err := sql.Open("sqlite", SQLiteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: OpenSQLite: %w", err)
	}
	if path == MemoryPath {
		// Every connection to :memory: is a database of its own: keep one.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	} else {
		db.SetMaxOpenConns(sqliteConns)
		db.SetMaxIdleConns(sqliteConns)
	}
	s, err := Open(ctx, db, SQLite, nil)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.ownsDB = true
	return s, nil
}

// sqliteConns bounds the connections OpenSQLite keeps to a database file:
// one writer at a time and readers beside it.
const sqliteConns = 8
