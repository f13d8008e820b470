package roles

import "github.com/backabarnet/backabarnet/roles/vocab"

// Role is a part a person plays towards one child in Backa barnet.
type Role string

// The roles, in canonical order.
const (
	// Upptackare (upptäckare) is whoever first notices that a child may need
	// support and raises a concern.
	Upptackare Role = "upptackare"
	// Barnkontakt (Named Person in GIRFEC) is the one person the family and others
	// turn to. Every child in the model has exactly one at a time, from the
	// universal services; the Barnkontakt calls the Barnteam together.
	Barnkontakt Role = "barnkontakt"
	// Stodsamordnare (Stödsamordnare, Lead Professional in GIRFEC) coordinates
	// support when more than one agency gives it and holds the overall
	// responsibility for the plan.
	Stodsamordnare Role = "stodsamordnare"
	// Barnteam is membership of a standing cross-agency team at a unit that
	// discusses children needing support.
	Barnteam Role = "barnteam"
	// BarnetsTeam is membership of the individuellt barnteam (barnets eget team;
	// the team around the child), formed with the child and guardians for one plan.
	BarnetsTeam Role = "barnets_team"
	// Vardnadshavare (vårdnadshavare) is a guardian with custody.
	Vardnadshavare Role = "vardnadshavare"
	// Barn is the child, whose views are sought at every step.
	Barn Role = "barn"
	// Narstaende (närstående) is another close person taking part on the family's wish.
	Narstaende Role = "narstaende"
)

var allRoles = []Role{Upptackare, Barnkontakt, Stodsamordnare, Barnteam, BarnetsTeam, Vardnadshavare, Barn, Narstaende}

// Roles returns every role in canonical order.
func Roles() []Role { return append([]Role(nil), allRoles...) }

// ParseRole returns the role with code s, or an error matching vocab.ErrUnknownCode.
func ParseRole(s string) (Role, error) { return vocab.Parse("role", s, allRoles) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return vocab.Valid(r, allRoles) }

// String returns the code.
func (r Role) String() string { return string(r) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (r Role) MarshalText() ([]byte, error) { return vocab.Marshal("role", r, allRoles) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (r *Role) UnmarshalText(b []byte) error { return vocab.Unmarshal("role", r, b, allRoles) }

// Label returns the Swedish name of the role.
func (r Role) Label() string {
	switch r {
	case Upptackare:
		return "Upptäckare"
	case Barnkontakt:
		return "Barnkontakt"
	case Stodsamordnare:
		return "Stödsamordnare"
	case Barnteam:
		return "Barnteam"
	case BarnetsTeam:
		return "Individuellt barnteam"
	case Vardnadshavare:
		return "Vårdnadshavare"
	case Barn:
		return "Barn"
	case Narstaende:
		return "Närstående"
	}
	return ""
}

// IsProfessional reports whether the role is held by a professional
// (Upptäckare, Barnkontakt, Stödsamordnare, Barnteam or Individuellt barnteam).
func (r Role) IsProfessional() bool {
	switch r {
	case Upptackare, Barnkontakt, Stodsamordnare, Barnteam, BarnetsTeam:
		return true
	}
	return false
}

// ProtectionLevel says whether a person's identity is protected in the
// population register or locally. Contact data of a protected person never
// leaves the domain that recorded it.
type ProtectionLevel string

// The protection levels, in canonical order.
const (
	// Oskyddad: no protection recorded.
	Oskyddad ProtectionLevel = "ingen"
	// Sekretessmarkering: a secrecy marking in the population register.
	Sekretessmarkering ProtectionLevel = "sekretessmarkering"
	// SkyddadFolkbokforing (skyddad folkbokföring): protected population registration.
	SkyddadFolkbokforing ProtectionLevel = "skyddad_folkbokforing"
	// LokalHotbild: a local threat flag recorded by an agency.
	LokalHotbild ProtectionLevel = "lokal_hotbild"
)

var protectionLevels = []ProtectionLevel{Oskyddad, Sekretessmarkering, SkyddadFolkbokforing, LokalHotbild}

// ProtectionLevels returns every protection level in canonical order.
func ProtectionLevels() []ProtectionLevel { return append([]ProtectionLevel(nil), protectionLevels...) }

// ParseProtectionLevel returns the level with code s, or an error matching vocab.ErrUnknownCode.
func ParseProtectionLevel(s string) (ProtectionLevel, error) {
	return vocab.Parse("protection level", s, protectionLevels)
}

// Valid reports whether p is a known protection level.
func (p ProtectionLevel) Valid() bool { return vocab.Valid(p, protectionLevels) }

// Protected reports whether p is any level other than Oskyddad.
func (p ProtectionLevel) Protected() bool { return p.Valid() && p != Oskyddad }

// String returns the code.
func (p ProtectionLevel) String() string { return string(p) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (p ProtectionLevel) MarshalText() ([]byte, error) {
	return vocab.Marshal("protection level", p, protectionLevels)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (p *ProtectionLevel) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("protection level", p, b, protectionLevels)
}
