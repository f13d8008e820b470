package roles

import (
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
