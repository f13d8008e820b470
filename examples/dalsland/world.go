package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// clock is the story's clock. It stands still until the story moves it on,
// so every run prints the same dates (backa.Options.Now).
type clock struct{ now time.Time }

// Now returns the story's present moment.
func (c *clock) Now() time.Time { return c.now }

// set moves the story to a day and time in Swedish local time.
func (c *clock) set(year int, month time.Month, day, hour, minute int) {
	c.now = time.Date(year, month, day, hour, minute, 0, 0, roles.SwedishTime()).UTC()
}

// idSource makes UUIDv7s from the story's clock and a seeded random source:
// the same IDs on every run (backa.Options.NewID). A real system leaves
// Options.NewID unset and gets uuid.NewV7.
type idSource struct {
	clock *clock
	rand  *rand.ChaCha8
}

func newIDSource(c *clock) *idSource {
	return &idSource{clock: c, rand: rand.NewChaCha8([32]byte{'B', 'a', 'c', 'k', 'a', ' ', 'b', 'a', 'r', 'n', 'e', 't'})}
}

// NewID returns the next UUIDv7: 48 bits of Unix milliseconds, then random
// bits, with the version and variant set.
func (s *idSource) NewID() (uuid.UUID, error) {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[0:8], uint64(s.clock.Now().UnixMilli())<<16)
	var r [10]byte
	_, _ = s.rand.Read(r[:]) // never fails
	copy(u[6:], r[:])
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // RFC 9562 variant
	return u, nil
}

// newID returns a typed ID from the story's source.
func newID[T any](s *idSource) roles.ID[T] {
	u, _ := s.NewID()
	return roles.ID[T](u)
}

// staff is a professional of the story, with the words the story uses for
// them.
type staff struct {
	roles.Professional
	short string // "BVC nurse"
	unit  roles.Unit
}

// actor returns the professional as the acting person of a use case: who,
// in which agency and unit.
func (s *staff) actor() roles.Actor {
	return roles.ProfessionalActor(s.ID, s.Agency, s.UnitID)
}

// name returns the professional's full name.
func (s *staff) name() string { return s.GivenName + " " + s.FamilyName }

// world holds the places and people of the story. Every person is invented;
// the personnummer are from Skatteverket's published list of test numbers.
type world struct {
	kommun, region roles.Organisation

	lena  staff // förskollärare (preschool teacher) at Solrosens förskola
	karin staff // BVC-sjuksköterska (child health nurse) at the BVC in Åmål
	maria staff // socialsekreterare (social worker) in Åmål

	theo        roles.Child
	sara, jonas roles.Guardian
}

// newWorld builds the cast; nothing is stored yet.
func newWorld(ids *idSource) (*world, error) {
	w := &world{}
	w.kommun = roles.Organisation{ID: newID[roles.Organisation](ids), Kind: roles.Kommun, Name: "Åmåls kommun", Kommun: roles.Amal}
	w.region = roles.Organisation{ID: newID[roles.Organisation](ids), Kind: roles.Region, Name: "Västra Götalandsregionen", Organisationsnummer: "2321000131"}

	unit := func(org roles.Organisation, name string, agency roles.Agency) roles.Unit {
		return roles.Unit{ID: newID[roles.Unit](ids), OrganisationID: org.ID, Name: name, Agency: agency, Kommun: roles.Amal}
	}
	person := func(u roles.Unit, given, family, title, short string) staff {
		return staff{
			Professional: roles.Professional{
				ID: newID[roles.Professional](ids), GivenName: given, FamilyName: family, Title: title,
				Agency: u.Agency, UnitID: u.ID, OrganisationID: u.OrganisationID,
			},
			short: short, unit: u,
		}
	}
	w.lena = person(unit(w.kommun, "Solrosens förskola", roles.Forskola), "Lena", "Ek", "Förskollärare", "preschool teacher")
	w.karin = person(unit(w.region, "Barnavårdscentralen Åmål", roles.HalsoSjukvard), "Karin", "Holm", "BVC-sjuksköterska", "BVC nurse")
	w.maria = person(unit(w.kommun, "Socialtjänsten Åmål, barn och familj", roles.Socialtjanst), "Maria", "Sand", "Socialsekreterare", "social worker")

	pnr := func(s string) (roles.Personnummer, error) {
		p, err := roles.ParsePersonnummer(s)
		if err != nil {
			return p, fmt.Errorf("test personnummer: %w", err)
		}
		return p, nil
	}
	var err error
	w.theo = roles.Child{GivenName: "Theo", FamilyName: "Berglund", Kommun: roles.Amal, Protection: roles.Oskyddad,
		Contact: &roles.Contact{Address: "Kungsgatan 12", PostalCode: "662 30", City: "Åmål"}}
	if w.theo.Personnummer, err = pnr("201701012393"); err != nil {
		return nil, err
	}
	w.sara = roles.Guardian{GivenName: "Sara", FamilyName: "Berglund", Protection: roles.Oskyddad}
	if w.sara.Personnummer, err = pnr("198507099805"); err != nil {
		return nil, err
	}
	w.jonas = roles.Guardian{GivenName: "Jonas", FamilyName: "Berglund", Protection: roles.Oskyddad}
	if w.jonas.Personnummer, err = pnr("198507099813"); err != nil {
		return nil, err
	}
	return w, nil
}

// register writes the organisations, units and staff to the store. The
// Service has no use case for them: they are the vendor system's own
// register (a municipality's HR or catalogue data), written straight to the
// store in one transaction.
func (w *world) register(ctx context.Context, store adapters.Store) error {
	return store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, o := range []roles.Organisation{w.kommun, w.region} {
			if err := o.Validate(); err != nil {
				return err
			}
			if err := tx.Organisations().Create(ctx, &o); err != nil {
				return err
			}
		}
		for _, s := range []*staff{&w.lena, &w.karin, &w.maria} {
			if err := s.unit.Validate(); err != nil {
				return err
			}
			if err := tx.Units().Create(ctx, &s.unit); err != nil {
				return err
			}
			if err := s.Validate(); err != nil {
				return err
			}
			if err := tx.Professionals().Create(ctx, &s.Professional); err != nil {
				return err
			}
		}
		return nil
	})
}

// who names a party for the story: "Karin Holm (BVC nurse)".
func (w *world) who(p roles.Party) string {
	for _, s := range []*staff{&w.lena, &w.karin, &w.maria} {
		if p == roles.ProfessionalParty(s.ID) {
			return s.name() + " (" + s.short + ")"
		}
	}
	switch p {
	case roles.ChildParty(w.theo.ID):
		return w.theo.GivenName + " (the child)"
	case roles.GuardianParty(w.sara.ID):
		return w.sara.GivenName + " (guardian)"
	case roles.GuardianParty(w.jonas.ID):
		return w.jonas.GivenName + " (guardian)"
	}
	return p.String()
}

// staffByID returns the professional with the ID, if one of the story's.
func (w *world) staffByID(id roles.ID[roles.Professional]) *staff {
	for _, s := range []*staff{&w.lena, &w.karin, &w.maria} {
		if s.ID == id {
			return s
		}
	}
	return nil
}
