package adapters_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const childUUID = "01890f4e-2b7c-7d3a-9f00-0123456789ab"

func TestErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err      error
		msg      string
		sentinel error
		entity   adapters.Entity
		id       string
	}{
		{adapters.NotFound(adapters.EntityChild, childUUID), "child " + childUUID + ": not found", adapters.ErrNotFound, adapters.EntityChild, childUUID},
		{adapters.NotFoundBy(adapters.EntityChild, "with that personnummer"), "child with that personnummer: not found", adapters.ErrNotFound, adapters.EntityChild, ""},
		{adapters.AlreadyExists(adapters.EntityPlan, childUUID), "plan " + childUUID + ": already exists", adapters.ErrAlreadyExists, adapters.EntityPlan, childUUID},
		{adapters.AlreadyExistsBy(adapters.EntityPlan, "for that child"), "plan for that child: already exists", adapters.ErrAlreadyExists, adapters.EntityPlan, ""},
		{adapters.Conflict(adapters.EntityConsent, childUUID), "consent " + childUUID + ": revision conflict", adapters.ErrConflict, adapters.EntityConsent, childUUID},
		{&adapters.Error{Entity: adapters.EntityPlanRevision, ID: childUUID, Key: "revision 4", Err: adapters.ErrNotFound},
			"plan revision " + childUUID + " revision 4: not found", adapters.ErrNotFound, adapters.EntityPlanRevision, childUUID},
		{&adapters.Error{Entity: adapters.EntityEvent}, "event: storage error", nil, adapters.EntityEvent, ""},
	} {
		assert.Equal(t, tc.msg, tc.err.Error())
		if tc.sentinel != nil {
			assert.ErrorIs(t, tc.err, tc.sentinel)
		}
		for _, other := range []error{adapters.ErrNotFound, adapters.ErrAlreadyExists, adapters.ErrConflict} {
			if other != tc.sentinel {
				assert.NotErrorIs(t, tc.err, other, tc.msg)
			}
		}
		wrapped := fmt.Errorf("load: %w", tc.err)
		var ae *adapters.Error
		require.ErrorAs(t, wrapped, &ae)
		assert.Equal(t, tc.entity, ae.Entity)
		assert.Equal(t, tc.id, ae.ID)
	}
}

func TestNormalizeTime(t *testing.T) {
	t.Parallel()
	east := time.FixedZone("UTC+5:30", 5*3600+1800)
	for _, tc := range []struct {
		in, want time.Time
	}{
		{time.Time{}, time.Time{}},
		{time.Time{}.In(east), time.Time{}},
		{time.Date(2026, 3, 29, 2, 59, 59, 999999999, east), time.Date(2026, 3, 28, 21, 29, 59, 999999000, time.UTC)},
		{time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{time.Date(2026, 1, 1, 0, 0, 0, 1000, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 1000, time.UTC)},
	} {
		got := adapters.NormalizeTime(tc.in)
		assert.True(t, got == tc.want, "NormalizeTime(%v) = %v, want %v (==)", tc.in, got, tc.want)
		assert.Equal(t, time.UTC, got.Location())
	}
	now := time.Now()
	n := adapters.NormalizeTime(now)
	assert.True(t, n == adapters.NormalizeTime(n), "NormalizeTime is idempotent and drops the monotonic reading")
}

func TestEffectiveLimit(t *testing.T) {
	t.Parallel()
	for limit, want := range map[int]int{-1: adapters.DefaultPageLimit, 0: adapters.DefaultPageLimit, 1: 1, 50: 50,
		adapters.MaxPageLimit: adapters.MaxPageLimit, adapters.MaxPageLimit + 1: adapters.MaxPageLimit} {
		assert.Equal(t, want, adapters.PageRequest{Limit: limit}.EffectiveLimit(), "Limit %d", limit)
	}
}

func TestSeverity(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []adapters.Severity{adapters.SeverityNormal, adapters.SeverityHigh}, adapters.Severities())
	for _, s := range adapters.Severities() {
		got, err := adapters.ParseSeverity(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
		assert.True(t, s.Valid())
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back adapters.Severity
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	for _, bad := range []string{"", "HIGH", "critical"} {
		_, err := adapters.ParseSeverity(bad)
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, bad)
		assert.False(t, adapters.Severity(bad).Valid())
		_, err = adapters.Severity(bad).MarshalText()
		assert.ErrorIs(t, err, vocab.ErrUnknownCode, bad)
		var s adapters.Severity
		assert.ErrorIs(t, s.UnmarshalText([]byte(bad)), vocab.ErrUnknownCode, bad)
	}
	s := adapters.Severities()
	s[0] = "changed"
	assert.Equal(t, adapters.SeverityNormal, adapters.Severities()[0], "Severities returns a copy")
}

// update rewrites the golden files: go test ./adapters -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -update to create it", t.Name())
	assert.Equal(t, string(want), string(got), "%s: the JSON differs from the golden file (run with -update if intended)", path)
	back := reflect.New(reflect.TypeOf(v))
	require.NoError(t, json.Unmarshal(want, back.Interface()))
	again, err := json.MarshalIndent(back.Elem().Interface(), "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(append(again, '\n')), "%s does not survive a round trip", path)
}

func mustID[T any](s string) roles.ID[T] {
	id, err := roles.ParseID[T](s)
	if err != nil {
		panic(err)
	}
	return id
}

func TestGoldenJSON(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 15, 30, 123456000, time.UTC)
	child := mustID[roles.Child](childUUID)
	prof := mustID[roles.Professional]("01890f4e-2b7c-7d3a-9f00-00000000a001")
	checkGolden(t, "audit_entry", adapters.AuditEntry{
		ID:          mustID[adapters.AuditEntry]("01890f4e-2b7c-7d3a-9f00-00000000b001"),
		Seq:         42,
		At:          at,
		Actor:       roles.ProfessionalParty(prof),
		ActorAgency: roles.Forskola,
		ActorUnit:   mustID[roles.Unit]("01890f4e-2b7c-7d3a-9f00-00000000c001"),
		ChildID:     child,
		Action:      "read",
		Category:    "plan",
		Purpose:     "samordning",
		Allowed:     true,
		BasisKind:   "consent",
		BasisRef:    "01890f4e-2b7c-7d3a-9f00-00000000d001",
		DecisionID:  uuid.MustParse("01890f4e-2b7c-7d3a-9f00-00000000e001"),
		Reasons:     []string{"consent_valid"},
		Severity:    adapters.SeverityHigh,
		PrevHash:    []byte{1, 2, 3},
		Hash:        []byte{4, 5, 6},
	})
	checkGolden(t, "audit_entry_minimal", adapters.AuditEntry{
		ID: mustID[adapters.AuditEntry]("01890f4e-2b7c-7d3a-9f00-00000000b002"), Seq: 1, At: at,
		Actor:  roles.Party{Kind: roles.PartySystem, ID: uuid.MustParse("01890f4e-2b7c-7d3a-9f00-00000000f001")},
		Action: "export", Severity: adapters.SeverityNormal,
	})
	checkGolden(t, "event", adapters.Event{
		ID:      mustID[adapters.Event]("01890f4e-2b7c-7d3a-9f00-00000000b003"),
		Seq:     7,
		ChildID: child,
		Type:    "plan.changed",
		At:      at,
		Payload: json.RawMessage(`{"planId":"01890f4e-2b7c-7d3a-9f00-00000000b004","revision":3}`),
		AckedAt: at.Add(time.Minute),
	})
	checkGolden(t, "plan_item", adapters.PlanItem{
		PlanID:   mustID[plan.Plan]("01890f4e-2b7c-7d3a-9f00-00000000b004"),
		ChildID:  child,
		Revision: 3,
		Item: plan.Item{
			ID:          mustID[plan.Item]("01890f4e-2b7c-7d3a-9f00-00000000b005"),
			Description: "Samtal med vårdnadshavarna varannan vecka.",
			GoalID:      mustID[plan.Goal]("01890f4e-2b7c-7d3a-9f00-00000000b006"),
			Area:        behovskompass.Omsorg,
			Agency:      roles.Socialtjanst,
			Due:         roles.NewDate(2026, 5, 1),
			Status:      plan.Planerad,
		},
	})
}

func ExampleNotFoundBy() {
	err := fmt.Errorf("open case: %w", adapters.NotFoundBy(adapters.EntityChild, "with that personnummer"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, adapters.ErrNotFound))
	// Output:
	// open case: child with that personnummer: not found
	// true
}
