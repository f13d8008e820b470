package adapters

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// Children stores roles.Child records.
type Children interface {
	Records[roles.Child, roles.ID[roles.Child]]

	// ByPersonnummer returns the child with the personnummer (or
	// samordningsnummer). The personnummer is unique among children: Create and
	// Update must fail with an error matching ErrAlreadyExists when another
	// child has it [Children/PersonnummerUnique]. A miss must fail with an error
	// matching ErrNotFound whose message does not contain the number
	// [Children/ByPersonnummer].
	ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Child, error)

	// OfUnit returns the children for whom someone at the unit holds a role at
	// t: each child with an assignment whose UnitID is unit and whose period
	// contains t, once, ordered by child ID [Children/OfUnit, Paging/*].
	OfUnit(ctx context.Context, unit roles.ID[roles.Unit], t time.Time, page PageRequest) (Page[roles.Child], error)

	// OfProfessional returns the children for whom the professional holds a
	// role at t: each child with an assignment whose Holder is the professional
	// and whose period contains t, once, ordered by child ID
	// [Children/OfProfessional].
	OfProfessional(ctx context.Context, id roles.ID[roles.Professional], t time.Time, page PageRequest) (Page[roles.Child], error)
}

// Guardians stores roles.Guardian records.
type Guardians interface {
	Records[roles.Guardian, roles.ID[roles.Guardian]]

	// ByPersonnummer returns the guardian with the personnummer, which is unique
	// among guardians as it is among children [Guardians/ByPersonnummer].
	ByPersonnummer(ctx context.Context, pnr roles.Personnummer) (roles.Guardian, error)
}

// Custodies stores roles.Custody records.
type Custodies interface {
	Records[roles.Custody, roles.ID[roles.Custody]]

	// OfChild returns every custody of the child, past, present and future,
	// ordered by Period.Start and then ID; nil when there is none
	// [Custodies/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Custody, error)

	// OfGuardian returns every custody the guardian has or had, ordered by
	// Period.Start and then ID [Custodies/OfGuardian].
	OfGuardian(ctx context.Context, guardian roles.ID[roles.Guardian]) ([]roles.Custody, error)
}

// RelatedPersons stores roles.RelatedPerson records.
type RelatedPersons interface {
	Records[roles.RelatedPerson, roles.ID[roles.RelatedPerson]]
}

// Organisations stores roles.Organisation records.
type Organisations interface {
	Records[roles.Organisation, roles.ID[roles.Organisation]]

	// List returns every organisation, ordered by ID [Organisations/List].
	List(ctx context.Context) ([]roles.Organisation, error)
}

// Units stores roles.Unit records.
type Units interface {
	Records[roles.Unit, roles.ID[roles.Unit]]

	// OfOrganisation returns the units of the organisation, ordered by ID
	// [Units/OfOrganisation].
	OfOrganisation(ctx context.Context, org roles.ID[roles.Organisation]) ([]roles.Unit, error)
}

// Professionals stores roles.Professional records.
type Professionals interface {
	Records[roles.Professional, roles.ID[roles.Professional]]

	// OfUnit returns the professionals of the unit, ordered by ID
	// [Professionals/OfUnit].
	OfUnit(ctx context.Context, unit roles.ID[roles.Unit]) ([]roles.Professional, error)
}

// Assignments stores roles.Assignment records: who holds which role towards
// which child, when.
type Assignments interface {
	Records[roles.Assignment, roles.ID[roles.Assignment]]

	// OfChild returns every assignment of the child, past, present and future,
	// ordered by Period.Start and then ID [Assignments/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Assignment, error)

	// OfHolder returns the assignments held by the party whose period contains
	// t, ordered by ChildID, then Period.Start, then ID [Assignments/OfHolder].
	OfHolder(ctx context.Context, holder roles.Party, t time.Time) ([]roles.Assignment, error)
}
