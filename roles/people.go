package roles

import (
	"log/slog"
	"time"

	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/google/uuid"
)

// Period is a half-open interval of time [Start, End): the holder has the role
// (or the custody) from Start and no longer at End. A zero End means open-ended.
// At a handover, the old period's End equals the new one's Start.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
}

// Contains reports whether t lies in the period. A period without a start
// contains no instant: an incomplete record never grants a role or custody.
func (p Period) Contains(t time.Time) bool {
	return !p.Start.IsZero() && !t.Before(p.Start) && (p.End.IsZero() || t.Before(p.End))
}

// Open reports whether the period has no end.
func (p Period) Open() bool { return p.End.IsZero() }

// Overlaps reports whether p and q share any instant.
func (p Period) Overlaps(q Period) bool {
	return (q.End.IsZero() || p.Start.Before(q.End)) && (p.End.IsZero() || q.Start.Before(p.End))
}

// Valid reports whether the period has a start and, if it ends, ends after it starts.
func (p Period) Valid() bool {
	return !p.Start.IsZero() && (p.End.IsZero() || p.End.After(p.Start))
}

// Contact holds a person's address and contact details. For a person with a
// protected identity these never leave the domain that recorded them.
type Contact struct {
	Address    string `json:"address,omitempty" validate:"max=200"`
	PostalCode string `json:"postalCode,omitempty" validate:"max=20"`
	City       string `json:"city,omitempty" validate:"max=100"`
	Phone      string `json:"phone,omitempty" validate:"max=40"`
	Email      string `json:"email,omitempty" validate:"omitempty,max=254,email"`
}

// LogValue implements slog.LogValuer: contact data never appears in a log line.
func (c Contact) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// Child (barn) is a child in Backa barnet.
type Child struct {
	ID           ID[Child]       `json:"id" validate:"required"`
	Personnummer Personnummer    `json:"personnummer" validate:"required,personnummer"`
	GivenName    string          `json:"givenName" validate:"required,max=200"`
	FamilyName   string          `json:"familyName" validate:"required,max=200"`
	Kommun       Kommunkod       `json:"kommun" validate:"required,kommunkod"` // municipality of registration
	Protection   ProtectionLevel `json:"protection" validate:"required,code"`
	Contact      *Contact        `json:"contact,omitempty"`
	// Revision counts stored versions of the record (optimistic concurrency).
	Revision int64 `json:"revision"`
}

// Validate checks the child's fields and returns a *ValidationError or nil.
func (c *Child) Validate() error { return ValidateStruct("child", c) }

// BirthDate returns the birth date the personnummer encodes.
func (c *Child) BirthDate() Date { return c.Personnummer.BirthDate() }

// AgeAt returns the child's age in whole years on the Swedish calendar date of t.
func (c *Child) AgeAt(t time.Time) int { return c.Personnummer.AgeAt(DateOf(t)) }

// LogValue implements slog.LogValuer: the ID, the redacted personnummer and the
// protection level; never names or contact data.
func (c Child) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", c.ID.String()),
		slog.String("personnummer", c.Personnummer.String()),
		slog.String("protection", string(c.Protection)))
}

// Guardian (vårdnadshavare) is a person with custody of one or more children.
type Guardian struct {
	ID           ID[Guardian]    `json:"id" validate:"required"`
	Personnummer Personnummer    `json:"personnummer" validate:"required,personnummer"`
	GivenName    string          `json:"givenName" validate:"required,max=200"`
	FamilyName   string          `json:"familyName" validate:"required,max=200"`
	Protection   ProtectionLevel `json:"protection" validate:"required,code"`
	Contact      *Contact        `json:"contact,omitempty"`
	Revision     int64           `json:"revision"`
}

// Validate checks the guardian's fields and returns a *ValidationError or nil.
func (g *Guardian) Validate() error { return ValidateStruct("guardian", g) }

// LogValue implements slog.LogValuer without names or contact data.
func (g Guardian) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", g.ID.String()),
		slog.String("personnummer", g.Personnummer.String()))
}

// Custody (vårdnad) says that a guardian has custody of a child for a period.
// Two guardians with custody at the same time have joint custody and decide jointly.
type Custody struct {
	ID         ID[Custody]  `json:"id" validate:"required"`
	ChildID    ID[Child]    `json:"childId" validate:"required"`
	GuardianID ID[Guardian] `json:"guardianId" validate:"required"`
	Period     Period       `json:"period"`
	RecordedBy Party        `json:"recordedBy"`
	RecordedAt time.Time    `json:"recordedAt"`
	Revision   int64        `json:"revision"`
}

// Validate checks the custody record: the IDs, a valid period, and who
// recorded it and when.
func (c *Custody) Validate() error {
	ve := &ValidationError{Subject: "custody"}
	CheckStruct(ve, "", c)
	if !c.Period.Valid() {
		ve.Add("period", "period", "a start is required and the end must come after it")
	}
	if c.RecordedAt.IsZero() {
		ve.Add("recordedAt", "required", "a value is required")
	}
	return ve.Err()
}

// GuardiansAt returns the IDs of the guardians with custody of child at t, in the
// order of custodies.
func GuardiansAt(custodies []Custody, child ID[Child], t time.Time) []ID[Guardian] {
	var out []ID[Guardian]
	for i := range custodies {
		c := &custodies[i]
		if c.ChildID == child && c.Period.Contains(t) {
			out = append(out, c.GuardianID)
		}
	}
	return out
}

// RelatedPerson (närstående) is a close person who is not a guardian, taking part
// on the family's wish.
type RelatedPerson struct {
	ID         ID[RelatedPerson] `json:"id" validate:"required"`
	GivenName  string            `json:"givenName" validate:"required,max=200"`
	FamilyName string            `json:"familyName" validate:"required,max=200"`
	Relation   string            `json:"relation" validate:"max=200"` // e.g. "mormor"
	Revision   int64             `json:"revision"`
}

// Validate checks the related person's fields.
func (r *RelatedPerson) Validate() error { return ValidateStruct("related person", r) }

// LogValue implements slog.LogValuer with the ID only: never names or the relation.
func (r RelatedPerson) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", r.ID.String()))
}

// OrganisationKind says what kind of principal (huvudman) an organisation is.
type OrganisationKind string

// The organisation kinds, in canonical order.
const (
	Kommun OrganisationKind = "kommun" // a municipality, identified by its Kommunkod
	Region OrganisationKind = "region" // a region, identified by its organisationsnummer
	Privat OrganisationKind = "privat" // a private provider, identified by its organisationsnummer
	Staten OrganisationKind = "staten" // a state authority (e.g. the Police), by its organisationsnummer
)

var organisationKinds = []OrganisationKind{Kommun, Region, Privat, Staten}

// OrganisationKinds returns every organisation kind in canonical order.
func OrganisationKinds() []OrganisationKind {
	return append([]OrganisationKind(nil), organisationKinds...)
}

// ParseOrganisationKind returns the kind with code s.
func ParseOrganisationKind(s string) (OrganisationKind, error) {
	return vocab.Parse("organisation kind", s, organisationKinds)
}

// Valid reports whether k is a known kind.
func (k OrganisationKind) Valid() bool { return vocab.Valid(k, organisationKinds) }

// String returns the code.
func (k OrganisationKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (k OrganisationKind) MarshalText() ([]byte, error) {
	return vocab.Marshal("organisation kind", k, organisationKinds)
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (k *OrganisationKind) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("organisation kind", k, b, organisationKinds)
}

// Organisation is a principal (huvudman): a kommun, a region, a private provider
// or a state authority.
type Organisation struct {
	ID   ID[Organisation] `json:"id" validate:"required"`
	Kind OrganisationKind `json:"kind" validate:"required,code"`
	Name string           `json:"name" validate:"required,max=200"`
	// Kommun is the municipality code; required for a kommun.
	Kommun Kommunkod `json:"kommun,omitempty" validate:"omitempty,kommunkod"`
	// Organisationsnummer is required for every kind but a kommun.
	Organisationsnummer Organisationsnummer `json:"organisationsnummer,omitempty" validate:"omitempty,orgnr"`
	Revision            int64               `json:"revision"`
}

// Validate checks the organisation's fields, that a kommun has its code and
// every other kind its organisationsnummer, and that the organisationsnummer of
// a public body (kommun, region, state authority) is in group 2.
func (o *Organisation) Validate() error {
	ve := &ValidationError{Subject: "organisation"}
	CheckStruct(ve, "", o)
	if o.Kind == Kommun && o.Kommun == "" {
		ve.Add("kommun", "required", "a kommun is identified by its municipality code")
	}
	if o.Kind.Valid() && o.Kind != Kommun && o.Organisationsnummer == "" {
		ve.Add("organisationsnummer", "required", "this kind of principal is identified by its organisationsnummer")
	}
	if o.Kind.Valid() && o.Kind != Privat && o.Organisationsnummer.Valid() && !o.Organisationsnummer.IsPublicBody() {
		ve.Add("organisationsnummer", "orgnr_group", "a public body has an organisationsnummer in group 2")
	}
	return ve.Err()
}

// Unit (enhet) is a unit of an organisation that works in one agency: a preschool,
// a school, a BVC, a social services office.
type Unit struct {
	ID             ID[Unit]         `json:"id" validate:"required"`
	OrganisationID ID[Organisation] `json:"organisationId" validate:"required"`
	Name           string           `json:"name" validate:"required,max=200"`
	Agency         Agency           `json:"agency" validate:"required,code"`
	Kommun         Kommunkod        `json:"kommun,omitempty" validate:"omitempty,kommunkod"` // where the unit is
	HSAID          HSAID            `json:"hsaId,omitempty" validate:"omitempty,hsaid"`
	Revision       int64            `json:"revision"`
}

// Validate checks the unit's fields.
func (u *Unit) Validate() error { return ValidateStruct("unit", u) }

// Professional is a member of staff at a unit of an agency.
type Professional struct {
	ID             ID[Professional] `json:"id" validate:"required"`
	GivenName      string           `json:"givenName" validate:"required,max=200"`
	FamilyName     string           `json:"familyName" validate:"required,max=200"`
	Title          string           `json:"title,omitempty" validate:"max=200"` // e.g. "BVC-sjuksköterska"
	Agency         Agency           `json:"agency" validate:"required,code"`
	UnitID         ID[Unit]         `json:"unitId" validate:"required"`
	OrganisationID ID[Organisation] `json:"organisationId" validate:"required"`
	HSAID          HSAID            `json:"hsaId,omitempty" validate:"omitempty,hsaid"`
	Revision       int64            `json:"revision"`
}

// Validate checks the professional's fields.
func (p *Professional) Validate() error { return ValidateStruct("professional", p) }

// LogValue implements slog.LogValuer with the ID and agency only.
func (p Professional) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", p.ID.String()), slog.String("agency", string(p.Agency)))
}

// PartyKind says what kind of person a Party refers to.
type PartyKind string

// The party kinds, in canonical order.
const (
	PartyProfessional PartyKind = "professional" // a member of staff (Professional)
	PartyGuardian     PartyKind = "guardian"     // a vårdnadshavare (Guardian)
	PartyChild        PartyKind = "child"        // the child (Child)
	PartyRelated      PartyKind = "related"      // a närstående
	PartySystem       PartyKind = "system"       // an integration acting on its own, e.g. an import
)

var partyKinds = []PartyKind{PartyProfessional, PartyGuardian, PartyChild, PartyRelated, PartySystem}

// PartyKinds returns every party kind in canonical order.
func PartyKinds() []PartyKind { return append([]PartyKind(nil), partyKinds...) }

// ParsePartyKind returns the kind with code s.
func ParsePartyKind(s string) (PartyKind, error) { return vocab.Parse("party kind", s, partyKinds) }

// Valid reports whether k is a known kind.
func (k PartyKind) Valid() bool { return vocab.Valid(k, partyKinds) }

// String returns the code.
func (k PartyKind) String() string { return string(k) }

// MarshalText implements encoding.TextMarshaler, rejecting unknown codes.
func (k PartyKind) MarshalText() ([]byte, error) { return vocab.Marshal("party kind", k, partyKinds) }

// UnmarshalText implements encoding.TextUnmarshaler, rejecting unknown codes.
func (k *PartyKind) UnmarshalText(b []byte) error {
	return vocab.Unmarshal("party kind", k, b, partyKinds)
}

// Party refers to a person (or a system) by kind and ID: who holds a role, who
// gave a consent, who made a change. It holds no personal data.
type Party struct {
	Kind PartyKind `json:"kind" validate:"required,code"`
	ID   uuid.UUID `json:"id" validate:"required"`
}

// ProfessionalParty refers to a professional.
func ProfessionalParty(id ID[Professional]) Party {
	return Party{Kind: PartyProfessional, ID: id.UUID()}
}

// GuardianParty refers to a guardian.
func GuardianParty(id ID[Guardian]) Party { return Party{Kind: PartyGuardian, ID: id.UUID()} }

// ChildParty refers to a child.
func ChildParty(id ID[Child]) Party { return Party{Kind: PartyChild, ID: id.UUID()} }

// RelatedParty refers to a närstående.
func RelatedParty(id ID[RelatedPerson]) Party { return Party{Kind: PartyRelated, ID: id.UUID()} }

// IsZero reports whether p is unset.
func (p Party) IsZero() bool { return p == Party{} }

// String returns "kind:id".
func (p Party) String() string { return string(p.Kind) + ":" + p.ID.String() }
