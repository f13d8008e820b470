package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statements a Store keeps prepared. The store's
// statements are fixed texts (a few variants of some, with or without a
// cursor's condition), far fewer than this; the bound keeps a statement
// built from data out of the cache even if one were passed to it by
// mistake. A statement beyond the bound is prepared in each transaction
// that runs it, as if there were no cache.
const maxCachedStmts = 256

// stmtCache holds the statements a Store prepared on its *sql.DB, by their
// SQL, for a dialect that prepares statements (dialect.prepareInTx). A
// transaction runs one through (*sql.Tx).StmtContext, and database/sql then
// reuses the statement already prepared on the transaction's connection,
// or prepares it there once, so that SQLite compiles each statement once per
// connection rather than once per transaction.
//
// A statement is prepared on the DB only between transactions (adopt):
// preparing on the DB takes a connection of the pool, and the transaction
// that found the statement missing holds one (with MemoryPath, the only
// one).
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// get returns the statement prepared for q, or nil.
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[q]
}

// wants reports whether the cache would take a statement for q.
func (c *stmtCache) wants(q string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.stmts[q]
	return !ok && !c.closed && len(c.stmts) < maxCachedStmts
}

// adopt prepares the statements qs on db and keeps them; it is called by
// a transaction that prepared them itself, after it ended. A statement that
// fails to prepare (ctx done, the database busy) is left out: the next
// transaction that runs it prepares it itself and tries again.
func (c *stmtCache) adopt(ctx context.Context, db *sql.DB, qs []string) {
	for _, q := range qs {
		if ctx.Err() != nil {
			return
		}
		if !c.wants(q) {
			continue
		}
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok || c.closed || len(c.stmts) >= maxCachedStmts {
			c.mu.Unlock()
			st.Close() // another transaction adopted it first, or the store closed
			continue
		}
		if c.stmts == nil {
			c.stmts = make(map[string]*sql.Stmt)
		}
		c.stmts[q] = st
		c.mu.Unlock()
	}
}

// close closes the statements; the cache keeps none from then on.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var first error
	for _, st := range c.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	c.stmts = nil
	return first
}
