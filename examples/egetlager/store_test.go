package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/roles"
)

// newStore opens a fresh store in a database file of its own: a copy of an
// empty, migrated database made once, which is quicker than migrating for
// each of the suite's cases.
func newStore(t *testing.T) adapters.Store {
	empty, err := emptyDatabase()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "skolsystem.db")
	if err := os.WriteFile(path, empty, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// emptyDatabase returns the bytes of an empty, migrated database file.
var emptyDatabase = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "egetlager-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "empty.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if err := s.Close(); err != nil { // the last connection folds the WAL into the file
		return nil, err
	}
	return os.ReadFile(path)
})

// TestConformance certifies the store: the three lines a vendor needs.
func TestConformance(t *testing.T) {
	adaptertest.Run(t, newStore)
	adaptertest.RunTransactions(t, newStore)
	adaptertest.RunConcurrency(t, newStore, adaptertest.ConcurrencyOptions{})
}

// TestAdoptsPupil checks the vendor's own rule: a child enrolled with the
// personnummer of a pupil in the register takes over the pupil's row.
func TestAdoptsPupil(t *testing.T) {
	ctx := context.Background()
	s := newStore(t).(*Store)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO elev (elev_nr, personnr, fornamn, efternamn, hemkommun, skydd)
		VALUES (4711, '201701022384', 'Alma', 'Nyström', '1461', 'ingen')`); err != nil {
		t.Fatal(err)
	}
	f := adaptertest.NewFixtures()
	c := f.Child()
	c.Personnummer = mustPnr(t, "201701022384")
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if _, err := tx.Children().ByPersonnummer(ctx, c.Personnummer); !errors.Is(err, adapters.ErrNotFound) {
			t.Errorf("a pupil not in Backa barnet is not a child: ByPersonnummer error %v, want ErrNotFound", err)
		}
		return tx.Children().Create(ctx, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
	var n, nr int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), max(elev_nr) FROM elev`).Scan(&n, &nr); err != nil {
		t.Fatal(err)
	}
	if n != 1 || nr != 4711 {
		t.Errorf("after Create: %d rows, pupil number %d; want the one row 4711", n, nr)
	}
	// A second child with the same personnummer is refused.
	d := f.Child()
	d.Personnummer = c.Personnummer
	err = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Children().Create(ctx, &d) })
	if !errors.Is(err, adapters.ErrAlreadyExists) {
		t.Errorf("a second child with the personnummer: error %v, want ErrAlreadyExists", err)
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"elev_nr 4711  Alma Nyström  in Backa barnet: false (backa_version 0)",
		"elev_nr 4711  Alma Nyström  in Backa barnet: true (backa_version 1)",
		"elevansvar: barnkontakt (skola)",
		"1 custody, 1 audit entry (hash chain intact), 1 event (child.enrolled)",
	} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func mustPnr(t *testing.T, s string) roles.Personnummer {
	t.Helper()
	p, err := roles.ParsePersonnummer(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
