// Command egetlager ("own store") is a vendor's own storage adapter for
// Backa barnet: an adapters.Store over the vendor's existing database, and
// the test that certifies it with the conformance suite (store_test.go):
//
//	func TestConformance(t *testing.T) {
//		adaptertest.Run(t, newStore)
//		adaptertest.RunTransactions(t, newStore)
//		adaptertest.RunConcurrency(t, newStore, adaptertest.ConcurrencyOptions{})
//	}
//
// # The design
//
// A school system has kept a pupil register for years, in its own SQLite
// database, with its own column names (elev: elev_nr, personnr, fornamn,
// ...) and its own table of who is responsible for which pupil
// (elevansvar). It wants Backa barnet's children and role assignments to be
// those rows, so that its own screens and reports keep working on them.
// Implementing every repository of adapters.Store over its own schema would
// be a large job with little gain: plans, audit trail and outbox have no
// counterpart in the vendor's system. So the vendor's Store
//
//   - keeps Children in its pupil register: two columns added (backa_id, the
//     child's ID, and backa_version, its revision); a child enrolled with the
//     personnummer of a pupil already in the register takes over that row
//     instead of adding one, so the pupil keeps their pupil number;
//   - keeps Assignments in elevansvar, so that Children.OfUnit and
//     OfProfessional are plain joins of its own two tables;
//   - leaves every other repository to sqlstore, whose tables live in the same
//     database: its InTx and View run the transaction, and the vendor's
//     repositories work on the same database transaction (sqlstore.SQLTx), so
//     a child, its custody, its audit entry and its event commit together or
//     not at all.
//
// The price: the vendor's two repositories must keep the contract of
// adapters.Children and adapters.Assignments by themselves (revisions,
// errors, paging, read-only views, done transactions), and the conformance
// suite holds them to it, as it holds every store. Nothing here depends on
// sqlstore's own tables.
//
// Run it to see a pupil of the register enrolled in Backa barnet:
//
//	go run ./examples/egetlager
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // Swedish time on any host

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "egetlager:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("no arguments expected")
	}
	dir, err := os.MkdirTemp("", "backa-egetlager-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := Open(ctx, filepath.Join(dir, "skolsystem.db"))
	if err != nil {
		return err
	}
	defer store.Close()

	// The school system's register, as it was: Alma is pupil 4711.
	if _, err := store.db.ExecContext(ctx, `INSERT INTO elev (elev_nr, personnr, fornamn, efternamn, hemkommun, skydd)
		VALUES (4711, '201701022384', 'Alma', 'Nyström', '1461', 'ingen')`); err != nil {
		return err
	}
	fmt.Fprintln(out, "The school system's own database, with Backa barnet in it")
	if err := printRegister(ctx, store, out, "the pupil register before"); err != nil {
		return err
	}

	// The school and its mentor, written as the vendor's system writes its
	// catalogue: straight to the store.
	now := time.Date(2026, time.February, 2, 9, 0, 0, 0, roles.SwedishTime())
	kommun := roles.Organisation{ID: roles.MustNewID[roles.Organisation](), Kind: roles.Kommun, Name: "Melleruds kommun", Kommun: roles.Mellerud}
	school := roles.Unit{ID: roles.MustNewID[roles.Unit](), OrganisationID: kommun.ID, Name: "Tallbackaskolan", Agency: roles.Skola, Kommun: roles.Mellerud}
	maja := roles.Professional{ID: roles.MustNewID[roles.Professional](), GivenName: "Maja", FamilyName: "Lund",
		Agency: roles.Skola, UnitID: school.ID, OrganisationID: kommun.ID}
	if err := store.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Organisations().Create(ctx, &kommun); err != nil {
			return err
		}
		if err := tx.Units().Create(ctx, &school); err != nil {
			return err
		}
		return tx.Professionals().Create(ctx, &maja)
	}); err != nil {
		return err
	}

	// The service over the vendor's store, like any other.
	svc, err := backa.NewService(store, &backa.Options{Now: func() time.Time { return now }})
	if err != nil {
		return err
	}
	e, err := svc.Enrol(ctx, roles.ProfessionalActor(maja.ID, roles.Skola, school.ID), backa.EnrolRequest{
		Child: roles.Child{
			Personnummer: roles.MustParsePersonnummer("201701022384"), // Skatteverket's test number
			GivenName:    "Alma", FamilyName: "Nyström", Kommun: roles.Mellerud, Protection: roles.Oskyddad,
		},
		Guardians: []backa.GuardianCustody{{Guardian: roles.Guardian{
			Personnummer: roles.MustParsePersonnummer("198507099805"), GivenName: "Hanna", FamilyName: "Nyström", Protection: roles.Oskyddad,
		}}},
		Barnkontakt: maja.ID,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nService.Enrol: Alma enters Backa barnet with her mentor Maja as Barnkontakt")
	if err := printRegister(ctx, store, out, "the pupil register after"); err != nil {
		return err
	}

	// The rest is in sqlstore's tables, in the same database; the service
	// reads through the vendor's store as through any.
	rep, err := svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	events, err := svc.PendingEvents(ctx, adapters.PageRequest{})
	if err != nil {
		return err
	}
	var custodies int
	err = store.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		cs, err := tx.Custodies().OfChild(ctx, e.ChildID)
		custodies = len(cs)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nIn sqlstore's tables of the same database, written in the same transaction:\n")
	fmt.Fprintf(out, "    %d custody, %d audit entry (hash chain intact), %d event (%s)\n", custodies, rep.Entries, len(events.Items), events.Items[0].Type)
	return nil
}

// printRegister prints the vendor's own rows: the pupil register and who is
// responsible for whom, in the vendor's column names.
func printRegister(ctx context.Context, s *Store, out io.Writer, title string) error {
	fmt.Fprintf(out, "    %s:\n", title)
	rows, err := s.db.QueryContext(ctx, `SELECT elev_nr, fornamn, efternamn, backa_id IS NOT NULL, backa_version FROM elev ORDER BY elev_nr`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var nr, version int64
		var given, family string
		var inBacka bool
		if err := rows.Scan(&nr, &given, &family, &inBacka, &version); err != nil {
			return err
		}
		fmt.Fprintf(out, "      elev_nr %d  %s %s  in Backa barnet: %v (backa_version %d)\n", nr, given, family, inBacka, version)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var roll, verksamhet string
	err = s.db.QueryRowContext(ctx, `SELECT roll, verksamhet FROM elevansvar`).Scan(&roll, &verksamhet)
	if err == nil {
		fmt.Fprintf(out, "      elevansvar: %s (%s)\n", roll, verksamhet)
	}
	return nil
}
