package roles

import (
	"fmt"
	"io"
	"log/slog"
	"time"
)

// IdentifierError reports an identifier that breaks a rule. It names the kind of
// identifier and the rule, never the identifier itself, so it is safe to log.
// It matches ErrInvalid with errors.Is. The parsers may return the same
// *IdentifierError more than once: treat it as read-only.
type IdentifierError struct {
	// Kind is "personnummer", "organisationsnummer", "hsaid" or "kommunkod".
	Kind string
	// Rule is the rule broken: "length", "format", "separator", "checksum",
	// "month", "day", "date", "century" (personnummer); "group" (organisationsnummer);
	// "prefix", "organisationsnummer", "unit" (HSA-id); "county", "municipality"
	// (kommunkod).
	Rule string
	// Detail explains the rule in words (never the value).
	Detail string
}

// Error implements error.
func (e *IdentifierError) Error() string {
	return "invalid " + e.Kind + ": " + e.Detail + " (rule " + e.Rule + ")"
}

// Unwrap returns ErrInvalid.
func (e *IdentifierError) Unwrap() error { return ErrInvalid }

func pnrErr(rule, detail string) error {
	return &IdentifierError{Kind: "personnummer", Rule: rule, Detail: detail}
}

// The errors of ParsePersonnummer, made once so that rejecting a number does
// not allocate.
var (
	errPnrSeparator   = pnrErr("separator", "only '-' or '+' may stand before the last four digits")
	errPnrSeparator12 = pnrErr("separator", "the 12-digit form takes '-' or no separator")
	errPnrLength      = pnrErr("length", "want 10 or 12 digits, with or without separator")
	errPnrFormat      = pnrErr("format", "only digits and one separator are allowed")
	errPnrChecksum    = pnrErr("checksum", "the check digit does not match")
	errPnrMonth       = pnrErr("month", "the month must be 01 to 12")
	errPnrDay         = pnrErr("day", "the day must be 01 to 31, or 61 to 91 for a samordningsnummer")
	errPnrNoRef       = pnrErr("century", "a 10-digit number needs a valid reference date for its century")
	errPnrCentury     = pnrErr("century", "the century cannot be determined")
	errPnrDate        = pnrErr("date", "the birth date does not exist in the calendar")
)

// Personnummer is a Swedish personal identity number or coordination number
// (samordningsnummer), held in its canonical 12-digit form ÅÅÅÅMMDDNNNK.
// The zero value is unset.
//
// A Personnummer is personal data. String, GoString, LogValue and Format (every
// fmt verb) show only the redacted form (20170101-****); the full number comes
// only from Reveal and from MarshalText, which storage needs.
//
// The birth date must exist in the calendar (29 February only in leap years);
// beyond that, dates are validated leniently: no plausibility checks, so a
// birth date in the future or long ago is accepted.
type Personnummer struct {
	v uint64 // the 12 digits as a number; 0 when unset
}

// ParsePersonnummer parses a personnummer or samordningsnummer in any of the forms
// ÅÅMMDD-NNNK, ÅÅMMDD+NNNK, ÅÅMMDDNNNK, ÅÅÅÅMMDDNNNK and ÅÅÅÅMMDD-NNNK. The century
// of a 10-digit form is taken relative to today's date in Swedish time; use
// ParsePersonnummerAt for a fixed reference date. Errors are *IdentifierError
// values that name the rule broken and never contain the number.
func ParsePersonnummer(s string) (Personnummer, error) {
	if len(s) >= 12 {
		return parsePnr(s, Date{})
	}
	return parsePnr(s, DateOf(time.Now()))
}

// ParsePersonnummerAt is ParsePersonnummer with the reference date ref for the
// century of a 10-digit form, as the population register writes the separator:
// '-' (or none) until the calendar year in which the person turns 100, '+' from
// that year on. So with '-' the birth year is the latest year ending in ÅÅ that
// is not after ref's year, and with '+' it is a hundred years before that
// (ref 2026-03-01: 170101-NNNK is 2017, 261231-NNNK is 2026, 261231+NNNK is
// 1926). 12-digit forms ignore ref.
func ParsePersonnummerAt(s string, ref Date) (Personnummer, error) {
	return parsePnr(s, ref)
}

// MustParsePersonnummer is ParsePersonnummer for tests and examples with constant
// input; it panics on an invalid number.
func MustParsePersonnummer(s string) Personnummer {
	p, err := ParsePersonnummer(s)
	if err != nil {
		panic(err)
	}
	return p
}

// luhnDouble[d] is the Luhn sum of the digits of 2*d.
var luhnDouble = [10]uint64{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// parsePnr parses in one pass over s, without allocating.
func parsePnr(s string, ref Date) (Personnummer, error) {
	n := len(s)
	sepAt := -1 // index of the separator in s
	switch n {
	case 10, 12:
	case 11, 13:
		sepAt = n - 5
		if c := s[sepAt]; c != '-' && (c != '+' || n == 13) {
			if c == '+' {
				return Personnummer{}, errPnrSeparator12
			}
			return Personnummer{}, errPnrSeparator
		}
	default:
		return Personnummer{}, errPnrLength
	}
	// v collects the digits; sum is the Luhn sum over ÅÅMMDDNNN, the nine
	// digits before the check digit, of which every other one from the
	// left is doubled: the 2nd, 4th, ... counted back from the check digit.
	var v, sum uint64
	back := n - 1 // how far the current digit stands before the check digit
	if sepAt >= 0 {
		back--
	}
	for i := 0; i < n; i++ {
		if i == sepAt {
			continue
		}
		c := uint64(s[i] - '0')
		if c > 9 {
			return Personnummer{}, errPnrFormat
		}
		v = v*10 + c
		switch {
		case back > 9 || back == 0: // century digits, check digit
		case back&1 == 1:
			sum += luhnDouble[c]
		default:
			sum += c
		}
		back--
	}
	if (10-sum%10)%10 != v%10 {
		return Personnummer{}, errPnrChecksum
	}
	date := v / 10000 // ÅÅÅÅMMDD or ÅÅMMDD
	month := int(date / 100 % 100)
	day := int(date % 100)
	if month < 1 || month > 12 {
		return Personnummer{}, errPnrMonth
	}
	if day > 60 { // samordningsnummer
		day -= 60
	}
	if day < 1 || day > 31 {
		return Personnummer{}, errPnrDay
	}
	var year int
	if n >= 12 { // ÅÅÅÅMMDDNNNK, with or without '-'
		year = int(date / 10000)
	} else {
		if !ref.Valid() {
			return Personnummer{}, errPnrNoRef
		}
		// The latest year ending in yy that is not after base: the person
		// turns at most 99 in ref's year ('-') or at least 100 ('+').
		yy := int(date / 10000)
		base := ref.Year
		if sepAt >= 0 && s[sepAt] == '+' {
			base -= 100
		}
		year = base - ((base-yy)%100+100)%100
		if year < 1 {
			return Personnummer{}, errPnrCentury
		}
		v += uint64(year/100) * 1e10
	}
	if year < 1 || day > daysIn(year, time.Month(month)) {
		return Personnummer{}, errPnrDate
	}
	return Personnummer{v: v}, nil
}

// IsZero reports whether p is unset.
func (p Personnummer) IsZero() bool { return p.v == 0 }

// Valid reports whether p is set (a non-zero Personnummer can only come from parsing).
func (p Personnummer) Valid() bool { return p.v != 0 }

// IsSamordningsnummer reports whether p is a samordningsnummer (the day plus 60).
func (p Personnummer) IsSamordningsnummer() bool { return p.v/10000%100 > 60 }

// BirthDate returns the birth date that p encodes (for a samordningsnummer, with
// the 60 taken off the day). It returns the zero Date for an unset p.
func (p Personnummer) BirthDate() Date {
	if p.v == 0 {
		return Date{}
	}
	day := int(p.v / 10000 % 100)
	if day > 60 {
		day -= 60
	}
	return Date{Year: int(p.v / 100000000), Month: time.Month(p.v / 1000000 % 100), Day: day}
}

// AgeAt returns the person's age in whole years on date at (0 for an unset p).
// A person born on 29 February turns a year older on 28 February in a common
// year (see Date.AnniversaryIn).
func (p Personnummer) AgeAt(at Date) int {
	if p.v == 0 {
		return 0
	}
	return p.BirthDate().YearsUntil(at)
}

// Reveal returns the full canonical 12-digit number (ÅÅÅÅMMDDNNNK). It is personal
// data: use it for storage and for matching against a register, never in messages or logs.
func (p Personnummer) Reveal() string {
	if p.v == 0 {
		return ""
	}
	var b [12]byte
	return string(p.appendDigits(b[:0]))
}

func (p Personnummer) appendDigits(b []byte) []byte {
	var d [12]byte
	v := p.v
	for i := 11; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:]...)
}

// String returns the redacted form ÅÅÅÅMMDD-****, or "" when p is unset.
func (p Personnummer) String() string {
	if p.v == 0 {
		return ""
	}
	var b [13]byte
	out := p.appendDigits(b[:0])
	return string(append(out[:8], "-****"...))
}

// GoString returns the redacted form, so %#v does not reveal the number either.
func (p Personnummer) GoString() string { return "roles.Personnummer(" + p.String() + ")" }

// Format implements fmt.Formatter so that no verb reveals the number: %#v prints
// GoString, %q the quoted redacted form, and every other verb (%v, %s, %d, %x,
// ...) the redacted form, with the width and flags given.
func (p Personnummer) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, p.GoString())
	case verb == 'q':
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, 'q'), p.String())
	default:
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, 's'), p.String())
	}
}

// LogValue implements slog.LogValuer with the redacted form.
func (p Personnummer) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Compare orders personnummer by their canonical digits.
func (p Personnummer) Compare(q Personnummer) int {
	switch {
	case p.v < q.v:
		return -1
	case p.v > q.v:
		return 1
	}
	return 0
}

// MarshalText returns the full canonical 12 digits (storage and wire need the
// number itself); an unset p marshals as empty text.
func (p Personnummer) MarshalText() ([]byte, error) {
	if p.v == 0 {
		return []byte{}, nil
	}
	return p.appendDigits(make([]byte, 0, 12)), nil
}

// UnmarshalText parses any form that ParsePersonnummer accepts; empty text gives
// the unset Personnummer.
func (p *Personnummer) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Personnummer{}
		return nil
	}
	v, err := ParsePersonnummer(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
