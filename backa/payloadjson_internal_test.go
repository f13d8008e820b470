package backa

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// checkAppendJSON holds p's appendJSON to json.Marshal: the same bytes, or
// an error from both.
func checkAppendJSON(t *testing.T, p PlanChanged) {
	t.Helper()
	want, werr := json.Marshal(p)
	got, gerr := p.appendJSON([]byte("prefix"))
	switch {
	case werr != nil && gerr == nil:
		t.Fatalf("json.Marshal fails (%v), appendJSON gives %s", werr, got)
	case werr == nil && gerr != nil:
		t.Fatalf("appendJSON fails (%v), json.Marshal gives %s", gerr, want)
	case werr != nil && gerr.Error() != werr.Error():
		t.Fatalf("appendJSON fails with %q, json.Marshal with %q", gerr, werr)
	case werr == nil && string(got) != "prefix"+string(want):
		t.Fatalf("appendJSON:\n%s\njson.Marshal:\n%s", got[len("prefix"):], want)
	}
}

// TestAppendJSONFields: appendJSON writes the fields of PlanChanged and
// ItemChange by hand; a field added to either must be added there too (and
// to the generator of TestPlanChangedAppendJSON), which this test makes sure
// someone looks at.
func TestAppendJSONFields(t *testing.T) {
	t.Parallel()
	fields := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			out = append(out, rt.Field(i).Name)
		}
		return out
	}
	assert.Equal(t, []string{"Version", "ChildID", "By"}, fields(PayloadHead{}), "PayloadHead's fields: update PlanChanged.appendJSON")
	assert.Equal(t, []string{"Kind", "Agency", "UnitID"}, fields(EventActor{}), "EventActor's fields: update PlanChanged.appendJSON")
	assert.Equal(t, []string{"PayloadHead", "PlanID", "Revision", "FromRevision", "Status", "PreviousStatus", "Fields",
		"ItemsAdded", "ItemsRemoved", "ItemsChanged", "Agencies", "NextReview"}, fields(PlanChanged{}),
		"PlanChanged's fields: update PlanChanged.appendJSON and randomPlanChanged")
	assert.Equal(t, []string{"ItemID", "Agency", "PreviousAgency", "Fields", "From", "To"}, fields(ItemChange{}),
		"ItemChange's fields: update ItemChange.appendJSON and randomItemChanges")
}

var (
	jsonStrings = []string{"", "status", "items", "nextReview", "a\"b", `back\slash`, "<tag>&", "tab\there", "\x00\x1f",
		"åäö", "\u2028\u2029", "\xff\xfe", "snö\xc3", "emoji 🙂", "lokal_kod"}
	jsonStatuses     = append([]plan.Status{"", "okänd", "AKTIV"}, plan.Statuses()...)
	jsonItemStatuses = append([]plan.ItemStatus{"", "okänd"}, plan.ItemStatuses()...)
	jsonAgencies     = append([]roles.Agency{"", "okand", "Skola"}, roles.Agencies()...)
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func randomID(rng *rand.Rand) uuid.UUID {
	var u uuid.UUID
	if rng.IntN(5) == 0 {
		return u // the zero ID
	}
	for i := range u {
		u[i] = byte(rng.Uint32())
	}
	return u
}

func randomStrings(rng *rand.Rand) []string {
	switch rng.IntN(4) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	out := make([]string, 1+rng.IntN(3))
	for i := range out {
		out[i] = pick(rng, jsonStrings)
	}
	return out
}

func randomItemChanges(rng *rand.Rand) []ItemChange {
	switch rng.IntN(3) {
	case 0:
		return nil
	case 1:
		return []ItemChange{}
	}
	out := make([]ItemChange, 1+rng.IntN(3))
	for i := range out {
		out[i] = ItemChange{
			ItemID: roles.ID[plan.Item](randomID(rng)), Agency: pick(rng, jsonAgencies), PreviousAgency: pick(rng, jsonAgencies),
			Fields: randomStrings(rng), From: pick(rng, jsonItemStatuses), To: pick(rng, jsonItemStatuses),
		}
	}
	return out
}

func randomDate(rng *rand.Rand) roles.Date {
	switch rng.IntN(4) {
	case 0:
		return roles.Date{}
	case 1:
		return roles.Date{Year: 2026, Month: 2, Day: 30} // no such day
	}
	return roles.NewDate(1900+rng.IntN(200), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
}

var jsonPartyKinds = append([]roles.PartyKind{"", "okand"}, roles.PartyKinds()...)

func randomActor(rng *rand.Rand) EventActor {
	if rng.IntN(4) == 0 {
		return EventActor{}
	}
	return EventActor{Kind: pick(rng, jsonPartyKinds), Agency: pick(rng, jsonAgencies), UnitID: roles.ID[roles.Unit](randomID(rng))}
}

func randomPlanChanged(rng *rand.Rand) PlanChanged {
	p := PlanChanged{
		PayloadHead: PayloadHead{Version: rng.IntN(3) - 1, ChildID: roles.ID[roles.Child](randomID(rng)), By: randomActor(rng)},
		PlanID:      roles.ID[plan.Plan](randomID(rng)), Revision: rng.Int64N(1<<40) - 3, FromRevision: rng.Int64N(100),
		Status: pick(rng, jsonStatuses), PreviousStatus: pick(rng, jsonStatuses), Fields: randomStrings(rng),
		ItemsAdded: randomItemChanges(rng), ItemsRemoved: randomItemChanges(rng), ItemsChanged: randomItemChanges(rng),
		NextReview: randomDate(rng),
	}
	if rng.IntN(2) == 0 {
		p.Agencies = []roles.Agency{pick(rng, jsonAgencies), pick(rng, jsonAgencies)}
	}
	return p
}

// TestPlanChangedAppendJSON: over many random payloads, valid and not,
// appendJSON writes what json.Marshal writes, and fails where it fails.
func TestPlanChangedAppendJSON(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(12, 4))
	valid := 0
	for range 20000 {
		p := randomPlanChanged(rng)
		checkAppendJSON(t, p)
		if _, err := json.Marshal(p); err == nil {
			valid++
		}
	}
	if valid < 100 {
		t.Fatalf("only %d of the random payloads encode: the generator is too narrow", valid)
	}
	// A plan change as the service writes it.
	checkAppendJSON(t, PlanChanged{
		PayloadHead: PayloadHead{Version: PayloadVersion, ChildID: roles.ID[roles.Child](uuid.Must(uuid.NewV7()))},
		PlanID:      roles.ID[plan.Plan](uuid.Must(uuid.NewV7())), Revision: 7, FromRevision: 6, Status: plan.Aktiv,
		Fields:       []string{"items"},
		ItemsChanged: []ItemChange{{ItemID: roles.ID[plan.Item](uuid.Must(uuid.NewV7())), Agency: roles.Skola, From: plan.Pagaende, To: plan.Pausad}},
		Agencies:     []roles.Agency{roles.Skola}, NextReview: roles.NewDate(2027, 1, 29),
	})
}

// FuzzPlanChangedAppendJSON: payloads built from arbitrary strings and
// numbers encode as json.Marshal encodes them.
func FuzzPlanChangedAppendJSON(f *testing.F) {
	f.Add("items", "aktiv", "pagaende", "skola", int64(3), uint64(1), 2027, 1, 29)
	f.Add("<&>\"\\\x00\xff", "", "okänd", "", int64(-1), uint64(0), 0, 13, 40)
	f.Fuzz(func(t *testing.T, field, status, itemStatus, agency string, rev int64, seed uint64, y, m, d int) {
		rng := rand.New(rand.NewPCG(seed, 1))
		p := randomPlanChanged(rng)
		p.Revision, p.Status, p.Fields = rev, plan.Status(status), []string{field}
		p.NextReview = roles.Date{Year: y, Month: time.Month(m), Day: d}
		p.ItemsChanged = append(p.ItemsChanged, ItemChange{ItemID: roles.ID[plan.Item](randomID(rng)),
			Agency: roles.Agency(agency), Fields: []string{field}, From: plan.ItemStatus(itemStatus), To: plan.ItemStatus(itemStatus)})
		p.Agencies = append(p.Agencies, roles.Agency(agency))
		checkAppendJSON(t, p)
	})
}
