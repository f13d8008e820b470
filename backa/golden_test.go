package backa_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// gid returns a fixed UUIDv7 for golden values: n in the last bytes.
func gid(n byte) uuid.UUID {
	return uuid.MustParse("01936f3a-5c00-7000-8000-0000000000" + string("0123456789abcdef"[n>>4]) + string("0123456789abcdef"[n&15]))
}

func gID[T any](n byte) roles.ID[T] { return roles.ID[T](gid(n)) }

var (
	gAt    = time.Date(2026, time.November, 23, 9, 30, 0, 123456000, time.UTC)
	gDay   = roles.NewDate(2026, time.November, 23)
	gChild = gID[roles.Child](1)
	gHead  = backa.PayloadHead{Version: backa.PayloadVersion, ChildID: gChild,
		By: backa.EventActor{Kind: roles.PartyProfessional, Agency: roles.Skola, UnitID: gID[roles.Unit](4)}}
	gRole = backa.RoleRef{AssignmentID: gID[roles.Assignment](2), ProfessionalID: gID[roles.Professional](3), Role: roles.Barnkontakt,
		Agency: roles.Skola, UnitID: gID[roles.Unit](4), From: gAt}
)

// goldenPlan is a small active plan with two items.
func goldenPlan() plan.Plan {
	goal := gID[plan.Goal](20)
	return plan.Plan{
		ID: gID[plan.Plan](21), ChildID: gChild, Status: plan.Aktiv, Reason: "Oro för trygghet.",
		Barnkontakt: plan.Responsible{ProfessionalID: gID[roles.Professional](3), Agency: roles.Skola, AssignmentID: gID[roles.Assignment](2)},
		Goals:       []plan.Goal{{ID: goal, Areas: []behovskompass.Area{behovskompass.Trygghet}, Outcome: "Trygg", Indicator: "Säger det själv"}},
		Items: []plan.Item{{ID: gID[plan.Item](22), Description: "Samtal med mentor", GoalID: goal, Area: behovskompass.Trygghet,
			Agency: roles.Skola, Start: gDay, Due: gDay.AddDays(30), Status: plan.Planerad}},
		NextReview: gDay.AddDays(42), Revision: 3, UpdatedAt: gAt, UpdatedBy: roles.ProfessionalParty(gID[roles.Professional](3)),
		Summary: "Planen fastställd",
	}
}

func goldenAssessment() behovskompass.Assessment {
	return behovskompass.Assessment{
		ID: gID[behovskompass.Assessment](30), ChildID: gChild, AssessedBy: gID[roles.Professional](3), Agency: roles.Skola,
		UnitID: gID[roles.Unit](4), AssessedAt: gAt,
		Scale: behovskompass.ScaleRef{ID: behovskompass.Backa4, Levels: behovskompass.DefaultLevels()},
		Areas: []behovskompass.AreaEntry{{Area: behovskompass.Trygghet, Strengths: "Har vänner.", Level: behovskompass.BehovAvStod, Source: behovskompass.SourceObservation}},
	}
}

// TestGoldenJSON pins the JSON of every public type of the package. Run with
// -update to rewrite the files after a deliberate change of a wire format.
func TestGoldenJSON(t *testing.T) {
	p := goldenPlan()
	denied := &backa.DeniedError{DecisionID: gid(40), Action: roles.Read, Category: roles.CategoryHelhetsbild, Agency: roles.HalsoSjukvard,
		Reasons: []roles.Reason{roles.ReasonNoRoleReceiving, roles.ReasonNoConsent}}
	withheld := backa.Withheld{Kind: backa.WithheldAssessment, ID: gid(31), Agency: roles.HalsoSjukvard, At: gAt}
	view := backa.PlanView{Plan: p, Withheld: []backa.Withheld{{Kind: backa.WithheldItem, ID: gid(23), Agency: roles.Socialtjanst}}}
	breaks := []backa.AuditBreak{{Seq: 5, ID: gID[adapters.AuditEntry](50), Kind: backa.BreakChanged}, {Seq: 9, ID: gID[adapters.AuditEntry](51), Kind: backa.BreakRemoved}}
	cases := []struct {
		name  string
		value any
	}{
		{"denied_error", denied},
		{"audit_report", backa.AuditReport{Entries: 12, Head: backa.AuditHead{Seq: 12, Hash: bytes.Repeat([]byte{0xab}, 32)}, Breaks: breaks}},
		{"log_entry", backa.LogEntry{Seq: 7, At: gAt, Actor: roles.ProfessionalParty(gID[roles.Professional](3)), ActorAgency: roles.Skola,
			ActorUnit: gID[roles.Unit](4), Action: "read", Category: "plan", Purpose: "samordning", Allowed: true,
			BasisKind: "consent", BasisRef: gid(60).String(), Reasons: []string{"consent_covers"}, Severity: adapters.SeverityNormal}},
		{"withheld", withheld},
		{"plan_view", view},
		{"overview", backa.Overview{ChildID: gChild, Helhetsbild: behovskompass.Combine(gChild, []behovskompass.Assessment{goldenAssessment()}, time.Time{}),
			Withheld: []backa.Withheld{withheld}, Plan: &view}},
		{"child_view", backa.ChildView{Child: roles.Child{ID: gChild, Personnummer: roles.MustParsePersonnummer("201701012393"),
			GivenName: "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad, Revision: 1}, ContactWithheld: true}},
		{"concerns_view", backa.ConcernsView{Withheld: []backa.ConcernNotice{{ChildID: gChild, ConcernID: gID[behovskompass.Concern](70), Agency: roles.Skola, RaisedAt: gAt}}}},
		{"worklist", backa.Worklist{
			Items:     []backa.WorkItem{{ChildID: gChild, PlanID: p.ID, Revision: 3, Item: p.Items[0]}},
			FollowUps: []backa.FollowUpDueItem{{ChildID: gChild, PlanID: p.ID, Revision: 3, NextReview: p.NextReview}},
			Concerns:  []backa.ConcernNotice{{ChildID: gChild, ConcernID: gID[behovskompass.Concern](70), Agency: roles.Skola, RaisedAt: gAt, Reported: true}},
			Next:      "opaque",
		}},
		{"delivery_report", backa.DeliveryReport{Delivered: 3, Failed: 1, Deferred: 2, More: true}},
		{"enrolment", backa.Enrolment{ChildID: gChild, Guardians: []roles.ID[roles.Guardian]{gID[roles.Guardian](5)},
			Custodies: []roles.ID[roles.Custody]{gID[roles.Custody](6)}, Barnkontakt: gID[roles.Assignment](2), Team: []roles.ID[roles.Assignment]{gID[roles.Assignment](7)}}},
		{"role_change", backa.RoleChange{Assignment: gID[roles.Assignment](8), Ended: gID[roles.Assignment](2), PlanRevision: 4}},
		{"team_change", backa.TeamChange{Added: []roles.ID[roles.Assignment]{gID[roles.Assignment](9)}, PlanRevision: 5}},
		{"plan_change", backa.PlanChange{PlanID: p.ID, Revision: 4, Added: []uuid.UUID{uuid.Nil, gid(24)}}},
		{"concern_result", backa.ConcernResult{ConcernID: gID[behovskompass.Concern](70), Barnkontakt: gID[roles.Assignment](2),
			Upptackare: gID[roles.Assignment](10), Disclosure: gID[roles.Disclosure](11)}},

		{"enrol_request", backa.EnrolRequest{Child: roles.Child{Personnummer: roles.MustParsePersonnummer("201701012393"), GivenName: "Elsa",
			FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad},
			Guardians:   []backa.GuardianCustody{{Guardian: roles.Guardian{Personnummer: roles.MustParsePersonnummer("201701022384"), GivenName: "Anna", FamilyName: "Exempelsson", Protection: roles.Oskyddad}}},
			Barnkontakt: gID[roles.Professional](3), Team: []roles.ID[roles.Professional]{gID[roles.Professional](12)}, Since: gAt}},
		{"role_request", backa.RoleRequest{ChildID: gChild, Professional: gID[roles.Professional](12), From: gAt}},
		{"team_request", backa.TeamRequest{ChildID: gChild, Add: []backa.TeamMember{{Professional: gID[roles.Professional](12), Role: roles.BarnetsTeam},
			{Related: &roles.RelatedPerson{GivenName: "Gun", FamilyName: "Exempelsson", Relation: "mormor"}}}, End: []roles.ID[roles.Assignment]{gID[roles.Assignment](7)}, At: gAt}},
		{"withdraw_request", backa.WithdrawRequest{ConsentID: gID[roles.Consent](13), By: roles.GuardianParty(gID[roles.Guardian](5)), At: gAt}},
		{"disclosure_request", backa.DisclosureRequest{ChildID: gChild, Outcome: roles.Utlamnad, Categories: []roles.Category{roles.CategoryHalsa},
			To: roles.Socialtjanst, Purpose: roles.PurposeNodvandigVard, Basis: roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisHalsoTillSocial},
			Reason: "Samordning av vård.", FamilyInformed: true}},
		{"concern_request", backa.ConcernRequest{ChildID: gChild, Noticed: "Trött.", Areas: []behovskompass.Area{behovskompass.Halsa},
			Seriousness: behovskompass.Mattlig, Report: &backa.Report{Reason: "Misstanke.", FamilyInformed: false, NotInformedReason: "Skulle skada barnet."}}},
		{"report_concern_request", backa.ReportConcernRequest{ConcernID: gID[behovskompass.Concern](70), Report: backa.Report{Reason: "Misstanke.", FamilyInformed: true}}},
		{"change_plan_request", backa.ChangePlanRequest{ChildID: gChild, Revision: 3, Summary: "Ny insats", Purpose: roles.PurposeSIP, Ops: goldenOps()}},
		{"plan_status_request", backa.PlanStatusRequest{ChildID: gChild, Revision: 3, Note: "Klar", Summary: "Planen avslutad"}},
		{"follow_up_request", backa.FollowUpRequest{ChildID: gChild, FollowUp: plan.FollowUp{Date: gDay, Participants: []roles.Party{roles.ChildParty(gChild)}, NextReview: gDay.AddDays(60), RecordedAt: gAt, RecordedBy: roles.ProfessionalParty(gID[roles.Professional](3))}}},
		{"item_status_request", backa.ItemStatusRequest{ChildID: gChild, ItemID: gID[plan.Item](22), To: plan.Pagaende, Note: "Startad"}},
		{"overview_options", backa.OverviewOptions{ReadOptions: backa.ReadOptions{Purpose: roles.PurposePlan, ConfirmProtected: true}, Since: gAt}},
		{"child_options", backa.ChildOptions{WithContact: true}},
		{"worklist_request", backa.WorklistRequest{On: gDay, DueWithinDays: 14, Page: adapters.PageRequest{Limit: 20}}},

		{"plan_ops", goldenOps()},
		{"op_set_reason", backa.SetReason{Reason: "Skolfrånvaro."}},
		{"op_add_goal", backa.AddGoal{Goal: p.Goals[0]}},
		{"op_update_goal", backa.UpdateGoal{Goal: p.Goals[0]}},
		{"op_remove_goal", backa.RemoveGoal{GoalID: p.Goals[0].ID}},
		{"op_add_item", backa.AddItem{Item: p.Items[0]}},
		{"op_update_item", backa.UpdateItem{Item: p.Items[0]}},
		{"op_remove_item", backa.RemoveItem{ItemID: p.Items[0].ID}},
		{"op_set_item_status", backa.SetItemStatus{ItemID: p.Items[0].ID, To: plan.Genomford, Note: "Klart"}},
		{"op_add_outcome", backa.AddOutcome{ItemID: p.Items[0].ID, Text: "Bättre närvaro"}},
		{"op_add_member", backa.AddMember{Member: plan.Member{ID: gID[plan.Member](25), Party: roles.ChildParty(gChild), Role: roles.Barn, Period: roles.Period{Start: gAt}}}},
		{"op_end_member", backa.EndMember{MemberID: gID[plan.Member](25), At: gAt}},
		{"op_add_view", backa.AddView{View: plan.View{ID: gID[plan.View](26), Holder: roles.ChildParty(gChild), Text: "Jag vill ha hjälp.", RecordedAt: gAt, RecordedBy: roles.ProfessionalParty(gID[roles.Professional](3))}}},
		{"op_add_disagreement", backa.AddDisagreement{Disagreement: plan.Disagreement{ID: gID[plan.Disagreement](27), Text: "Olika syn på läxor.", RecordedAt: gAt, RecordedBy: roles.ProfessionalParty(gID[roles.Professional](3))}}},
		{"op_record_follow_up", backa.RecordFollowUp{FollowUp: plan.FollowUp{Date: gDay, Participants: []roles.Party{roles.ChildParty(gChild)}, NextReview: gDay.AddDays(30), RecordedAt: gAt, RecordedBy: roles.ProfessionalParty(gID[roles.Professional](3))}}},
		{"op_set_next_review", backa.SetNextReview{Date: gDay.AddDays(30)}},
		{"op_set_sip", backa.SetSIP{SIP: &plan.SIP{LeadPrincipalID: gID[roles.Organisation](28), CalledOn: gDay}}},
		{"op_set_plan_status", backa.SetPlanStatus{To: plan.Avslutad, Note: "Målen nådda"}},
	}
	for _, pl := range goldenPayloads() {
		cases = append(cases, struct {
			name  string
			value any
		}{"payload_" + string(pl.EventType()), pl})
	}
	seen := map[string]bool{}
	for _, c := range cases {
		require.False(t, seen[c.name], c.name)
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			got, err := json.MarshalIndent(c.value, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", c.name+".json")
			if *updateGolden {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), string(got))

			// What is written reads back as it was (the DeniedError's Cause
			// and a Payload's interface aside).
			back := reflect.New(reflect.TypeOf(c.value))
			require.NoError(t, json.Unmarshal(want, back.Interface()))
			assert.Equal(t, c.value, back.Elem().Interface())
		})
	}
}

// goldenPayloads returns one payload of every event type.
func goldenPayloads() []backa.Payload {
	prev := gRole
	prev.AssignmentID, prev.Until = gID[roles.Assignment](14), gAt
	return []backa.Payload{
		backa.ChildEnrolled{PayloadHead: gHead, Barnkontakt: gRole, Guardians: []roles.ID[roles.Guardian]{gID[roles.Guardian](5)}},
		backa.RoleChanged{PayloadHead: gHead, To: gRole, From: &prev},
		backa.RoleChanged{PayloadHead: gHead, To: backa.RoleRef{AssignmentID: gID[roles.Assignment](15), ProfessionalID: gID[roles.Professional](12),
			Role: roles.Stodsamordnare, Agency: roles.Socialtjanst, From: gAt}},
		backa.TeamChanged{PayloadHead: gHead, Added: []backa.RoleRef{gRole}, Ended: []backa.RoleRef{prev}},
		backa.ConsentRecorded{PayloadHead: gHead, ConsentID: gID[roles.Consent](13), DisclosingAgency: roles.HalsoSjukvard,
			ReceivingAgencies: []roles.Agency{roles.Skola}, Categories: []roles.Category{roles.CategoryHelhetsbild}, Purpose: roles.PurposeSamordning,
			ValidFrom: gAt, ValidUntil: gAt.AddDate(0, 6, 0)},
		backa.ConsentWithdrawn{PayloadHead: gHead, ConsentID: gID[roles.Consent](13), DisclosingAgency: roles.HalsoSjukvard,
			ReceivingAgencies: []roles.Agency{roles.Skola}, WithdrawnAt: gAt},
		backa.DisclosureRecorded{PayloadHead: gHead, DisclosureID: gID[roles.Disclosure](11), Outcome: roles.Utlamnad, From: roles.Skola,
			To: roles.Socialtjanst, Categories: []roles.Category{roles.CategoryOro}, Purpose: roles.PurposeOrosanmalan,
			Basis: roles.Basis{Kind: roles.BasisLegal, LegalBasis: roles.BasisOrosanmalan}},
		backa.AssessmentRecorded{PayloadHead: gHead, AssessmentID: gID[behovskompass.Assessment](30), Agency: roles.Skola, UnitID: gID[roles.Unit](4),
			AssessedAt: gAt, Areas: []behovskompass.Area{behovskompass.Trygghet, behovskompass.Halsa}},
		backa.ConcernRaised{PayloadHead: gHead, ConcernID: gID[behovskompass.Concern](70), Agency: roles.Skola, UnitID: gID[roles.Unit](4), Barnkontakt: gRole},
		backa.ConcernReported{PayloadHead: gHead, ConcernID: gID[behovskompass.Concern](70), DisclosureID: gID[roles.Disclosure](11), From: roles.Skola},
		backa.PlanChanged{PayloadHead: gHead, PlanID: gID[plan.Plan](21), Revision: 4, FromRevision: 3, Status: plan.Aktiv,
			Fields: []string{"items"}, ItemsChanged: []backa.ItemChange{{ItemID: gID[plan.Item](22), Agency: roles.Skola, From: plan.Planerad, To: plan.Pagaende}},
			Agencies: []roles.Agency{roles.Skola}, NextReview: gDay.AddDays(42)},
		backa.ItemAssigned{PayloadHead: gHead, PlanID: gID[plan.Plan](21), Revision: 2, ItemID: gID[plan.Item](22), Agency: roles.Skola,
			ProfessionalID: gID[roles.Professional](3), Start: gDay, Due: gDay.AddDays(30)},
		backa.FollowUpDue{PayloadHead: gHead, PlanID: gID[plan.Plan](21), Revision: 4, NextReview: gDay, Agencies: []roles.Agency{roles.Skola, roles.Socialtjanst}},
		backa.MaturityRecorded{PayloadHead: gHead, MaturityAssessmentID: gID[roles.MaturityAssessment](80), Band: roles.BandBarn, Agency: roles.ElevhalsaPsykosocial,
			From: gAt, Until: gAt.AddDate(1, 0, 0)},
		backa.HarmExceptionRecorded{PayloadHead: gHead, HarmExceptionID: gID[roles.HarmException](81), GuardianID: gID[roles.Guardian](5),
			Agency: roles.Socialtjanst, From: gAt},
	}
}

// TestDecodePayload decodes every golden payload as an event, and refuses
// unknown types, versions and children.
func TestDecodePayload(t *testing.T) {
	t.Parallel()
	for _, p := range goldenPayloads() {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		e := adapters.Event{ID: gID[adapters.Event](90), ChildID: gChild, Type: string(p.EventType()), At: gAt, Payload: b}
		got, err := backa.DecodePayload(e)
		require.NoError(t, err, p.EventType())
		assert.Equal(t, p, got)

		other := e
		other.ChildID = gID[roles.Child](91)
		_, err = backa.DecodePayload(other)
		require.ErrorIs(t, err, roles.ErrInvalid)
	}
	_, err := backa.DecodePayload(adapters.Event{Type: "plan.deleted", Payload: []byte(`{"version":1}`)})
	require.ErrorIs(t, err, backa.ErrUnknownEvent)
	_, err = backa.DecodePayload(adapters.Event{Type: "plan.changed", Payload: []byte(`{"version":2}`)})
	require.ErrorIs(t, err, backa.ErrUnknownEvent)
	_, err = backa.DecodePayload(adapters.Event{Type: "plan.changed", Payload: []byte(`{"version":1,"status":"nej"}`)})
	require.ErrorIs(t, err, roles.ErrInvalid)
	assert.NotContains(t, err.Error(), "nej", "the input stays out of the error")
	_, err = backa.DecodePayload(adapters.Event{Type: "barnkontakt.changed", Payload: []byte(`{"version":1,"to":{"role":"stodsamordnare"}}`)})
	require.ErrorIs(t, err, roles.ErrInvalid, "a role that does not match the type")

	for _, et := range backa.EventTypes() {
		got, err := backa.ParseEventType(string(et))
		require.NoError(t, err)
		assert.Equal(t, et, got)
		assert.True(t, et.Valid())
	}
	_, err = backa.ParseEventType("nej")
	require.Error(t, err)
	assert.False(t, backa.EventType("").Valid())
}

// goldenOps returns one step of every kind.
func goldenOps() backa.PlanOps {
	p := goldenPlan()
	by := roles.ProfessionalParty(gID[roles.Professional](3))
	return backa.PlanOps{
		backa.SetReason{Reason: "Skolfrånvaro."},
		backa.AddGoal{Goal: p.Goals[0]},
		backa.UpdateGoal{Goal: p.Goals[0]},
		backa.RemoveGoal{GoalID: p.Goals[0].ID},
		backa.AddItem{Item: p.Items[0]},
		backa.UpdateItem{Item: p.Items[0]},
		backa.RemoveItem{ItemID: p.Items[0].ID},
		backa.SetItemStatus{ItemID: p.Items[0].ID, To: plan.Genomford},
		backa.AddOutcome{ItemID: p.Items[0].ID, Text: "Bättre närvaro"},
		backa.AddMember{Member: plan.Member{ID: gID[plan.Member](25), Party: roles.ChildParty(gChild), Role: roles.Barn, Period: roles.Period{Start: gAt}}},
		backa.EndMember{MemberID: gID[plan.Member](25)},
		backa.AddView{View: plan.View{Holder: roles.ChildParty(gChild), Text: "Jag vill ha hjälp.", RecordedAt: gAt, RecordedBy: by}},
		backa.AddDisagreement{Disagreement: plan.Disagreement{Text: "Olika syn.", RecordedAt: gAt, RecordedBy: by}},
		backa.RecordFollowUp{FollowUp: plan.FollowUp{Date: gDay, Participants: []roles.Party{by}, NextReview: gDay.AddDays(30), RecordedAt: gAt, RecordedBy: by}},
		backa.SetNextReview{Date: gDay.AddDays(30)},
		backa.SetSIP{},
		backa.SetPlanStatus{To: plan.Aktiv},
	}
}

func TestPlanOpsJSON(t *testing.T) {
	t.Parallel()
	var ops backa.PlanOps
	for _, c := range []struct{ in, rule string }{
		{`[{"op":"deleteEverything"}]`, "unknown code"},
		{`[{"reason":"x"}]`, "op: required"},
		{`[{"op":"setReason","reason":"x","extra":1}]`, "unknown field"},
		{`[{"op":"setItemStatus","to":"klar"}]`, "ops[0] (setItemStatus)"},
		{`{"op":"setReason"}`, "ops"},
	} {
		err := json.Unmarshal([]byte(c.in), &ops)
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.rule, c.in)
		assert.NotContains(t, err.Error(), "klar", "the input stays out of the error")
	}
	require.NoError(t, json.Unmarshal([]byte(`null`), &ops))
	assert.Nil(t, ops)
	_, err := json.Marshal(backa.PlanOps{nil})
	require.ErrorIs(t, err, roles.ErrInvalid)
}

func TestVocabularies(t *testing.T) {
	t.Parallel()
	for _, k := range backa.BreakKinds() {
		got, err := backa.ParseBreakKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	for _, k := range backa.WithheldKinds() {
		got, err := backa.ParseWithheldKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err := backa.ParseBreakKind("deleted")
	require.Error(t, err)
	_, err = json.Marshal(backa.Withheld{Kind: "secret"})
	require.Error(t, err, "unknown codes are not written")
	var w backa.Withheld
	require.Error(t, json.Unmarshal([]byte(`{"kind":"secret"}`), &w))
}
