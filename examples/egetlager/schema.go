package main

import (
	"database/sql"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// schema is the vendor's own: the pupil register (elev) the school system
// has had for years, with its own column names, and its table of who is
// responsible for which pupil (elevansvar). For Backa barnet the register
// got two columns, backa_id and backa_version; elevansvar got the columns a
// role assignment needs. Column names are Swedish, as in the vendor's
// system; the comments say what each holds.
//
// How values are kept: IDs as their 16 bytes (NULL when zero), instants
// as microseconds since 1970 in UTC (NULL for an open end), codes and
// texts as text, a personnummer as its 12 digits.
const schema = `
CREATE TABLE IF NOT EXISTS elev (
	elev_nr       INTEGER PRIMARY KEY,   -- the school system's own pupil number
	personnr      TEXT UNIQUE,           -- 12 digits
	fornamn       TEXT NOT NULL,
	efternamn     TEXT NOT NULL,
	hemkommun     TEXT NOT NULL,         -- kommunkod
	skydd         TEXT NOT NULL,         -- protection level code
	adress        TEXT,
	postnr        TEXT,
	ort           TEXT,
	telefon       TEXT,
	epost         TEXT,
	backa_id      BLOB UNIQUE,           -- the child's ID in Backa barnet; NULL until enrolled
	backa_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS elevansvar (
	ansvar_id          BLOB PRIMARY KEY, -- the assignment's ID
	elev_id            BLOB NOT NULL,    -- the child's ID in Backa barnet
	roll               TEXT NOT NULL,    -- role code
	innehavare_typ     TEXT NOT NULL,    -- holder: party kind
	innehavare_id      BLOB,             --         and ID
	verksamhet         TEXT NOT NULL,    -- agency code, '' when none
	enhet_id           BLOB,             -- unit
	fran               INTEGER NOT NULL, -- period start
	till               INTEGER,          -- period end; NULL while open
	registrerad_av_typ TEXT NOT NULL,
	registrerad_av_id  BLOB,
	registrerad        INTEGER NOT NULL,
	version            INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS elevansvar_elev ON elevansvar (elev_id, fran, ansvar_id);
CREATE INDEX IF NOT EXISTS elevansvar_innehavare ON elevansvar (innehavare_typ, innehavare_id, elev_id);
CREATE INDEX IF NOT EXISTS elevansvar_enhet ON elevansvar (enhet_id, elev_id);
`

// idArg is the query argument of an ID: its bytes, or NULL when zero.
func idArg[T ~[16]byte](id T) any {
	if id == (T{}) {
		return nil
	}
	b := [16]byte(id)
	return b[:]
}

// scanID reads an ID column into id (zero for NULL).
func scanID[T ~[16]byte](b []byte, id *T) error {
	var zero T
	*id = zero
	if b == nil {
		return nil
	}
	if len(b) != 16 {
		return errBadColumn
	}
	*id = T([16]byte(b))
	return nil
}

// micro is the query argument of an instant: microseconds in UTC.
func micro(t time.Time) int64 { return adapters.NormalizeTime(t).UnixMicro() }

// optMicro is the query argument of an optional instant: NULL when zero.
func optMicro(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micro(t)
}

// zeroMicro is how the zero time is kept in a column that always holds an
// instant.
var zeroMicro = time.Time{}.UnixMicro()

// fromMicro reads an instant column.
func fromMicro(v int64) time.Time {
	if v == zeroMicro {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// fromOptMicro reads an optional instant column.
func fromOptMicro(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMicro(v.Int64)
}

// text is the query argument of an optional text: NULL when empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// pnrArg is the query argument of a personnummer: its 12 digits, or NULL.
func pnrArg(p roles.Personnummer) any {
	if p.IsZero() {
		return nil
	}
	return p.Reveal()
}

// partyArgs are the two columns of a party.
func partyArgs(p roles.Party) []any {
	return []any{string(p.Kind), idArg(p.ID)}
}

// scanParty reads a party's two columns.
func scanParty(kind string, id []byte, p *roles.Party) error {
	p.Kind = roles.PartyKind(kind)
	return scanID(id, &p.ID)
}
