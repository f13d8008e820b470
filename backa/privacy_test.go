package backa_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// pnrForms returns the forms a personnummer may be written in.
func pnrForms(p roles.Personnummer) []string {
	s := p.Reveal() // ÅÅÅÅMMDDNNNK
	return []string{s, s[2:], s[2:8] + "-" + s[8:], s[2:8] + "+" + s[8:], s[:8] + "-" + s[8:]}
}

// TestNoPersonalDataInLogsOrErrors runs whole journeys, refusals and invalid
// requests included, with a logger at debug level, and scans what was
// logged and every error for the personnummer (in every form) and the names
// and contact data used.
func TestNoPersonalDataInLogsOrErrors(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		w := newEnv(t, open, &backa.Options{Logger: logger})
		var errs []error
		keep := func(err error) {
			if err != nil {
				errs = append(errs, err)
			}
		}

		s := &journeyState{pnr: roles.MustParsePersonnummer("201701012393")}
		s.g1 = roles.Guardian{Personnummer: w.fx.AdultPersonnummer(), GivenName: "Gunhild", FamilyName: "Hemligsson", Protection: roles.Oskyddad,
			Contact: &roles.Contact{Address: "Lönngatan 7", Phone: "070-765 43 21", Email: "gunhild@example.se"}}
		s.g2 = roles.Guardian{Personnummer: w.fx.AdultPersonnummer(), GivenName: "Gösta", FamilyName: "Hemligsson", Protection: roles.Sekretessmarkering}
		for _, st := range journey() {
			keep(st.run(w, s))
		}
		// Errors on purpose: each with personal data in the request.
		_, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
			Child:     roles.Child{Personnummer: s.pnr, GivenName: "Elsa", FamilyName: "Exempelsson", Kommun: roles.Amal, Protection: roles.Oskyddad},
			Guardians: []backa.GuardianCustody{{Guardian: s.g1}}, Barnkontakt: w.pid("mentor"),
		})
		require.ErrorIs(t, err, adapters.ErrAlreadyExists)
		keep(err)
		_, err = w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
			Child:       roles.Child{Personnummer: roles.MustParsePersonnummer("201701022384"), GivenName: strings.Repeat("Elsa", 60), Kommun: roles.Amal},
			Barnkontakt: w.pid("mentor"),
		})
		require.ErrorIs(t, err, roles.ErrInvalid)
		keep(err)
		_, err = w.svc.RaiseConcern(w.ctx, w.actor("teacher"), backa.ConcernRequest{ChildID: s.child, Noticed: "Gunhild Hemligsson slår barnet.", Seriousness: "grov"})
		require.ErrorIs(t, err, roles.ErrInvalid)
		keep(err)
		_, err = w.svc.Overview(w.ctx, w.actor("doctor"), s.child, backa.OverviewOptions{})
		require.ErrorIs(t, err, backa.ErrDenied)
		keep(err)
		_, err = w.svc.Child(w.ctx, w.actor("teacher"), s.child, backa.ChildOptions{WithContact: true, ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		keep(err)
		cv, err := w.svc.Child(w.ctx, w.actor("teacher"), s.child, backa.ChildOptions{WithContact: true, ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		keep(err)
		_, err = w.svc.ChangeTeam(w.ctx, w.actor("teacher"), backa.TeamRequest{ChildID: s.child, Add: []backa.TeamMember{{Related: &roles.RelatedPerson{GivenName: "Gunhild", FamilyName: strings.Repeat("Hemligsson", 30)}}}})
		require.ErrorIs(t, err, roles.ErrInvalid)
		keep(err)
		_, err = w.svc.RecordAssessment(w.ctx, w.actor("teacher"), behovskompass.Assessment{ChildID: s.child, Areas: []behovskompass.AreaEntry{{Area: "hemligsson", Concerns: "Gunhild"}}}, "")
		keep(err)
		ov, err := w.svc.Overview(w.ctx, roles.GuardianActor(s.g1.ID), s.child, backa.OverviewOptions{ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		keep(err)

		// The service's loggable values, logged as a vendor might.
		logger.Info("values", "overview", ov, "child", cv, "enrol", backa.EnrolRequest{Child: roles.Child{Personnummer: s.pnr, GivenName: "Elsa", FamilyName: "Exempelsson"}},
			"disclosure", backa.DisclosureRequest{Reason: "Gunhild Hemligsson", Views: []roles.ExpressedView{{View: "Lönngatan 7"}}},
			"plan", backa.ChangePlanRequest{Summary: "Gunhild", Ops: backa.PlanOps{backa.SetReason{Reason: "Gunhild Hemligsson"}}},
			"concern", backa.ConcernRequest{Noticed: "Gunhild Hemligsson", Report: &backa.Report{Reason: "Lönngatan 7"}},
			"report", backa.ReportConcernRequest{Report: backa.Report{Reason: "Gunhild"}},
			"team", backa.TeamRequest{Add: []backa.TeamMember{{Related: &roles.RelatedPerson{GivenName: "Gunhild"}}}},
			"followUp", backa.FollowUpRequest{FollowUp: plan.FollowUp{Decisions: "Gunhild"}},
			"status", backa.ItemStatusRequest{Note: "Gunhild"}, "planStatus", backa.PlanStatusRequest{Note: "Gunhild"})
		if ov.Plan != nil {
			logger.Info("plan", "view", *ov.Plan)
		}
		wl, err := w.svc.Worklist(w.ctx, w.actor("teacher"), backa.WorklistRequest{ReadOptions: backa.ReadOptions{ConfirmProtected: true}})
		keep(err)
		cs, err := w.svc.Concerns(w.ctx, w.actor("teacher"), s.child, backa.ReadOptions{ConfirmProtected: true})
		keep(err)
		require.NotEmpty(t, cs.Concerns)
		logger.Info("lists", "worklist", wl, "concerns", cs)
		for _, err := range errs {
			logger.Error("error", "err", err)
		}
		require.NotEmpty(t, errs)

		secrets := []string{"Elsa", "Exempelsson", "Gunhild", "Gösta", "Hemligsson", "Lönngatan", "765 43 21", "gunhild@example.se", "Storgatan",
			"Ledsen.", "Misstanke.", "Oro för trygghet.", "Samtal med mentor", "Föräldrastöd", "Samordning av vård."}
		for _, p := range []roles.Personnummer{s.pnr, s.g1.Personnummer, s.g2.Personnummer, roles.MustParsePersonnummer("201701022384")} {
			secrets = append(secrets, pnrForms(p)...)
		}
		var texts []string
		for _, err := range errs {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
		out := logs.String()
		require.Contains(t, out, `"useCase":"enrol"`, "the use cases were logged")
		for _, secret := range secrets {
			require.NotContains(t, out, secret, "the log")
			for _, text := range texts {
				require.NotContains(t, text, secret, "an error")
			}
		}
	})
}
