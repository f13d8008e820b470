package kommun

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
)

func TestRunArgs(t *testing.T) {
	t.Parallel()
	ran := false
	run := func(_ context.Context, out io.Writer) error {
		ran = true
		_, err := io.WriteString(out, "ok")
		return err
	}
	assert.ErrorIs(t, runArgs(t.Context(), io.Discard, []string{"extra"}, run), errArgs)
	assert.False(t, ran, "ran with arguments")
	var out bytes.Buffer
	require.NoError(t, runArgs(t.Context(), &out, nil, run))
	assert.Equal(t, "ok", out.String())
}

func TestInbox(t *testing.T) {
	t.Parallel()
	var unknown int
	in := Inbox{OnUnknown: func(adapters.Event) { unknown++ }}
	ev := adapters.Event{Type: "no.such_event"}
	_, ok, err := in.Open(ev)
	require.NoError(t, err)
	assert.False(t, ok, "an unknown event to act on")
	assert.Equal(t, 1, unknown)
	_, ok, err = in.Open(ev)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, 1, unknown, "an unknown event reported twice")
}

func TestPlural(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0 events", 1: "1 event", 15: "15 events"} {
		assert.Equal(t, want, Plural(n, "event"))
	}
}

func TestInboxOnce(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	town, err := Open(ctx, Place{Kommun: roles.Mellerud, Name: "Melleruds kommun", Units: map[roles.Agency]string{roles.Skola: "Tallbackaskolan"}},
		time.Date(2026, time.February, 2, 8, 0, 0, 0, roles.SwedishTime()),
		[]Person{{Key: "maja", GivenName: "Maja", FamilyName: "Lund", Title: "Lärare", Agency: roles.Skola}})
	require.NoError(t, err)
	defer town.Close()
	child, gs, err := Family(roles.Mellerud, "Alma", "Nyström", "201701022384", "Hanna", "")
	require.NoError(t, err)
	_, err = town.Service.Enrol(ctx, town.Actor("maja"), backa.EnrolRequest{Child: child, Guardians: gs, Barnkontakt: town.Staff("maja").ID})
	require.NoError(t, err)

	var in Inbox
	var acted, pages int
	handle := func(_ context.Context, ev adapters.Event) error {
		if _, ok, err := in.Open(ev); !ok {
			return err
		}
		acted++
		in.Done(ev)
		return nil
	}
	page, err := town.Service.PendingEvents(ctx, adapters.PageRequest{Limit: adapters.MaxPageLimit})
	require.NoError(t, err)
	require.NotEmpty(t, page.Items)
	for range 2 {
		for _, ev := range page.Items {
			require.NoError(t, handle(ctx, ev))
		}
	}
	assert.Equal(t, len(page.Items), acted, "an event acted on twice")
	require.NoError(t, town.Deliver(ctx, handle, func(backa.DeliveryReport) { pages++ }))
	assert.Equal(t, len(page.Items), acted, "a delivered duplicate acted on")
	assert.Equal(t, 1, pages)
}
