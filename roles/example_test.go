package roles_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

func ExampleParsePersonnummer() {
	p, err := roles.ParsePersonnummer("20170101-2393")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Printing and logging show the redacted form only; Reveal and
	// MarshalText give the full number for storage.
	fmt.Println(p)
	fmt.Printf("%v %d\n", p, p)
	fmt.Println("born", p.BirthDate())
	fmt.Println("age on 2026-11-23:", p.AgeAt(roles.NewDate(2026, time.November, 23)))
	fmt.Println("samordningsnummer:", p.IsSamordningsnummer())

	_, err = roles.ParsePersonnummer("20170101-2394")
	fmt.Println(err)
	fmt.Println(errors.Is(err, roles.ErrInvalid))
	// Output:
	// 20170101-****
	// 20170101-**** 20170101-****
	// born 2017-01-01
	// age on 2026-11-23: 9
	// samordningsnummer: false
	// invalid personnummer: the check digit does not match (rule checksum)
	// true
}

func ExampleParsePersonnummerAt() {
	// The century of a 10-digit form comes from the separator and a
	// reference date: '+' from the calendar year the person turns 100.
	ref := roles.NewDate(2026, time.November, 23)
	for _, s := range []string{"170101-2393", "170101+2393", "960524+9813"} {
		p, err := roles.ParsePersonnummerAt(s, ref)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.BirthDate(), p.AgeAt(ref))
	}
	// Output:
	// 2017-01-01 9
	// 1917-01-01 109
	// 1896-05-24 130
}

func ExamplePersonnummer_IsSamordningsnummer() {
	// A samordningsnummer has the day of birth plus 60.
	p, err := roles.ParsePersonnummer("19701063-2391")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p, p.IsSamordningsnummer(), p.BirthDate())
	// Output:
	// 19701063-**** true 1970-10-03
}

func ExampleKommunkod_Name() {
	for _, k := range roles.Dalsland() {
		fmt.Println(k, k.Name())
	}
	k, err := roles.ParseKommunkod("1480") // any valid code is accepted
	fmt.Printf("%s %q %v\n", k, k.Name(), err)
	// Output:
	// 1438 Dals-Ed
	// 1439 Färgelanda
	// 1460 Bengtsfors
	// 1461 Mellerud
	// 1492 Åmål
	// 1480 "" <nil>
}

func ExampleChild_Validate() {
	child := roles.Child{
		ID:           roles.MustNewID[roles.Child](),
		Personnummer: roles.MustParsePersonnummer("201701012393"),
		GivenName:    "Elsa",
		Kommun:       "1400",
		Protection:   "hemlig",
		Contact:      &roles.Contact{Email: "not an address"},
	}
	err := child.Validate()
	var ve *roles.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Path, p.Rule)
		}
	}
	fmt.Println(errors.Is(err, roles.ErrInvalid))
	// Output:
	// familyName required
	// kommun kommunkod
	// protection code
	// contact.email email
	// true
}

func ExampleValidateAssignments() {
	child := roles.Child{
		ID:           roles.MustNewID[roles.Child](),
		Personnummer: roles.MustParsePersonnummer("201701012393"),
		GivenName:    "Elsa",
		FamilyName:   "Testsson",
		Kommun:       roles.Amal,
		Protection:   roles.Oskyddad,
	}
	nurse := roles.ProfessionalParty(roles.MustNewID[roles.Professional]())
	teacher := roles.ProfessionalParty(roles.MustNewID[roles.Professional]())
	handover := time.Date(2023, time.August, 15, 8, 0, 0, 0, time.UTC) // school starts; the child is 6
	barnkontakt := func(holder roles.Party, agency roles.Agency, start, end time.Time) roles.Assignment {
		return roles.Assignment{
			ID:         roles.MustNewID[roles.Assignment](),
			ChildID:    child.ID,
			Role:       roles.Barnkontakt,
			Holder:     holder,
			Agency:     agency,
			Period:     roles.Period{Start: start, End: end},
			RecordedBy: holder,
			RecordedAt: start,
		}
	}
	team := []roles.Assignment{
		// The BVC nurse is Barnkontakt from the first month and hands over
		// to the school: the old period ends when the new one starts.
		barnkontakt(nurse, roles.HalsoSjukvard, time.Date(2017, time.February, 1, 8, 0, 0, 0, time.UTC), handover),
		barnkontakt(teacher, roles.Skola, handover, time.Time{}),
	}
	now := time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)
	fmt.Println(roles.ValidateAssignments(&child, team, now, nil))

	// A day between the two periods is a gap.
	team[1].Period.Start = handover.Add(24 * time.Hour)
	fmt.Println(roles.ValidateAssignments(&child, team, now, nil))
	// Output:
	// <nil>
	// invalid assignments: [1].period: barnkontakt_gap (a gap between two Barnkontakt periods; the old one must end when the new one starts)
}
