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
	Cast      scCast      `json:"cast"`
	Scenarios []*scenario `json:"scenarios"`

	path string
}

// scCast holds the people and organisations of a scenario, each by a symbolic name.
type scCast struct {
	Organisations  []scCastOrganisation `json:"organisations"`
	Units          []scCastUnit         `json:"units"`
	Professionals  []scCastProfessional `json:"professionals"`
	Children       []scCastChild        `json:"children"`
	Guardians      []scCastGuardian     `json:"guardians"`
	RelatedPersons []scCastRelated      `json:"relatedPersons"`
}

type scCastOrganisation struct {
	Name                string                    `json:"name"`
	Kind                roles.OrganisationKind    `json:"kind"`
	Label               string                    `json:"label"`
	Kommun              roles.Kommunkod           `json:"kommun"`
	Organisationsnummer roles.Organisationsnummer `json:"organisationsnummer"`
}

type scCastUnit struct {
	Name         string          `json:"name"`
	Organisation string          `json:"organisation"`
	Label        string          `json:"label"`
	Agency       roles.Agency    `json:"agency"`
	Kommun       roles.Kommunkod `json:"kommun"`
	HSAID        roles.HSAID     `json:"hsaId"`
}

type scCastProfessional struct {
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	GivenName  string      `json:"givenName"`
	FamilyName string      `json:"familyName"`
	Title      string      `json:"title"`
	HSAID      roles.HSAID `json:"hsaId"`
}

type scCastChild struct {
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

type scCastGuardian struct {
	Name         string                `json:"name"`
	Personnummer string                `json:"personnummer"`
	GivenName    string                `json:"givenName"`
	FamilyName   string                `json:"familyName"`
	Protection   roles.ProtectionLevel `json:"protection"`
	Contact      *roles.Contact        `json:"contact"`
}

type scCastRelated struct {
	Name       string `json:"name"`
	GivenName  string `json:"givenName"`
	FamilyName string `json:"familyName"`
	Relation   string `json:"relation"`
}

// scPolicyOverride changes the default policy (roles.DefaultPolicy) for one
// scenario. Only the fields given change.
type scPolicyOverride struct {
	MaxConsentMonths   *int                    `json:"maxConsentMonths"`
	ReceiverNeedsRole  *bool                   `json:"receiverNeedsRole"`
	LegalBasisReadDays *int                    `json:"legalBasisReadDays"`
	InformGuardians    *bool                   `json:"informGuardians"`
	ConsentBands       []roles.ConsentBandRule `json:"consentBands"`
}

// scenario is one story: a cast, an optional policy, and a timeline of steps.
type scenario struct {
	ID              string            `json:"id"`
	Title           string            `json:"title"`
	Story           string            `json:"story"`
	Tags            []string          `json:"tags"`
	KnownDivergence scDivergence      `json:"knownDivergence"`
	Policy          *scPolicyOverride `json:"policy"`
	Cast            scCast            `json:"cast"`
	Steps           []*scStep         `json:"steps"`

	// Filled in by resolve.
	file  *scenarioFile
	names map[string]scNameKind // every symbolic name: cast and records
	all   scCast                // the file's cast and the scenario's
}

// The families of players a knownDivergence may name.
const (
	scFamilyDecide  = "decide"  // roles.Decide and the vocabulary packages directly
	scFamilyService = "service" // backa.Service, on every adapter
)

// scDivergence records where the library is known to differ from DOMAIN.md:
// one reason for every player (a JSON string), or reasons per family of
// players (an object with the keys "decide" and "service").
type scDivergence map[string]string

// scAllFamilies is the key of a reason that holds for every player.
const scAllFamilies = "*"

// UnmarshalJSON reads a string or an object keyed by player family, rejecting
// unknown families and empty reasons.
func (d *scDivergence) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if strings.TrimSpace(s) == "" {
			return errors.New("knownDivergence: empty reason")
		}
		*d = scDivergence{scAllFamilies: s}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return errors.New("knownDivergence: want a string or an object of reasons by player family")
	}
	for k, v := range m {
		if k != scFamilyDecide && k != scFamilyService {
			return fmt.Errorf("knownDivergence: unknown player family %q (want %q or %q)", k, scFamilyDecide, scFamilyService)
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("knownDivergence: empty reason for %q", k)
		}
	}
	*d = m
	return nil
}

// reason returns the divergence known for a family of players, or "".
func (d scDivergence) reason(family string) string {
	if r := d[scAllFamilies]; r != "" {
		return r
	}
	return d[family]
}

// scNameKind says what a symbolic name refers to.
type scNameKind string

const (
	scKindOrganisation  scNameKind = "organisation"
	scKindUnit          scNameKind = "unit"
	scKindProfessional  scNameKind = "professional"
	scKindChild         scNameKind = "child"
	scKindGuardian      scNameKind = "guardian"
	scKindRelated       scNameKind = "relatedPerson"
	scKindCustody       scNameKind = "custody"
	scKindAssignment    scNameKind = "assignment"
	scKindConsent       scNameKind = "consent"
	scKindDisclosure    scNameKind = "disclosure"
	scKindMaturity      scNameKind = "maturityAssessment"
	scKindHarm          scNameKind = "harmException"
	scKindAssessment    scNameKind = "assessment"
	scKindConcern       scNameKind = "concern"
	scKindGoal          scNameKind = "goal"
	scKindItem          scNameKind = "item"
	scKindPlanMember    scNameKind = "member"
	scKindPlanFollowUp  scNameKind = "followUp"
	scKindPlanView      scNameKind = "view"
	scKindPlan          scNameKind = "plan"
	scKindPlanDisagreem scNameKind = "disagreement"
)

// scStep is one moment of the timeline: a fact that happens, or a question with
// its expected answer. Exactly one of the kinds is set.
type scStep struct {
	At              scStamp      `json:"at"`
	Note            string       `json:"note"`
	KnownDivergence scDivergence `json:"knownDivergence"`

	Custody       *scCustodyEvent    `json:"custody"`
	Assign        *scAssignEvent     `json:"assign"`
	End           *scEndEvent        `json:"end"`
	Consent       *scConsentEvent    `json:"consent"`
	GiveConsent   *scGiveEvent       `json:"giveConsent"`
	Withdraw      *scWithdrawEvent   `json:"withdraw"`
	Disclosure    *scDisclosureEvent `json:"disclosure"`
	Maturity      *scMaturityEvent   `json:"maturity"`
	HarmException *scHarmEvent       `json:"harmException"`
	Registration  *scRegistration    `json:"registration"`
	Assessment    *scAssessmentEvent `json:"assessment"`
	Concern       *scConcernEvent    `json:"concern"`
	Plan          *scPlanEvent       `json:"plan"`
	Request       *scRequest         `json:"request"`
	Overview      *scOverview        `json:"overview"`
	Authority     *scAuthorityAsk    `json:"authority"`

	Expect json.RawMessage `json:"expect"`

	// Decoded from Expect by resolve, by kind.
	expectDecision  *scDecisionExpect
	expectRecord    *scRecordExpect
	expectPlan      *scPlanExpect
	expectOverview  *scOverviewExpect
	expectAuthority *scAuthorityExpect

	index int
}

// kind returns the JSON name of the step's kind, or "" when none or more than
// one is set.
func (s *scStep) kind() string {
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
func (s *scStep) label() string {
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

type scCustodyEvent struct {
	Name     string   `json:"name"`
	Child    string   `json:"child"`
	Guardian string   `json:"guardian"`
	Until    *scStamp `json:"until"`
	By       string   `json:"by"`
}

type scAssignEvent struct {
	Name     string     `json:"name"`
	Child    string     `json:"child"`
	Role     roles.Role `json:"role"`
	Holder   string     `json:"holder"`
	Until    *scStamp   `json:"until"`
	Replaces string     `json:"replaces"`
	By       string     `json:"by"`
}

// scEndEvent ends a record with a period (custody, assignment, maturity
// assessment, harm exception) at the step's time.
type scEndEvent struct {
	Record string `json:"record"`
}

type scConsentEvent struct {
	Name              string            `json:"name"`
	Child             string            `json:"child"`
	DisclosingAgency  roles.Agency      `json:"disclosingAgency"`
	ReceivingAgencies []roles.Agency    `json:"receivingAgencies"`
	ReceivingUnits    []string          `json:"receivingUnits"`
	Categories        []roles.Category  `json:"categories"`
	Purpose           roles.Purpose     `json:"purpose"`
	ValidFrom         *scStamp          `json:"validFrom"`
	ValidUntil        *scStamp          `json:"validUntil"`
	Form              roles.ConsentForm `json:"form"`
	Givers            []string          `json:"givers"`
	RecordedBy        string            `json:"recordedBy"`
}

type scGiveEvent struct {
	Consent string `json:"consent"`
	By      string `json:"by"`
}

type scWithdrawEvent struct {
	Consent    string `json:"consent"`
	By         string `json:"by"`
	RecordedBy string `json:"recordedBy"`
}

type scDisclosureEvent struct {
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
	Views             []scViewEntry           `json:"views"`
	FamilyInformed    bool                    `json:"familyInformed"`
	NotInformedReason string                  `json:"notInformedReason"`
	DecidedBy         string                  `json:"decidedBy"`
}

type scViewEntry struct {
	By   string `json:"by"`
	Text string `json:"text"`
}

type scMaturityEvent struct {
	Name       string            `json:"name"`
	Child      string            `json:"child"`
	Band       roles.ConsentBand `json:"band"`
	Reason     string            `json:"reason"`
	Until      *scStamp          `json:"until"`
	AssessedBy string            `json:"assessedBy"`
}

type scHarmEvent struct {
	Name      string   `json:"name"`
	Child     string   `json:"child"`
	Guardian  string   `json:"guardian"`
	Reason    string   `json:"reason"`
	Until     *scStamp `json:"until"`
	DecidedBy string   `json:"decidedBy"`
}

// scRegistration changes what the population register says about a child: the
// municipality (a move) or the protection level.
type scRegistration struct {
	Child      string                `json:"child"`
	Kommun     roles.Kommunkod       `json:"kommun"`
	Protection roles.ProtectionLevel `json:"protection"`
}

type scAssessmentEvent struct {
	Name       string             `json:"name"`
	Child      string             `json:"child"`
	AssessedBy string             `json:"assessedBy"`
	Areas      []scAssessmentArea `json:"areas"`
	ChildView  string             `json:"childView"`
	GuardView  string             `json:"guardiansView"`
}

type scAssessmentArea struct {
	Area      behovskompass.Area      `json:"area"`
	Level     behovskompass.LevelCode `json:"level"`
	Strengths string                  `json:"strengths"`
	Concerns  string                  `json:"concerns"`
	Source    behovskompass.Source    `json:"source"`
}

type scConcernEvent struct {
	Name        string                    `json:"name"`
	Child       string                    `json:"child"`
	RaisedBy    string                    `json:"raisedBy"`
	Noticed     string                    `json:"noticed"`
	Areas       []behovskompass.Area      `json:"areas"`
	Seriousness behovskompass.Seriousness `json:"seriousness"`
	// Report, when set, also reports the concern to social services
	// (orosanmälan), at the same moment.
	Report *scConcernReport `json:"report"`
}

// scConcernReport is an orosanmälan: the concern reported to social services
// on the legal basis osl_10_28_orosanmalan, recorded as a disclosure of the
// category oro from the upptäckare's agency.
type scConcernReport struct {
	Reason            string        `json:"reason"`
	ToUnit            string        `json:"toUnit"`
	FamilyInformed    bool          `json:"familyInformed"`
	NotInformedReason string        `json:"notInformedReason"`
	Views             []scViewEntry `json:"views"`
}

// scPlanEvent is one change of the child's plan (the first creates it), by a
// professional, applied in the order the README gives.
type scPlanEvent struct {
	Child          string           `json:"child"`
	By             string           `json:"by"`
	Summary        string           `json:"summary"`
	Reason         string           `json:"reason"`
	Barnkontakt    string           `json:"barnkontakt"`
	Stodsamordnare string           `json:"stodsamordnare"`
	NextReview     roles.Date       `json:"nextReview"`
	Members        []scPlanMember   `json:"members"`
	Views          []scPlanView     `json:"views"`
	Goals          []scPlanGoal     `json:"goals"`
	Items          []scPlanItem     `json:"items"`
	SIP            *scPlanSIP       `json:"sip"`
	Status         plan.Status      `json:"status"`
	ItemStatus     []scPlanItemMove `json:"itemStatus"`
	FollowUp       *scPlanFollowUp  `json:"followUp"`
}

type scPlanMember struct {
	Name  string     `json:"name"`
	Party string     `json:"party"`
	Role  roles.Role `json:"role"`
}

type scPlanView struct {
	Name string `json:"name"`
	By   string `json:"by"`
	Text string `json:"text"`
}

type scPlanGoal struct {
	Name      string               `json:"name"`
	Areas     []behovskompass.Area `json:"areas"`
	Outcome   string               `json:"outcome"`
	Indicator string               `json:"indicator"`
}

type scPlanItem struct {
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

type scPlanSIP struct {
	Lead     string               `json:"lead"`
	CalledOn roles.Date           `json:"calledOn"`
	HeldOn   roles.Date           `json:"heldOn"`
	Others   []scPlanContribution `json:"others"`
}

type scPlanContribution struct {
	Agency roles.Agency `json:"agency"`
	Party  string       `json:"party"`
	Text   string       `json:"text"`
}

type scPlanItemMove struct {
	Item string          `json:"item"`
	To   plan.ItemStatus `json:"to"`
	Note string          `json:"note"`
}

type scPlanFollowUp struct {
	Name         string     `json:"name"`
	Date         roles.Date `json:"date"`
	Participants []string   `json:"participants"`
	Decisions    string     `json:"decisions"`
	NextReview   roles.Date `json:"nextReview"`
}

// scRequest asks roles.Decide (or backa.Service) whether an actor may act.
type scRequest struct {
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

// scOverview reads the child's overview (the combined picture and the basic
// record) as the actor sees it.
type scOverview struct {
	Actor   string        `json:"actor"`
	Child   string        `json:"child"`
	Purpose roles.Purpose `json:"purpose"`
}

// scAuthorityAsk asks whose consent a waiver of secrecy about the child needs.
type scAuthorityAsk struct {
	Child string `json:"child"`
}

// scDecisionExpect is the expected answer to a request.
type scDecisionExpect struct {
	Allowed *bool          `json:"allowed"`
	Basis   *scBasisExpect `json:"basis"`
	// Reasons: the first is the decision's main (first) reason; every one
	// listed must be among the decision's reasons.
	Reasons []roles.Reason `json:"reasons"`
	// Obligations must all be set; WithoutObligations must all be unset.
	Obligations        *roles.Obligations `json:"obligations"`
	WithoutObligations *roles.Obligations `json:"withoutObligations"`
}

type scBasisExpect struct {
	Kind       roles.BasisKind      `json:"kind"`
	Consent    string               `json:"consent"`
	LegalBasis roles.LegalBasisCode `json:"legalBasis"`
}

// scRecordExpect is the expected outcome of recording a fact: accepted (the
// default) or rejected with the rules named.
type scRecordExpect struct {
	Rejected []string `json:"rejected"`
}

// scPlanExpect is the expected outcome of a plan change.
type scPlanExpect struct {
	Rejected []string    `json:"rejected"`
	Status   plan.Status `json:"status"`
	IsSIP    *bool       `json:"isSIP"`
	Agencies []string    `json:"itemAgencies"`
	// NextReview is the plan's next review date after the change.
	NextReview roles.Date `json:"nextReview"`
}

// scOverviewExpect is what the actor sees in the overview.
type scOverviewExpect struct {
	// Assessments are the symbolic names of the assessments whose entries
	// appear (exactly these).
	Assessments []string `json:"assessments"`
	// Agencies are the agencies whose assessments appear (exactly these).
	Agencies []roles.Agency `json:"agencies"`
	// Contact says whether the child's contact data appears.
	Contact *bool `json:"contact"`
}

// scAuthorityExpect is whose consent is needed.
type scAuthorityExpect struct {
	Age        *int              `json:"age"`
	Band       roles.ConsentBand `json:"band"`
	ByMaturity *bool             `json:"byMaturity"`
	Guardians  []string          `json:"guardians"`
	Child      *bool             `json:"child"`
	LeftOut    []string          `json:"leftOut"`
	Inform     []string          `json:"inform"`
}

// scStamp is an instant in a scenario: "2026-03-02" (the start of that day in
// Swedish time), "2026-03-02T09:30" or "2026-03-02T09:30:15" (Swedish time),
// or RFC 3339 with an offset ("2026-03-02T08:30:00Z").
type scStamp struct{ time.Time }

// UnmarshalJSON reads a JSON string in one of the forms above. (stamp embeds
// time.Time, whose own JSON methods it overrides.)
func (s *scStamp) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("time: want a string: %w", err)
	}
	t, err := scParseStamp(v)
	if err != nil {
		return err
	}
	s.Time = t
	return nil
}

// MarshalJSON writes RFC 3339 in UTC.
func (s scStamp) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.UTC().Format(time.RFC3339Nano))
}

func scParseStamp(v string) (time.Time, error) {
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
