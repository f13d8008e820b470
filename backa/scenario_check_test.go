package backa_test

// The checks of a scenario file: decoding, names, references, codes and
// expectations, every problem reported with where it is.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// scStrictDecode decodes one JSON value into v, rejecting unknown fields and
// trailing data.
func scStrictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// scDecodeScenarioFile decodes and checks one scenario file. Every problem found
// in the checks is reported, each with the scenario and step it is in.
func scDecodeScenarioFile(path string, b []byte) (*scenarioFile, error) {
	var f scenarioFile
	if err := scStrictDecode(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.path = path
	if f.Format != scenarioFormat {
		return nil, fmt.Errorf("%s: format %q, want %q", path, f.Format, scenarioFormat)
	}
	if len(f.Scenarios) == 0 {
		return nil, fmt.Errorf("%s: no scenarios", path)
	}
	var errs []error
	for i, sc := range f.Scenarios {
		if sc == nil {
			errs = append(errs, fmt.Errorf("%s: scenarios[%d]: null", path, i))
			continue
		}
		sc.file = &f
		for _, err := range sc.resolve() {
			errs = append(errs, fmt.Errorf("%s: scenario %q: %w", path, sc.ID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &f, nil
}

// scChecker collects the problems of one scenario.
type scChecker struct {
	sc   *scenario
	errs []error
}

func (c *scChecker) fail(where, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
}

// declare adds a symbolic name of kind k; names are unique within a scenario.
func (c *scChecker) declare(where, name string, k scNameKind) {
	switch {
	case name == "":
		c.fail(where, "%s without a name", k)
	case strings.ContainsAny(name, " \t\n/"):
		c.fail(where, "name %q: no spaces or slashes", name)
	case c.sc.names[name] != "":
		c.fail(where, "name %q declared twice (%s and %s)", name, c.sc.names[name], k)
	default:
		c.sc.names[name] = k
	}
}

// ref checks that name is declared with one of kinds.
func (c *scChecker) ref(where, field, name string, kinds ...scNameKind) {
	if name == "" {
		c.fail(where, "%s: required", field)
		return
	}
	k, ok := c.sc.names[name]
	if !ok {
		c.fail(where, "%s: unknown name %q", field, name)
		return
	}
	if !slices.Contains(kinds, k) {
		c.fail(where, "%s: %q is a %s, want %v", field, name, k, kinds)
	}
}

// optRef is ref for an optional field.
func (c *scChecker) optRef(where, field, name string, kinds ...scNameKind) {
	if name != "" {
		c.ref(where, field, name, kinds...)
	}
}

// resolve merges the casts, declares every name, checks every reference and
// code, and decodes each step's expectation strictly for its kind.
func (sc *scenario) resolve() []error {
	c := &scChecker{sc: sc}
	sc.names = map[string]scNameKind{}
	if !scValidScenarioID(sc.ID) {
		c.fail("id", "%q: want lower-case letters, digits and '-'", sc.ID)
	}
	if strings.TrimSpace(sc.Title) == "" {
		c.fail("title", "required")
	}
	if strings.TrimSpace(sc.Story) == "" {
		c.fail("story", "required")
	}
	if len(sc.Steps) == 0 {
		c.fail("steps", "required")
	}
	sc.all = scMergeCasts(sc.file.Cast, sc.Cast)
	sc.checkCast(c)
	if p := sc.Policy; p != nil {
		pol := sc.policy()
		if err := pol.Validate(); err != nil {
			c.fail("policy", "%v", err)
		}
	}
	var prev time.Time
	for i, st := range sc.Steps {
		where := fmt.Sprintf("steps[%d]", i)
		if st == nil {
			c.fail(where, "null")
			continue
		}
		st.index = i
		before := maps.Clone(sc.names)
		if st.At.IsZero() {
			c.fail(where, "at: required")
		} else if st.At.Before(prev) {
			c.fail(where, "at: before the previous step (the timeline runs forward)")
		} else {
			prev = st.At.Time
		}
		sc.checkStep(c, where, st)
		if st.rejected() {
			// A fact that is rejected never happened: the names it declared
			// are free again, and later steps cannot refer to them.
			sc.names = before
		}
	}
	return c.errs
}

// rejected reports whether the step expects its fact to be rejected.
func (s *scStep) rejected() bool {
	return s.expectRecord != nil && len(s.expectRecord.Rejected) > 0 ||
		s.expectPlan != nil && len(s.expectPlan.Rejected) > 0
}

func scValidScenarioID(v string) bool {
	if v == "" || len(v) > 80 {
		return false
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// scMergeCasts returns the file's cast followed by the scenario's additions.
func scMergeCasts(a, b scCast) scCast {
	return scCast{
		Organisations:  append(slices.Clip(a.Organisations), b.Organisations...),
		Units:          append(slices.Clip(a.Units), b.Units...),
		Professionals:  append(slices.Clip(a.Professionals), b.Professionals...),
		Children:       append(slices.Clip(a.Children), b.Children...),
		Guardians:      append(slices.Clip(a.Guardians), b.Guardians...),
		RelatedPersons: append(slices.Clip(a.RelatedPersons), b.RelatedPersons...),
	}
}

// scTwelveDigits reports whether s is the canonical 12-digit form, so that a
// file never depends on the date it is read (10-digit forms do).
func scTwelveDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (sc *scenario) checkCast(c *scChecker) {
	a := &sc.all
	for i, o := range a.Organisations {
		where := fmt.Sprintf("cast.organisations[%d]", i)
		c.declare(where, o.Name, scKindOrganisation)
		if !o.Kind.Valid() {
			c.fail(where, "kind: required")
		}
	}
	for i, u := range a.Units {
		where := fmt.Sprintf("cast.units[%d]", i)
		c.declare(where, u.Name, scKindUnit)
		c.ref(where, "organisation", u.Organisation, scKindOrganisation)
		if !u.Agency.Valid() {
			c.fail(where, "agency: required")
		}
	}
	for i, p := range a.Professionals {
		where := fmt.Sprintf("cast.professionals[%d]", i)
		c.declare(where, p.Name, scKindProfessional)
		c.ref(where, "unit", p.Unit, scKindUnit)
	}
	for i, ch := range a.Children {
		where := fmt.Sprintf("cast.children[%d]", i)
		c.declare(where, ch.Name, scKindChild)
		if !scTwelveDigits(ch.Personnummer) {
			c.fail(where, "personnummer: want 12 digits")
		} else if _, err := roles.ParsePersonnummer(ch.Personnummer); err != nil {
			c.fail(where, "personnummer: %v", err)
		}
		if !ch.Protection.Valid() {
			c.fail(where, "protection: required")
		}
		if ch.Contact != nil && !ch.ContactRecordedBy.Valid() {
			c.fail(where, "contactRecordedBy: required with contact")
		}
	}
	for i, g := range a.Guardians {
		where := fmt.Sprintf("cast.guardians[%d]", i)
		c.declare(where, g.Name, scKindGuardian)
		if !scTwelveDigits(g.Personnummer) {
			c.fail(where, "personnummer: want 12 digits")
		} else if _, err := roles.ParsePersonnummer(g.Personnummer); err != nil {
			c.fail(where, "personnummer: %v", err)
		}
		if !g.Protection.Valid() {
			c.fail(where, "protection: required")
		}
	}
	for i, r := range a.RelatedPersons {
		c.declare(fmt.Sprintf("cast.relatedPersons[%d]", i), r.Name, scKindRelated)
	}
	if len(a.Children) == 0 {
		c.fail("cast.children", "at least one child")
	}
}

// childRef checks an optional child reference: it may be left out when the
// scenario has exactly one child.
func (sc *scenario) childRef(c *scChecker, where, name string) {
	if name == "" {
		if len(sc.all.Children) != 1 {
			c.fail(where, "child: required when the scenario has more than one child")
		}
		return
	}
	c.ref(where, "child", name, scKindChild)
}

// child returns the child's symbolic name, the only child when name is "".
func (sc *scenario) child(name string) string {
	if name == "" && len(sc.all.Children) == 1 {
		return sc.all.Children[0].Name
	}
	return name
}

// expectKinds lists which expectation each step kind takes; facts take a
// recordExpect.
func (sc *scenario) checkStep(c *scChecker, where string, st *scStep) {
	k := st.kind()
	if k == "" {
		c.fail(where, "exactly one of custody, assign, end, consent, giveConsent, withdraw, disclosure, maturity, harmException, registration, assessment, concern, plan, request, overview, authority")
		return
	}
	where += " (" + k + ")"
	people := []scNameKind{scKindGuardian, scKindChild}
	switch {
	case st.Custody != nil:
		e := st.Custody
		if e.Name != "" {
			c.declare(where, e.Name, scKindCustody)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "guardian", e.Guardian, scKindGuardian)
		c.optRef(where, "by", e.By, scKindProfessional)
	case st.Assign != nil:
		e := st.Assign
		if e.Name != "" {
			c.declare(where, e.Name, scKindAssignment)
		}
		sc.childRef(c, where, e.Child)
		if !e.Role.Valid() {
			c.fail(where, "role: required")
		} else if e.Role == roles.Vardnadshavare || e.Role == roles.Barn {
			c.fail(where, "role: %s is not assigned (use custody, or the child itself)", e.Role)
		}
		if e.Role == roles.Narstaende {
			c.ref(where, "holder", e.Holder, scKindRelated)
		} else {
			c.ref(where, "holder", e.Holder, scKindProfessional)
		}
		c.optRef(where, "replaces", e.Replaces, scKindAssignment)
		c.optRef(where, "by", e.By, scKindProfessional)
	case st.End != nil:
		c.ref(where, "record", st.End.Record, scKindCustody, scKindAssignment, scKindMaturity, scKindHarm)
	case st.Consent != nil:
		e := st.Consent
		c.declare(where, e.Name, scKindConsent)
		sc.childRef(c, where, e.Child)
		if len(e.ReceivingAgencies) == 0 && len(e.ReceivingUnits) == 0 {
			c.fail(where, "receivingAgencies or receivingUnits: required")
		}
		for i, u := range e.ReceivingUnits {
			c.ref(where, fmt.Sprintf("receivingUnits[%d]", i), u, scKindUnit)
		}
		if len(e.Categories) == 0 {
			c.fail(where, "categories: required")
		}
		if !e.Purpose.Valid() {
			c.fail(where, "purpose: required")
		}
		if e.ValidUntil == nil {
			c.fail(where, "validUntil: required (a consent always ends)")
		}
		for i, g := range e.Givers {
			c.ref(where, fmt.Sprintf("givers[%d]", i), g, people...)
		}
		c.ref(where, "recordedBy", e.RecordedBy, scKindProfessional)
	case st.GiveConsent != nil:
		c.ref(where, "consent", st.GiveConsent.Consent, scKindConsent)
		c.ref(where, "by", st.GiveConsent.By, people...)
	case st.Withdraw != nil:
		c.ref(where, "consent", st.Withdraw.Consent, scKindConsent)
		c.ref(where, "by", st.Withdraw.By, people...)
		c.ref(where, "recordedBy", st.Withdraw.RecordedBy, scKindProfessional)
	case st.Disclosure != nil:
		e := st.Disclosure
		if e.Name != "" {
			c.declare(where, e.Name, scKindDisclosure)
		}
		sc.childRef(c, where, e.Child)
		if len(e.Categories) == 0 {
			c.fail(where, "categories: required")
		}
		if !e.Purpose.Valid() {
			c.fail(where, "purpose: required")
		}
		if e.To == "" && e.Recipient == "" {
			c.fail(where, "to or recipient: required")
		}
		c.optRef(where, "recipient", e.Recipient, scKindProfessional)
		c.optRef(where, "consent", e.Consent, scKindConsent)
		if e.Consent != "" && e.LegalBasis != "" {
			c.fail(where, "consent and legalBasis: at most one")
		}
		sc.checkLegalBasis(c, where, e.LegalBasis)
		for i, v := range e.Views {
			c.ref(where, fmt.Sprintf("views[%d].by", i), v.By, people...)
		}
		c.ref(where, "decidedBy", e.DecidedBy, scKindProfessional)
	case st.Maturity != nil:
		e := st.Maturity
		if e.Name != "" {
			c.declare(where, e.Name, scKindMaturity)
		}
		sc.childRef(c, where, e.Child)
		if !e.Band.Valid() {
			c.fail(where, "band: required")
		}
		c.ref(where, "assessedBy", e.AssessedBy, scKindProfessional)
	case st.HarmException != nil:
		e := st.HarmException
		if e.Name != "" {
			c.declare(where, e.Name, scKindHarm)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "guardian", e.Guardian, scKindGuardian)
		c.ref(where, "decidedBy", e.DecidedBy, scKindProfessional)
	case st.Registration != nil:
		sc.childRef(c, where, st.Registration.Child)
		if st.Registration.Kommun == "" && st.Registration.Protection == "" {
			c.fail(where, "kommun or protection: required")
		}
	case st.Assessment != nil:
		e := st.Assessment
		c.declare(where, e.Name, scKindAssessment)
		sc.childRef(c, where, e.Child)
		c.ref(where, "assessedBy", e.AssessedBy, scKindProfessional)
		if len(e.Areas) == 0 {
			c.fail(where, "areas: required")
		}
	case st.Concern != nil:
		e := st.Concern
		if e.Name != "" {
			c.declare(where, e.Name, scKindConcern)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "raisedBy", e.RaisedBy, scKindProfessional, scKindGuardian, scKindChild, scKindRelated)
		if r := e.Report; r != nil {
			c.ref(where, "raisedBy", e.RaisedBy, scKindProfessional)
			c.optRef(where, "report.toUnit", r.ToUnit, scKindUnit)
			for i, v := range r.Views {
				c.ref(where, fmt.Sprintf("report.views[%d].by", i), v.By, scKindGuardian, scKindChild)
			}
		}
	case st.Plan != nil:
		sc.checkPlan(c, where, st.Plan)
	case st.Request != nil:
		r := st.Request
		c.ref(where, "actor", r.Actor, scKindProfessional, scKindGuardian, scKindChild, scKindRelated)
		sc.childRef(c, where, r.Child)
		if !r.Action.Valid() {
			c.fail(where, "action: required")
		}
		if r.Category == "" {
			c.fail(where, "category: required")
		}
		c.optRef(where, "recordingUnit", r.RecordingUnit, scKindUnit)
		c.optRef(where, "recipientUnit", r.RecipientUnit, scKindUnit)
		if r.Action == roles.Disclose && r.Recipient == "" && r.RecipientUnit == "" {
			c.fail(where, "recipient: required for disclose")
		}
		if r.Action != roles.Disclose && (r.Recipient != "" || r.RecipientUnit != "") {
			c.fail(where, "recipient: only for disclose")
		}
		sc.checkLegalBasis(c, where, r.LegalBasis)
	case st.Overview != nil:
		c.ref(where, "actor", st.Overview.Actor, scKindProfessional, scKindGuardian, scKindChild)
		sc.childRef(c, where, st.Overview.Child)
	case st.Authority != nil:
		sc.childRef(c, where, st.Authority.Child)
	}
	sc.checkExpect(c, where, st)
}

// checkLegalBasis rejects a legal-basis code the scenario's policy does not
// know, so that a misspelt code fails loudly instead of as basis_unknown.
func (sc *scenario) checkLegalBasis(c *scChecker, where string, code roles.LegalBasisCode) {
	if code == "" {
		return
	}
	p := sc.policy()
	if p.LegalBasis(code) == nil {
		c.fail(where, "legalBasis: %q is not in the policy", code)
	}
}

func (sc *scenario) checkPlan(c *scChecker, where string, e *scPlanEvent) {
	sc.childRef(c, where, e.Child)
	c.ref(where, "by", e.By, scKindProfessional)
	if strings.TrimSpace(e.Summary) == "" {
		c.fail(where, "summary: required")
	}
	c.optRef(where, "barnkontakt", e.Barnkontakt, scKindProfessional)
	c.optRef(where, "stodsamordnare", e.Stodsamordnare, scKindProfessional)
	for i, m := range e.Members {
		w := fmt.Sprintf("%s members[%d]", where, i)
		if m.Name != "" {
			c.declare(w, m.Name, scKindPlanMember)
		}
		c.ref(w, "party", m.Party, scKindProfessional, scKindGuardian, scKindChild, scKindRelated)
		if !m.Role.Valid() {
			c.fail(w, "role: required")
		}
	}
	for i, v := range e.Views {
		w := fmt.Sprintf("%s views[%d]", where, i)
		if v.Name != "" {
			c.declare(w, v.Name, scKindPlanView)
		}
		c.ref(w, "by", v.By, scKindGuardian, scKindChild)
	}
	for i, g := range e.Goals {
		w := fmt.Sprintf("%s goals[%d]", where, i)
		c.declare(w, g.Name, scKindGoal)
	}
	for i, it := range e.Items {
		w := fmt.Sprintf("%s items[%d]", where, i)
		c.declare(w, it.Name, scKindItem)
		c.ref(w, "goal", it.Goal, scKindGoal)
		c.optRef(w, "by", it.By, scKindProfessional)
		c.optRef(w, "principal", it.Principal, scKindOrganisation)
	}
	if s := e.SIP; s != nil {
		c.optRef(where, "sip.lead", s.Lead, scKindOrganisation)
		for i, o := range s.Others {
			c.optRef(where, fmt.Sprintf("sip.others[%d].party", i), o.Party, scKindGuardian, scKindChild, scKindRelated, scKindProfessional)
		}
	}
	if e.Status != "" && !e.Status.Valid() {
		c.fail(where, "status: unknown")
	}
	for i, m := range e.ItemStatus {
		c.ref(where, fmt.Sprintf("itemStatus[%d].item", i), m.Item, scKindItem)
	}
	if f := e.FollowUp; f != nil {
		if f.Name != "" {
			c.declare(where, f.Name, scKindPlanFollowUp)
		}
		for i, p := range f.Participants {
			c.ref(where, fmt.Sprintf("followUp.participants[%d]", i), p, scKindProfessional, scKindGuardian, scKindChild, scKindRelated)
		}
	}
}

// checkExpect decodes the step's expectation strictly for its kind.
func (sc *scenario) checkExpect(c *scChecker, where string, st *scStep) {
	raw := st.Expect
	has := len(raw) > 0 && string(raw) != "null"
	decode := func(v any) bool {
		if !has {
			return false
		}
		if err := scStrictDecode(raw, v); err != nil {
			c.fail(where, "expect: %v", err)
			return false
		}
		return true
	}
	switch {
	case st.Request != nil:
		var e scDecisionExpect
		if !has {
			c.fail(where, "expect: required for a request")
			return
		}
		if !decode(&e) {
			return
		}
		if e.Allowed == nil {
			c.fail(where, "expect.allowed: required")
		}
		if len(e.Reasons) == 0 {
			c.fail(where, "expect.reasons: at least the main reason")
		}
		if b := e.Basis; b != nil {
			if !b.Kind.Valid() {
				c.fail(where, "expect.basis.kind: required")
			}
			if b.Kind == roles.BasisConsent {
				c.ref(where, "expect.basis.consent", b.Consent, scKindConsent)
			} else if b.Consent != "" {
				c.fail(where, "expect.basis.consent: only with kind consent")
			}
			if b.Kind == roles.BasisLegal {
				if b.LegalBasis == "" {
					c.fail(where, "expect.basis.legalBasis: required with kind legal_basis")
				}
				sc.checkLegalBasis(c, where, b.LegalBasis)
			} else if b.LegalBasis != "" {
				c.fail(where, "expect.basis.legalBasis: only with kind legal_basis")
			}
			if e.Allowed != nil && !*e.Allowed {
				c.fail(where, "expect.basis: a denial has no basis")
			}
		} else if e.Allowed != nil && *e.Allowed {
			c.fail(where, "expect.basis: required when allowed")
		}
		st.expectDecision = &e
	case st.Overview != nil:
		var e scOverviewExpect
		if !has {
			c.fail(where, "expect: required for an overview")
			return
		}
		if decode(&e) {
			for i, n := range e.Assessments {
				c.ref(where, fmt.Sprintf("expect.assessments[%d]", i), n, scKindAssessment)
			}
			st.expectOverview = &e
		}
	case st.Authority != nil:
		var e scAuthorityExpect
		if !has {
			c.fail(where, "expect: required for authority")
			return
		}
		if decode(&e) {
			for _, list := range [][]string{e.Guardians, e.LeftOut, e.Inform} {
				for _, n := range list {
					c.ref(where, "expect", n, scKindGuardian)
				}
			}
			if e.Band != "" && !e.Band.Valid() {
				c.fail(where, "expect.band: unknown")
			}
			st.expectAuthority = &e
		}
	case st.Plan != nil:
		var e scPlanExpect
		if decode(&e) {
			st.expectPlan = &e
		} else {
			st.expectPlan = &scPlanExpect{}
		}
	default:
		var e scRecordExpect
		if decode(&e) {
			st.expectRecord = &e
		} else {
			st.expectRecord = &scRecordExpect{}
		}
	}
}

// policy returns the scenario's policy: the default with the overrides.
func (sc *scenario) policy() roles.Policy {
	p := roles.DefaultPolicy()
	o := sc.Policy
	if o == nil {
		return p
	}
	if o.MaxConsentMonths != nil {
		p.MaxConsentMonths = *o.MaxConsentMonths
	}
	if o.ReceiverNeedsRole != nil {
		p.ReceiverRoleOptional = !*o.ReceiverNeedsRole
	}
	if o.LegalBasisReadDays != nil {
		p.LegalBasisReadDays = *o.LegalBasisReadDays
	}
	if o.InformGuardians != nil {
		p.InformGuardians = *o.InformGuardians
	}
	if o.ConsentBands != nil {
		p.ConsentBands = o.ConsentBands
	}
	return p
}

// scSortedCopy returns the strings sorted, for order-insensitive comparison.
func scSortedCopy[T ~string](xs []T) []T {
	out := slices.Clone(xs)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
