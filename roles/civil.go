package roles

import "time"

// civil is a moment on the Swedish calendar: the date, and the seconds since
// midnight on the Swedish clock. Decide asks for it at most once per request,
// and only when the instants alone cannot answer a calendar question (the
// child's age near a birthday, a consent near its longest validity).
type civil struct {
	date Date
	sec  int
}

// civilOf returns t on the Swedish calendar, with a single zone lookup.
func civilOf(t time.Time) civil {
	_, off := t.In(swedishTime).Zone()
	u := t.UTC().Add(time.Duration(off) * time.Second)
	y, m, d := u.Date()
	h, mi, s := u.Clock()
	return civil{date: Date{Year: y, Month: m, Day: d}, sec: h*3600 + mi*60 + s}
}

// addMonths returns the date n calendar months after d: the same day of the
// month, or the month's last day when that day does not exist (31 January plus
// one month is 28 or 29 February), as Swedish law counts periods of months.
func addMonths(d Date, n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	out := Date{Year: y, Month: time.Month(m + 1), Day: d.Day}
	if k := daysIn(y, out.Month); out.Day > k {
		out.Day = k
	}
	return out
}

// consentLimit returns the instant a consent that started at from (on the
// Swedish calendar) reaches the policy's longest validity: MaxConsentMonths
// calendar months later, at the same time of day in Swedish time (moved on by
// the gap when that time does not exist, as time.Date does).
func (p *Policy) consentLimit(from civil) time.Time {
	d := addMonths(from.date, p.MaxConsentMonths)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, from.sec, 0, swedishTime)
}
