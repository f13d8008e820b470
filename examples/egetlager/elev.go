package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// errBadColumn reports a column that holds what no record could have written.
var errBadColumn = errors.New("malformed column")

// children is adapters.Children over the pupil register (elev). A child is a
// pupil row with a backa_id; rows without one are pupils not (yet) in Backa
// barnet, which the repository never returns.
type children struct{ t *tx }

const elevColumns = `backa_id, personnr, fornamn, efternamn, hemkommun, skydd, adress, postnr, ort, telefon, epost, backa_version`

// scanChild reads a row of elevColumns.
func scanChild(scan func(...any) error) (roles.Child, error) {
	var c roles.Child
	var id []byte
	var pnr, adress, postnr, ort, telefon, epost sql.NullString
	var kommun, skydd string
	if err := scan(&id, &pnr, &c.GivenName, &c.FamilyName, &kommun, &skydd,
		&adress, &postnr, &ort, &telefon, &epost, &c.Revision); err != nil {
		return c, err
	}
	if err := scanID(id, &c.ID); err != nil {
		return c, err
	}
	if pnr.Valid {
		// The register holds what Reveal gave; parse it back without the
		// checks a person's input needs.
		if err := c.Personnummer.UnmarshalText([]byte(pnr.String)); err != nil {
			return c, errBadColumn
		}
	}
	c.Kommun, c.Protection = roles.Kommunkod(kommun), roles.ProtectionLevel(skydd)
	contact := roles.Contact{Address: adress.String, PostalCode: postnr.String, City: ort.String, Phone: telefon.String, Email: epost.String}
	if contact != (roles.Contact{}) {
		c.Contact = &contact
	}
	return c, nil
}

// childArgs are the register's columns for c, in the order of elevColumns
// after backa_id and without the version.
func childArgs(c *roles.Child) []any {
	var contact roles.Contact
	if c.Contact != nil {
		contact = *c.Contact
	}
	return []any{
		pnrArg(c.Personnummer), c.GivenName, c.FamilyName, string(c.Kommun), string(c.Protection),
		text(contact.Address), text(contact.PostalCode), text(contact.City), text(contact.Phone), text(contact.Email),
	}
}

func zeroID(op string) error {
	return fmt.Errorf("egetlager: %s child: zero ID: %w", op, roles.ErrInvalid)
}

// Create stores a child. A pupil already in the register with the child's
// personnummer and not yet in Backa barnet becomes the child: the row keeps
// its pupil number and takes the child's ID and fields. Otherwise a new row
// is added. The personnummer is unique among children.
func (r children) Create(ctx context.Context, c *roles.Child) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if c.ID.IsZero() {
		return zeroID("create")
	}
	if found, err := r.exists(ctx, `SELECT 1 FROM elev WHERE backa_id = $1`, idArg(c.ID)); err != nil || found {
		if err == nil {
			err = adapters.AlreadyExists(adapters.EntityChild, c.ID.String())
		}
		return err
	}
	if !c.Personnummer.IsZero() {
		taken, err := r.exists(ctx, `SELECT 1 FROM elev WHERE personnr = $1 AND backa_id IS NOT NULL`, pnrArg(c.Personnummer))
		if err != nil {
			return err
		}
		if taken {
			return adapters.AlreadyExistsBy(adapters.EntityChild, "with that personnummer")
		}
	}
	args := append([]any{idArg(c.ID)}, childArgs(c)...)
	// A pupil in the register with this personnummer is adopted...
	res, err := r.t.sql.ExecContext(ctx, `UPDATE elev SET backa_id = $1, personnr = $2, fornamn = $3, efternamn = $4,
		hemkommun = $5, skydd = $6, adress = $7, postnr = $8, ort = $9, telefon = $10, epost = $11, backa_version = 1
		WHERE personnr = $2 AND personnr IS NOT NULL AND backa_id IS NULL`, args...)
	if err != nil {
		return r.t.fail(ctx, adapters.EntityChild, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return r.t.fail(ctx, adapters.EntityChild, err)
	} else if n == 0 {
		// ...else the child is a new row.
		if _, err := r.t.sql.ExecContext(ctx, `INSERT INTO elev (`+elevColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)`, args...); err != nil {
			return r.t.fail(ctx, adapters.EntityChild, err)
		}
	}
	c.Revision = 1
	return nil
}

// Get returns the child with the ID.
func (r children) Get(ctx context.Context, id roles.ID[roles.Child]) (roles.Child, error) {
	if err := r.t.use(ctx, false); err != nil {
		return roles.Child{}, err
	}
	c, found, err := r.one(ctx, `SELECT `+elevColumns+` FROM elev WHERE backa_id = $1`, idArg(id))
	if err == nil && !found {
		err = adapters.NotFound(adapters.EntityChild, id.String())
	}
	return c, err
}

// Update replaces the child when c.Revision is the stored one.
func (r children) Update(ctx context.Context, c *roles.Child) error {
	if err := r.t.use(ctx, true); err != nil {
		return err
	}
	if c.ID.IsZero() {
		return zeroID("update")
	}
	if !c.Personnummer.IsZero() {
		taken, err := r.exists(ctx, `SELECT 1 FROM elev WHERE personnr = $1 AND backa_id IS NOT NULL AND backa_id <> $2`,
			pnrArg(c.Personnummer), idArg(c.ID))
		if err != nil {
			return err
		}
		if taken {
			return adapters.AlreadyExistsBy(adapters.EntityChild, "with that personnummer")
		}
	}
	args := append([]any{idArg(c.ID)}, childArgs(c)...)
	args = append(args, c.Revision)
	res, err := r.t.sql.ExecContext(ctx, `UPDATE elev SET personnr = $2, fornamn = $3, efternamn = $4, hemkommun = $5,
		skydd = $6, adress = $7, postnr = $8, ort = $9, telefon = $10, epost = $11, backa_version = backa_version + 1
		WHERE backa_id = $1 AND backa_version = $12`, args...)
	if err != nil {
		return r.t.fail(ctx, adapters.EntityChild, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return r.t.fail(ctx, adapters.EntityChild, err)
	}
	if n == 0 {
		found, err := r.exists(ctx, `SELECT 1 FROM elev WHERE backa_id = $1`, idArg(c.ID))
		if err != nil {
			return err
		}
		if found {
			return adapters.Conflict(adapters.EntityChild, c.ID.String())
		}
		return adapters.NotFound(adapters.EntityChild, c.ID.String())
	}
	c.Revision++
	return nil
}

// ByPersonnummer returns the child with the personnummer.
func (r children) ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Child, error) {
	if err := r.t.use(ctx, false); err != nil {
		return roles.Child{}, err
	}
	if pnr.IsZero() {
		return roles.Child{}, adapters.NotFoundBy(adapters.EntityChild, "with that personnummer")
	}
	c, found, err := r.one(ctx, `SELECT `+elevColumns+` FROM elev WHERE personnr = $1 AND backa_id IS NOT NULL`, pnrArg(pnr))
	if err == nil && !found {
		err = adapters.NotFoundBy(adapters.EntityChild, "with that personnummer")
	}
	return c, err
}

// OfUnit returns the children for whom someone at the unit holds a role at
// t, by child ID.
func (r children) OfUnit(ctx context.Context, unit roles.ID[roles.Unit], t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return r.holding(ctx, `a.enhet_id = $1`, []any{idArg(unit)}, t, page)
}

// OfProfessional returns the children for whom the professional holds a
// role at t, by child ID.
func (r children) OfProfessional(ctx context.Context, id roles.ID[roles.Professional], t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return r.holding(ctx, `a.innehavare_typ = $1 AND a.innehavare_id = $2`,
		partyArgs(roles.ProfessionalParty(id)), t, page)
}

// holding returns one page of the children with an assignment that matches
// cond (on the alias a, with args as its first arguments) and is active at
// t, each once, ordered by child ID. The cursor is the last child's ID.
func (r children) holding(ctx context.Context, cond string, args []any, t time.Time, page adapters.PageRequest) (adapters.Page[roles.Child], error) {
	var out adapters.Page[roles.Child]
	if err := r.t.use(ctx, false); err != nil {
		return out, err
	}
	after, err := decodeCursor(page.Cursor)
	if err != nil {
		return out, err
	}
	limit := page.EffectiveLimit()
	n := len(args)
	q := fmt.Sprintf(`SELECT `+prefixed("e.", elevColumns)+` FROM elev e
		WHERE e.backa_id > $%d AND EXISTS (
			SELECT 1 FROM elevansvar a WHERE a.elev_id = e.backa_id AND %s
			AND a.fran <= $%d AND (a.till IS NULL OR a.till > $%d))
		ORDER BY e.backa_id LIMIT $%d`, n+1, cond, n+2, n+2, n+3)
	args = append(args, after[:], micro(t), limit+1)
	rows, err := r.t.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return out, r.t.fail(ctx, adapters.EntityChild, err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanChild(rows.Scan)
		if err != nil {
			return out, r.t.fail(ctx, adapters.EntityChild, err)
		}
		out.Items = append(out.Items, c)
	}
	if err := rows.Err(); err != nil {
		return out, r.t.fail(ctx, adapters.EntityChild, err)
	}
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
		out.Next = encodeCursor(out.Items[limit-1].ID)
	}
	return out, nil
}

// one runs a query for at most one child.
func (r children) one(ctx context.Context, q string, args ...any) (roles.Child, bool, error) {
	c, err := scanChild(r.t.sql.QueryRowContext(ctx, q, args...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return roles.Child{}, false, nil
	}
	if err != nil {
		return roles.Child{}, false, r.t.fail(ctx, adapters.EntityChild, err)
	}
	return c, true, nil
}

// exists reports whether the query returns a row.
func (r children) exists(ctx context.Context, q string, args ...any) (bool, error) {
	return exists(ctx, r.t, adapters.EntityChild, q, args...)
}

func exists(ctx context.Context, t *tx, entity adapters.Entity, q string, args ...any) (bool, error) {
	var one int
	err := t.sql.QueryRowContext(ctx, q, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, t.fail(ctx, entity, err)
	}
	return true, nil
}
