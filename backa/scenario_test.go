package backa_test

// The scenario runner: every file under testdata/scenarios is decoded strictly
// and each scenario is played step by step on every player, with a subtest per
// scenario and per step. A failure names the scenario, the step and what
// differed. A scenario or step marked knownDivergence is played too: while it
// still differs the runner skips it with the reason and the difference; once it
// agrees the runner fails, so that the mark is removed.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

const scenarioDir = "testdata/scenarios"

// scLoadScenarioFiles decodes every scenario file, failing the test on any
// problem, and checks that scenario IDs are unique across files.
func scLoadScenarioFiles(t testing.TB) []*scenarioFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no scenario files in %s", scenarioDir)
	}
	sort.Strings(paths)
	seen := map[string]string{}
	var files []*scenarioFile
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := scDecodeScenarioFile(p, b)
		if err != nil {
			t.Fatalf("decoding scenarios:\n%v", err)
		}
		for _, sc := range f.Scenarios {
			if other, dup := seen[sc.ID]; dup {
				t.Fatalf("%s: scenario id %q is also used in %s", p, sc.ID, other)
			}
			seen[sc.ID] = p
		}
		files = append(files, f)
	}
	return files
}

// scPlayerKind makes a fresh player for one scenario, or skips.
type scPlayerKind struct {
	name   string
	family string // scFamilyDecide or scFamilyService, for knownDivergence
	new    func(t *testing.T, w *scWorld) scPlayer
	// skip says why the player cannot run here ("" when it can).
	skip string
}

// scFinisher is a player with checks to run after the last step.
type scFinisher interface {
	finish(ctx context.Context) []string
}

// scPlayerKinds lists the implementations the scenarios run on.
func scPlayerKinds() []scPlayerKind {
	return append([]scPlayerKind{
		{name: "decide", family: scFamilyDecide, new: func(_ *testing.T, w *scWorld) scPlayer { return scNewDecidePlayer(w) }},
	}, scServiceKinds()...)
}

func TestScenarios(t *testing.T) {
	files := scLoadScenarioFiles(t)
	n := 0
	for _, f := range files {
		n += len(f.Scenarios)
	}
	const minScenarios = 40
	if n < minScenarios {
		t.Errorf("%d scenarios, want at least %d", n, minScenarios)
	}
	for _, pk := range scPlayerKinds() {
		t.Run(pk.name, func(t *testing.T) {
			if pk.skip != "" {
				if os.Getenv("CI") == "true" {
					t.Fatal(pk.skip + " (required when CI=true)")
				}
				t.Skip(pk.skip)
			}
			t.Parallel()
			for _, f := range files {
				t.Run(strings.TrimSuffix(filepath.Base(f.path), ".json"), func(t *testing.T) {
					for _, sc := range f.Scenarios {
						t.Run(sc.ID, func(t *testing.T) {
							t.Parallel()
							scRunScenario(t, pk, sc)
						})
					}
				})
			}
		})
	}
}

// scRunScenario plays one scenario on a fresh player.
func scRunScenario(t *testing.T, pk scPlayerKind, sc *scenario) {
	w, err := scNewWorld(sc)
	if err != nil {
		t.Fatalf("scenario %q: cast: %v", sc.ID, err)
	}
	pl := pk.new(t, w)
	ctx := t.Context()
	if reason := sc.KnownDivergence.reason(pk.family); reason != "" {
		var diffs []string
		for _, st := range sc.Steps {
			for _, d := range scPlayStep(ctx, w, pl, st) {
				diffs = append(diffs, st.label()+": "+d)
			}
		}
		scFinish(t, pl, sc)
		if len(diffs) == 0 {
			t.Fatalf("scenario %q is marked knownDivergence for %s (%s) but now agrees with the expectations: remove the mark", sc.ID, pk.family, reason)
		}
		t.Skipf("scenario %q: known divergence: %s\nwhat differs now:\n  %s", sc.ID, reason, strings.Join(diffs, "\n  "))
	}
	broken := ""
	for _, st := range sc.Steps {
		t.Run(st.label(), func(t *testing.T) {
			if broken != "" {
				t.Skipf("scenario %q: not played after the failed fact step %s", sc.ID, broken)
			}
			diffs := scPlayStep(ctx, w, pl, st)
			if reason := st.KnownDivergence.reason(pk.family); reason != "" {
				if len(diffs) == 0 {
					t.Fatalf("scenario %q, step %s is marked knownDivergence for %s (%s) but now agrees: remove the mark", sc.ID, st.label(), pk.family, reason)
				}
				t.Skipf("scenario %q, step %s: known divergence: %s\nwhat differs now:\n  %s", sc.ID, st.label(), reason, strings.Join(diffs, "\n  "))
			}
			for _, d := range diffs {
				t.Errorf("scenario %q (%s), step %s: %s", sc.ID, sc.Title, st.label(), d)
			}
			if len(diffs) > 0 && scIsFact(st) {
				broken = st.label()
			}
		})
	}
	scFinish(t, pl, sc)
}

// scFinish runs the checks a player makes after the last step.
func scFinish(t *testing.T, pl scPlayer, sc *scenario) {
	if f, ok := pl.(scFinisher); ok {
		for _, d := range f.finish(t.Context()) {
			t.Errorf("scenario %q, after the last step: %s", sc.ID, d)
		}
	}
}

// scIsFact reports whether the step records a fact (the steps after a fact that
// failed to record are not played).
func scIsFact(st *scStep) bool {
	return st.Request == nil && st.Overview == nil && st.Authority == nil
}

// scPlayStep plays one step and returns what differed from its expectation.
func scPlayStep(ctx context.Context, w *scWorld, pl scPlayer, st *scStep) []string {
	switch {
	case st.Request != nil:
		d, err := pl.decide(ctx, st)
		if err != nil {
			return []string{fmt.Sprintf("request failed: %v", err)}
		}
		return scCompareDecision(w, st.expectDecision, d)
	case st.Overview != nil:
		seen, err := pl.overview(ctx, st)
		if err != nil {
			return []string{fmt.Sprintf("overview failed: %v", err)}
		}
		return scCompareOverview(w, st.expectOverview, seen)
	case st.Authority != nil:
		a, err := pl.authority(ctx, st)
		if err != nil {
			return []string{fmt.Sprintf("authority failed: %v", err)}
		}
		return scCompareAuthority(w, st.expectAuthority, a)
	case st.Plan != nil:
		p, err := pl.changePlan(ctx, st)
		if diffs := scCompareRejected(st.expectPlan.Rejected, err); diffs != nil || err != nil {
			return diffs
		}
		var diffs []string
		e := st.expectPlan
		if e.Status != "" && p.Status != e.Status {
			diffs = append(diffs, fmt.Sprintf("plan status = %s, want %s", p.Status, e.Status))
		}
		if e.IsSIP != nil && p.IsSIP() != *e.IsSIP {
			diffs = append(diffs, fmt.Sprintf("plan is a SIP = %t, want %t", p.IsSIP(), *e.IsSIP))
		}
		if !e.NextReview.IsZero() && p.NextReview != e.NextReview {
			diffs = append(diffs, fmt.Sprintf("next review = %s, want %s", p.NextReview, e.NextReview))
		}
		if e.Agencies != nil {
			got := make([]string, 0)
			for _, a := range p.ItemAgencies() {
				got = append(got, string(a))
			}
			if want := scSortedCopy(e.Agencies); !slices.Equal(scSortedCopy(got), want) {
				diffs = append(diffs, fmt.Sprintf("agencies owning items = %v, want %v", got, want))
			}
		}
		return diffs
	default:
		return scCompareRejected(st.expectRecord.Rejected, pl.record(ctx, st))
	}
}

// scCompareRejected compares a fact's outcome with the rules it should be
// rejected for (none: accepted).
func scCompareRejected(want []string, err error) []string {
	switch {
	case len(want) == 0 && err == nil:
		return nil
	case len(want) == 0:
		return []string{fmt.Sprintf("rejected (rules %v): %v; want accepted", scRuleCodes(err), err)}
	case err == nil:
		return []string{fmt.Sprintf("accepted; want rejected for %v", want)}
	}
	got := scRuleCodes(err)
	var diffs []string
	for _, r := range want {
		if !slices.Contains(got, r) {
			diffs = append(diffs, fmt.Sprintf("rejected for rules %v, want %q among them (%v)", got, r, err))
		}
	}
	return diffs
}

func scCodes(rs []roles.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code()
	}
	return out
}

// scCompareDecision compares a decision with its expectation.
func scCompareDecision(w *scWorld, e *scDecisionExpect, d roles.Decision) []string {
	var diffs []string
	got := d.Reasons.Slice()
	if d.Allowed != *e.Allowed {
		diffs = append(diffs, fmt.Sprintf("allowed = %t, want %t (decision: %s)", d.Allowed, *e.Allowed, scDescribeDecision(w, d)))
	}
	if b := e.Basis; b != nil {
		want := roles.Basis{Kind: b.Kind, LegalBasis: b.LegalBasis}
		if b.Consent != "" {
			want.ConsentID = scID[roles.Consent](w, scKindConsent, b.Consent)
		}
		if d.Basis != want {
			diffs = append(diffs, fmt.Sprintf("basis = %s, want %s", scDescribeBasis(w, d.Basis), scDescribeBasis(w, want)))
		}
	}
	if len(e.Reasons) > 0 {
		if d.Reasons.First() != e.Reasons[0] {
			diffs = append(diffs, fmt.Sprintf("main reason = %s, want %s (reasons %v)", d.Reasons.First().Code(), e.Reasons[0].Code(), scCodes(got)))
		}
		for _, r := range e.Reasons[1:] {
			if !d.Reasons.Has(r) {
				diffs = append(diffs, fmt.Sprintf("reasons %v lack %s", scCodes(got), r.Code()))
			}
		}
	}
	if o := e.Obligations; o != nil && !d.Obligations.Has(*o) {
		diffs = append(diffs, fmt.Sprintf("obligations %v, want all of %v", d.Obligations.Codes(), o.Codes()))
	}
	if o := e.WithoutObligations; o != nil && d.Obligations&*o != 0 {
		diffs = append(diffs, fmt.Sprintf("obligations %v, want none of %v", d.Obligations.Codes(), o.Codes()))
	}
	return diffs
}

func scDescribeBasis(w *scWorld, b roles.Basis) string {
	switch {
	case b.IsZero():
		return "none"
	case b.Kind == roles.BasisConsent:
		for n, k := range w.sc.names {
			if k == scKindConsent && scID[roles.Consent](w, scKindConsent, n) == b.ConsentID {
				return "consent:" + n
			}
		}
	}
	return b.String()
}

func scDescribeDecision(w *scWorld, d roles.Decision) string {
	s := "denied"
	if d.Allowed {
		s = "allowed " + scDescribeBasis(w, d.Basis)
	}
	return s + " " + fmt.Sprint(scCodes(d.Reasons.Slice()))
}

// scCompareOverview compares what an actor saw with the expectation.
func scCompareOverview(w *scWorld, e *scOverviewExpect, seen scOverviewSeen) []string {
	var diffs []string
	if e.Assessments != nil {
		names := make([]string, 0, len(seen.assessments))
		for _, a := range seen.assessments {
			names = append(names, scAssessmentName(w, a))
		}
		if want := scSortedCopy(e.Assessments); !slices.Equal(scSortedCopy(names), want) {
			diffs = append(diffs, fmt.Sprintf("assessments seen = %v, want %v", scSortedCopy(names), want))
		}
	}
	if e.Agencies != nil {
		if want := scSortedCopy(e.Agencies); !slices.Equal(scSortedCopy(seen.agencies), want) {
			diffs = append(diffs, fmt.Sprintf("agencies seen = %v, want %v", scSortedCopy(seen.agencies), want))
		}
	}
	if e.Contact != nil && seen.contact != *e.Contact {
		diffs = append(diffs, fmt.Sprintf("contact data shown = %t, want %t", seen.contact, *e.Contact))
	}
	return diffs
}

func scAssessmentName(w *scWorld, aid roles.ID[behovskompass.Assessment]) string {
	for n, k := range w.sc.names {
		if k == scKindAssessment && scID[behovskompass.Assessment](w, scKindAssessment, n) == aid {
			return n
		}
	}
	return aid.String()
}

// scCompareAuthority compares whose consent is needed with the expectation.
func scCompareAuthority(w *scWorld, e *scAuthorityExpect, a roles.Authority) []string {
	var diffs []string
	if e.Age != nil && a.Age != *e.Age {
		diffs = append(diffs, fmt.Sprintf("age = %d, want %d", a.Age, *e.Age))
	}
	if e.Band != "" && a.Band != e.Band {
		diffs = append(diffs, fmt.Sprintf("band = %q, want %q", a.Band, e.Band))
	}
	if e.ByMaturity != nil && a.ByMaturity != *e.ByMaturity {
		diffs = append(diffs, fmt.Sprintf("byMaturity = %t, want %t", a.ByMaturity, *e.ByMaturity))
	}
	if e.Child != nil && a.Child != *e.Child {
		diffs = append(diffs, fmt.Sprintf("child's consent needed = %t, want %t", a.Child, *e.Child))
	}
	guardians := func(field string, want []string, got []roles.ID[roles.Guardian]) {
		if want == nil {
			return
		}
		names := make([]string, 0, len(got))
		for _, g := range got {
			names = append(names, w.nameOf(g.UUID()))
		}
		if !slices.Equal(scSortedCopy(names), scSortedCopy(want)) {
			diffs = append(diffs, fmt.Sprintf("%s = %v, want %v", field, scSortedCopy(names), scSortedCopy(want)))
		}
	}
	guardians("guardians", e.Guardians, a.Guardians)
	guardians("leftOut", e.LeftOut, a.LeftOut)
	guardians("inform", e.Inform, a.Inform)
	return diffs
}

// TestScenarioDecodingIsStrict checks that the decoder rejects what a typo
// would produce: an unknown field, an unknown code, an unknown name.
func TestScenarioDecodingIsStrict(t *testing.T) {
	t.Parallel()
	valid := `{"format":"backa-scenarios/1","cast":{"organisations":[{"name":"amal","kind":"kommun","label":"Åmåls kommun","kommun":"1492"}],
"units":[{"name":"skolan","organisation":"amal","label":"Skolan","agency":"skola","kommun":"1492"}],
"professionals":[{"name":"rektor","unit":"skolan","givenName":"Karin","familyName":"Lind"}],
"children":[{"name":"lisa","personnummer":"201701012393","givenName":"Lisa","familyName":"Berg","kommun":"1492","protection":"ingen"}]},
"scenarios":[{"id":"x","title":"T","story":"S","steps":[
{"at":"2026-03-02T09:00","assign":{"name":"bk","role":"barnkontakt","holder":"rektor"}},
{"at":"2026-03-02T10:00","request":{"actor":"rektor","action":"read","category":"skola","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":true,"basis":{"kind":"same_domain_role"},"reasons":["same_domain_role"]}}]}]}`
	if _, err := scDecodeScenarioFile("valid.json", []byte(valid)); err != nil {
		t.Fatalf("the valid file is rejected: %v", err)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"unknown field", `"purpose":"samordning"}`, `"purpose":"samordning","purpse":"x"}`},
		{"unknown agency", `"recordingAgency":"skola"`, `"recordingAgency":"skolan"`},
		{"unknown category", `"category":"skola"`, `"category":"skol"`},
		{"unknown reason", `"reasons":["same_domain_role"]`, `"reasons":["same_domain"]`},
		{"unknown basis kind", `"kind":"same_domain_role"`, `"kind":"same_domain"`},
		{"unknown actor", `"actor":"rektor"`, `"actor":"rektorn"`},
		{"unknown role", `"role":"barnkontakt"`, `"role":"barnkontak"`},
		{"unknown field in expect", `"allowed":true,`, `"allowed":true,"allow":true,`},
		{"unknown legal basis", `"purpose":"samordning"}`, `"purpose":"samordning","legalBasis":"osl_10_99"}`},
		{"ten-digit personnummer", `"201701012393"`, `"1701012393"`},
		{"bad check digit", `"201701012393"`, `"201701012394"`},
		{"time going back", `"2026-03-02T10:00"`, `"2026-03-01T10:00"`},
		{"two kinds in a step", `"assign":{"name":"bk"`, `"end":{"record":"bk"},"assign":{"name":"bk"`},
		{"allowed without basis", `"basis":{"kind":"same_domain_role"},`, ``},
		{"wrong format", `backa-scenarios/1`, `backa-scenarios/0`},
		{"unknown time form", `"2026-03-02T09:00"`, `"2 March 2026"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bad := strings.Replace(valid, tc.from, tc.to, 1)
			if bad == valid {
				t.Fatalf("the replacement did not apply")
			}
			if _, err := scDecodeScenarioFile("bad.json", []byte(bad)); err == nil {
				t.Errorf("accepted a file with %s", tc.name)
			}
		})
	}
}

// TestScenarioReadmeExample checks that the annotated example of the README
// decodes and agrees with the library, so that the documentation cannot drift
// from the format.
func TestScenarioReadmeExample(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(scenarioDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const heading, open = "## An annotated example", "```json\n"
	h := strings.Index(string(b), heading)
	i := strings.Index(string(b[max(h, 0):]), open)
	if h < 0 || i < 0 {
		t.Fatal("the README has no annotated example")
	}
	rest := string(b[h+i+len(open):])
	example := rest[:strings.Index(rest, "```")]
	f, err := scDecodeScenarioFile("README.md", []byte(example))
	if err != nil {
		t.Fatalf("the README's example does not decode: %v", err)
	}
	for _, sc := range f.Scenarios {
		w, err := scNewWorld(sc)
		if err != nil {
			t.Fatal(err)
		}
		pl := scNewDecidePlayer(w)
		for _, st := range sc.Steps {
			for _, d := range scPlayStep(t.Context(), w, pl, st) {
				t.Errorf("README example, step %s: %s", st.label(), d)
			}
		}
	}
}

// TestScenarioRunnerReportsDifferences checks that the runner notices every
// kind of difference and names it: a runner that always agrees would prove
// nothing.
func TestScenarioRunnerReportsDifferences(t *testing.T) {
	t.Parallel()
	base := `{"format":"backa-scenarios/1","cast":{"organisations":[{"name":"amal","kind":"kommun","label":"Åmåls kommun","kommun":"1492"}],
"units":[{"name":"skolan","organisation":"amal","label":"Skolan","agency":"skola","kommun":"1492"},
 {"name":"ifo","organisation":"amal","label":"IFO","agency":"socialtjanst","kommun":"1492"}],
"professionals":[{"name":"mentor","unit":"skolan","givenName":"Johan","familyName":"Ekdal"},
 {"name":"socsekr","unit":"ifo","givenName":"Anders","familyName":"Brandt"}],
"children":[{"name":"leo","personnummer":"201701012393","givenName":"Leo","familyName":"Karlberg","kommun":"1492","protection":"ingen"}],
"guardians":[{"name":"anna","personnummer":"198507099805","givenName":"Anna","familyName":"Karlberg","protection":"ingen"}]},
"scenarios":[{"id":"x","title":"T","story":"S","steps":[
{"at":"2017-01-01","custody":{"guardian":"anna"}},
{"at":"2026-01-12T08:00","assign":{"role":"barnkontakt","holder":"mentor"}},
{"at":"2026-02-02T10:00","assign":{"role":"barnets_team","holder":"socsekr"}},
{"at":"2026-02-03T14:00","consent":{"name":"c","receivingAgencies":["socialtjanst"],"categories":["skola"],"purpose":"samordning","validUntil":"2026-09-01","givers":["anna"],"recordedBy":"mentor"}},
STEP]}]}`
	for _, tc := range []struct{ name, step, want string }{
		{"allowed", `{"at":"2026-02-04T09:00","request":{"actor":"socsekr","action":"read","category":"skola","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":false,"reasons":["no_consent"]}}`, "allowed = true, want false"},
		{"basis", `{"at":"2026-02-04T09:00","request":{"actor":"socsekr","action":"read","category":"skola","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":true,"basis":{"kind":"legal_basis","legalBasis":"osl_10_21"},"reasons":["consent_covers"]}}`, "basis = consent:c, want legal_basis:osl_10_21"},
		{"main reason", `{"at":"2026-02-04T09:00","request":{"actor":"socsekr","action":"read","category":"halsa","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":false,"reasons":["no_consent"]}}`, "main reason = consent_wrong_category, want no_consent"},
		{"another reason", `{"at":"2026-02-04T09:00","request":{"actor":"mentor","action":"disclose","category":"halsa","recordingAgency":"skola","recipient":"socialtjanst","purpose":"samordning"},
 "expect":{"allowed":false,"reasons":["consent_wrong_category","basis_age"]}}`, "lack basis_age"},
		{"obligation", `{"at":"2026-02-04T09:00","request":{"actor":"socsekr","action":"read","category":"skola","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":true,"basis":{"kind":"consent","consent":"c"},"reasons":["consent_covers"],"obligations":["withhold_contact"]}}`, "want all of [withhold_contact]"},
		{"unwanted obligation", `{"at":"2026-02-04T09:00","request":{"actor":"socsekr","action":"read","category":"skola","recordingAgency":"skola","purpose":"samordning"},
 "expect":{"allowed":true,"basis":{"kind":"consent","consent":"c"},"reasons":["consent_covers"],"withoutObligations":["audit"]}}`, "want none of [audit]"},
		{"accepted fact", `{"at":"2026-02-04T09:00","consent":{"name":"d","receivingAgencies":["socialtjanst"],"categories":["skola"],"purpose":"samordning","validUntil":"2026-09-01","givers":["anna"],"recordedBy":"mentor"},
 "expect":{"rejected":["max_validity"]}}`, "accepted; want rejected"},
		{"rejected fact", `{"at":"2026-02-04T09:00","consent":{"name":"d","receivingAgencies":["socialtjanst"],"categories":["skola"],"purpose":"samordning","validUntil":"2028-09-01","givers":["anna"],"recordedBy":"mentor"}}`, "rejected (rules [max_validity])"},
		{"authority", `{"at":"2026-02-04T09:00","authority":{},"expect":{"band":"barn","guardians":["anna"]}}`, "band = \"vardnadshavare\", want \"barn\""},
		{"overview", `{"at":"2026-02-04T09:00","overview":{"actor":"socsekr","purpose":"samordning"},"expect":{"agencies":["skola"]}}`, "agencies seen = [], want [skola]"},
		{"plan", `{"at":"2026-02-04T09:00","plan":{"by":"mentor","summary":"Planen upprättas","reason":"R","barnkontakt":"mentor","nextReview":"2026-05-01",
 "goals":[{"name":"g","areas":["utveckling"],"outcome":"O","indicator":"I"}],"items":[{"name":"i","goal":"g","area":"utveckling","description":"D","by":"mentor","due":"2026-06-01"}],"status":"aktiv"},
 "expect":{"status":"aktiv","isSIP":true}}`, "plan is a SIP = false, want true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := scDecodeScenarioFile("runner.json", []byte(strings.Replace(base, "STEP", tc.step, 1)))
			if err != nil {
				t.Fatal(err)
			}
			sc := f.Scenarios[0]
			w, err := scNewWorld(sc)
			if err != nil {
				t.Fatal(err)
			}
			pl := scNewDecidePlayer(w)
			var last []string
			for _, st := range sc.Steps {
				last = scPlayStep(t.Context(), w, pl, st)
				if st != sc.Steps[len(sc.Steps)-1] && len(last) > 0 {
					t.Fatalf("step %s: %v", st.label(), last)
				}
			}
			if !slices.ContainsFunc(last, func(d string) bool { return strings.Contains(d, tc.want) }) {
				t.Errorf("differences %q, want one containing %q", last, tc.want)
			}
		})
	}
}

// FuzzScenarioDecode checks that the decoder never panics and that whatever it
// accepts can be played (on roles.Decide) without a panic. Its seeds, in
// testdata/fuzz/FuzzScenarioDecode, are small files with every kind of step:
// the scenario files themselves are too large for the fuzzer to mutate
// quickly, and TestScenarios plays them.
func FuzzScenarioDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := scDecodeScenarioFile("fuzz.json", b)
		if err != nil {
			return
		}
		for _, sc := range file.Scenarios {
			w, err := scNewWorld(sc)
			if err != nil {
				continue
			}
			pl := scNewDecidePlayer(w)
			for _, st := range sc.Steps {
				scPlayStep(context.Background(), w, pl, st)
			}
		}
	})
}
