package adapters

import (
	"time"
)

// Paging limits. A PageRequest with Limit <= 0 must get DefaultPageLimit items
// at most; a Limit above MaxPageLimit must get MaxPageLimit
// [Paging/DefaultLimit, Paging/MaxLimit].
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 1000
)

// PageRequest asks for one page of a query's results.
type PageRequest struct {
	// Limit is the largest number of items wanted (see DefaultPageLimit and
	// MaxPageLimit).
	Limit int
	// Cursor is "" for the first page, else the Next of the page before.
	Cursor string
}

// EffectiveLimit returns the limit a store applies to r: DefaultPageLimit for a
// Limit <= 0, MaxPageLimit for a Limit above it, else Limit.
func (r PageRequest) EffectiveLimit() int {
	switch {
	case r.Limit <= 0:
		return DefaultPageLimit
	case r.Limit > MaxPageLimit:
		return MaxPageLimit
	}
	return r.Limit
}

// Page is one page of a query's results.
//
// Paging contract, for every paged query (each with its own documented order):
//   - the first page is asked for with an empty Cursor;
//   - a page must hold at most the effective limit of items, in the query's
//     order, and fewer only when it is the last page [Paging/*/Walk];
//   - Next must be "" exactly when no item follows: a last page that is exactly
//     full has Next "" [Paging/*/ExactlyOnePage, Paging/*/PageBoundary];
//   - a query with no results returns a Page with nil Items and Next ""
//     [Paging/*/Empty];
//   - paging through a query that nobody writes to in between must return every
//     item exactly once [Paging/*/Walk];
//   - a cursor is opaque: a store encodes in it what it needs (a key of the
//     last item, not an offset, so that pages stay stable under appends); a
//     cursor the store cannot decode must give an error matching roles.ErrInvalid
//     [Paging/*/BadCursor].
type Page[T any] struct {
	// Items are the results on this page.
	Items []T
	// Next is the cursor for the next page, or "" when this is the last page.
	Next string
}

// TimePrecision is the precision to which stores keep instants. Every
// time.Time a store returns must be in UTC (its Location is time.UTC) and equal
// to the stored instant truncated to TimePrecision, so that SQL databases with
// microsecond timestamps pass the same conformance suite as memory stores
// [Times/*]. A zero time.Time must come back as the zero time.
const TimePrecision = time.Microsecond

// NormalizeTime returns t as stores keep it: truncated to TimePrecision, in
// UTC, without a monotonic clock reading. The zero time stays zero.
func NormalizeTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.Truncate(TimePrecision).UTC()
}
