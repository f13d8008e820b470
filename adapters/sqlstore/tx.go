package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// tx is one attempt of an InTx, or one View: the database transaction and
// the repositories over it.
type tx struct {
	s     *Store
	d     *dialect
	sql   *sql.Tx
	write bool
	done  atomic.Bool
	// transient is the first transient failure the database reported in
	// this attempt; InTx tries again when fn returns it (or nil).
	transient *transientError
	// stmts are the statements of this transaction, by their SQL, when the
	// dialect prepares them (dialect.prepareInTx): the Store's, or prepared
	// here when the Store has none yet.
	stmts map[string]*sql.Stmt
	// missed are the statements the transaction prepared itself because the
	// Store had none; the Store prepares them for later transactions once
	// this one has ended (stmtCache.adopt).
	missed []string
	// items are the items of the current revisions of plans this write
	// transaction read or wrote, by plan: Update compares a plan's new
	// items with them to write only the rows of plan_items that change.
	items map[roles.ID[plan.Plan]]knownItems
}

// stmt returns q prepared for the transaction (on first use), or nil when
// the dialect does not prepare statements. It takes the Store's statement
// when there is one; otherwise it prepares q in the transaction and notes it
// for the Store.
func (t *tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if !t.d.prepareInTx {
		return nil, nil
	}
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if shared := t.s.stmts.get(q); shared != nil {
		st = t.sql.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = t.sql.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		t.missed = append(t.missed, q)
	}
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt)
	}
	t.stmts[q] = st
	return st, nil
}

// use checks that the transaction may still be used with ctx, for a write
// when write is set.
func (t *tx) use(ctx context.Context, write bool) error {
	if t.done.Load() {
		return fmt.Errorf("sqlstore: %w", adapters.ErrTxDone)
	}
	if err := ctxErr(ctx); err != nil {
		return err
	}
	if write && !t.write {
		return fmt.Errorf("sqlstore: %w", adapters.ErrReadOnly)
	}
	return nil
}

// fail maps an error of the database about a record of entity with ID id
// (or "" when there is none): a done context, a transient failure, a unique
// violation, or anything else.
func (t *tx) fail(ctx context.Context, entity adapters.Entity, id string, err error) error {
	if cerr := ctxErr(ctx); cerr != nil {
		return cerr
	}
	switch t.d.classify(err) {
	case errTransient:
		te := &transientError{err}
		if t.transient == nil {
			t.transient = te
		}
		return te
	case errUnique:
		return &adapters.Error{Entity: entity, ID: id, Key: keyUnique, Err: adapters.ErrAlreadyExists}
	}
	if id != "" {
		return fmt.Errorf("sqlstore: %s %s: %w", entity, id, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", entity, err)
}

// keyUnique names a unique constraint that a concurrent writer broke.
const keyUnique = "(a unique key)"

// exec runs a statement (a fixed text, which may be prepared once for the
// Store) and returns the number of rows it affected.
func (t *tx) exec(ctx context.Context, entity adapters.Entity, id string, q string, args ...any) (int64, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return 0, t.fail(ctx, entity, id, err)
	}
	var res sql.Result
	if st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = t.sql.ExecContext(ctx, q, args...)
	}
	return t.affected(ctx, entity, id, res, err)
}

// execOnce runs a statement whose text depends on the data (the number of
// rows of a multi-row INSERT) without preparing it for reuse, and returns
// the number of rows it affected.
func (t *tx) execOnce(ctx context.Context, entity adapters.Entity, id string, q string, args ...any) (int64, error) {
	res, err := t.sql.ExecContext(ctx, q, args...)
	return t.affected(ctx, entity, id, res, err)
}

// affected returns the number of rows a statement that ran with result res
// and error err affected, or the error, mapped as fail maps it.
func (t *tx) affected(ctx context.Context, entity adapters.Entity, id string, res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, t.fail(ctx, entity, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, t.fail(ctx, entity, id, err)
	}
	return n, nil
}

// query runs a query and calls each for every row, in order; each scans the
// row with scan.
func (t *tx) query(ctx context.Context, entity adapters.Entity, q string, args []any, each func(scan func(dest ...any) error) error) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.fail(ctx, entity, "", err)
	}
	var rows *sql.Rows
	if st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = t.sql.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return t.fail(ctx, entity, "", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return t.fail(ctx, entity, "", err)
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail(ctx, entity, "", err)
	}
	if err := rows.Close(); err != nil {
		return t.fail(ctx, entity, "", err)
	}
	return nil
}

// exists reports whether the query returns a row.
func (t *tx) exists(ctx context.Context, entity adapters.Entity, id string, q string, args ...any) (bool, error) {
	found := false
	err := t.query(ctx, entity, q, args, func(func(...any) error) error {
		found = true
		return nil
	})
	if err != nil {
		return false, err
	}
	return found, nil
}

// scanInt64 runs a query for one int64; ok is false when it returns no row.
func (t *tx) scanInt64(ctx context.Context, entity adapters.Entity, q string, args ...any) (n int64, ok bool, err error) {
	err = t.query(ctx, entity, q, args, func(scan func(...any) error) error {
		ok = true
		var v sql.NullInt64
		if err := scan(&v); err != nil {
			return err
		}
		n = v.Int64
		return nil
	})
	return n, ok, err
}

func (t *tx) Children() adapters.Children             { return childrenRepo{repo(t, childTable)} }
func (t *tx) Guardians() adapters.Guardians           { return guardiansRepo{repo(t, guardianTable)} }
func (t *tx) Custodies() adapters.Custodies           { return custodiesRepo{repo(t, custodyTable)} }
func (t *tx) RelatedPersons() adapters.RelatedPersons { return relatedRepo{repo(t, relatedTable)} }
func (t *tx) Organisations() adapters.Organisations {
	return organisationsRepo{repo(t, organisationTable)}
}
func (t *tx) Units() adapters.Units { return unitsRepo{repo(t, unitTable)} }
func (t *tx) Professionals() adapters.Professionals {
	return professionalsRepo{repo(t, professionalTable)}
}
func (t *tx) Assignments() adapters.Assignments { return assignmentsRepo{repo(t, assignmentTable)} }
func (t *tx) Consents() adapters.Consents       { return consentsRepo{repo(t, consentTable)} }
func (t *tx) Disclosures() adapters.Disclosures { return disclosuresRepo{repo(t, disclosureTable)} }
func (t *tx) MaturityAssessments() adapters.MaturityAssessments {
	return maturityRepo{repo(t, maturityTable)}
}
func (t *tx) HarmExceptions() adapters.HarmExceptions { return harmRepo{repo(t, harmTable)} }
func (t *tx) Assessments() adapters.Assessments       { return assessmentsRepo{repo(t, assessmentTable)} }
func (t *tx) Concerns() adapters.Concerns             { return concernsRepo{repo(t, concernTable)} }
func (t *tx) Plans() adapters.Plans                   { return plansRepo{t} }
func (t *tx) Audit() adapters.AuditLog                { return auditRepo{t} }
func (t *tx) Outbox() adapters.Outbox                 { return outboxRepo{t} }
