package plan_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenPlan is the SIP fixture taken further: an item started, paused and
// restarted with an outcome, a follow-up, a team member who left.
func goldenPlan(t testing.TB) (before, after *plan.Plan) {
	f := sipFixture(t)
	before = f.p
	f.now = time.Date(2026, 3, 2, 15, 4, 5, 123456000, time.UTC)
	after = f.do("Uppföljning 2 mars", func(d *plan.Draft) error {
		for _, s := range []plan.ItemStatus{plan.Pagaende, plan.Pausad, plan.Pagaende} {
			if err := d.SetItemStatus(iForskola, s, "Enligt plan"); err != nil {
				return err
			}
		}
		if err := d.SetItemStatus(iSocial, plan.Avbruten, "Familjen tackade nej"); err != nil {
			return err
		}
		if err := d.AddOutcome(iForskola, "Lämningarna går lugnare"); err != nil {
			return err
		}
		if err := d.EndMember(mTeacher, time.Date(2026, 2, 27, 16, 0, 0, 0, time.UTC)); err != nil {
			return err
		}
		_, err := d.RecordFollowUp(plan.FollowUp{ID: fFirst, Date: day(2026, time.March, 2),
			Participants: []roles.Party{tSocsekP, tNurseP, tGuardianP, tChildP},
			Decisions:    "Förskolans stöd fortsätter; BUP:s utredning pågår.", NextReview: day(2026, time.June, 1)})
		return err
	})
	return before, after
}

// TestGoldenJSON pins the JSON of every public type. Run with -update to
// rewrite the files after a deliberate change of the wire format.
func TestGoldenJSON(t *testing.T) {
	before, p := goldenPlan(t)
	empty := newFx(t)
	empty.do("Plan upprättad", nil)
	it := p.Items[0]
	cases := []struct {
		name  string
		value any
	}{
		{"plan", p},
		{"plan_empty_draft", empty.p},
		{"goal", p.Goals[0]},
		{"item", it},
		{"item_status_change", it.History[0]},
		{"note", it.Outcomes[0]},
		{"status_change", p.StatusHistory[0]},
		{"follow_up", p.FollowUps[0]},
		{"member", p.Team[0]},
		{"view", p.GuardianViews[0]},
		{"disagreement", p.Disagreements[0]},
		{"responsible", plan.Responsible{ProfessionalID: tSocsek, Agency: roles.Socialtjanst, AssignmentID: testID[roles.Assignment](0x15, 1)}},
		{"sip", *p.SIP},
		{"contribution", p.SIP.Others[1]},
		{"log_entry", p.LogEntry()},
		{"warnings", p.Warnings(day(2026, time.July, 1))},
		{"diff", before.Diff(p)},
		{"transition_error", plan.TransitionError{Item: iForskola, From: plan.Genomford, To: plan.Pagaende}},
		{"plan_transition_error", plan.PlanTransitionError{From: plan.Utkast, To: plan.Avslutad}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.MarshalIndent(tc.value, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create the golden file")
			assert.Equal(t, string(want), string(got))

			// The golden file decodes back to the same value.
			back := reflect.New(reflect.TypeOf(tc.value))
			dec := json.NewDecoder(bytes.NewReader(want))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(back.Interface()))
			assert.Equal(t, tc.value, back.Elem().Interface())
		})
	}
}
