package memstore_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/roles"
)

func Example() {
	ctx := context.Background()
	s := memstore.New()

	id, _ := roles.ParseID[roles.Child]("01890f4e-2b7c-7d3a-9f00-0123456789ab")
	child := roles.Child{
		ID:           id,
		Personnummer: roles.MustParsePersonnummer("201701012393"), // Skatteverket's test number
		GivenName:    "Alva",
		FamilyName:   "Ek",
		Kommun:       roles.Amal,
		Protection:   roles.Oskyddad,
	}
	// Every write runs in a transaction; Create stores revision 1.
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		return tx.Children().Create(ctx, &child)
	})
	fmt.Println("created at revision", child.Revision, err)

	// Two people edit the same record: the first to save wins.
	first, second := child, child
	first.Protection = roles.SkyddadFolkbokforing
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &first) })
	fmt.Println("first save: revision", first.Revision, err)
	second.GivenName = "Alva Maria"
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Update(ctx, &second) })
	fmt.Println("second save:", err)
	fmt.Println("a conflict:", errors.Is(err, adapters.ErrConflict))

	// Reads run on a consistent snapshot.
	_ = s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		got, err := tx.Children().ByPersonnummer(ctx, child.Personnummer)
		fmt.Println("found", got.GivenName, got.Personnummer, got.Protection, "at revision", got.Revision, err)
		return nil
	})
	// Output:
	// created at revision 1 <nil>
	// first save: revision 2 <nil>
	// second save: child 01890f4e-2b7c-7d3a-9f00-0123456789ab: revision conflict
	// a conflict: true
	// found Alva 20170101-**** skyddad_folkbokforing at revision 2 <nil>
}
