package roles

import "testing"

var (
	benchPnr Personnummer
	benchOrg Organisationsnummer
	benchStr string
	benchErr error
)

func BenchmarkParsePersonnummer(b *testing.B) {
	b.Run("12-digit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchPnr, benchErr = ParsePersonnummer(pnrChild)
		}
	})
	b.Run("10-digit", func(b *testing.B) {
		ref := NewDate(2026, 11, 23)
		b.ReportAllocs()
		for b.Loop() {
			benchPnr, benchErr = ParsePersonnummerAt("170101-2393", ref)
		}
	})
	b.Run("invalid", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchPnr, benchErr = ParsePersonnummer("201701012394")
		}
	})
}

func BenchmarkParseOrganisationsnummer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchOrg, benchErr = ParseOrganisationsnummer("232100-0131")
	}
}

func BenchmarkPersonnummerString(b *testing.B) {
	p := MustParsePersonnummer(pnrChild)
	b.ReportAllocs()
	for b.Loop() {
		benchStr = p.String()
	}
}
