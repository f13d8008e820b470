package backa_test

// The scenario format: shared-semantics scenarios as JSON files under
// testdata/scenarios, decoded strictly so that a typo fails loudly. The format
// is documented for implementers in other languages in
// testdata/scenarios/README.md; this file is its reference decoder.

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

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// scenarioFormat is the format identifier every scenario file starts with.
const scenarioFormat = "backa-scenarios/1"

// scenarioFile is one JSON file: a cast shared by its scenarios, and the scenarios.
type scenarioFile struct {
	Format    string      `json:"format"`
	Cast      cast        `json:"cast"`
	Scenarios []*scenario `json:"scenarios"`

	path string
}

// cast holds the people and organisations of a scenario, each by a symbolic name.
type cast struct {
	Organisations  []castOrganisation `json:"organisations"`
	Units          []castUnit         `json:"units"`
	Professionals  []castProfessional `json:"professionals"`
	Children       []castChild        `json:"children"`
	Guardians      []castGuardian     `json:"guardians"`
	RelatedPersons []castRelated      `json:"relatedPersons"`
}

type castOrganisation struct {
	Name                string                    `json:"name"`
	Kind                roles.OrganisationKind    `json:"kind"`
	Label               string                    `json:"label"`
	Kommun              roles.Kommunkod           `json:"kommun"`
	Organisationsnummer roles.Organisationsnummer `json:"organisationsnummer"`
}

type castUnit struct {
	Name         string          `json:"name"`
	Organisation string          `json:"organisation"`
	Label        string          `json:"label"`
	Agency       roles.Agency    `json:"agency"`
	Kommun       roles.Kommunkod `json:"kommun"`
	HSAID        roles.HSAID     `json:"hsaId"`
}

type castProfessional struct {
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	GivenName  string      `json:"givenName"`
	FamilyName string      `json:"familyName"`
	Title      string      `json:"title"`
	HSAID      roles.HSAID `json:"hsaId"`
}

type castChild struct {
	Name         string                `json:"name"`
	Personnummer string                `json:"personnummer"`
	GivenName    string                `json:"givenName"`
	FamilyName   string                `json:"familyName"`
	Kommun       roles.Kommunkod       `json:"kommun"`
	Protection   roles.ProtectionLevel `json:"protection"`
	Contact      *roles.Contact        `json:"contact"`
	// ContactRecordedBy is the agency whose records hold the contact data
	// (the secrecy domain it belongs to).
	ContactRecordedBy roles.Agency `json:"contactRecordedBy"`
}

type castGuardian struct {
	Name         string                `json:"name"`
	Personnummer string                `json:"personnummer"`
	GivenName    string                `json:"givenName"`
	FamilyName   string                `json:"familyName"`
	Protection   roles.ProtectionLevel `json:"protection"`
	Contact      *roles.Contact        `json:"contact"`
}

type castRelated struct {
	Name       string `json:"name"`
	GivenName  string `json:"givenName"`
	FamilyName string `json:"familyName"`
	Relation   string `json:"relation"`
}

// policyOverride changes the default policy (roles.DefaultPolicy) for one
// scenario. Only the fields given change.
type policyOverride struct {
	MaxConsentMonths   *int                    `json:"maxConsentMonths"`
	ReceiverNeedsRole  *bool                   `json:"receiverNeedsRole"`
	LegalBasisReadDays *int                    `json:"legalBasisReadDays"`
	InformGuardians    *bool                   `json:"informGuardians"`
	ConsentBands       []roles.ConsentBandRule `json:"consentBands"`
}

// scenario is one story: a cast, an optional policy, and a timeline of steps.
type scenario struct {
	ID              string          `json:"id"`
	Title           string          `json:"title"`
	Story           string          `json:"story"`
	Tags            []string        `json:"tags"`
	KnownDivergence divergence      `json:"knownDivergence"`
	Policy          *policyOverride `json:"policy"`
	Cast            cast            `json:"cast"`
	Steps           []*step         `json:"steps"`

	// Filled in by resolve.
	file  *scenarioFile
	names map[string]nameKind // every symbolic name: cast and records
	all   cast                // the file's cast and the scenario's
}

// The families of players a knownDivergence may name.
const (
	familyDecide  = "decide"  // roles.Decide and the vocabulary packages directly
	familyService = "service" // backa.Service, on every adapter
)

// divergence records where the library is known to differ from DOMAIN.md:
// one reason for every player (a JSON string), or reasons per family of
// players (an object with the keys "decide" and "service").
type divergence map[string]string

// allFamilies is the key of a reason that holds for every player.
const allFamilies = "*"

// UnmarshalJSON reads a string or an object keyed by player family, rejecting
// unknown families and empty reasons.
func (d *divergence) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if strings.TrimSpace(s) == "" {
			return errors.New("knownDivergence: empty reason")
		}
		*d = divergence{allFamilies: s}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return errors.New("knownDivergence: want a string or an object of reasons by player family")
	}
	for k, v := range m {
		if k != familyDecide && k != familyService {
			return fmt.Errorf("knownDivergence: unknown player family %q (want %q or %q)", k, familyDecide, familyService)
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("knownDivergence: empty reason for %q", k)
		}
	}
	*d = m
	return nil
}

// reason returns the divergence known for a family of players, or "".
func (d divergence) reason(family string) string {
	if r := d[allFamilies]; r != "" {
		return r
	}
	return d[family]
}

// nameKind says what a symbolic name refers to.
type nameKind string

const (
	kindOrganisation  nameKind = "organisation"
	kindUnit          nameKind = "unit"
	kindProfessional  nameKind = "professional"
	kindChild         nameKind = "child"
	kindGuardian      nameKind = "guardian"
	kindRelated       nameKind = "relatedPerson"
	kindCustody       nameKind = "custody"
	kindAssignment    nameKind = "assignment"
	kindConsent       nameKind = "consent"
	kindDisclosure    nameKind = "disclosure"
	kindMaturity      nameKind = "maturityAssessment"
	kindHarm          nameKind = "harmException"
	kindAssessment    nameKind = "assessment"
	kindConcern       nameKind = "concern"
	kindGoal          nameKind = "goal"
	kindItem          nameKind = "item"
	kindPlanMember    nameKind = "member"
	kindPlanFollowUp  nameKind = "followUp"
	kindPlanView      nameKind = "view"
	kindPlan          nameKind = "plan"
	kindPlanDisagreem nameKind = "disagreement"
)

// step is one moment of the timeline: a fact that happens, or a question with
// its expected answer. Exactly one of the kinds is set.
type step struct {
	At              stamp      `json:"at"`
	Note            string     `json:"note"`
	KnownDivergence divergence `json:"knownDivergence"`

	Custody       *custodyEvent    `json:"custody"`
	Assign        *assignEvent     `json:"assign"`
	End           *endEvent        `json:"end"`
	Consent       *consentEvent    `json:"consent"`
	GiveConsent   *giveEvent       `json:"giveConsent"`
	Withdraw      *withdrawEvent   `json:"withdraw"`
	Disclosure    *disclosureEvent `json:"disclosure"`
	Maturity      *maturityEvent   `json:"maturity"`
	HarmException *harmEvent       `json:"harmException"`
	Registration  *registration    `json:"registration"`
	Assessment    *assessmentEvent `json:"assessment"`
	Concern       *concernEvent    `json:"concern"`
	Plan          *planEvent       `json:"plan"`
	Request       *request         `json:"request"`
	Overview      *overview        `json:"overview"`
	Authority     *authorityAsk    `json:"authority"`

	Expect json.RawMessage `json:"expect"`

	// Decoded from Expect by resolve, by kind.
	expectDecision  *decisionExpect
	expectRecord    *recordExpect
	expectPlan      *planExpect
	expectOverview  *overviewExpect
	expectAuthority *authorityExpect

	index int
}

// kind returns the JSON name of the step's kind, or "" when none or more than
// one is set.
func (s *step) kind() string {
	var kinds []string
	add := func(set bool, name string) {
		if set {
			kinds = append(kinds, name)
		}
	}
	add(s.Custody != nil, "custody")
	add(s.Assign != nil, "assign")
	add(s.End != nil, "end")
	add(s.Consent != nil, "consent")
	add(s.GiveConsent != nil, "giveConsent")
	add(s.Withdraw != nil, "withdraw")
	add(s.Disclosure != nil, "disclosure")
	add(s.Maturity != nil, "maturity")
	add(s.HarmException != nil, "harmException")
	add(s.Registration != nil, "registration")
	add(s.Assessment != nil, "assessment")
	add(s.Concern != nil, "concern")
	add(s.Plan != nil, "plan")
	add(s.Request != nil, "request")
	add(s.Overview != nil, "overview")
	add(s.Authority != nil, "authority")
	if len(kinds) != 1 {
		return ""
	}
	return kinds[0]
}

// label names the step in test output: its index, kind and a few words.
func (s *step) label() string {
	k := s.kind()
	var what string
	switch {
	case s.Request != nil:
		r := s.Request
		what = r.Actor + "_" + string(r.Action) + "_" + string(r.Category)
		if r.Recipient != "" {
			what += "_to_" + string(r.Recipient)
		}
	case s.Overview != nil:
		what = s.Overview.Actor
	case s.Consent != nil:
		what = s.Consent.Name
	case s.Withdraw != nil:
		what = s.Withdraw.Consent
	case s.Disclosure != nil:
		what = string(s.Disclosure.To)
		if s.Disclosure.Recipient != "" {
			what = s.Disclosure.Recipient
		}
	case s.Assign != nil:
		what = s.Assign.Holder + "_" + string(s.Assign.Role)
	case s.End != nil:
		what = s.End.Record
	case s.Plan != nil:
		what = strings.ReplaceAll(s.Plan.Summary, " ", "_")
	}
	name := fmt.Sprintf("%02d_%s", s.index, k)
	if what != "" {
		name += "_" + what
	}
	return name
}

type custodyEvent struct {
	Name     string `json:"name"`
	Child    string `json:"child"`
	Guardian string `json:"guardian"`
	Until    *stamp `json:"until"`
	By       string `json:"by"`
}

type assignEvent struct {
	Name     string     `json:"name"`
	Child    string     `json:"child"`
	Role     roles.Role `json:"role"`
	Holder   string     `json:"holder"`
	Until    *stamp     `json:"until"`
	Replaces string     `json:"replaces"`
	By       string     `json:"by"`
}

// endEvent ends a record with a period (custody, assignment, maturity
// assessment, harm exception) at the step's time.
type endEvent struct {
	Record string `json:"record"`
}

type consentEvent struct {
	Name              string            `json:"name"`
	Child             string            `json:"child"`
	DisclosingAgency  roles.Agency      `json:"disclosingAgency"`
	ReceivingAgencies []roles.Agency    `json:"receivingAgencies"`
	ReceivingUnits    []string          `json:"receivingUnits"`
	Categories        []roles.Category  `json:"categories"`
	Purpose           roles.Purpose     `json:"purpose"`
	ValidFrom         *stamp            `json:"validFrom"`
	ValidUntil        *stamp            `json:"validUntil"`
	Form              roles.ConsentForm `json:"form"`
	Givers            []string          `json:"givers"`
	RecordedBy        string            `json:"recordedBy"`
}

type giveEvent struct {
	Consent string `json:"consent"`
	By      string `json:"by"`
}

type withdrawEvent struct {
	Consent    string `json:"consent"`
	By         string `json:"by"`
	RecordedBy string `json:"recordedBy"`
}

type disclosureEvent struct {
	Name              string                  `json:"name"`
	Child             string                  `json:"child"`
	Outcome           roles.DisclosureOutcome `json:"outcome"`
	Categories        []roles.Category        `json:"categories"`
	From              roles.Agency            `json:"from"`
	To                roles.Agency            `json:"to"`
	Recipient         string                  `json:"recipient"`
	Purpose           roles.Purpose           `json:"purpose"`
	Consent           string                  `json:"consent"`
	LegalBasis        roles.LegalBasisCode    `json:"legalBasis"`
	Reason            string                  `json:"reason"`
	Views             []viewEntry             `json:"views"`
	FamilyInformed    bool                    `json:"familyInformed"`
	NotInformedReason string                  `json:"notInformedReason"`
	DecidedBy         string                  `json:"decidedBy"`
}

type viewEntry struct {
	By   string `json:"by"`
	Text string `json:"text"`
}

type maturityEvent struct {
	Name       string            `json:"name"`
	Child      string            `json:"child"`
	Band       roles.ConsentBand `json:"band"`
	Reason     string            `json:"reason"`
	Until      *stamp            `json:"until"`
	AssessedBy string            `json:"assessedBy"`
}

type harmEvent struct {
	Name      string `json:"name"`
	Child     string `json:"child"`
	Guardian  string `json:"guardian"`
	Reason    string `json:"reason"`
	Until     *stamp `json:"until"`
	DecidedBy string `json:"decidedBy"`
}

// registration changes what the population register says about a child: the
// municipality (a move) or the protection level.
type registration struct {
	Child      string                `json:"child"`
	Kommun     roles.Kommunkod       `json:"kommun"`
	Protection roles.ProtectionLevel `json:"protection"`
}

type assessmentEvent struct {
	Name       string           `json:"name"`
	Child      string           `json:"child"`
	AssessedBy string           `json:"assessedBy"`
	Areas      []assessmentArea `json:"areas"`
	ChildView  string           `json:"childView"`
	GuardView  string           `json:"guardiansView"`
}

type assessmentArea struct {
	Area      behovskompass.Area      `json:"area"`
	Level     behovskompass.LevelCode `json:"level"`
	Strengths string                  `json:"strengths"`
	Concerns  string                  `json:"concerns"`
	Source    behovskompass.Source    `json:"source"`
}

type concernEvent struct {
	Name                     string                    `json:"name"`
	Child                    string                    `json:"child"`
	RaisedBy                 string                    `json:"raisedBy"`
	Noticed                  string                    `json:"noticed"`
	Areas                    []behovskompass.Area      `json:"areas"`
	Seriousness              behovskompass.Seriousness `json:"seriousness"`
	ReportedToSocialServices bool                      `json:"reportedToSocialServices"`
}

// planEvent is one change of the child's plan (the first creates it), by a
// professional, applied in the order the README gives.
type planEvent struct {
	Child          string         `json:"child"`
	By             string         `json:"by"`
	Summary        string         `json:"summary"`
	Reason         string         `json:"reason"`
	Barnkontakt    string         `json:"barnkontakt"`
	Stodsamordnare string         `json:"stodsamordnare"`
	NextReview     roles.Date     `json:"nextReview"`
	Members        []planMember   `json:"members"`
	Views          []planView     `json:"views"`
	Goals          []planGoal     `json:"goals"`
	Items          []planItem     `json:"items"`
	SIP            *planSIP       `json:"sip"`
	Status         plan.Status    `json:"status"`
	ItemStatus     []planItemMove `json:"itemStatus"`
	FollowUp       *planFollowUp  `json:"followUp"`
}

type planMember struct {
	Name  string     `json:"name"`
	Party string     `json:"party"`
	Role  roles.Role `json:"role"`
}

type planView struct {
	Name string `json:"name"`
	By   string `json:"by"`
	Text string `json:"text"`
}

type planGoal struct {
	Name      string               `json:"name"`
	Areas     []behovskompass.Area `json:"areas"`
	Outcome   string               `json:"outcome"`
	Indicator string               `json:"indicator"`
}

type planItem struct {
	Name        string             `json:"name"`
	Goal        string             `json:"goal"`
	Area        behovskompass.Area `json:"area"`
	Description string             `json:"description"`
	By          string             `json:"by"`
	Agency      roles.Agency       `json:"agency"`
	Principal   string             `json:"principal"`
	Role        string             `json:"role"`
	Start       roles.Date         `json:"start"`
	Due         roles.Date         `json:"due"`
}

type planSIP struct {
	Lead     string             `json:"lead"`
	CalledOn roles.Date         `json:"calledOn"`
	HeldOn   roles.Date         `json:"heldOn"`
	Others   []planContribution `json:"others"`
}

type planContribution struct {
	Agency roles.Agency `json:"agency"`
	Party  string       `json:"party"`
	Text   string       `json:"text"`
}

type planItemMove struct {
	Item string          `json:"item"`
	To   plan.ItemStatus `json:"to"`
	Note string          `json:"note"`
}

type planFollowUp struct {
	Name         string     `json:"name"`
	Date         roles.Date `json:"date"`
	Participants []string   `json:"participants"`
	Decisions    string     `json:"decisions"`
	NextReview   roles.Date `json:"nextReview"`
}

// request asks roles.Decide (or backa.Service) whether an actor may act.
type request struct {
	Actor           string               `json:"actor"`
	Action          roles.Action         `json:"action"`
	Category        roles.Category       `json:"category"`
	Child           string               `json:"child"`
	RecordingAgency roles.Agency         `json:"recordingAgency"`
	RecordingUnit   string               `json:"recordingUnit"`
	Recipient       roles.Agency         `json:"recipient"`
	RecipientUnit   string               `json:"recipientUnit"`
	Purpose         roles.Purpose        `json:"purpose"`
	LegalBasis      roles.LegalBasisCode `json:"legalBasis"`
}

// overview reads the child's overview (the combined picture and the basic
// record) as the actor sees it.
type overview struct {
	Actor   string        `json:"actor"`
	Child   string        `json:"child"`
	Purpose roles.Purpose `json:"purpose"`
}

// authorityAsk asks whose consent a waiver of secrecy about the child needs.
type authorityAsk struct {
	Child string `json:"child"`
}

// decisionExpect is the expected answer to a request.
type decisionExpect struct {
	Allowed *bool        `json:"allowed"`
	Basis   *basisExpect `json:"basis"`
	// Reasons: the first is the decision's main (first) reason; every one
	// listed must be among the decision's reasons.
	Reasons []roles.Reason `json:"reasons"`
	// Obligations must all be set; WithoutObligations must all be unset.
	Obligations        *roles.Obligations `json:"obligations"`
	WithoutObligations *roles.Obligations `json:"withoutObligations"`
}

type basisExpect struct {
	Kind       roles.BasisKind      `json:"kind"`
	Consent    string               `json:"consent"`
	LegalBasis roles.LegalBasisCode `json:"legalBasis"`
}

// recordExpect is the expected outcome of recording a fact: accepted (the
// default) or rejected with the rules named.
type recordExpect struct {
	Rejected []string `json:"rejected"`
}

// planExpect is the expected outcome of a plan change.
type planExpect struct {
	Rejected []string    `json:"rejected"`
	Status   plan.Status `json:"status"`
	IsSIP    *bool       `json:"isSIP"`
	Agencies []string    `json:"itemAgencies"`
	// NextReview is the plan's next review date after the change.
	NextReview roles.Date `json:"nextReview"`
}

// overviewExpect is what the actor sees in the overview.
type overviewExpect struct {
	// Assessments are the symbolic names of the assessments whose entries
	// appear (exactly these).
	Assessments []string `json:"assessments"`
	// Agencies are the agencies whose assessments appear (exactly these).
	Agencies []roles.Agency `json:"agencies"`
	// Contact says whether the child's contact data appears.
	Contact *bool `json:"contact"`
}

// authorityExpect is whose consent is needed.
type authorityExpect struct {
	Age        *int              `json:"age"`
	Band       roles.ConsentBand `json:"band"`
	ByMaturity *bool             `json:"byMaturity"`
	Guardians  []string          `json:"guardians"`
	Child      *bool             `json:"child"`
	LeftOut    []string          `json:"leftOut"`
	Inform     []string          `json:"inform"`
}

// stamp is an instant in a scenario: "2026-03-02" (the start of that day in
// Swedish time), "2026-03-02T09:30" or "2026-03-02T09:30:15" (Swedish time),
// or RFC 3339 with an offset ("2026-03-02T08:30:00Z").
type stamp struct{ time.Time }

// UnmarshalJSON reads a JSON string in one of the forms above. (stamp embeds
// time.Time, whose own JSON methods it overrides.)
func (s *stamp) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("time: want a string: %w", err)
	}
	t, err := parseStamp(v)
	if err != nil {
		return err
	}
	s.Time = t
	return nil
}

// MarshalJSON writes RFC 3339 in UTC.
func (s stamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.UTC().Format(time.RFC3339Nano))
}

func parseStamp(v string) (time.Time, error) {
	loc := roles.SwedishTime()
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("time %q: want YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (Swedish time) or RFC 3339", v)
}

// strictDecode decodes one JSON value into v, rejecting unknown fields and
// trailing data.
func strictDecode(b []byte, v any) error {
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

// decodeScenarioFile decodes and checks one scenario file. Every problem found
// in the checks is reported, each with the scenario and step it is in.
func decodeScenarioFile(path string, b []byte) (*scenarioFile, error) {
	var f scenarioFile
	if err := strictDecode(b, &f); err != nil {
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

// checker collects the problems of one scenario.
type checker struct {
	sc   *scenario
	errs []error
}

func (c *checker) fail(where, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
}

// declare adds a symbolic name of kind k; names are unique within a scenario.
func (c *checker) declare(where, name string, k nameKind) {
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
func (c *checker) ref(where, field, name string, kinds ...nameKind) {
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
func (c *checker) optRef(where, field, name string, kinds ...nameKind) {
	if name != "" {
		c.ref(where, field, name, kinds...)
	}
}

// resolve merges the casts, declares every name, checks every reference and
// code, and decodes each step's expectation strictly for its kind.
func (sc *scenario) resolve() []error {
	c := &checker{sc: sc}
	sc.names = map[string]nameKind{}
	if !validScenarioID(sc.ID) {
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
	sc.all = mergeCasts(sc.file.Cast, sc.Cast)
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
func (s *step) rejected() bool {
	return s.expectRecord != nil && len(s.expectRecord.Rejected) > 0 ||
		s.expectPlan != nil && len(s.expectPlan.Rejected) > 0
}

func validScenarioID(id string) bool {
	if id == "" || len(id) > 80 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// mergeCasts returns the file's cast followed by the scenario's additions.
func mergeCasts(a, b cast) cast {
	return cast{
		Organisations:  append(slices.Clip(a.Organisations), b.Organisations...),
		Units:          append(slices.Clip(a.Units), b.Units...),
		Professionals:  append(slices.Clip(a.Professionals), b.Professionals...),
		Children:       append(slices.Clip(a.Children), b.Children...),
		Guardians:      append(slices.Clip(a.Guardians), b.Guardians...),
		RelatedPersons: append(slices.Clip(a.RelatedPersons), b.RelatedPersons...),
	}
}

// twelveDigits reports whether s is the canonical 12-digit form, so that a
// file never depends on the date it is read (10-digit forms do).
func twelveDigits(s string) bool {
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

func (sc *scenario) checkCast(c *checker) {
	a := &sc.all
	for i, o := range a.Organisations {
		where := fmt.Sprintf("cast.organisations[%d]", i)
		c.declare(where, o.Name, kindOrganisation)
		if !o.Kind.Valid() {
			c.fail(where, "kind: required")
		}
	}
	for i, u := range a.Units {
		where := fmt.Sprintf("cast.units[%d]", i)
		c.declare(where, u.Name, kindUnit)
		c.ref(where, "organisation", u.Organisation, kindOrganisation)
		if !u.Agency.Valid() {
			c.fail(where, "agency: required")
		}
	}
	for i, p := range a.Professionals {
		where := fmt.Sprintf("cast.professionals[%d]", i)
		c.declare(where, p.Name, kindProfessional)
		c.ref(where, "unit", p.Unit, kindUnit)
	}
	for i, ch := range a.Children {
		where := fmt.Sprintf("cast.children[%d]", i)
		c.declare(where, ch.Name, kindChild)
		if !twelveDigits(ch.Personnummer) {
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
		c.declare(where, g.Name, kindGuardian)
		if !twelveDigits(g.Personnummer) {
			c.fail(where, "personnummer: want 12 digits")
		} else if _, err := roles.ParsePersonnummer(g.Personnummer); err != nil {
			c.fail(where, "personnummer: %v", err)
		}
		if !g.Protection.Valid() {
			c.fail(where, "protection: required")
		}
	}
	for i, r := range a.RelatedPersons {
		c.declare(fmt.Sprintf("cast.relatedPersons[%d]", i), r.Name, kindRelated)
	}
	if len(a.Children) == 0 {
		c.fail("cast.children", "at least one child")
	}
}

// childRef checks an optional child reference: it may be left out when the
// scenario has exactly one child.
func (sc *scenario) childRef(c *checker, where, name string) {
	if name == "" {
		if len(sc.all.Children) != 1 {
			c.fail(where, "child: required when the scenario has more than one child")
		}
		return
	}
	c.ref(where, "child", name, kindChild)
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
func (sc *scenario) checkStep(c *checker, where string, st *step) {
	k := st.kind()
	if k == "" {
		c.fail(where, "exactly one of custody, assign, end, consent, giveConsent, withdraw, disclosure, maturity, harmException, registration, assessment, concern, plan, request, overview, authority")
		return
	}
	where += " (" + k + ")"
	people := []nameKind{kindGuardian, kindChild}
	switch {
	case st.Custody != nil:
		e := st.Custody
		if e.Name != "" {
			c.declare(where, e.Name, kindCustody)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "guardian", e.Guardian, kindGuardian)
		c.optRef(where, "by", e.By, kindProfessional)
	case st.Assign != nil:
		e := st.Assign
		if e.Name != "" {
			c.declare(where, e.Name, kindAssignment)
		}
		sc.childRef(c, where, e.Child)
		if !e.Role.Valid() {
			c.fail(where, "role: required")
		} else if e.Role == roles.Vardnadshavare || e.Role == roles.Barn {
			c.fail(where, "role: %s is not assigned (use custody, or the child itself)", e.Role)
		}
		if e.Role == roles.Narstaende {
			c.ref(where, "holder", e.Holder, kindRelated)
		} else {
			c.ref(where, "holder", e.Holder, kindProfessional)
		}
		c.optRef(where, "replaces", e.Replaces, kindAssignment)
		c.optRef(where, "by", e.By, kindProfessional)
	case st.End != nil:
		c.ref(where, "record", st.End.Record, kindCustody, kindAssignment, kindMaturity, kindHarm)
	case st.Consent != nil:
		e := st.Consent
		c.declare(where, e.Name, kindConsent)
		sc.childRef(c, where, e.Child)
		if len(e.ReceivingAgencies) == 0 && len(e.ReceivingUnits) == 0 {
			c.fail(where, "receivingAgencies or receivingUnits: required")
		}
		for i, u := range e.ReceivingUnits {
			c.ref(where, fmt.Sprintf("receivingUnits[%d]", i), u, kindUnit)
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
		c.ref(where, "recordedBy", e.RecordedBy, kindProfessional)
	case st.GiveConsent != nil:
		c.ref(where, "consent", st.GiveConsent.Consent, kindConsent)
		c.ref(where, "by", st.GiveConsent.By, people...)
	case st.Withdraw != nil:
		c.ref(where, "consent", st.Withdraw.Consent, kindConsent)
		c.ref(where, "by", st.Withdraw.By, people...)
		c.ref(where, "recordedBy", st.Withdraw.RecordedBy, kindProfessional)
	case st.Disclosure != nil:
		e := st.Disclosure
		if e.Name != "" {
			c.declare(where, e.Name, kindDisclosure)
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
		c.optRef(where, "recipient", e.Recipient, kindProfessional)
		c.optRef(where, "consent", e.Consent, kindConsent)
		if e.Consent != "" && e.LegalBasis != "" {
			c.fail(where, "consent and legalBasis: at most one")
		}
		sc.checkLegalBasis(c, where, e.LegalBasis)
		for i, v := range e.Views {
			c.ref(where, fmt.Sprintf("views[%d].by", i), v.By, people...)
		}
		c.ref(where, "decidedBy", e.DecidedBy, kindProfessional)
	case st.Maturity != nil:
		e := st.Maturity
		if e.Name != "" {
			c.declare(where, e.Name, kindMaturity)
		}
		sc.childRef(c, where, e.Child)
		if !e.Band.Valid() {
			c.fail(where, "band: required")
		}
		c.ref(where, "assessedBy", e.AssessedBy, kindProfessional)
	case st.HarmException != nil:
		e := st.HarmException
		if e.Name != "" {
			c.declare(where, e.Name, kindHarm)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "guardian", e.Guardian, kindGuardian)
		c.ref(where, "decidedBy", e.DecidedBy, kindProfessional)
	case st.Registration != nil:
		sc.childRef(c, where, st.Registration.Child)
		if st.Registration.Kommun == "" && st.Registration.Protection == "" {
			c.fail(where, "kommun or protection: required")
		}
	case st.Assessment != nil:
		e := st.Assessment
		c.declare(where, e.Name, kindAssessment)
		sc.childRef(c, where, e.Child)
		c.ref(where, "assessedBy", e.AssessedBy, kindProfessional)
		if len(e.Areas) == 0 {
			c.fail(where, "areas: required")
		}
	case st.Concern != nil:
		e := st.Concern
		if e.Name != "" {
			c.declare(where, e.Name, kindConcern)
		}
		sc.childRef(c, where, e.Child)
		c.ref(where, "raisedBy", e.RaisedBy, kindProfessional, kindGuardian, kindChild, kindRelated)
	case st.Plan != nil:
		sc.checkPlan(c, where, st.Plan)
	case st.Request != nil:
		r := st.Request
		c.ref(where, "actor", r.Actor, kindProfessional, kindGuardian, kindChild, kindRelated)
		sc.childRef(c, where, r.Child)
		if !r.Action.Valid() {
			c.fail(where, "action: required")
		}
		if r.Category == "" {
			c.fail(where, "category: required")
		}
		c.optRef(where, "recordingUnit", r.RecordingUnit, kindUnit)
		c.optRef(where, "recipientUnit", r.RecipientUnit, kindUnit)
		if r.Action == roles.Disclose && r.Recipient == "" && r.RecipientUnit == "" {
			c.fail(where, "recipient: required for disclose")
		}
		if r.Action != roles.Disclose && (r.Recipient != "" || r.RecipientUnit != "") {
			c.fail(where, "recipient: only for disclose")
		}
		sc.checkLegalBasis(c, where, r.LegalBasis)
	case st.Overview != nil:
		c.ref(where, "actor", st.Overview.Actor, kindProfessional, kindGuardian, kindChild)
		sc.childRef(c, where, st.Overview.Child)
	case st.Authority != nil:
		sc.childRef(c, where, st.Authority.Child)
	}
	sc.checkExpect(c, where, st)
}

// checkLegalBasis rejects a legal-basis code the scenario's policy does not
// know, so that a misspelt code fails loudly instead of as basis_unknown.
func (sc *scenario) checkLegalBasis(c *checker, where string, code roles.LegalBasisCode) {
	if code == "" {
		return
	}
	p := sc.policy()
	if p.LegalBasis(code) == nil {
		c.fail(where, "legalBasis: %q is not in the policy", code)
	}
}

func (sc *scenario) checkPlan(c *checker, where string, e *planEvent) {
	sc.childRef(c, where, e.Child)
	c.ref(where, "by", e.By, kindProfessional)
	if strings.TrimSpace(e.Summary) == "" {
		c.fail(where, "summary: required")
	}
	c.optRef(where, "barnkontakt", e.Barnkontakt, kindProfessional)
	c.optRef(where, "stodsamordnare", e.Stodsamordnare, kindProfessional)
	for i, m := range e.Members {
		w := fmt.Sprintf("%s members[%d]", where, i)
		if m.Name != "" {
			c.declare(w, m.Name, kindPlanMember)
		}
		c.ref(w, "party", m.Party, kindProfessional, kindGuardian, kindChild, kindRelated)
		if !m.Role.Valid() {
			c.fail(w, "role: required")
		}
	}
	for i, v := range e.Views {
		w := fmt.Sprintf("%s views[%d]", where, i)
		if v.Name != "" {
			c.declare(w, v.Name, kindPlanView)
		}
		c.ref(w, "by", v.By, kindGuardian, kindChild)
	}
	for i, g := range e.Goals {
		w := fmt.Sprintf("%s goals[%d]", where, i)
		c.declare(w, g.Name, kindGoal)
	}
	for i, it := range e.Items {
		w := fmt.Sprintf("%s items[%d]", where, i)
		c.declare(w, it.Name, kindItem)
		c.ref(w, "goal", it.Goal, kindGoal)
		c.optRef(w, "by", it.By, kindProfessional)
		c.optRef(w, "principal", it.Principal, kindOrganisation)
	}
	if s := e.SIP; s != nil {
		c.optRef(where, "sip.lead", s.Lead, kindOrganisation)
		for i, o := range s.Others {
			c.optRef(where, fmt.Sprintf("sip.others[%d].party", i), o.Party, kindGuardian, kindChild, kindRelated, kindProfessional)
		}
	}
	if e.Status != "" && !e.Status.Valid() {
		c.fail(where, "status: unknown")
	}
	for i, m := range e.ItemStatus {
		c.ref(where, fmt.Sprintf("itemStatus[%d].item", i), m.Item, kindItem)
	}
	if f := e.FollowUp; f != nil {
		if f.Name != "" {
			c.declare(where, f.Name, kindPlanFollowUp)
		}
		for i, p := range f.Participants {
			c.ref(where, fmt.Sprintf("followUp.participants[%d]", i), p, kindProfessional, kindGuardian, kindChild, kindRelated)
		}
	}
}

// checkExpect decodes the step's expectation strictly for its kind.
func (sc *scenario) checkExpect(c *checker, where string, st *step) {
	raw := st.Expect
	has := len(raw) > 0 && string(raw) != "null"
	decode := func(v any) bool {
		if !has {
			return false
		}
		if err := strictDecode(raw, v); err != nil {
			c.fail(where, "expect: %v", err)
			return false
		}
		return true
	}
	switch {
	case st.Request != nil:
		var e decisionExpect
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
				c.ref(where, "expect.basis.consent", b.Consent, kindConsent)
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
		var e overviewExpect
		if !has {
			c.fail(where, "expect: required for an overview")
			return
		}
		if decode(&e) {
			for i, n := range e.Assessments {
				c.ref(where, fmt.Sprintf("expect.assessments[%d]", i), n, kindAssessment)
			}
			st.expectOverview = &e
		}
	case st.Authority != nil:
		var e authorityExpect
		if !has {
			c.fail(where, "expect: required for authority")
			return
		}
		if decode(&e) {
			for _, list := range [][]string{e.Guardians, e.LeftOut, e.Inform} {
				for _, n := range list {
					c.ref(where, "expect", n, kindGuardian)
				}
			}
			if e.Band != "" && !e.Band.Valid() {
				c.fail(where, "expect.band: unknown")
			}
			st.expectAuthority = &e
		}
	case st.Plan != nil:
		var e planExpect
		if decode(&e) {
			st.expectPlan = &e
		} else {
			st.expectPlan = &planExpect{}
		}
	default:
		var e recordExpect
		if decode(&e) {
			st.expectRecord = &e
		} else {
			st.expectRecord = &recordExpect{}
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
		p.ReceiverNeedsRole = *o.ReceiverNeedsRole
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

// sortedCopy returns the strings sorted, for order-insensitive comparison.
func sortedCopy[T ~string](xs []T) []T {
	out := slices.Clone(xs)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
