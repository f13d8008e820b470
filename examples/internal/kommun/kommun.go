// Package kommun is the scenery of the vendor examples (skolsystem,
// socialtjanst, vardcentral): a Dalsland municipality with a school, social
// services and a health centre, their staff, one store and one
// backa.Service with a fixed clock and fixed IDs, so that every run prints the
// same.
//
// It is not part of the integration a vendor copies. In a real deployment the
// organisations, units and staff come from the municipality's and the region's
// own registers, the store is the municipality's database, and each agency's
// system runs in its own process; here they share one process and one store to
// show the flow.
//
// It also holds what the three systems do alike around their integration,
// so that each example shows only its own mapping: Main (the program's
// frame), Town.Deliver (the relay that hands a system its events) and Inbox
// (the at-least-once rule every event handler keeps: a real system keeps its
// record of handled events in its own database). The test harness is in
// kommuntest.
package kommun

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
)

// Place is where the town is: the municipality's code and name, and the name
// of its unit in each agency the example needs.
type Place struct {
	Kommun roles.Kommunkod
	Name   string // "Melleruds kommun"
	Units  map[roles.Agency]string
}

// Person is a professional of the town: a key the example refers to them by,
// their name and title, and the agency of the unit they work at.
type Person struct {
	Key        string
	GivenName  string
	FamilyName string
	Title      string
	Agency     roles.Agency
}

// Town is a municipality with its units, staff, store and service.
type Town struct {
	// Service is the entry point every agency's system calls.
	Service *backa.Service
	// Kommun and Region are the principals: the municipality runs preschool,
	// school and social services, the region health care.
	Kommun, Region roles.Organisation
	// Units holds one unit per agency, named by the example.
	Units map[roles.Agency]roles.Unit

	store *sqlstore.Store
	clock *clock
	ids   *idSource
	staff map[string]roles.Professional
	names map[roles.Party]string
}

// Open builds the town: an in-memory SQLite store, a service over it with
// the town's clock (starting at start) and IDs, and the organisations, the
// units of the place and the staff stored.
func Open(ctx context.Context, place Place, start time.Time, staff []Person) (*Town, error) {
	store, err := sqlstore.OpenSQLite(ctx, sqlstore.MemoryPath)
	if err != nil {
		return nil, err
	}
	c := &clock{now: start.UTC()}
	ids := &idSource{clock: c, rand: rand.NewChaCha8([32]byte{'k', 'o', 'm', 'm', 'u', 'n'})}
	svc, err := backa.NewService(store, &backa.Options{Now: c.Now, NewID: ids.NewID})
	if err != nil {
		store.Close()
		return nil, err
	}
	t := &Town{
		Service: svc, store: store, clock: c, ids: ids,
		Units: map[roles.Agency]roles.Unit{}, staff: map[string]roles.Professional{}, names: map[roles.Party]string{},
	}
	t.Kommun = roles.Organisation{ID: NewID[roles.Organisation](t), Kind: roles.Kommun, Name: place.Name, Kommun: place.Kommun}
	t.Region = roles.Organisation{ID: NewID[roles.Organisation](t), Kind: roles.Region, Name: "Västra Götalandsregionen", Organisationsnummer: "2321000131"}
	for _, a := range roles.Agencies() {
		name, ok := place.Units[a]
		if !ok {
			continue
		}
		org := t.Kommun
		if a.IsHealthCare() && a != roles.ElevhalsaMedicinsk {
			org = t.Region
		}
		t.Units[a] = roles.Unit{ID: NewID[roles.Unit](t), OrganisationID: org.ID, Name: name, Agency: a, Kommun: place.Kommun}
	}
	for _, p := range staff {
		u, ok := t.Units[p.Agency]
		if !ok {
			store.Close()
			return nil, fmt.Errorf("kommun: %s works in %s, which has no unit", p.Key, p.Agency)
		}
		pro := roles.Professional{
			ID: NewID[roles.Professional](t), GivenName: p.GivenName, FamilyName: p.FamilyName, Title: p.Title,
			Agency: p.Agency, UnitID: u.ID, OrganisationID: u.OrganisationID,
		}
		t.staff[p.Key] = pro
		t.names[roles.ProfessionalParty(pro.ID)] = pro.GivenName + " " + pro.FamilyName
	}
	err = store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		for _, o := range []roles.Organisation{t.Kommun, t.Region} {
			if err := o.Validate(); err != nil {
				return err
			}
			if err := tx.Organisations().Create(ctx, &o); err != nil {
				return err
			}
		}
		for _, u := range t.Units {
			if err := u.Validate(); err != nil {
				return err
			}
			if err := tx.Units().Create(ctx, &u); err != nil {
				return err
			}
		}
		for _, p := range t.staff {
			if err := p.Validate(); err != nil {
				return err
			}
			if err := tx.Professionals().Create(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("kommun: storing the town: %w", err)
	}
	return t, nil
}

// Close closes the town's store.
func (t *Town) Close() error { return t.store.Close() }

// Staff returns the professional with the key.
func (t *Town) Staff(key string) roles.Professional {
	p, ok := t.staff[key]
	if !ok {
		panic("kommun: no professional " + key) // a mistake in the example itself
	}
	return p
}

// Actor returns the professional with the key as the acting person of a use
// case.
func (t *Town) Actor(key string) roles.Actor {
	p := t.Staff(key)
	return roles.ProfessionalActor(p.ID, p.Agency, p.UnitID)
}

// Principal returns the principal (huvudman) of an agency's unit.
func (t *Town) Principal(a roles.Agency) roles.ID[roles.Organisation] {
	return t.Units[a].OrganisationID
}

// Name names a party for printing: a professional's name, or what the
// example called a member of the family (SetName).
func (t *Town) Name(p roles.Party) string {
	if n, ok := t.names[p]; ok {
		return n
	}
	return string(p.Kind)
}

// SetName gives a party a name for printing.
func (t *Town) SetName(p roles.Party, name string) { t.names[p] = name }

// Now returns the town's present moment.
func (t *Town) Now() time.Time { return t.clock.Now() }

// Today returns the town's calendar day.
func (t *Town) Today() roles.Date { return roles.DateOf(t.clock.Now()) }

// Set moves the town's clock to a day and time in Swedish local time.
func (t *Town) Set(year int, month time.Month, day, hour, minute int) {
	t.clock.set(time.Date(year, month, day, hour, minute, 0, 0, roles.SwedishTime()))
}

// Advance moves the town's clock on.
func (t *Town) Advance(d time.Duration) { t.clock.set(t.clock.Now().Add(d)) }

// NewID returns a typed ID from the town's fixed source.
func NewID[T any](t *Town) roles.ID[T] {
	u, _ := t.ids.NewID()
	return roles.ID[T](u)
}

// Family returns a child and two guardians in joint custody, ready for
// backa.Service.Enrol: the child with the personnummer pnr (from
// Skatteverket's test list) and the guardians with two more test numbers.
// Everyone is invented.
func Family(kod roles.Kommunkod, childGiven, family, pnr, guardian1, guardian2 string) (roles.Child, []backa.GuardianCustody, error) {
	child := roles.Child{GivenName: childGiven, FamilyName: family, Kommun: kod, Protection: roles.Oskyddad}
	var err error
	if child.Personnummer, err = roles.ParsePersonnummer(pnr); err != nil {
		return child, nil, err
	}
	var gs []backa.GuardianCustody
	for i, g := range []struct{ given, pnr string }{{guardian1, "198507099805"}, {guardian2, "198507099813"}} {
		if g.given == "" {
			continue
		}
		gu := roles.Guardian{GivenName: g.given, FamilyName: family, Protection: roles.Oskyddad}
		if gu.Personnummer, err = roles.ParsePersonnummer(g.pnr); err != nil {
			return child, nil, fmt.Errorf("guardian %d: %w", i+1, err)
		}
		gs = append(gs, backa.GuardianCustody{Guardian: gu})
	}
	return child, gs, nil
}

// Consent is the guardians' written consent, held by the agency of the
// professional who records it: that agency may give the categories to the
// receiving agencies, for coordination of support, for six months from now.
func (t *Town) Consent(child roles.ID[roles.Child], guardians []roles.ID[roles.Guardian], from roles.Agency, to []roles.Agency, cats ...roles.Category) roles.Consent {
	now := t.Now()
	c := roles.Consent{
		ChildID: child, DisclosingAgency: from, ReceivingAgencies: to, Categories: cats,
		Purpose: roles.PurposeSamordning, ValidFrom: now, ValidUntil: now.AddDate(0, 6, 0), Form: roles.Skriftligt,
	}
	for _, g := range guardians {
		c.Givers = append(c.Givers, roles.ConsentGiver{Party: roles.GuardianParty(g), GivenAt: now})
	}
	return c
}

// clock is the town's clock: it stands still until the example moves it.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}

// idSource makes UUIDv7s from the town's clock and a seeded random source
// (backa.Options.NewID): the same IDs on every run.
type idSource struct {
	mu    sync.Mutex
	clock *clock
	rand  *rand.ChaCha8
}

func (s *idSource) NewID() (uuid.UUID, error) {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[0:8], uint64(s.clock.Now().UnixMilli())<<16)
	s.mu.Lock()
	_, _ = s.rand.Read(u[6:]) // never fails
	s.mu.Unlock()
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // RFC 9562 variant
	return u, nil
}
