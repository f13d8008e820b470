package roles_test

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// synthPnr returns a check-digit-valid personnummer for a synthetic person born
// on birth with serial number serial (000-999). Synthetic numbers are never
// printed.
func synthPnr(birth roles.Date, serial int) roles.Personnummer {
	s := strconv.Itoa(birth.Year*10000+int(birth.Month)*100+birth.Day) +
		strconv.Itoa(1000 + serial%1000)[1:]
	sum := 0
	for i := 2; i < 11; i++ {
		v := int(s[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	p, err := roles.ParsePersonnummer(s + strconv.Itoa((10-sum%10)%10))
	if err != nil {
		panic("synthetic personnummer rejected")
	}
	return p
}

// population is a synthetic municipality: 10,000 children, two guardians in
// joint custody each, 2–5 professionals with roles each, and an active consent
// (school to social services and health care) for about 30% of them.
type population struct {
	now      time.Time
	children []roles.Child
	records  []roles.Records
	facts    []*roles.Facts
	pros     [][]roles.Actor // per child: the professionals with a role
	consent  []bool          // per child: an active consent
}

var benchAgencies = []roles.Agency{roles.Skola, roles.Socialtjanst, roles.HalsoSjukvard, roles.ElevhalsaMedicinsk, roles.Polis}

var buildPopulation = sync.OnceValue(func() *population {
	const n = 10000
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC)
	p := &population{now: now}
	start := now.AddDate(-1, 0, 0)
	for i := range n {
		birth := roles.DateOf(now.AddDate(-1-rng.IntN(17), 0, -rng.IntN(365)))
		c := roles.Child{
			ID: roles.MustNewID[roles.Child](), Personnummer: synthPnr(birth, rng.IntN(1000)),
			GivenName: "Barn", FamilyName: "Syntetisk", Kommun: roles.Amal, Protection: roles.Oskyddad,
		}
		if i%50 == 0 {
			c.Protection = roles.SkyddadFolkbokforing
		}
		var r roles.Records
		var gs []roles.ID[roles.Guardian]
		for range 2 {
			g := roles.MustNewID[roles.Guardian]()
			gs = append(gs, g)
			r.Guardians = append(r.Guardians, roles.Guardian{ID: g, Protection: roles.Oskyddad})
			r.Custodies = append(r.Custodies, roles.Custody{
				ID: roles.MustNewID[roles.Custody](), ChildID: c.ID, GuardianID: g,
				Period: roles.Period{Start: birth.Start()},
			})
		}
		var actors []roles.Actor
		for k := range 2 + rng.IntN(4) {
			prof := roles.MustNewID[roles.Professional]()
			ag := benchAgencies[k%len(benchAgencies)]
			role := roles.BarnetsTeam
			if k == 0 {
				role = roles.Barnkontakt
			}
			r.Assignments = append(r.Assignments, roles.Assignment{
				ID: roles.MustNewID[roles.Assignment](), ChildID: c.ID, Role: role,
				Holder: roles.ProfessionalParty(prof), Agency: ag, Period: roles.Period{Start: start},
			})
			actors = append(actors, roles.ProfessionalActor(prof, ag, roles.ID[roles.Unit]{}))
		}
		hasConsent := rng.IntN(10) < 3
		if hasConsent {
			from := now.AddDate(0, -2, 0)
			con := roles.Consent{
				ID: roles.MustNewID[roles.Consent](), ChildID: c.ID, DisclosingAgency: roles.Skola,
				ReceivingAgencies: []roles.Agency{roles.Socialtjanst, roles.HalsoSjukvard},
				Categories:        []roles.Category{roles.CategoryBehovskompass, roles.CategoryOro, roles.CategorySkola},
				Purpose:           roles.PurposeSamordning, ValidFrom: from, ValidUntil: from.AddDate(0, 6, 0),
				Form: roles.Skriftligt, Status: roles.ConsentAktiv,
			}
			for _, g := range gs {
				con.Givers = append(con.Givers, roles.ConsentGiver{Party: roles.GuardianParty(g), GivenAt: from})
			}
			con.Givers = append(con.Givers, roles.ConsentGiver{Party: roles.ChildParty(c.ID), GivenAt: from})
			r.Consents = append(r.Consents, con)
		}
		f, err := roles.NewFacts(&c, r)
		if err != nil {
			panic(err)
		}
		p.children = append(p.children, c)
		p.records = append(p.records, r)
		p.facts = append(p.facts, f)
		p.pros = append(p.pros, actors)
		p.consent = append(p.consent, hasConsent)
	}
	return p
})

// requests returns requests over the population that Decide answers with
// want (allowed or not), one per child where such a request exists.
func (p *population) requests(tb testing.TB, pol *roles.Policy, kind string) []roles.Request {
	var out []roles.Request
	for i := range p.children {
		f := p.facts[i]
		base := roles.Request{Action: roles.Read, Child: p.children[i].ID, Purpose: roles.PurposeSamordning,
			At: p.now, Facts: f, Policy: pol, Category: roles.CategoryBehovskompass}
		var req roles.Request
		switch kind {
		case "consent": // the social worker reads the school's assessment on the consent
			if !p.consent[i] {
				continue
			}
			a, ok := findActor(p.pros[i], roles.Socialtjanst)
			if !ok {
				continue
			}
			req = base
			req.Actor, req.RecordingAgency = a, roles.Skola
		case "same_domain": // the Barnkontakt at school reads the school's information
			req = base
			req.Actor, req.RecordingAgency = p.pros[i][0], roles.Skola
		case "denied": // health care asks for social services' notes, with no consent and no basis
			a, ok := findActor(p.pros[i], roles.HalsoSjukvard)
			if !ok {
				continue
			}
			req = base
			req.Actor, req.RecordingAgency, req.Category = a, roles.Socialtjanst, roles.CategorySocialtjanst
		case "denied_no_role": // a stranger at school reads
			req = base
			req.Actor, req.RecordingAgency = roles.ProfessionalActor(roles.MustNewID[roles.Professional](), roles.Skola, roles.ID[roles.Unit]{}), roles.Skola
		}
		want := kind == "consent" || kind == "same_domain"
		if d := roles.Decide(req); d.Allowed != want {
			tb.Fatalf("%s: allowed = %v: %v", kind, d.Allowed, d)
		}
		out = append(out, req)
	}
	if len(out) < 1000 {
		tb.Fatalf("%s: only %d requests", kind, len(out))
	}
	return out
}

func findActor(as []roles.Actor, ag roles.Agency) (roles.Actor, bool) {
	for _, a := range as {
		if a.Agency == ag {
			return a, true
		}
	}
	return roles.Actor{}, false
}

var sinkDecision roles.Decision

// BenchmarkDecide measures Decide over the synthetic population of 10,000
// children; each kind cycles through one request per child. Target: at most
// 300 ns/op and 0 allocs/op.
func BenchmarkDecide(b *testing.B) {
	p := buildPopulation()
	pol := roles.DefaultPolicy()
	for _, kind := range []string{"consent", "same_domain", "denied", "denied_no_role"} {
		reqs := p.requests(b, &pol, kind)
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sinkDecision = roles.Decide(reqs[i])
				i++
				if i == len(reqs) {
					i = 0
				}
			}
		})
	}
}

var sinkFacts *roles.Facts

// BenchmarkNewFacts measures building one child's index: two guardians, 2–5
// role assignments, and (for the "consent" case) one consent. Target: under 5 µs.
func BenchmarkNewFacts(b *testing.B) {
	p := buildPopulation()
	for _, withConsent := range []bool{true, false} {
		var idx []int
		for i := range p.children {
			if p.consent[i] == withConsent {
				idx = append(idx, i)
			}
		}
		name := "no_consent"
		if withConsent {
			name = "consent"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := idx[i]
				sinkFacts, _ = roles.NewFacts(&p.children[k], p.records[k])
				i++
				if i == len(idx) {
					i = 0
				}
			}
		})
	}
}

// TestDecideDoesNotAllocate pins the zero-allocation promise outside benchmarks.
func TestDecideDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the synthetic population")
	}
	p := buildPopulation()
	pol := roles.DefaultPolicy()
	for _, kind := range []string{"consent", "same_domain", "denied", "denied_no_role"} {
		reqs := p.requests(t, &pol, kind)
		i := 0
		allocs := testing.AllocsPerRun(1000, func() {
			sinkDecision = roles.Decide(reqs[i%len(reqs)])
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocs per Decide, want 0", kind, allocs)
		}
	}
}
