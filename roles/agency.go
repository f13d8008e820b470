package roles

import "github.com/backabarnet/backabarnet/roles/vocab"

// Agency (verksamhet) is what a professional works in. Each agency is its own
// secrecy domain under the Public Access to Information and Secrecy Act (OSL
// 2009:400), even inside one municipality: information belongs to the agency that
// recorded it, and moving it to another agency is a disclosure that needs a basis.
// Private providers are bound by their sector's duty of confidentiality instead of
// OSL; the library treats them the same way.
type Agency string

// The agencies, in canonical order.
const (
	Forskola             Agency = "forskola"              // förskola (preschool), OSL 23:1
	Skola                Agency = "skola"                 // skola (school), OSL 23:2
	ElevhalsaPsykosocial Agency = "elevhalsa_psykosocial" // elevhälsa, psychosocial part (school counsellor, psychologist), OSL 23:2
	ElevhalsaMedicinsk   Agency = "elevhalsa_medicinsk"   // elevhälsa, medical part (school nurse and doctor), OSL 25:1
	Socialtjanst         Agency = "socialtjanst"          // socialtjänst (social services), OSL 26:1
	HalsoSjukvard        Agency = "halso_sjukvard"        // hälso- och sjukvård (BVC, vårdcentral, BUP), OSL 25:1
	Polis                Agency = "polis"                 // polis (police), OSL 35:1
)

var agencies = []Agency{Forskola, Skola, ElevhalsaPsykosocial, ElevhalsaMedicinsk, Socialtjanst, HalsoSjukvard, Polis}

// Agencies returns every agency in canonical order.
func Agencies() []Agency { return append([]Agency(nil), agencies...) }

// ParseAgency returns the agency with code s, or an error matching vocab.ErrUnknownCode.
func ParseAgency(s string) (Agency, error) { return vocab.Parse("agency", s, agencies) }

// Valid reports whether a is a known agency.
func (a Agency) Valid() bool { return vocab.Valid(a, agencies) }

// String returns the code.
func (a Agency) String() string { return string(a) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (a Agency) MarshalText() ([]byte, error) { return vocab.Marshal("agency", a, agencies) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (a *Agency) UnmarshalText(b []byte) error { return vocab.Unmarshal("agency", a, b, agencies) }

// SecrecyProvision returns the main OSL provision that protects information in
// the agency (e.g. "OSL 26:1" for social services). (verify) The mapping follows
// DOMAIN.md and is informative; decisions never depend on it.
func (a Agency) SecrecyProvision() string {
	switch a {
	case Forskola:
		return "OSL 23:1"
	case Skola, ElevhalsaPsykosocial:
		return "OSL 23:2"
	case ElevhalsaMedicinsk, HalsoSjukvard:
		return "OSL 25:1"
	case Socialtjanst:
		return "OSL 26:1"
	case Polis:
		return "OSL 35:1"
	}
	return ""
}

// Label returns the Swedish name of the agency.
func (a Agency) Label() string {
	switch a {
	case Forskola:
		return "Förskola"
	case Skola:
		return "Skola"
	case ElevhalsaPsykosocial:
		return "Elevhälsa, psykosocial"
	case ElevhalsaMedicinsk:
		return "Elevhälsa, medicinsk"
	case Socialtjanst:
		return "Socialtjänst"
	case HalsoSjukvard:
		return "Hälso- och sjukvård"
	case Polis:
		return "Polis"
	}
	return ""
}

// IsHealthCare reports whether the agency is health care in the sense of OSL 25
// (hälso- och sjukvård and the medical part of elevhälsa).
func (a Agency) IsHealthCare() bool { return a == HalsoSjukvard || a == ElevhalsaMedicinsk }
