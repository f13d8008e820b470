package behovskompass_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	bk "github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConcernJSONGolden(t *testing.T) {
	t.Parallel()
	c := sampleConcern()
	require.NoError(t, c.Validate())
	b := golden(t, "concern.json", c)
	var back bk.Concern
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)
	assert.True(t, back.ReportedToSocialServices())

	// Not reported: the time is left out.
	c.ReportedToSocialServicesAt = time.Time{}
	assert.False(t, c.ReportedToSocialServices())
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "reportedToSocialServicesAt")
}

func TestConcernValidate(t *testing.T) {
	t.Parallel()
	type P = roles.Problem
	local := time.FixedZone("CET", 3600)
	tests := []struct {
		name   string
		modify func(*bk.Concern)
		want   []P
	}{
		{"valid", func(*bk.Concern) {}, nil},
		{"not reported", func(c *bk.Concern) { c.ReportedToSocialServicesAt = time.Time{} }, nil},
		{"raised by a guardian, no agency", func(c *bk.Concern) {
			c.RaisedBy = roles.GuardianParty(fixedID[roles.Guardian](40))
			c.Agency, c.UnitID = "", roles.ID[roles.Unit]{}
		}, nil},
		{"no ID", func(c *bk.Concern) { c.ID = roles.ID[bk.Concern]{} }, []P{{Path: "id", Rule: "required"}}},
		{"no child", func(c *bk.Concern) { c.ChildID = roles.ID[roles.Child]{} }, []P{{Path: "childId", Rule: "required"}}},
		{"nothing noticed", func(c *bk.Concern) { c.Noticed = "" }, []P{{Path: "noticed", Rule: "required"}}},
		{"too long", func(c *bk.Concern) { c.Noticed = strings.Repeat("ö", 4001) }, []P{{Path: "noticed", Rule: "max"}}},
		{"no areas", func(c *bk.Concern) { c.Areas = nil }, []P{{Path: "areas", Rule: "required"}}},
		{"duplicate area", func(c *bk.Concern) { c.Areas = []bk.Area{bk.Trygghet, bk.Omsorg, bk.Trygghet} }, []P{{Path: "areas[2]", Rule: "duplicate"}}},
		{"unknown area", func(c *bk.Concern) { c.Areas[1] = "lek" }, []P{{Path: "areas[1]", Rule: "code"}}},
		{"no seriousness", func(c *bk.Concern) { c.Seriousness = "" }, []P{{Path: "seriousness", Rule: "required"}}},
		{"unknown seriousness", func(c *bk.Concern) { c.Seriousness = "kritisk" }, []P{{Path: "seriousness", Rule: "code"}}},
		{"no upptäckare", func(c *bk.Concern) { c.RaisedBy = roles.Party{} }, []P{{Path: "raisedBy.kind", Rule: "required"}, {Path: "raisedBy.id", Rule: "required"}}},
		{"professional without agency", func(c *bk.Concern) { c.Agency = "" }, []P{{Path: "agency", Rule: "required"}}},
		{"unknown agency", func(c *bk.Concern) { c.Agency = "fritids" }, []P{{Path: "agency", Rule: "code"}}},
		{"no time", func(c *bk.Concern) { c.RaisedAt = time.Time{} }, []P{{Path: "raisedAt", Rule: "required"}}},
		{"times not in UTC", func(c *bk.Concern) {
			c.RaisedAt = c.RaisedAt.In(local)
			c.ReportedToSocialServicesAt = c.ReportedToSocialServicesAt.In(local)
		}, []P{{Path: "raisedAt", Rule: "utc"}, {Path: "reportedToSocialServicesAt", Rule: "utc"}}},
		{"no Barnkontakt", func(c *bk.Concern) { c.Barnkontakt = bk.BarnkontaktRef{} }, []P{
			{Path: "barnkontakt.assignmentId", Rule: "required"}, {Path: "barnkontakt.professionalId", Rule: "required"}}},
		{"negative revision", func(c *bk.Concern) { c.Revision = -2 }, []P{{Path: "revision", Rule: "gte"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := sampleConcern()
			tt.modify(&c)
			err := c.Validate()
			assertProblems(t, err, tt.want)
			if err != nil && c.Noticed != "" {
				assert.NotContains(t, err.Error(), c.Noticed)
			}
		})
	}
}

func TestConcernDecode(t *testing.T) {
	t.Parallel()
	valid, err := json.Marshal(sampleConcern())
	require.NoError(t, err)
	replace := func(old, new string) []byte {
		require.Contains(t, string(valid), old)
		return []byte(strings.Replace(string(valid), old, new, 1))
	}
	var c bk.Concern
	err = json.Unmarshal(replace(`"areas":["trygghet","omsorg"]`, `"areas":["trygghet","hem"]`), &c)
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)
	assert.EqualError(t, err, `concern: areas[1]: area: unknown code "hem"`)
	err = json.Unmarshal(replace(`"seriousness":"allvarlig"`, `"seriousness":"kritisk"`), &c)
	assert.ErrorIs(t, err, vocab.ErrUnknownCode)

	require.NoError(t, json.Unmarshal(replace(`"raisedAt":"2026-02-03T13:05:00Z"`, `"raisedAt":"2026-02-03T14:05:00+01:00"`), &c))
	assert.Equal(t, sampleConcern(), c, "instants are converted to UTC")
}

func TestConcernLogValueHoldsNoText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	c := sampleConcern()
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("raised", "concern", c)
	assert.Contains(t, buf.String(), c.ID.String())
	assert.Contains(t, buf.String(), `"reportedToSocialServices":true`)
	assert.NotContains(t, buf.String(), "blåmärken")
}
