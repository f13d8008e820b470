package roles_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// FuzzConsentJSON decodes arbitrary JSON as a Consent. Decoding and
// validation must never panic; a consent that validates must survive a round
// trip, and Decide over it must never allow a reader its consent does not name.
func FuzzConsentJSON(f *testing.F) {
	b, _ := json.Marshal(goodConsent())
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"givers":[{"party":{"kind":"child","id":"0193010000007000800000000000001"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c roles.Consent
		if err := json.Unmarshal(data, &c); err != nil {
			return // any error will do; a panic will not
		}
		pol := roles.DefaultPolicy()
		err := c.ValidateWith(&pol)
		if err != nil {
			var ve *roles.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("ValidateWith: %v is not a *ValidationError with problems", err)
			}
			return
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("a valid consent does not marshal: %v", err)
		}
		var back roles.Consent
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("a valid consent does not decode: %v", err)
		}
		if err := back.ValidateWith(&pol); err != nil {
			t.Fatalf("a valid consent is invalid after a round trip: %v", err)
		}
		again, _ := json.Marshal(back)
		if string(again) != string(out) {
			t.Fatalf("round trip changed the JSON:\n%s\n%s", out, again)
		}

		// Decide over the consent: a reader from an agency it does not name
		// never gets in on it.
		child := roles.Child{ID: c.ChildID, Personnummer: roles.MustParsePersonnummer(pnr2017), Protection: roles.Oskyddad}
		facts, err := roles.NewFacts(&child, roles.Records{Consents: []roles.Consent{c}})
		if err != nil {
			return // a consent about no child
		}
		at := c.ValidFrom.Add(time.Hour)
		for _, reader := range roles.Agencies() {
			d := roles.Decide(roles.Request{
				Actor:  roles.ProfessionalActor(fixedID[roles.Professional](3, 1), reader, roles.ID[roles.Unit]{}),
				Action: roles.Read, Category: c.Categories[0], Child: c.ChildID, RecordingAgency: c.DisclosingAgency,
				Purpose: c.Purpose, At: at, Facts: facts, Policy: &roles.Policy{MaxConsentMonths: 12, ConsentBands: pol.ConsentBands},
			})
			if d.Reasons.Len() == 0 {
				t.Fatal("a decision without a reason")
			}
			if d.Allowed && reader != c.DisclosingAgency && !c.Covers(reader, c.Categories[0], c.Purpose) {
				t.Fatalf("allowed for %s, which the consent does not name: %v", reader, d)
			}
		}
	})
}

// FuzzDisclosureJSON decodes arbitrary JSON as a Disclosure; decoding,
// validation and the basis check must never panic, and a check that passes
// must name a basis that fits.
func FuzzDisclosureJSON(f *testing.F) {
	w := newWorld(f, age11)
	c := w.consent(parents()...)
	b, _ := json.Marshal(goodDisclosure(w, c))
	f.Add(b)
	f.Add([]byte(`{"outcome":"ej_utlamnad","reason":"x"}`))
	f.Add([]byte(`{"basis":{"kind":"legal_basis","legalBasis":"osl_10_27"},"from":"socialtjanst","to":"polis"}`))
	facts := w.facts()
	pol := roles.DefaultPolicy()
	f.Fuzz(func(t *testing.T, data []byte) {
		var d roles.Disclosure
		if err := json.Unmarshal(data, &d); err != nil {
			return
		}
		err := facts.CheckDisclosure(&d, &pol)
		if err == nil && d.Outcome == roles.Utlamnad && d.Basis.Kind == roles.BasisLegal {
			if d.From == roles.Socialtjanst && d.Basis.LegalBasis == roles.BasisGeneralklausul {
				t.Fatal("the general clause accepted from social services")
			}
		}
		if err != nil && !errors.Is(err, roles.ErrInvalid) {
			t.Fatalf("CheckDisclosure: %v does not match ErrInvalid", err)
		}
	})
}

// FuzzCategoryCode parses arbitrary text as a category and a purpose: a code
// that parses is Valid and marshals back to itself.
func FuzzCategoryCode(f *testing.F) {
	for _, s := range []string{"plan", "lokal_fritid", "lokal_", "Plan", "", "lokal_Å"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := roles.ParseCategory(s); err == nil {
			b, err := c.MarshalText()
			if err != nil || string(b) != s || !c.Valid() {
				t.Fatalf("category %q: %q, %v", s, b, err)
			}
		} else if !errors.Is(err, vocab.ErrUnknownCode) {
			t.Fatalf("category %q: %v", s, err)
		}
		if p, err := roles.ParsePurpose(s); err == nil {
			b, err := p.MarshalText()
			if err != nil || string(b) != s || !p.Valid() {
				t.Fatalf("purpose %q: %q, %v", s, b, err)
			}
		}
		var code roles.LegalBasisCode
		if err := code.UnmarshalText([]byte(s)); err == nil {
			if b, err := code.MarshalText(); err != nil || string(b) != s {
				t.Fatalf("legal basis code %q: %q, %v", s, b, err)
			}
		}
	})
}

// FuzzDecisionJSON decodes arbitrary JSON as a Decision: what decodes must
// encode again and decode to the same value.
func FuzzDecisionJSON(f *testing.F) {
	f.Add([]byte(`{"allowed":true,"basis":{"kind":"consent","consentId":"0193f1a0-0000-7000-8000-0000000000c1"},"reasons":[{"code":"consent_covers"}],"obligations":["audit"]}`))
	f.Add([]byte(`{"allowed":false,"reasons":[{"code":"no_consent"},{"code":"no_legal_basis"}],"obligations":["audit","record_disclosure"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d roles.Decision
		if err := json.Unmarshal(data, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("a decoded decision does not marshal: %v", err)
		}
		var back roles.Decision
		if err := json.Unmarshal(out, &back); err != nil || back != d {
			t.Fatalf("round trip: %v, %v != %v", err, back, d)
		}
	})
}
