package roles

import "time"

// civil is a moment on the Swedish calendar: the date, and the seconds since
// midnight on the Swedish clock. Decide works on it so that one zone lookup
// per request serves every calendar question (the child's age, a consent's
// longest validity).
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

// before reports whether c comes before d.
func (c civil) before(d civil) bool {
	if k := c.date.Compare(d.date); k != 0 {
		return k < 0
	}
	return c.sec < d.sec
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

// consentLimit returns, on the Swedish calendar, the moment a consent that
// started at from reaches the policy's longest validity: MaxConsentMonths
// calendar months later, at the same time of day.
func (p *Policy) consentLimit(from civil) civil {
	return civil{date: addMonths(from.date, p.MaxConsentMonths), sec: from.sec}
}

// consentLimitTime is consentLimit as an instant.
func (p *Policy) consentLimitTime(from time.Time) time.Time {
	l := p.consentLimit(civilOf(from))
	return time.Date(l.date.Year, l.date.Month, l.date.Day, 0, 0, l.sec, 0, swedishTime)
}
