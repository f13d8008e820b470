package sqlstore

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// A cursor is the key of the last item of a page in the order of its query,
// as fixed-size binary fields after a tag byte that names the key's shape,
// encoded as base64url. A page's query then continues after that key, so
// pages stay stable under appends.
const (
	curSeq    = 's' // a sequence number or revision: 8 bytes
	curID     = 'i' // an ID: 16 bytes
	curTimeID = 't' // an instant (microseconds, 8 bytes) and an ID
	curDateID = 'd' // a date (4 bytes) and an ID
	curItem   = 'o' // a date, a plan ID and an item ID
)

// cursorSize is the length of each shape's fields.
var cursorSize = map[byte]int{curSeq: 8, curID: 16, curTimeID: 24, curDateID: 20, curItem: 36}

// cursorWriter builds a cursor.
type cursorWriter []byte

func newCursor(tag byte) cursorWriter { return cursorWriter{tag} }

func (c cursorWriter) int64(v int64) cursorWriter {
	return binary.BigEndian.AppendUint64(c, uint64(v))
}

func (c cursorWriter) id(v [16]byte) cursorWriter { return append(c, v[:]...) }

func (c cursorWriter) date(d roles.Date) cursorWriter {
	c = binary.BigEndian.AppendUint16(c, uint16(d.Year))
	return append(c, byte(d.Month), byte(d.Day))
}

func (c cursorWriter) String() string { return base64.RawURLEncoding.EncodeToString(c) }

// cursorReader reads the fields of a cursor in the order they were written.
type cursorReader struct{ b []byte }

// readCursor decodes s as a cursor of shape tag; an error matches
// roles.ErrInvalid.
func readCursor(tag byte, s string) (*cursorReader, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != cursorSize[tag]+1 || b[0] != tag || base64.RawURLEncoding.EncodeToString(b) != s {
		return nil, errBadCursor // the last test rejects other spellings (with line breaks) of a cursor
	}
	return &cursorReader{b[1:]}, nil
}

var errBadCursor = fmt.Errorf("sqlstore: page cursor: %w", roles.ErrInvalid)

func (r *cursorReader) int64() int64 {
	v := int64(binary.BigEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *cursorReader) id() (v [16]byte) {
	copy(v[:], r.b)
	r.b = r.b[16:]
	return v
}

func (r *cursorReader) date() (roles.Date, error) {
	d := roles.Date{Year: int(binary.BigEndian.Uint16(r.b)), Month: time.Month(r.b[2]), Day: int(r.b[3])}
	r.b = r.b[4:]
	if !d.Valid() {
		return roles.Date{}, errBadCursor
	}
	return d, nil
}

// seqCursor decodes a sequence cursor; "" gives 0. A decoded value is at
// least 1.
func seqCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	r, err := readCursor(curSeq, s)
	if err != nil {
		return 0, err
	}
	v := r.int64()
	if v < 1 {
		return 0, errBadCursor
	}
	return v, nil
}

// page cuts the rows of a query that asked for limit+1 rows into a page:
// when there are more than limit rows, the page ends at limit and Next is
// the cursor of its last item.
func page[T any](rows []T, limit int, cursor func(*T) string) adapters.Page[T] {
	if len(rows) > limit {
		rows = rows[:limit]
		return adapters.Page[T]{Items: rows, Next: cursor(&rows[limit-1])}
	}
	return adapters.Page[T]{Items: rows}
}

// stmt builds a statement and its arguments together: arg adds an argument
// and returns its placeholder ($1, $2, ...), so that optional conditions
// (a cursor's) can be added without counting placeholders by hand.
type stmt struct {
	strings.Builder
	args []any
}

func (s *stmt) arg(v any) string {
	s.args = append(s.args, v)
	return "$" + strconv.Itoa(len(s.args))
}

// add writes the parts.
func (s *stmt) add(parts ...string) {
	for _, p := range parts {
		s.WriteString(p)
	}
}

// micros returns t as microseconds since the Unix epoch (the zero time
// included).
func micros(t time.Time) int64 { return t.UnixMicro() }

// timeFromMicros is the inverse of micros, in UTC.
func timeFromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
