package roles

import (
	"time"
)

// Fixed IDs and times so that tests and golden files are deterministic. The
// people are invented; the personnummer are from Skatteverket's test list.
var (
	t0 = time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)

	childID    = mustID[Child]("0193f1a0-0000-7000-8000-000000000001")
	guardianID = mustID[Guardian]("0193f1a0-0000-7000-8000-000000000002")
	orgID      = mustID[Organisation]("0193f1a0-0000-7000-8000-000000000003")
	unitID     = mustID[Unit]("0193f1a0-0000-7000-8000-000000000004")
	profID     = mustID[Professional]("0193f1a0-0000-7000-8000-000000000005")
	prof2ID    = mustID[Professional]("0193f1a0-0000-7000-8000-000000000006")
	custodyID  = mustID[Custody]("0193f1a0-0000-7000-8000-000000000007")
	relatedID  = mustID[RelatedPerson]("0193f1a0-0000-7000-8000-000000000008")
	regionID   = mustID[Organisation]("0193f1a0-0000-7000-8000-000000000009")
	asgIDs     = []ID[Assignment]{
		mustID[Assignment]("0193f1a0-0000-7000-8000-0000000000a0"),
		mustID[Assignment]("0193f1a0-0000-7000-8000-0000000000a1"),
		mustID[Assignment]("0193f1a0-0000-7000-8000-0000000000a2"),
		mustID[Assignment]("0193f1a0-0000-7000-8000-0000000000a3"),
		mustID[Assignment]("0193f1a0-0000-7000-8000-0000000000a4"),
	}
)

func mustID[T any](s string) ID[T] {
	id, err := ParseID[T](s)
	if err != nil {
		panic(err)
	}
	return id
}

func testChild() Child {
	return Child{
		ID:           childID,
		Personnummer: MustParsePersonnummer(pnrChild),
		GivenName:    "Elsa",
		FamilyName:   "Testsson",
		Kommun:       Amal,
		Protection:   Oskyddad,
		Contact:      &Contact{Address: "Storgatan 1", PostalCode: "662 30", City: "Åmål"},
		Revision:     1,
	}
}

func testGuardian() Guardian {
	return Guardian{
		ID:           guardianID,
		Personnummer: MustParsePersonnummer(pnr1937),
		GivenName:    "Maja",
		FamilyName:   "Testsson",
		Protection:   Oskyddad,
		Contact:      &Contact{Phone: "0532-000 00", Email: "maja@example.se"},
		Revision:     3,
	}
}

func testCustody() Custody {
	return Custody{
		ID:         custodyID,
		ChildID:    childID,
		GuardianID: guardianID,
		Period:     Period{Start: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)},
		RecordedBy: ProfessionalParty(profID),
		RecordedAt: t0,
		Revision:   1,
	}
}

func testKommun() Organisation {
	return Organisation{ID: orgID, Kind: Kommun, Name: "Åmåls kommun", Kommun: Amal, Revision: 1}
}

func testRegion() Organisation {
	return Organisation{ID: regionID, Kind: Region, Name: "Västra Götalandsregionen", Organisationsnummer: orgVGR, Revision: 1}
}

func testUnit() Unit {
	return Unit{
		ID:             unitID,
		OrganisationID: regionID,
		Name:           "Närhälsan Åmål barnavårdscentral",
		Agency:         HalsoSjukvard,
		Kommun:         Amal,
		HSAID:          "SE2321000131-E000000000001",
		Revision:       1,
	}
}

func testProfessional() Professional {
	return Professional{
		ID:             profID,
		GivenName:      "Karin",
		FamilyName:     "Exempelsson",
		Title:          "BVC-sjuksköterska",
		Agency:         HalsoSjukvard,
		UnitID:         unitID,
		OrganisationID: regionID,
		HSAID:          "SE2321000131-E000000000002",
		Revision:       1,
	}
}

func testAssignment() Assignment {
	return Assignment{
		ID:         asgIDs[0],
		ChildID:    childID,
		Role:       Barnkontakt,
		Holder:     ProfessionalParty(profID),
		Agency:     HalsoSjukvard,
		UnitID:     unitID,
		Period:     Period{Start: time.Date(2017, 2, 1, 8, 0, 0, 0, time.UTC), End: time.Date(2022, 8, 15, 8, 0, 0, 0, time.UTC)},
		RecordedBy: ProfessionalParty(profID),
		RecordedAt: time.Date(2017, 2, 1, 8, 0, 0, 0, time.UTC),
		Revision:   2,
	}
}
