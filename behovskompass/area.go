package behovskompass

import "github.com/backabarnet/backabarnet/roles/vocab"

// Area is one of the eight wellbeing areas of the needs compass, one-to-one with
// GIRFEC's SHANARRI indicators. The codes are stable: never renamed or reused.
type Area string

// The eight areas, in canonical order.
const (
	Trygghet     Area = "trygghet"     // Trygghet (Safe)
	Halsa        Area = "halsa"        // Hälsa (Healthy)
	Utveckling   Area = "utveckling"   // Utveckling (Achieving)
	Omsorg       Area = "omsorg"       // Omsorg (Nurtured)
	Fritid       Area = "fritid"       // Fritid (Active)
	Respekt      Area = "respekt"      // Respekt (Respected)
	Ansvar       Area = "ansvar"       // Ansvar (Responsible)
	Tillhorighet Area = "tillhorighet" // Tillhörighet (Included)
)

var areas = []Area{Trygghet, Halsa, Utveckling, Omsorg, Fritid, Respekt, Ansvar, Tillhorighet}

// numAreas is the number of areas; per-area tables are arrays of this size.
const numAreas = 8

// Areas returns the eight areas in canonical order.
func Areas() []Area { return append([]Area(nil), areas...) }

// ParseArea returns the area with code s, or an error matching vocab.ErrUnknownCode.
func ParseArea(s string) (Area, error) { return vocab.Parse("area", s, areas) }

// Valid reports whether a is one of the eight areas.
func (a Area) Valid() bool { return vocab.Valid(a, areas) }

// Index returns the canonical position of a (0 to 7), or -1 when a is not valid.
func (a Area) Index() int {
	// A switch rather than vocab.Index: Combine calls this for every entry.
	switch a {
	case Trygghet:
		return 0
	case Halsa:
		return 1
	case Utveckling:
		return 2
	case Omsorg:
		return 3
	case Fritid:
		return 4
	case Respekt:
		return 5
	case Ansvar:
		return 6
	case Tillhorighet:
		return 7
	}
	return -1
}

// Label returns the Swedish label of the area in the built-in catalogue
// ("Tillhörighet"), or "" when a is not valid. For other locales and a
// municipality's own wording, use a Catalog.
func (a Area) Label() string { return BuiltinCatalog().AreaLabel(a, Swedish) }

// String returns the code.
func (a Area) String() string { return string(a) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (a Area) MarshalText() ([]byte, error) { return vocab.Marshal("area", a, areas) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (a *Area) UnmarshalText(b []byte) error { return vocab.Unmarshal("area", a, b, areas) }

// SHANARRI returns the GIRFEC wellbeing indicator of the area, in English
// ("Safe", "Healthy", "Achieving", "Nurtured", "Active", "Respected",
// "Responsible", "Included"), for exports.
func (a Area) SHANARRI() string {
	switch a {
	case Trygghet:
		return "Safe"
	case Halsa:
		return "Healthy"
	case Utveckling:
		return "Achieving"
	case Omsorg:
		return "Nurtured"
	case Fritid:
		return "Active"
	case Respekt:
		return "Respected"
	case Ansvar:
		return "Responsible"
	case Tillhorighet:
		return "Included"
	}
	return ""
}
