package behovskompass

import "github.com/backabarnet/backabarnet/roles/vocab"

// Source says where what an assessment records about an area comes from.
// DOMAIN.md asks for the source without naming the kinds; these are the
// library's, and SourceDetail on the entry says more in words.
type Source string

// The sources, in canonical order.
const (
	// SourceObservation: the professional's own observation.
	SourceObservation Source = "observation"
	// SourceBarnet: what the child said (samtal med barnet).
	SourceBarnet Source = "barnet"
	// SourceVardnadshavare: what the guardians said.
	SourceVardnadshavare Source = "vardnadshavare"
	// SourceDokumentation: the agency's own records (journal, dokumentation).
	SourceDokumentation Source = "dokumentation"
	// SourceKartlaggning: a structured survey or a standardised instrument
	// (kartläggning, screening).
	SourceKartlaggning Source = "kartlaggning"
	// SourceAnnanVerksamhet: another agency, on a consent or a legal basis.
	SourceAnnanVerksamhet Source = "annan_verksamhet"
)

var sources = []Source{SourceObservation, SourceBarnet, SourceVardnadshavare, SourceDokumentation, SourceKartlaggning, SourceAnnanVerksamhet}

// Sources returns every source in canonical order.
func Sources() []Source { return append([]Source(nil), sources...) }

// ParseSource returns the source with code s, or an error matching vocab.ErrUnknownCode.
func ParseSource(s string) (Source, error) { return vocab.Parse("source", s, sources) }

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return vocab.Valid(s, sources) }

// String returns the code.
func (s Source) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s Source) MarshalText() ([]byte, error) { return vocab.Marshal("source", s, sources) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *Source) UnmarshalText(b []byte) error { return vocab.Unmarshal("source", s, b, sources) }

// Label returns the Swedish name of the source.
func (s Source) Label() string {
	switch s {
	case SourceObservation:
		return "Egen observation"
	case SourceBarnet:
		return "Samtal med barnet"
	case SourceVardnadshavare:
		return "Samtal med vårdnadshavare"
	case SourceDokumentation:
		return "Dokumentation"
	case SourceKartlaggning:
		return "Kartläggning"
	case SourceAnnanVerksamhet:
		return "Annan verksamhet"
	}
	return ""
}

// Viewpoint is whose view a disagreement sets against another's: the child,
// the guardians, or the assessing agency.
type Viewpoint string

// The viewpoints, in canonical order.
const (
	// ViewpointBarnet is the child's view.
	ViewpointBarnet Viewpoint = "barnet"
	// ViewpointVardnadshavare is the guardians' view. Named alone in a
	// disagreement, it means that the guardians disagree with each other.
	ViewpointVardnadshavare Viewpoint = "vardnadshavare"
	// ViewpointVerksamheten is the view of the agency that made the assessment.
	ViewpointVerksamheten Viewpoint = "verksamheten"
)

var viewpoints = []Viewpoint{ViewpointBarnet, ViewpointVardnadshavare, ViewpointVerksamheten}

// Viewpoints returns every viewpoint in canonical order.
func Viewpoints() []Viewpoint { return append([]Viewpoint(nil), viewpoints...) }

// ParseViewpoint returns the viewpoint with code s, or an error matching vocab.ErrUnknownCode.
func ParseViewpoint(s string) (Viewpoint, error) { return vocab.Parse("viewpoint", s, viewpoints) }

// Valid reports whether v is a known viewpoint.
func (v Viewpoint) Valid() bool { return vocab.Valid(v, viewpoints) }

// String returns the code.
func (v Viewpoint) String() string { return string(v) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (v Viewpoint) MarshalText() ([]byte, error) { return vocab.Marshal("viewpoint", v, viewpoints) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (v *Viewpoint) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("viewpoint", v, b, viewpoints)
}

// Label returns the Swedish name of the viewpoint.
func (v Viewpoint) Label() string {
	switch v {
	case ViewpointBarnet:
		return "Barnet"
	case ViewpointVardnadshavare:
		return "Vårdnadshavare"
	case ViewpointVerksamheten:
		return "Verksamheten"
	}
	return ""
}

// Seriousness says how serious a concern is, in the judgement of whoever
// raised it. The vocabulary is the library's (DOMAIN.md names none); it is
// ordered, least serious first. It decides nothing on its own: the duty to
// report to social services (SoL 2025:400 19 kap. 1 §) applies at every level
// where a professional suspects that a child is harmed.
type Seriousness string

// The levels of seriousness, least serious first.
const (
	// Lindrig (mild): something to keep an eye on.
	Lindrig Seriousness = "lindrig"
	// Mattlig (måttlig, moderate): the child may need support beyond the everyday.
	Mattlig Seriousness = "mattlig"
	// Allvarlig (serious): the child needs support soon.
	Allvarlig Seriousness = "allvarlig"
	// Akut (acute): the child may be in danger now.
	Akut Seriousness = "akut"
)

var seriousnesses = []Seriousness{Lindrig, Mattlig, Allvarlig, Akut}

// Seriousnesses returns every level of seriousness, least serious first.
func Seriousnesses() []Seriousness { return append([]Seriousness(nil), seriousnesses...) }

// ParseSeriousness returns the seriousness with code s, or an error matching vocab.ErrUnknownCode.
func ParseSeriousness(s string) (Seriousness, error) {
	return vocab.Parse("seriousness", s, seriousnesses)
}

// Valid reports whether s is a known level of seriousness.
func (s Seriousness) Valid() bool { return vocab.Valid(s, seriousnesses) }

// Compare returns -1, 0 or +1 as s is less, as or more serious than t.
// Unknown codes sort below the known ones.
func (s Seriousness) Compare(t Seriousness) int {
	a, b := vocab.Index(s, seriousnesses), vocab.Index(t, seriousnesses)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns the code.
func (s Seriousness) String() string { return string(s) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (s Seriousness) MarshalText() ([]byte, error) {
	return vocab.Marshal("seriousness", s, seriousnesses)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (s *Seriousness) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("seriousness", s, b, seriousnesses)
}

// Label returns the Swedish name of the seriousness.
func (s Seriousness) Label() string {
	switch s {
	case Lindrig:
		return "Lindrig"
	case Mattlig:
		return "Måttlig"
	case Allvarlig:
		return "Allvarlig"
	case Akut:
		return "Akut"
	}
	return ""
}

// Direction says how an area's highest level moved between two moments in
// the combined picture (see Trend). Up means more need.
type Direction string

// The directions, in canonical order.
const (
	// TrendNew: the area had no level at the earlier moment and has one now.
	TrendNew Direction = "new"
	// TrendUp: the highest level rose (more need).
	TrendUp Direction = "up"
	// TrendDown: the highest level fell (less need).
	TrendDown Direction = "down"
	// TrendSame: the area was assessed again and its highest level stands
	// where it stood (by Rank.Compare), or it has no level at either moment.
	TrendSame Direction = "same"
)

var directions = []Direction{TrendNew, TrendUp, TrendDown, TrendSame}

// Directions returns every direction in canonical order.
func Directions() []Direction { return append([]Direction(nil), directions...) }

// ParseDirection returns the direction with code s, or an error matching vocab.ErrUnknownCode.
func ParseDirection(s string) (Direction, error) { return vocab.Parse("direction", s, directions) }

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return vocab.Valid(d, directions) }

// String returns the code.
func (d Direction) String() string { return string(d) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (d Direction) MarshalText() ([]byte, error) { return vocab.Marshal("direction", d, directions) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (d *Direction) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("direction", d, b, directions)
}
