package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun/kommuntest"
)

func TestRun(t *testing.T) {
	kommuntest.Output(t, run, []string{
		"pupil E-4711 enrolled in Backa barnet; mentor maja.lund is Barnkontakt",
		"signals franvaro, trotthet, ensamhet -> concern on Hälsa, Utveckling, Fritid, Tillhörighet (Måttlig)",
		"Barnets plan, revision 2: 1 goal (Hälsa, Utveckling, Fritid, Tillhörighet), 2 items of the school",
		"team.changed: case ELV-2026-017: new contact Samir Haddad (Socialtjänst)",
		"stodsamordnare.changed: case ELV-2026-017: support is coordinated by Samir Haddad (Socialtjänst)",
		`item.assigned: case ELV-2026-017: new measure for the school: "Ringa hem samma dag vid frånvaro"`,
		"15 events delivered and acknowledged: the school acted on 3",
		"plan.follow_up_due: case ELV-2026-017: follow-up meeting booked in the school calendar for 2026-03-16",
		"- barnets_plan     Ringa hem samma dag vid frånvaro",
		"meetings booked: 2026-03-16",
	}, []string{"201701022384"})
}

// TestHandleTwice offers every event twice, as an at-least-once relay may:
// the second time changes nothing.
func TestHandleTwice(t *testing.T) {
	ctx := context.Background()
	town, school, err := setUp(ctx, io.Discard)
	require.NoError(t, err)
	defer town.Close()
	alma, arende := pupilCase(town.Today())
	require.NoError(t, school.OppnaArende(ctx, alma, arende))
	require.NoError(t, planCase(ctx, town, school, alma, arende))
	town.Advance(time.Hour)
	require.NoError(t, socialServices(ctx, town, alma.BackaID, guardiansOf(alma), io.Discard))

	page, err := town.Service.PendingEvents(ctx, adapters.PageRequest{Limit: adapters.MaxPageLimit})
	require.NoError(t, err)
	require.NotEmpty(t, page.Items)
	for _, e := range page.Items {
		require.NoError(t, school.Handle(ctx, e))
	}
	acted, measures, contacts := school.Acted, len(arende.Atgarder), len(arende.Kontakter)
	for _, e := range page.Items {
		require.NoError(t, school.Handle(ctx, e))
	}
	assert.Equal(t, acted, school.Acted, "acted again on a duplicate")
	assert.Equal(t, 3, measures)
	assert.Len(t, arende.Atgarder, measures)
	assert.Len(t, arende.Kontakter, contacts)
}

func TestSignalAreas(t *testing.T) {
	t.Parallel()
	for s, areas := range signalAreas {
		assert.NotEmpty(t, areas, "signal %s maps to no area", s)
		for _, a := range areas {
			assert.True(t, a.Valid(), "signal %s maps to an unknown area", s)
		}
	}
	assert.Equal(t, []behovskompass.Area{behovskompass.Trygghet, behovskompass.Omsorg, behovskompass.Ansvar},
		areasOf([]Signal{Hemforhallanden, Konflikter}), "in the compass's order, each once")
	assert.Empty(t, areasOf(nil))
	assert.True(t, strings.HasPrefix(signalList([]Signal{Franvaro, Trotthet}), "franvaro"))
}
