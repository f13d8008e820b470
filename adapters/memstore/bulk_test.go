package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A transaction's working copy is scanned while small and indexed once it
// grows; queries must see the same either way, before and after the commit.
func TestBulkTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	org := f.Organisation()
	u := f.Unit(org, roles.Forskola)
	p := f.Professional(u)
	var kids []roles.Child
	check := func(tx adapters.Tx, n int) {
		t.Helper()
		page, err := tx.Children().OfUnit(ctx, u.ID, f.At(adaptertest.Day), adapters.PageRequest{Limit: adapters.MaxPageLimit})
		require.NoError(t, err)
		assert.Len(t, page.Items, n, "children of the unit")
		for _, k := range kids[:n] {
			got, err := tx.Children().ByPersonnummer(ctx, k.Personnummer)
			require.NoError(t, err)
			assert.Equal(t, k.ID, got.ID)
		}
		dup := f.Child()
		dup.Personnummer = kids[n-1].Personnummer
		err = tx.Children().Create(ctx, &dup)
		if !errors.Is(err, adapters.ErrReadOnly) {
			assert.ErrorIs(t, err, adapters.ErrAlreadyExists)
		}
	}
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		require.NoError(t, tx.Organisations().Create(ctx, &org))
		require.NoError(t, tx.Units().Create(ctx, &u))
		require.NoError(t, tx.Professionals().Create(ctx, &p))
		for i := range 100 {
			c := f.Child()
			a := f.Assignment(c.ID, p, roles.Barnkontakt)
			require.NoError(t, tx.Children().Create(ctx, &c))
			require.NoError(t, tx.Assignments().Create(ctx, &a))
			kids = append(kids, c)
			if i == 5 || i == 50 || i == 99 { // scanned, then indexed
				check(tx, i+1)
			}
		}
		// Move the first child's number: the working copy refiles it.
		kids[0].Personnummer = f.ChildPersonnummer()
		return tx.Children().Update(ctx, &kids[0])
	}))
	require.NoError(t, s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		check(tx, 100)
		return nil
	}))
}

// A transaction that appends many audit entries and events finds a
// duplicate ID among them whether it still scans them or has indexed them.
func TestBulkAppends(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		var entries []adapters.AuditEntry
		var events []adapters.Event
		for i := range 40 {
			e := adapters.AuditEntry{ID: roles.MustNewID[adapters.AuditEntry](), At: f.At(adaptertest.Day), Action: "read", Category: "plan"}
			require.NoError(t, tx.Audit().Append(ctx, &e))
			entries = append(entries, e)
			ev := adapters.Event{ID: roles.MustNewID[adapters.Event](), Type: "plan.changed", At: f.At(adaptertest.Day), Payload: []byte(`{}`)}
			require.NoError(t, tx.Outbox().Append(ctx, &ev))
			events = append(events, ev)
			for _, j := range []int{0, i / 2, i} {
				dup := entries[j]
				assert.ErrorIs(t, tx.Audit().Append(ctx, &dup), adapters.ErrAlreadyExists, "audit entry %d again after %d", j, i+1)
				dupEv := events[j]
				assert.ErrorIs(t, tx.Outbox().Append(ctx, &dupEv), adapters.ErrAlreadyExists, "event %d again after %d", j, i+1)
				got, err := tx.Outbox().Get(ctx, events[j].ID)
				require.NoError(t, err)
				assert.Equal(t, events[j].Seq, got.Seq)
			}
		}
		return nil
	})
	require.NoError(t, err)
}
