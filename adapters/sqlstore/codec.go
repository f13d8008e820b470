package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
)

// How Go values are stored:
//
//   - IDs as the dialect's UUID type (16 bytes in SQLite); a zero ID as NULL.
//   - Instants normalised (adapters.NormalizeTime) as the dialect's instant
//     type (microseconds since the Unix epoch in SQLite). Columns that always
//     hold an instant store a zero time.Time as the instant it stands for (1
//     January of the year 1, UTC), which sorts before every other and reads
//     back as the zero time; optional instants (a period's end, an
//     acknowledgement) store the zero time as NULL.
//   - Dates as the dialect's date type (YYYY-MM-DD text in SQLite); the zero
//     date as NULL.
//   - A personnummer as its canonical 12 digits (roles.Personnummer.Reveal,
//     the same as MarshalText); unset as NULL.
//   - Codes and texts as text; a party as two columns, kind and ID.
//   - Documents (lists that belong to one record and that no query looks
//     into) as JSON in the records' own JSON form, which golden files pin;
//     an empty list as NULL.

// idArg returns the query argument of an ID: NULL when zero.
func idArg[T ~[16]byte](d *dialect, v T) any {
	if v == (T{}) {
		return nil
	}
	return d.id([16]byte(v))
}

// at returns the query argument of an instant in a column that always holds
// one.
func at(d *dialect, t time.Time) any { return d.instant(adapters.NormalizeTime(t)) }

// optAt returns the query argument of an optional instant: NULL when zero.
func optAt(d *dialect, t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return d.instant(adapters.NormalizeTime(t))
}

// dateArg returns the query argument of a date: NULL when zero.
func dateArg(d *dialect, v roles.Date) any {
	if v.IsZero() {
		return nil
	}
	return d.date(v)
}

// pnrArg returns the query argument of a personnummer: its 12 digits, or NULL
// when unset.
func pnrArg(p roles.Personnummer) any {
	if p.IsZero() {
		return nil
	}
	return p.Reveal()
}

// bytesArg returns the query argument of bytes: NULL when empty.
func bytesArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// partyArgs returns the query arguments of a party's two columns.
func partyArgs(d *dialect, p roles.Party) []any {
	return []any{string(p.Kind), idArg(d, p.ID)}
}

// docArg returns the query argument of a document: its JSON text, or NULL
// when n (the number of entries it lists) is 0. An error matches
// roles.ErrInvalid: the record holds a value its JSON form does not allow
// (an unknown code).
func docArg(v any, n int) (any, error) {
	if n == 0 {
		return nil, nil
	}
	return encodeDoc(v)
}

// encodeDoc returns the JSON text of a document. An error matches
// roles.ErrInvalid, as docArg's.
func encodeDoc(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqlstore: encoding a document: %w: %w", roles.ErrInvalid, err)
	}
	return string(b), nil
}

// Scan destinations. Each accepts NULL (giving the zero value) and every
// form the two drivers return for its column type.

// idDst scans an ID: 16 bytes (SQLite) or the UUID's text (PostgreSQL).
type idDst[T ~[16]byte] struct{ p *T }

func idCol[T ~[16]byte](p *T) idDst[T] { return idDst[T]{p} }

func (d idDst[T]) Scan(src any) error {
	var u [16]byte
	switch v := src.(type) {
	case nil:
	case []byte:
		if len(v) == 16 {
			copy(u[:], v)
			break
		}
		p, err := uuid.ParseBytes(v)
		if err != nil {
			return fmt.Errorf("sqlstore: an ID column holds %d bytes that are not a UUID", len(v))
		}
		u = p
	case string:
		p, err := uuid.Parse(v)
		if err != nil {
			return fmt.Errorf("sqlstore: an ID column holds text that is not a UUID")
		}
		u = p
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into an ID", src)
	}
	*d.p = T(u)
	return nil
}

// partyCols returns the scan destinations of a party's two columns.
func partyCols(p *roles.Party) []any { return []any{textCol(&p.Kind), idCol(&p.ID)} }

// timeDst scans an instant: microseconds (SQLite) or a time.Time
// (PostgreSQL). The result is in UTC; the zero instant gives the zero time.
type timeDst struct{ p *time.Time }

func timeCol(p *time.Time) timeDst { return timeDst{p} }

func (d timeDst) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = time.Time{}
	case int64:
		*d.p = time.UnixMicro(v).UTC()
	case time.Time:
		*d.p = v.UTC()
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into an instant", src)
	}
	return nil
}

// textDst scans text into a string type (a code, a name).
type textDst[S ~string] struct{ p *S }

func textCol[S ~string](p *S) textDst[S] { return textDst[S]{p} }

func (d textDst[S]) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = ""
	case string:
		*d.p = S(v)
	case []byte:
		*d.p = S(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into text", src)
	}
	return nil
}

// pnrDst scans a personnummer from its 12 digits.
type pnrDst struct{ p *roles.Personnummer }

func pnrCol(p *roles.Personnummer) pnrDst { return pnrDst{p} }

func (d pnrDst) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*d.p = roles.Personnummer{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a personnummer", src)
	}
	p, err := roles.ParsePersonnummer(s)
	if err != nil {
		return fmt.Errorf("sqlstore: a personnummer column: %w", err) // the error holds no digits
	}
	*d.p = p
	return nil
}

// bytesDst scans bytes into a copy of their own; empty gives nil.
type bytesDst struct{ p *[]byte }

func bytesCol(p *[]byte) bytesDst { return bytesDst{p} }

func (d bytesDst) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = nil
	case []byte:
		*d.p = cloneBytes(v)
	case string:
		*d.p = cloneBytes([]byte(v))
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into bytes", src)
	}
	return nil
}

// docDst scans a JSON document into v (a pointer); NULL leaves v as it is.
type docDst struct{ v any }

func docCol(v any) docDst { return docDst{v} }

func (d docDst) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		return nil
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into a document", src)
	}
	if err := json.Unmarshal(b, d.v); err != nil {
		return fmt.Errorf("sqlstore: decoding a document: %w", err)
	}
	return nil
}

// cloneBytes copies b; nil when empty.
func cloneBytes[S ~[]E, E any](b S) S {
	if len(b) == 0 {
		return nil
	}
	return append(S(nil), b...)
}

// codesArg returns the query argument of a list of codes: a JSON array of
// strings, or NULL when empty. Codes are kept as given, known or not.
func codesArg[S ~string](vs []S) any {
	if len(vs) == 0 {
		return nil
	}
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = string(v)
	}
	b, _ := json.Marshal(ss) // a []string always encodes
	return string(b)
}

// codesDst scans a JSON array of codes; NULL gives nil.
type codesDst[S ~string] struct{ p *[]S }

func codesCol[S ~string](p *[]S) codesDst[S] { return codesDst[S]{p} }

func (d codesDst[S]) Scan(src any) error {
	var ss []string
	if err := docCol(&ss).Scan(src); err != nil {
		return err
	}
	*d.p = nil
	if len(ss) > 0 {
		*d.p = make([]S, len(ss))
		for i, s := range ss {
			(*d.p)[i] = S(s)
		}
	}
	return nil
}

// optTimeDst scans an optional instant and whether the column held one.
type optTimeDst struct {
	p     *time.Time
	valid *bool
}

func optTimeCol(p *time.Time, valid *bool) optTimeDst { return optTimeDst{p, valid} }

func (d optTimeDst) Scan(src any) error {
	*d.valid = src != nil
	return timeCol(d.p).Scan(src)
}
