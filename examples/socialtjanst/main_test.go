package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/examples/internal/kommun/kommuntest"
)

func TestRun(t *testing.T) {
	kommuntest.Output(t, run, []string{
		"concern.reported: AKT-2026-031 registered (anmälan från Skola), förhandsbedömning due by 2026-03-23",
		`AKT-2026-031: the report reads: "Ella berättar att de vuxna bråkar hemma`,
		"assessment on the compass: Trygghet: Behov av stöd, Hälsa: Behov av stöd, Omsorg: Inget behov, Utveckling: Inget behov",
		"decision IB-2026-112: Familjebehandling, 2026-05-11 to 2026-11-30 -> item of Barnets plan, goal on Trygghet",
		"Sofia is Stödsamordnare; SIP meeting due by 2026-05-27",
		`assessment.recorded: UTR-2026-019 gets material from Hälso- och sjukvård on Hälsa: "Insomningssvårigheter`,
		"Aktiv; a SIP: true; lead principal: Bengtsfors kommun",
		"- Sömnskola med distriktssköterska               Hälso- och sjukvård  2026-05-25 to 2026-06-26",
	}, []string{"201701102384"})
}

func TestMappings(t *testing.T) {
	t.Parallel()
	for o, a := range bbicAreas {
		assert.True(t, a.Valid(), "BBIC area %s maps to an unknown compass area", o)
	}
	assert.Len(t, bbicAreas, 10, "every BBIC area has a compass area")
	scale := behovskompass.DefaultScale()
	for g, l := range gradLevels {
		_, ok := scale.Level(l)
		assert.True(t, ok, "grade %d maps to a level off the default scale", g)
	}
	assert.Less(t, rank(gradLevels[Tillgodosett]), rank(gradLevels[DelvisTillgodosett]))
	assert.Less(t, rank(gradLevels[DelvisTillgodosett]), rank(gradLevels[EjTillgodosett]))
	assert.Less(t, rank(""), rank(gradLevels[Tillgodosett]), "no level is below every level")
}
