package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

const eventColumns = "seq, id, child_id, event_type, made_at, payload, acked_at"

func scanEvent(scan func(...any) error, e *adapters.Event) error {
	return scan(&e.Seq, idCol(&e.ID), idCol(&e.ChildID), textCol(&e.Type), timeCol(&e.At),
		bytesCol((*[]byte)(&e.Payload)), timeCol(&e.AckedAt))
}

type outboxRepo struct{ t *tx }

func (r outboxRepo) Append(ctx context.Context, e *adapters.Event) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if e.ID.IsZero() {
		return fmt.Errorf("sqlstore: append event: zero ID: %w", roles.ErrInvalid)
	}
	d, sid := r.t.d, e.ID.String()
	seq, ok, err := r.t.scanInt64(ctx, adapters.EntityEvent,
		"INSERT INTO events ("+eventColumns+") VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM events),"+
			" $1, $2, $3, $4, $5, NULL) ON CONFLICT DO NOTHING RETURNING seq",
		idArg(d, e.ID), idArg(d, e.ChildID), e.Type, at(d, e.At), bytesArg(e.Payload))
	switch {
	case err != nil:
		return err
	case !ok:
		return adapters.AlreadyExists(adapters.EntityEvent, sid)
	}
	e.Seq = seq
	return nil
}

// events returns the events a query's tail selects, in its order.
func (r outboxRepo) events(ctx context.Context, tail string, args ...any) ([]adapters.Event, error) {
	var out []adapters.Event
	err := r.t.query(ctx, adapters.EntityEvent, "SELECT "+eventColumns+" FROM events "+tail, args,
		func(scan func(...any) error) error {
			var e adapters.Event
			if err := scanEvent(scan, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	return out, err
}

func (r outboxRepo) Get(ctx context.Context, id roles.ID[adapters.Event]) (adapters.Event, error) {
	if err := r.t.use(ctx, false); err != nil {
		return adapters.Event{}, err
	}
	es, err := r.events(ctx, "WHERE id = $1", idArg(r.t.d, id))
	if err != nil || len(es) == 0 {
		if err == nil {
			err = adapters.NotFound(adapters.EntityEvent, id.String())
		}
		return adapters.Event{}, err
	}
	return es[0], nil
}

func (r outboxRepo) Pending(ctx context.Context, pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	return r.pending(ctx, nil, pr)
}

func (r outboxRepo) PendingOfChild(ctx context.Context, child roles.ID[roles.Child], pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	return r.pending(ctx, &child, pr)
}

// pending returns a page of the pending events, of the child when child is
// not nil, in Seq order.
func (r outboxRepo) pending(ctx context.Context, child *roles.ID[roles.Child], pr adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	var out adapters.Page[adapters.Event]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	after, err := seqCursor(pr.Cursor)
	if err != nil {
		return out, err
	}
	var s stmt
	s.add("WHERE acked_at IS NULL")
	if child != nil {
		s.add(" AND child_id = ", s.arg(idArg(r.t.d, *child)))
	}
	if after > 0 {
		s.add(" AND seq > ", s.arg(after))
	}
	limit := pr.EffectiveLimit()
	s.add(" ORDER BY seq LIMIT ", s.arg(limit+1))
	es, err := r.events(ctx, s.String(), s.args...)
	if err != nil {
		return out, err
	}
	return page(es, limit, func(e *adapters.Event) string { return newCursor(curSeq).int64(e.Seq).String() }), nil
}

// Ack sets acked_at only where it is NULL, so the first acknowledgement stays.
func (r outboxRepo) Ack(ctx context.Context, id roles.ID[adapters.Event], when time.Time) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if when.IsZero() {
		return fmt.Errorf("sqlstore: ack event %s: zero time: %w", id, roles.ErrInvalid)
	}
	d, sid := r.t.d, id.String()
	n, err := r.t.exec(ctx, adapters.EntityEvent, sid, "UPDATE events SET acked_at = $2 WHERE id = $1 AND acked_at IS NULL",
		idArg(d, id), at(d, when))
	if err != nil || n > 0 {
		return err
	}
	found, err := r.t.exists(ctx, adapters.EntityEvent, sid, "SELECT 1 FROM events WHERE id = $1", idArg(d, id))
	if err != nil {
		return err
	}
	if !found {
		return adapters.NotFound(adapters.EntityEvent, sid)
	}
	return nil
}
