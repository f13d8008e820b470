package sqlstore

import (
	"database/sql"

	"github.com/backabarnet/backabarnet/adapters"
)

// SQLTx returns the database transaction behind atx, a Tx that a Store of
// this package passed to the function of InTx or View, so that a store built
// on this one can keep tables of its own in the same database and the same
// transaction: they commit and roll back together with the Store's
// (examples/egetlager keeps a vendor's own pupil register this way).
//
// ok is false for any other Tx and once the transaction has ended. The
// caller must use the transaction only within the function it was given to,
// must not commit or roll it back, and must not write through it in a View.
func SQLTx(atx adapters.Tx) (sqlTx *sql.Tx, ok bool) {
	t, isOurs := atx.(*tx)
	if !isOurs || t.done.Load() {
		return nil, false
	}
	return t.sql, true
}
