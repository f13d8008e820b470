package kommun

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
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
