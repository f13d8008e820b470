package backa_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// FuzzDecodePayload decodes arbitrary payloads under every event type: no
// panic, errors of the documented kinds only, and what decodes encodes to
// what decodes to the same.
func FuzzDecodePayload(f *testing.F) {
	for _, p := range goldenPayloads() {
		b, err := json.Marshal(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(p.EventType()), b)
	}
	f.Add("plan.changed", []byte(`{"version":1,"childId":"","status":""}`))
	f.Fuzz(func(t *testing.T, typ string, payload []byte) {
		e := adapters.Event{ID: gID[adapters.Event](90), ChildID: gChild, Type: typ, Payload: payload}
		p, err := backa.DecodePayload(e)
		if err != nil {
			if !errors.Is(err, roles.ErrInvalid) && !errors.Is(err, backa.ErrUnknownEvent) {
				t.Fatalf("an error of an unknown kind: %v", err)
			}
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			return // a value that decodes leniently but not encodes (an empty code)
		}
		e.Payload = b
		q, err := backa.DecodePayload(e)
		if err != nil {
			t.Fatalf("re-encoded payload does not decode: %v", err)
		}
		b2, _ := json.Marshal(q)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the payload:\n%s\n%s", b, b2)
		}
	})
}

// FuzzPlanOps decodes arbitrary step lists: no panic, errors matching
// roles.ErrInvalid or vocab.ErrUnknownCode only, and a stable round trip.
func FuzzPlanOps(f *testing.F) {
	b, err := json.Marshal(goldenOps())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`[{"op":"setItemStatus","itemId":"01936f3a-5c00-7000-8000-000000000016","to":"pagaende"}]`))
	f.Add([]byte(`[{"op":"setSip","sip":null},{"op":"endMember","memberId":""}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var ops backa.PlanOps
		if err := json.Unmarshal(in, &ops); err != nil {
			// encoding/json checks the syntax before PlanOps sees the input.
			var se *json.SyntaxError
			if !errors.Is(err, roles.ErrInvalid) && !errors.Is(err, vocab.ErrUnknownCode) && !errors.As(err, &se) {
				t.Fatalf("an error of an unknown kind: %v", err)
			}
			return
		}
		b, err := json.Marshal(ops)
		if err != nil {
			return // decoded leniently (an empty code), refused on the way out
		}
		var again backa.PlanOps
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("re-encoded steps do not decode: %v\n%s", err, b)
		}
		b2, _ := json.Marshal(again)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the steps:\n%s\n%s", b, b2)
		}
	})
}
