package main

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// assignments is adapters.Assignments over elevansvar, the vendor's table of
// who is responsible for which pupil: the Barnkontakt, the Stödsamordnare,
// the team members.
type assignments struct{ t *tx }

const ansvarColumns = `ansvar_id, elev_id, roll, innehavare_typ, innehavare_id, verksamhet, enhet_id,
	fran, till, registrerad_av_typ, registrerad_av_id, registrerad, version`

// scanAssignment reads a row of ansvarColumns.
func scanAssignment(scan func(...any) error) (roles.Assignment, error) {
	var a roles.Assignment
	var id, child, holder, unit, by []byte
	var role, holderKind, agency, byKind string
	var from, at int64
	var until sql.NullInt64
	if err := scan(&id, &child, &role, &holderKind, &holder, &agency, &unit,
		&from, &until, &byKind, &by, &at, &a.Revision); err != nil {
		return a, err
	}
	a.Role, a.Agency = roles.Role(role), roles.Agency(agency)
	a.Period = roles.Period{Start: fromMicro(from), End: fromOptMicro(until)}
	a.RecordedAt = fromMicro(at)
	return a, errors.Join(scanID(id, &a.ID), scanID(child, &a.ChildID), scanID(unit, &a.UnitID),
		scanParty(holderKind, holder, &a.Holder), scanParty(byKind, by, &a.RecordedBy))
}

// assignmentArgs are the columns of ansvarColumns for a, without the version.
func assignmentArgs(a *roles.Assignment) []any {
	args := []any{idArg(a.ID), idArg(a.ChildID), string(a.Role)}
	args = append(args, partyArgs(a.Holder)...)
	args = append(args, string(a.Agency), idArg(a.UnitID), micro(a.Period.Start), optMicro(a.Period.End))
	args = append(args, partyArgs(a.RecordedBy)...)
	return append(args, micro(a.RecordedAt))
}

// Create stores an assignment.
func (r assignments) Create(ctx context.Context, a *roles.Assignment) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if a.ID.IsZero() {
		return fmt.Errorf("egetlager: create assignment: zero ID: %w", roles.ErrInvalid)
	}
	found, err := exists(ctx, r.t, adapters.EntityAssignment, `SELECT 1 FROM elevansvar WHERE ansvar_id = $1`, idArg(a.ID))
	if err != nil {
		return err
	}
	if found {
		return adapters.AlreadyExists(adapters.EntityAssignment, a.ID.String())
	}
	if _, err := r.t.sql.ExecContext(ctx, `INSERT INTO elevansvar (`+ansvarColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)`, assignmentArgs(a)...); err != nil {
		return r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	a.Revision = 1
	return nil
}

// Get returns the assignment with the ID.
func (r assignments) Get(ctx context.Context, id roles.ID[roles.Assignment]) (roles.Assignment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return roles.Assignment{}, err
	}
	a, err := scanAssignment(r.t.sql.QueryRowContext(ctx, `SELECT `+ansvarColumns+` FROM elevansvar WHERE ansvar_id = $1`, idArg(id)).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return roles.Assignment{}, adapters.NotFound(adapters.EntityAssignment, id.String())
	}
	if err != nil {
		return roles.Assignment{}, r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	return a, nil
}

// Update replaces the assignment when a.Revision is the stored one.
func (r assignments) Update(ctx context.Context, a *roles.Assignment) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if a.ID.IsZero() {
		return fmt.Errorf("egetlager: update assignment: zero ID: %w", roles.ErrInvalid)
	}
	args := append(assignmentArgs(a), a.Revision)
	res, err := r.t.sql.ExecContext(ctx, `UPDATE elevansvar SET elev_id = $2, roll = $3, innehavare_typ = $4,
		innehavare_id = $5, verksamhet = $6, enhet_id = $7, fran = $8, till = $9, registrerad_av_typ = $10,
		registrerad_av_id = $11, registrerad = $12, version = version + 1
		WHERE ansvar_id = $1 AND version = $13`, args...)
	if err != nil {
		return r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	if n == 0 {
		found, err := exists(ctx, r.t, adapters.EntityAssignment, `SELECT 1 FROM elevansvar WHERE ansvar_id = $1`, idArg(a.ID))
		if err != nil {
			return err
		}
		if found {
			return adapters.Conflict(adapters.EntityAssignment, a.ID.String())
		}
		return adapters.NotFound(adapters.EntityAssignment, a.ID.String())
	}
	a.Revision++
	return nil
}

// OfChild returns every assignment of the child, by period start and ID.
func (r assignments) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Assignment, error) {
	return r.list(ctx, `SELECT `+ansvarColumns+` FROM elevansvar WHERE elev_id = $1 ORDER BY fran, ansvar_id`, idArg(child))
}

// OfHolder returns the holder's assignments active at t, by child, period
// start and ID.
func (r assignments) OfHolder(ctx context.Context, holder roles.Party, t time.Time) ([]roles.Assignment, error) {
	args := append(partyArgs(holder), micro(t))
	return r.list(ctx, `SELECT `+ansvarColumns+` FROM elevansvar
		WHERE innehavare_typ = $1 AND innehavare_id IS $2 AND fran <= $3 AND (till IS NULL OR till > $3)
		ORDER BY elev_id, fran, ansvar_id`, args...)
}

func (r assignments) list(ctx context.Context, q string, args ...any) ([]roles.Assignment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	rows, err := r.t.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	defer rows.Close()
	var out []roles.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows.Scan)
		if err != nil {
			return nil, r.t.fail(ctx, adapters.EntityAssignment, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, r.t.fail(ctx, adapters.EntityAssignment, err)
	}
	return out, nil
}

// encodeCursor makes the cursor after a child: its ID, opaque to callers.
func encodeCursor(id roles.ID[roles.Child]) string {
	return "e1." + base64.RawURLEncoding.EncodeToString(id[:])
}

// decodeCursor returns the child ID a cursor stands after; the zero ID for
// the first page.
func decodeCursor(c string) ([16]byte, error) {
	var id [16]byte
	if c == "" {
		return id, nil
	}
	rest, ok := strings.CutPrefix(c, "e1.")
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if !ok || err != nil || len(b) != 16 {
		return id, fmt.Errorf("egetlager: cursor: %w", roles.ErrInvalid)
	}
	copy(id[:], b)
	return id, nil
}

// prefixed puts a table alias before each column of a list.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}
