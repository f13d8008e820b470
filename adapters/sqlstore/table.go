package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// table maps one kind of mutable record onto its table: the columns, how a
// record becomes query arguments and how a row becomes a record. The
// statements are built from the column list once, when the package loads.
type table[T any, I ~[16]byte] struct {
	name   string
	entity adapters.Entity
	// cols are the columns, "id" first; a "revision" column follows them.
	cols []string
	// args returns the values of cols for v. An error matches
	// roles.ErrInvalid (a document that cannot be encoded).
	args func(d *dialect, v *T) ([]any, error)
	// scan scans a row of cols and the revision into v.
	scan func(scan func(dest ...any) error, v *T) error
	id   func(*T) I
	rev  func(*T) *int64
	// unique is the column of the record's one unique key besides the ID, or
	// "" (with uniqueDesc naming it in errors without its value and
	// uniqueArg giving its query argument, nil for a record without one).
	unique     string
	uniqueDesc string
	uniqueArg  func(v *T) any

	// The statements.
	columns, insertSQL, selectSQL, updateSQL, revisionSQL, existsSQL, uniqueSQL string
}

// build makes the statements from the columns.
func (tb *table[T, I]) build() *table[T, I] {
	n := len(tb.cols)
	tb.columns = strings.Join(tb.cols, ", ") + ", revision"
	ph := make([]string, n+1)
	set := make([]string, n-1)
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	for i, c := range tb.cols[1:] {
		set[i] = c + " = $" + strconv.Itoa(i+2)
	}
	tb.insertSQL = "INSERT INTO " + tb.name + " (" + tb.columns + ") VALUES (" + strings.Join(ph, ", ") + ") ON CONFLICT DO NOTHING"
	tb.selectSQL = "SELECT " + tb.columns + " FROM " + tb.name
	tb.updateSQL = "UPDATE " + tb.name + " SET " + strings.Join(set, ", ") + ", revision = $" + strconv.Itoa(n+1) +
		" WHERE id = $1 AND revision = $" + strconv.Itoa(n+2)
	tb.revisionSQL = "SELECT revision FROM " + tb.name + " WHERE id = $1"
	tb.existsSQL = "SELECT 1 FROM " + tb.name + " WHERE id = $1"
	if tb.unique != "" {
		tb.uniqueSQL = "SELECT 1 FROM " + tb.name + " WHERE " + tb.unique + " = $1 AND id <> $2"
	}
	return tb
}

// recordID is the constraint of record IDs: a roles.ID of some kind.
type recordID interface {
	~[16]byte
	String() string
}

// records is the generic repository of one kind within one transaction.
type records[T any, I recordID] struct {
	t  *tx
	tb *table[T, I]
}

func repo[T any, I recordID](t *tx, tb *table[T, I]) records[T, I] { return records[T, I]{t, tb} }

func (r records[T, I]) zeroID(op string) error {
	return fmt.Errorf("sqlstore: %s %s: zero ID: %w", op, r.tb.entity, roles.ErrInvalid)
}

// Create implements adapters.Records: one INSERT ... ON CONFLICT DO NOTHING;
// when it inserts nothing, a look at the ID says which key was taken.
func (r records[T, I]) Create(ctx context.Context, v *T) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	tb := r.tb
	id := tb.id(v)
	if id == (I{}) {
		return r.zeroID("create")
	}
	args, err := tb.args(r.t.d, v)
	if err != nil {
		return err
	}
	n, err := r.t.exec(ctx, tb.entity, id.String(), tb.insertSQL, append(args, int64(1))...)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.taken(ctx, id)
	}
	*tb.rev(v) = 1
	return nil
}

// taken returns the error for a Create that inserted nothing: the ID is
// taken, or else the unique key.
func (r records[T, I]) taken(ctx context.Context, id I) error {
	found, err := r.t.exists(ctx, r.tb.entity, id.String(), r.tb.existsSQL, idArg(r.t.d, id))
	switch {
	case err != nil:
		return err
	case found || r.tb.unique == "":
		return adapters.AlreadyExists(r.tb.entity, id.String())
	}
	return adapters.AlreadyExistsBy(r.tb.entity, r.tb.uniqueDesc)
}

// Get implements adapters.Records.
func (r records[T, I]) Get(ctx context.Context, id I) (T, error) {
	var zero T
	if err := r.t.use(ctx, false); err != nil {
		return zero, err
	}
	vs, err := r.list(ctx, "WHERE id = $1", idArg(r.t.d, id))
	if err != nil {
		return zero, err
	}
	if len(vs) == 0 {
		return zero, adapters.NotFound(r.tb.entity, id.String())
	}
	return vs[0], nil
}

// Update implements adapters.Records. A record with a unique key is checked
// first (revision, then the key), so that a taken key never reaches the
// database as a violation (which would end a PostgreSQL transaction);
// otherwise the UPDATE checks the revision and a look at the ID tells a
// stale revision from a missing record.
func (r records[T, I]) Update(ctx context.Context, v *T) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	tb := r.tb
	id := tb.id(v)
	if id == (I{}) {
		return r.zeroID("update")
	}
	sid := id.String()
	rev := *tb.rev(v)
	if tb.unique != "" {
		cur, ok, err := r.t.scanInt64(ctx, tb.entity, tb.revisionSQL, idArg(r.t.d, id))
		switch {
		case err != nil:
			return err
		case !ok:
			return adapters.NotFound(tb.entity, sid)
		case cur != rev:
			return adapters.Conflict(tb.entity, sid)
		}
		if key := tb.uniqueArg(v); key != nil {
			taken, err := r.t.exists(ctx, tb.entity, sid, tb.uniqueSQL, key, idArg(r.t.d, id))
			if err != nil {
				return err
			}
			if taken {
				return adapters.AlreadyExistsBy(tb.entity, tb.uniqueDesc)
			}
		}
	}
	args, err := tb.args(r.t.d, v)
	if err != nil {
		return err
	}
	n, err := r.t.exec(ctx, tb.entity, sid, tb.updateSQL, append(args, rev+1, rev)...)
	if err != nil {
		return err
	}
	if n == 0 {
		found, err := r.t.exists(ctx, tb.entity, sid, tb.existsSQL, idArg(r.t.d, id))
		switch {
		case err != nil:
			return err
		case !found:
			return adapters.NotFound(tb.entity, sid)
		}
		return adapters.Conflict(tb.entity, sid)
	}
	*tb.rev(v) = rev + 1
	return nil
}

// list returns the records the query's tail (WHERE ... ORDER BY ...)
// selects, in its order; nil when there are none.
func (r records[T, I]) list(ctx context.Context, tail string, args ...any) ([]T, error) {
	return r.selectRows(ctx, r.tb.selectSQL+" "+tail, args...)
}

// selectRows returns the records a query of the table's columns returns, in
// order; nil when there are none.
func (r records[T, I]) selectRows(ctx context.Context, q string, args ...any) ([]T, error) {
	var out []T
	err := r.t.query(ctx, r.tb.entity, q, args, func(scan func(...any) error) error {
		var v T
		if err := r.tb.scan(scan, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
