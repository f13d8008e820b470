package roles

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// civilOf must agree with the time package on every instant: across the
// years and around every change between winter and summer time.
func TestCivilOfAgreesWithTimePackage(t *testing.T) {
	t.Parallel()
	check := func(u time.Time) {
		t.Helper()
		l := u.In(swedishTime)
		y, m, d := l.Date()
		h, mi, s := l.Clock()
		got := civilOf(u)
		want := civil{date: Date{Year: y, Month: m, Day: d}, sec: h*3600 + mi*60 + s}
		if got != want {
			t.Fatalf("civilOf(%v) = %+v, want %+v", u, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	lo := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for range 200000 {
		check(time.Unix(lo+rng.Int64N(hi-lo), rng.Int64N(1e9)))
	}
	// Around every change between winter and summer time from 1980 to 2100.
	for u := time.Date(1980, 1, 1, 0, 0, 0, 0, swedishTime); u.Year() < 2100; {
		_, end := u.ZoneBounds()
		if !end.After(u) {
			end = u.AddDate(0, 0, 1)
		}
		for _, d := range []int64{-3601, -3600, -1, 0, 1, 3599, 3600} {
			check(end.Add(time.Duration(d) * time.Second))
		}
		u = end
	}
	for _, u := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 23, 30, 0, 0, time.UTC), time.Date(2000, 2, 29, 12, 0, 0, 0, time.FixedZone("x", -11*3600)),
	} {
		check(u)
	}
}

func TestAddMonths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{NewDate(2026, 1, 31), 1, NewDate(2026, 2, 28)},
		{NewDate(2028, 1, 31), 1, NewDate(2028, 2, 29)},
		{NewDate(2028, 2, 29), 12, NewDate(2029, 2, 28)},
		{NewDate(2026, 8, 17), 12, NewDate(2027, 8, 17)},
		{NewDate(2026, 11, 30), 3, NewDate(2027, 2, 28)},
		{NewDate(2026, 3, 31), -1, NewDate(2026, 2, 28)},
		{NewDate(2026, 1, 15), -13, NewDate(2024, 12, 15)},
		{NewDate(2026, 5, 5), 0, NewDate(2026, 5, 5)},
	}
	for _, tt := range tests {
		if got := addMonths(tt.d, tt.n); got != tt.want {
			t.Errorf("addMonths(%v, %d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
}

// quickAge must agree with the calendar whenever it answers, and answer
// almost always.
func TestQuickAgeAgreesWithCalendar(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	births := []Date{NewDate(2000, 2, 29), NewDate(2017, 1, 1), NewDate(2016, 12, 31), NewDate(2012, 3, 1), NewDate(1999, 6, 15)}
	for range 20 {
		births = append(births, NewDate(1990+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28)))
	}
	answered, asked := 0, 0
	for _, b := range births {
		f := &Facts{birth: b, birthNs: b.Start().UnixNano()}
		check := func(u time.Time) {
			asked++
			a, ok := f.quickAge(u.UnixNano())
			if !ok {
				return
			}
			answered++
			if want := b.YearsUntil(civilOf(u).date); a != want {
				t.Fatalf("born %v, at %v: quickAge %d, calendar %d", b, u, a, want)
			}
		}
		for range 20000 {
			check(b.Start().Add(time.Duration(rng.Int64N(30 * nsPerYear))))
		}
		for k := range 30 { // around every birthday
			anniversary := b.AnniversaryIn(b.Year + k).Start()
			for h := -100; h <= 100; h++ {
				check(anniversary.Add(time.Duration(h) * time.Hour))
			}
		}
	}
	if answered < asked*8/10 {
		t.Errorf("quickAge answered %d of %d", answered, asked)
	}
}

// capped must agree with the calendar: a consent is capped exactly from
// MaxConsentMonths calendar months after its start.
func TestCappedAgreesWithCalendar(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		from := time.Date(2020+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), rng.IntN(24), rng.IntN(60), 0, 0, swedishTime)
		p := &Policy{MaxConsentMonths: 1 + rng.IntN(24)}
		c := &consentFact{valid: span{from: from.UnixNano(), to: math.MaxInt64}, vf: civilOf(from)}
		limit := p.consentLimit(civilOf(from))
		for _, u := range []time.Time{limit.Add(-time.Second), limit, limit.Add(time.Second), from.Add(time.Duration(rng.Int64N(int64(800 * 24 * time.Hour))))} {
			req := Request{At: u}
			e := eval{req: &req, p: p, t: u.UnixNano()}
			if got, want := e.capped(c), !u.Before(limit); got != want {
				t.Fatalf("from %v, %d months, at %v: capped %v, want %v", from, p.MaxConsentMonths, u, got, want)
			}
		}
	}
}
