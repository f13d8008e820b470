package roles

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogRedaction(t *testing.T) {
	t.Parallel()
	c := testChild()
	g := testGuardian()
	p := c.Personnummer
	prof := testProfessional()
	rel := RelatedPerson{ID: relatedID, GivenName: "Ingrid", FamilyName: "Testsson", Relation: "mormor"}
	secrets := []string{
		"2393", pnrChild, "9051", pnr1937, // the serial digits and the full numbers
		"Elsa", "Maja", "Ingrid", "Karin", "Testsson", "Exempelsson", "mormor",
		"Storgatan", "662 30", "0532", "maja@example.se",
	}
	attrs := []slog.Attr{
		slog.Any("child", c),
		slog.Any("childPtr", &c),
		slog.Any("guardian", g),
		slog.Any("guardianPtr", &g),
		slog.Any("pnr", p),
		slog.Any("pnrPtr", &p),
		slog.Any("related", rel),
		slog.Any("contact", c.Contact),
		slog.Any("professional", prof),
		slog.Group("nested", slog.Any("child", c), slog.Any("guardian", g)),
	}
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	}
	for name, h := range handlers {
		var buf bytes.Buffer
		slog.New(h(&buf)).LogAttrs(t.Context(), slog.LevelInfo, "barnet", attrs...)
		out := buf.String()
		for _, s := range secrets {
			assert.NotContains(t, out, s, "%s handler", name)
		}
		assert.Contains(t, out, "20170101-****", name)
		assert.Contains(t, out, childID.String(), name)
	}

	// The JSON handler's record holds the redacted form and the IDs.
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("barnet", "child", c, "pnr", p)
	var rec struct {
		Child map[string]string `json:"child"`
		Pnr   string            `json:"pnr"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rec))
	assert.Equal(t, map[string]string{"id": childID.String(), "personnummer": "20170101-****", "protection": "ingen"}, rec.Child)
	assert.Equal(t, "20170101-****", rec.Pnr)
}

func TestErrorsHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	c := testChild()
	c.Kommun = "0000"
	c.GivenName = ""
	err := c.Validate()
	require.Error(t, err)
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Error("save failed", "err", err, "child", c)
	for _, s := range []string{"2393", pnrChild, "Testsson", "Storgatan"} {
		assert.NotContains(t, buf.String(), s)
	}
}
