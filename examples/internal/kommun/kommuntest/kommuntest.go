// Package kommuntest is the test harness of the vendor examples: it runs an
// example's program and checks what it printed.
package kommuntest

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Output runs an example program, requires that it succeeds, and checks its
// output: it must hold each line of want and none of never (a full
// personnummer, a system's own text that must not leave it). It returns the
// output.
func Output(t testing.TB, run func(context.Context, io.Writer) error, want, never []string) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	got := out.String()
	for _, w := range want {
		assert.Contains(t, got, w)
	}
	for _, n := range never {
		assert.NotContains(t, got, n, "personal data or a system's own text in the output")
	}
	return got
}
