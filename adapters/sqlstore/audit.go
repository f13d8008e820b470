package sqlstore

import (
	"context"
	"fmt"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// The audit trail and the outbox number their entries with the next Seq
// after the greatest one (SELECT max(seq) + 1), under the write lock every
// write transaction holds, so that no two transactions ever take one number
// and a rolled-back append leaves no gap. seq is the primary key (in SQLite
// the rowid), so the greatest is the last entry of the key's index.

const auditColumns = "seq, id, made_at, actor_kind, actor_id, actor_agency, actor_unit, child_id, action, category, purpose," +
	" allowed, basis_kind, basis_ref, decision_id, reasons, severity, prev_hash, hash"

// auditArgs returns the values of the columns after seq.
func auditArgs(d *dialect, e *adapters.AuditEntry) []any {
	args := append([]any{idArg(d, e.ID), at(d, e.At)}, partyArgs(d, e.Actor)...)
	return append(args, string(e.ActorAgency), idArg(d, e.ActorUnit), idArg(d, e.ChildID), e.Action, e.Category, e.Purpose,
		e.Allowed, e.BasisKind, e.BasisRef, idArg(d, e.DecisionID), codesArg(e.Reasons), string(e.Severity),
		bytesArg(e.PrevHash), bytesArg(e.Hash))
}

func scanAudit(scan func(...any) error, e *adapters.AuditEntry) error {
	dest := append([]any{&e.Seq, idCol(&e.ID), timeCol(&e.At)}, partyCols(&e.Actor)...)
	return scan(append(dest, textCol(&e.ActorAgency), idCol(&e.ActorUnit), idCol(&e.ChildID), textCol(&e.Action),
		textCol(&e.Category), textCol(&e.Purpose), &e.Allowed, textCol(&e.BasisKind), textCol(&e.BasisRef),
		idCol(&e.DecisionID), codesCol(&e.Reasons), textCol(&e.Severity), bytesCol(&e.PrevHash), bytesCol(&e.Hash))...)
}

type auditRepo struct{ t *tx }

func (r auditRepo) Append(ctx context.Context, e *adapters.AuditEntry) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if e.ID.IsZero() {
		return fmt.Errorf("sqlstore: append audit entry: zero ID: %w", roles.ErrInvalid)
	}
	d, sid := r.t.d, e.ID.String()
	// One statement: the next Seq, computed in the INSERT; an ID in use
	// inserts nothing and returns no row.
	seq, ok, err := r.t.scanInt64(ctx, adapters.EntityAuditEntry,
		"INSERT INTO audit_entries ("+auditColumns+") VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM audit_entries),"+
			" $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING RETURNING seq",
		auditArgs(d, e)...)
	switch {
	case err != nil:
		return err
	case !ok:
		return adapters.AlreadyExists(adapters.EntityAuditEntry, sid)
	}
	e.Seq = seq
	return nil
}

// entries returns the entries a query's tail selects, in its order.
func (r auditRepo) entries(ctx context.Context, tail string, args ...any) ([]adapters.AuditEntry, error) {
	var out []adapters.AuditEntry
	err := r.t.query(ctx, adapters.EntityAuditEntry, "SELECT "+auditColumns+" FROM audit_entries "+tail, args,
		func(scan func(...any) error) error {
			var e adapters.AuditEntry
			if err := scanAudit(scan, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	return out, err
}

func (r auditRepo) Last(ctx context.Context) (adapters.AuditEntry, error) {
	if err := r.t.use(ctx, false); err != nil {
		return adapters.AuditEntry{}, err
	}
	es, err := r.entries(ctx, "ORDER BY seq DESC LIMIT 1")
	if err != nil || len(es) == 0 {
		if err == nil {
			err = adapters.NotFoundBy(adapters.EntityAuditEntry, "in an empty trail")
		}
		return adapters.AuditEntry{}, err
	}
	return es[0], nil
}

func seqKey(e *adapters.AuditEntry) string { return newCursor(curSeq).int64(e.Seq).String() }

func (r auditRepo) ByChild(ctx context.Context, child roles.ID[roles.Child], pr adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	var out adapters.Page[adapters.AuditEntry]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	before, err := seqCursor(pr.Cursor)
	if err != nil {
		return out, err
	}
	var s stmt
	s.add("WHERE child_id = ", s.arg(idArg(r.t.d, child)))
	if before > 0 {
		s.add(" AND seq < ", s.arg(before))
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY seq DESC LIMIT ", s.arg(limit+1))
	es, err := r.entries(ctx, s.String(), s.args...)
	if err != nil {
		return out, err
	}
	return page(es, limit, seqKey), nil
}

func (r auditRepo) Scan(ctx context.Context, from int64, pr adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	var out adapters.Page[adapters.AuditEntry]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	after, err := seqCursor(pr.Cursor)
	if err != nil {
		return out, err
	}
	limit := pr.EffectiveLimit()
	es, err := r.entries(ctx, "WHERE seq >= $1 ORDER BY seq LIMIT $2", max(from, after+1), limit+1)
	if err != nil {
		return out, err
	}
	return page(es, limit, seqKey), nil
}
