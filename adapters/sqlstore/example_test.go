package sqlstore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/sqlstore"
	"github.com/backabarnet/backabarnet/roles"
)

// A store on a SQLite file: a child and an audit entry written in one
// transaction, read back in a View.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "backa-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "backa.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	pnr := roles.MustParsePersonnummer("201701012393") // from Skatteverket's test list
	child := roles.Child{ID: roles.MustNewID[roles.Child](), Personnummer: pnr, GivenName: "Alva", FamilyName: "Berg",
		Kommun: roles.Amal, Protection: roles.Oskyddad}
	entry := adapters.AuditEntry{ID: roles.MustNewID[adapters.AuditEntry](), ChildID: child.ID, Action: "write",
		Actor: roles.Party{Kind: roles.PartySystem, ID: roles.MustNewID[roles.Party]().UUID()}, Allowed: true,
		Severity: adapters.SeverityNormal}
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := tx.Children().Create(ctx, &child); err != nil {
			return err
		}
		return tx.Audit().Append(ctx, &entry)
	})
	if err != nil {
		log.Fatal(err)
	}

	err = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		c, err := tx.Children().ByPersonnummer(ctx, pnr)
		if err != nil {
			return err
		}
		extract, err := tx.Audit().ByChild(ctx, c.ID, adapters.PageRequest{})
		if err != nil {
			return err
		}
		fmt.Printf("%s %s, revision %d, born %s; audit entries: %d, the first with seq %d\n",
			c.GivenName, c.FamilyName, c.Revision, c.BirthDate(), len(extract.Items), extract.Items[0].Seq)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// Alva Berg, revision 1, born 2017-01-01; audit entries: 1, the first with seq 1
}
