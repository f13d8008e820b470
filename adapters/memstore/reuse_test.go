package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/adapters/adaptertest"
	"github.com/backabarnet/backabarnet/adapters/memstore"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Write transactions hand their emptied working copy to the next one. What a
// transaction rolled back (by an error or a panic) must not reach the next,
// nor what one committed be written twice, nor a plan's revisions of a
// rolled-back transaction be counted.
func TestWorkingCopyReuse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	p := writePeople(t, s, f)
	errRollback := errors.New("roll back")

	// A rolled-back child and plan (with two revisions).
	gone := f.Child()
	gonePlan := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p.child.ID, Status: plan.Utkast, Summary: "Utkast."}
	err := s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		require.NoError(t, tx.Children().Create(ctx, &gone))
		require.NoError(t, tx.Plans().Create(ctx, &gonePlan))
		require.NoError(t, tx.Plans().Update(ctx, &gonePlan))
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)

	// The next transaction sees none of it, and commits its own.
	kept := f.Child()
	pl := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p.child.ID, Status: plan.Utkast, Summary: "Utkast."}
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Children().Get(ctx, gone.ID)
		assert.ErrorIs(t, err, adapters.ErrNotFound, "a rolled-back child")
		_, err = tx.Children().ByPersonnummer(ctx, gone.Personnummer)
		assert.ErrorIs(t, err, adapters.ErrNotFound, "a rolled-back child's personnummer")
		_, err = tx.Plans().Get(ctx, gonePlan.ID)
		assert.ErrorIs(t, err, adapters.ErrNotFound, "a rolled-back plan")
		require.NoError(t, tx.Children().Create(ctx, &kept))
		require.NoError(t, tx.Plans().Create(ctx, &pl))
		pl.Summary = "Ändrad."
		return tx.Plans().Update(ctx, &pl)
	}))

	// A bulk transaction (an indexed working copy) that panics.
	func() {
		defer func() { assert.NotNil(t, recover(), "the panic propagates") }()
		_ = s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			for range 100 {
				c := f.Child()
				require.NoError(t, tx.Children().Create(ctx, &c))
			}
			panic("bulk")
		})
	}()

	// One more write of the same kinds, then everything as committed.
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		kept.Contact = nil
		if err := tx.Children().Update(ctx, &kept); err != nil {
			return err
		}
		pl.Summary = "Ändrad igen."
		return tx.Plans().Update(ctx, &pl)
	}))
	require.NoError(t, s.View(ctx, func(ctx context.Context, tx adapters.Tx) error {
		_, err := tx.Children().Get(ctx, gone.ID)
		assert.ErrorIs(t, err, adapters.ErrNotFound)
		got, err := tx.Children().Get(ctx, kept.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Revision)
		page, err := tx.Children().OfUnit(ctx, p.preschool.ID, f.At(adaptertest.Day), adapters.PageRequest{Limit: adapters.MaxPageLimit})
		require.NoError(t, err)
		assert.Len(t, page.Items, 1, "only the child the people were written with")

		byChild, err := tx.Plans().ByChild(ctx, p.child.ID)
		require.NoError(t, err)
		assert.Equal(t, pl.ID, byChild.ID)
		assert.Equal(t, int64(3), byChild.Revision)
		log, err := tx.Plans().Revisions(ctx, pl.ID, adapters.PageRequest{})
		require.NoError(t, err)
		require.Len(t, log.Items, 3)
		for i, want := range []string{"Ändrad igen.", "Ändrad.", "Utkast."} {
			assert.Equal(t, want, log.Items[i].Summary, "revision %d", 3-i)
		}
		_, err = tx.Plans().Revision(ctx, gonePlan.ID, 1)
		assert.ErrorIs(t, err, adapters.ErrNotFound, "a rolled-back plan's revision")
		return nil
	}))
}

// Within one transaction, each revision of each plan is found by number.
func TestRevisionsInTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := adaptertest.NewFixtures()
	s := memstore.New()
	p1, p2 := writePeople(t, s, f), writePeople(t, s, f)
	a := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p1.child.ID, Status: plan.Utkast, Summary: "a1"}
	b := plan.Plan{ID: roles.MustNewID[plan.Plan](), ChildID: p2.child.ID, Status: plan.Utkast, Summary: "b1"}
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error { return tx.Plans().Create(ctx, &a) }))
	require.NoError(t, s.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		require.NoError(t, tx.Plans().Create(ctx, &b))
		a.Summary = "a2"
		require.NoError(t, tx.Plans().Update(ctx, &a))
		b.Summary = "b2"
		require.NoError(t, tx.Plans().Update(ctx, &b))
		a.Summary = "a3"
		require.NoError(t, tx.Plans().Update(ctx, &a))
		for _, c := range []struct {
			id   roles.ID[plan.Plan]
			revs []string
		}{{a.ID, []string{"a1", "a2", "a3"}}, {b.ID, []string{"b1", "b2"}}} {
			for i, want := range c.revs {
				got, err := tx.Plans().Revision(ctx, c.id, int64(i+1))
				require.NoError(t, err)
				assert.Equal(t, want, got.Summary)
			}
			_, err := tx.Plans().Revision(ctx, c.id, int64(len(c.revs)+1))
			assert.ErrorIs(t, err, adapters.ErrNotFound)
		}
		return nil
	}))
}
