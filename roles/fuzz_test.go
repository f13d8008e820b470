package roles

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Seeds live in testdata/fuzz/<FuzzName>/; a crasher found by fuzzing stays
// there as a regression seed. The checks below are properties, not examples.

// checkIdentifierError checks that err is a safe *IdentifierError of kind: it
// matches ErrInvalid and its message holds no run of three or more digits, so
// no part of a number can leak through it.
func checkIdentifierError(t *testing.T, err error, kind, input string) {
	t.Helper()
	var ie *IdentifierError
	if !errors.As(err, &ie) || ie.Kind != kind || !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v (%T) is not an *IdentifierError of kind %s matching ErrInvalid", err, err, kind)
	}
	msg := err.Error()
	if digitRun.MatchString(msg) {
		t.Fatalf("error message %q holds digits", msg)
	}
	if digitRun.MatchString(input) && strings.Contains(msg, input) {
		t.Fatalf("error message %q holds the input", msg)
	}
}

var longDigitRun = regexp.MustCompile(`[0-9]{5,}`)

// refFrom maps any int32 onto a valid reference date in years 1 to 9999.
func refFrom(n int32) Date {
	const days = 3652059 // 0001-01-01 to 9999-12-31
	return NewDate(1, 1, 1).AddDays(int(uint32(n) % days))
}

func FuzzParsePersonnummer(f *testing.F) {
	for _, s := range []string{pnrChild, "170101-2393", "170101+2393", pnrSamordning, "000229+2381", "1701012393", ""} {
		f.Add(s, int32(739942)) // 2026-11-23
	}
	f.Fuzz(func(t *testing.T, s string, refN int32) {
		ref := refFrom(refN)
		p, err := ParsePersonnummerAt(s, ref)
		wantFull, wantRule := referencePnr(s, ref)
		var ie *IdentifierError
		if errors.As(err, &ie) && ie.Rule != wantRule || err == nil && p.Reveal() != wantFull {
			t.Fatalf("parser and reference disagree: %v vs rule %q", err, wantRule)
		}
		if _, err2 := ParsePersonnummer(s); len(s) >= 12 && (err == nil) != (err2 == nil) {
			t.Fatalf("12-digit forms must not depend on the reference date: %v vs %v", err, err2)
		}
		if err != nil {
			checkIdentifierError(t, err, "personnummer", s)
			if !p.IsZero() {
				t.Fatal("an error with a non-zero Personnummer")
			}
			return
		}
		full := p.Reveal()
		if len(full) != 12 || strings.Trim(full, "0123456789") != "" {
			t.Fatalf("Reveal is not 12 digits: %q", full)
		}
		q, err := ParsePersonnummer(full)
		if err != nil || q != p {
			t.Fatalf("Reveal does not parse back: %v", err)
		}
		if got := p.String(); got != full[:8]+"-****" {
			t.Fatalf("String %q is not the redacted form", got)
		}
		if out := p.LogValue().String(); out != p.String() {
			t.Fatalf("LogValue %q differs from String", out)
		}
		birth := p.BirthDate()
		if !birth.Valid() {
			t.Fatalf("invalid birth date %v", birth)
		}
		if p.IsSamordningsnummer() != (full[6] >= '6') {
			t.Fatal("IsSamordningsnummer disagrees with the day digits")
		}
		text, err := p.MarshalText()
		if err != nil || string(text) != full {
			t.Fatalf("MarshalText: %q, %v", text, err)
		}
		digits := len(s)
		if digits == 11 || digits == 13 {
			digits--
		}
		if digits == 10 {
			// The century follows the separator and the reference year.
			min, max := ref.Year-99, ref.Year
			if s[6] == '+' && len(s) == 11 {
				min, max = ref.Year-199, ref.Year-100
			}
			if birth.Year < min || birth.Year > max || birth.Year%100 != int(s[0]-'0')*10+int(s[1]-'0') {
				t.Fatalf("birth year %d outside %d..%d for ref %v", birth.Year, min, max, ref)
			}
		}
	})
}

// referencePnr is a slow, plain reading of DOMAIN.md's personnummer rules, for
// differential fuzzing of the optimised parser: it returns the canonical 12
// digits, or the rule broken (checked in the same order as the parser).
func referencePnr(s string, ref Date) (canonical, rule string) {
	body, sep := s, ""
	switch len(s) {
	case 10, 12:
	case 11, 13:
		sep = s[len(s)-5 : len(s)-4]
		if sep != "-" && sep != "+" || len(s) == 13 && sep == "+" {
			return "", "separator"
		}
		body = s[:len(s)-5] + s[len(s)-4:]
	default:
		return "", "length"
	}
	for _, r := range body {
		if r < '0' || r > '9' {
			return "", "format"
		}
	}
	ten := body[len(body)-10:]
	sum := 0
	for i := 0; i < 9; i++ {
		d := int(ten[i] - '0')
		if i%2 == 0 {
			d = d*2/10 + d*2%10
		}
		sum += d
	}
	if fmt.Sprint((10-sum%10)%10) != ten[9:] {
		return "", "checksum"
	}
	yy, _ := strconv.Atoi(ten[0:2])
	month, _ := strconv.Atoi(ten[2:4])
	day, _ := strconv.Atoi(ten[4:6])
	if month < 1 || month > 12 {
		return "", "month"
	}
	if day >= 61 && day <= 91 {
		day -= 60
	} else if day < 1 || day > 31 {
		return "", "day"
	}
	var year int
	if len(body) == 12 {
		year, _ = strconv.Atoi(body[:4])
	} else {
		if !ref.Valid() {
			return "", "century"
		}
		year = ref.Year
		if sep == "+" {
			year -= 100
		}
		for year%100 != yy && year >= 1 {
			year--
		}
		if year < 1 {
			return "", "century"
		}
	}
	if year < 1 || !NewDate(year, time.Month(month), day).Valid() {
		return "", "date"
	}
	return fmt.Sprintf("%02d", year/100) + ten, ""
}

func FuzzPersonnummerUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"201701012393"`, `"20170101-2393"`, `""`, `null`, `201701012393`, `{"p":"197010632391"}`, `"170101-2394"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Personnummer
		err := json.Unmarshal(data, &p)
		var rec struct {
			P Personnummer `json:"p"`
		}
		err2 := json.Unmarshal(data, &rec)
		// encoding/json quotes one bad character (as \u0090, say) but never
		// the value, and our errors hold no digits: five in a row would be a leak.
		for _, e := range []error{err, err2} {
			if e != nil && longDigitRun.MatchString(e.Error()) {
				t.Fatalf("error message %q holds digits", e.Error())
			}
		}
		for _, v := range []Personnummer{p, rec.P} {
			if v.IsZero() {
				continue
			}
			b, err := json.Marshal(v)
			if err != nil || string(b) != `"`+v.Reveal()+`"` {
				t.Fatalf("marshal: %s, %v", b, err)
			}
			var back Personnummer
			if err := json.Unmarshal(b, &back); err != nil || back != v {
				t.Fatalf("round trip: %v", err)
			}
		}
	})
}

func FuzzParseOrganisationsnummer(f *testing.F) {
	for _, s := range []string{orgVGR, "232100-0131", "162321000131", "16232100-0131", "556016-0680", "1701012393", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOrganisationsnummer(s)
		if err != nil {
			checkIdentifierError(t, err, "organisationsnummer", s)
			return
		}
		if !o.Valid() || o.Group() != int(o[0]-'0') {
			t.Fatalf("parsed %q is not valid", o)
		}
		for _, form := range []string{string(o), o.String(), "16" + string(o)} {
			if p, err := ParseOrganisationsnummer(form); err != nil || p != o {
				t.Fatalf("%q does not parse back: %v", form, err)
			}
		}
		if b, err := o.MarshalText(); err != nil || string(b) != string(o) {
			t.Fatalf("MarshalText: %q, %v", b, err)
		}
	})
}

func FuzzParseHSAID(f *testing.F) {
	for _, s := range []string{"SE2321000131-E000000000001", "SE2321000131-a", "SE2321000131-", "se2321000131-E1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHSAID(s)
		if err != nil {
			checkIdentifierError(t, err, "hsaid", s)
			return
		}
		if string(h) != s || !h.Valid() || !h.Organisationsnummer().Valid() || len(s) > 31 {
			t.Fatalf("parsed %q is not valid", h)
		}
		var back HSAID
		if err := back.UnmarshalText([]byte(s)); err != nil || back != h {
			t.Fatalf("UnmarshalText: %v", err)
		}
	})
}

func FuzzParseKommunkod(f *testing.F) {
	for _, s := range []string{"1438", "1439", "1460", "1461", "1492", "0180", "1400", "9999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKommunkod(s)
		if err != nil {
			checkIdentifierError(t, err, "kommunkod", s)
			return
		}
		if string(k) != s || !k.Valid() {
			t.Fatalf("parsed %q is not valid", k)
		}
		if b, err := k.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("MarshalText: %q, %v", b, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "2000-02-29", "1900-02-29", "0001-01-01", "9999-12-31", "2026-13-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("error %v does not match ErrInvalidDate", err)
			}
			if digitRun.MatchString(err.Error()) {
				t.Fatalf("error message %q holds digits", err.Error())
			}
			return
		}
		if !d.Valid() || d.String() != s {
			t.Fatalf("parsed %v from %q", d, s)
		}
		want := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if want != s {
			t.Fatalf("time formats %q as %q", s, want)
		}
		next := d.AddDays(1)
		if !next.Valid() && d != NewDate(9999, 12, 31) || d.DaysUntil(next) != 1 || next.AddDays(-1) != d {
			t.Fatalf("AddDays around %v", d)
		}
		if b, err := d.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("MarshalText: %q, %v", b, err)
		}
	})
}
