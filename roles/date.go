package roles

import (
	"errors"
	"fmt"
	"time"
)

// swedishTime is Europe/Stockholm when the time zone database is available.
// The library embeds no tzdata of its own; a program that must not depend on
// the host's zone files imports time/tzdata. Without it, calendar dates are
// taken in UTC+1, which differs from Swedish time only in summer around midnight.
var swedishTime = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

// SwedishTime returns the location calendar dates are taken in (Europe/Stockholm).
func SwedishTime() *time.Location { return swedishTime }

// Date is a calendar date (a birthday, a due date, a review date): a day in
// Swedish time, not an instant. The zero Date is unset.
//
// Dates compare with Before, After and Compare; JSON and text use ISO 8601
// (2026-11-23).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrInvalidDate is matched by errors from ParseDate.
var ErrInvalidDate = errors.New("invalid date")

// NewDate returns the date year-month-day. It does not normalise: use Valid to
// check that the date exists in the calendar.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf returns the calendar date of t in Swedish time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(swedishTime).Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses an ISO 8601 calendar date (YYYY-MM-DD) that exists in the calendar.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date: want YYYY-MM-DD: %w", ErrInvalidDate)
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("date: want YYYY-MM-DD: %w", ErrInvalidDate)
	}
	dt := Date{Year: y, Month: time.Month(m), Day: d}
	if !dt.Valid() {
		return Date{}, fmt.Errorf("date: no such day in the calendar: %w", ErrInvalidDate)
	}
	return dt, nil
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d exists in the (proleptic Gregorian) calendar,
// with a year from 1 to 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.appendTo(make([]byte, 0, 10)))
}

func (d Date) appendTo(b []byte) []byte {
	y := d.Year
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(d.Month)/10%10), byte('0'+int(d.Month)%10), '-')
	return append(b, byte('0'+d.Day/10%10), byte('0'+d.Day%10))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// AddDays returns the date n days after d (before, for negative n). d must be
// valid; the result is counted in the calendar, independent of time zones.
func (d Date) AddDays(n int) Date {
	y, m, day := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC).Date()
	return Date{Year: y, Month: m, Day: day}
}

// DaysUntil returns the number of calendar days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.unixDay() - d.unixDay()) }

// unixDay returns the number of days from 1970-01-01 to d.
func (d Date) unixDay() int64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Start returns the first instant of d in Swedish time.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, swedishTime)
}

// AnniversaryIn returns the date in year on which a period of whole years that
// began on d ends: the same month and day, or, when that day does not exist
// (29 February in a common year), the last day of the month, as Swedish law
// counts periods of years (lag (1930:173) om beräkning av lagstadgad tid).
func (d Date) AnniversaryIn(year int) Date {
	day := d.Day
	if n := daysIn(year, d.Month); day > n {
		day = n
	}
	return Date{Year: year, Month: d.Month, Day: day}
}

// YearsUntil returns the number of whole years from d to e (an age, when d is
// a birth date): it grows on the anniversary of d (see AnniversaryIn). It is
// negative when e is before d.
func (d Date) YearsUntil(e Date) int {
	n := e.Year - d.Year
	if e.Before(d.AnniversaryIn(e.Year)) {
		n--
	}
	return n
}

// MarshalText implements encoding.TextMarshaler (YYYY-MM-DD; empty for the zero Date).
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.Valid() {
		return nil, fmt.Errorf("date: no such day in the calendar: %w", ErrInvalidDate)
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
