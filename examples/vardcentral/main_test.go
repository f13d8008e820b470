package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun/kommuntest"
)

func TestRun(t *testing.T) {
	kommuntest.Output(t, run, []string{
		"consent.recorded: sharing register: Skola may give Oro, Bedömning enligt behovskompassen, Barnets plan to Hälso- och sjukvård until 2027-03-07",
		"team.changed: amra.begic joined the team of Viktor Strand; patient P-20931 linked to Backa barnet",
		"journal note of P-20931 shared as an assessment of Hälsa, Omsorg; kept in the journal: Diagnos, Läkemedel",
		"on the general clause (OSL 10:27): refused: The general clause (OSL 10:27) is not available from health care or social services.",
		"on OSL 25:12 (osl_25_12): allowed",
		`item.assigned: P-20931 on the worklist, booked 2026-10-20: "Återbesök hos läkare med viktkontroll"`,
		"consent.withdrawn: sharing register: the consent from Skola is withdrawn",
		"plan.follow_up_due: P-20931: a time is set aside for the plan's follow-up on 2026-11-02",
	}, []string{"201701012393", "R10.4", "27,1 kg"})
}

func TestMappings(t *testing.T) {
	t.Parallel()
	for k, a := range sokordAreas {
		assert.True(t, a.Valid(), "keyword %s maps to an unknown area", k)
	}
	for _, private := range []Sokord{SokordDiagnos, SokordLakemedel, SokordBedomningPlan} {
		assert.NotContains(t, sokordAreas, private, "keyword %s must stay in the journal", private)
	}
	levels := behovskompass.DefaultLevels()
	assert.Equal(t, levels, []behovskompass.LevelCode{
		vardbehovLevels[IngetVardbehov], vardbehovLevels[Egenvard], vardbehovLevels[VardbehovFinns], vardbehovLevels[Akut],
	}, "the health centre's scale maps step for step onto Backa4")
}
