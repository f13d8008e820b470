package backa_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/backa"
	"github.com/backabarnet/backabarnet/roles"
)

func TestEnrol(t *testing.T) {
	forEachStore(t, func(t *testing.T, open func(testing.TB) adapters.Store) {
		t.Run("allowed", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad, "kurator")
			entries := w.auditSince(0)
			require.Equal(t, []string{"write grunduppgifter allowed same_domain_role"}, summaries(entries))
			e := entries[0]
			assert.Equal(t, f.child.ID, e.ChildID)
			assert.Equal(t, roles.ProfessionalParty(w.pid("mentor")), e.Actor)
			assert.Equal(t, roles.Skola, e.ActorAgency)
			assert.Equal(t, w.units[roles.Skola].ID, e.ActorUnit)
			assert.Equal(t, "samordning", e.Purpose)
			assert.Equal(t, []string{"same_domain_role"}, e.Reasons)
			assert.Equal(t, adapters.SeverityNormal, e.Severity)
			assert.Equal(t, []string{"child.enrolled"}, eventTypes(w.eventsSince(0)))
			s := w.snap(f.child.ID)
			assert.Equal(t, 1, s.children)
			assert.Equal(t, 2, s.custodies)
			assert.Equal(t, 2, s.assignments) // Barnkontakt and one team member

			ev := w.eventsSince(0)[0]
			p, err := backa.DecodePayload(ev)
			require.NoError(t, err)
			ce := p.(backa.ChildEnrolled)
			assert.Equal(t, f.enrolment.Barnkontakt, ce.Barnkontakt.AssignmentID)
			assert.Equal(t, roles.Skola, ce.Barnkontakt.Agency)
			assert.Len(t, ce.Guardians, 2)
		})
		t.Run("a second time", func(t *testing.T) {
			w := newEnv(t, open, nil)
			w.enrol(roles.Oskyddad)
			before := w.snap()
			_, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
			})
			require.ErrorIs(t, err, adapters.ErrAlreadyExists)
			assert.Equal(t, before, w.snap(), "nothing written")
		})
		t.Run("a sibling reuses the guardians", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			g := f.g1
			g.ID = roles.ID[roles.Guardian]{} // known by personnummer only
			e, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
				Child:       childRecord("201701022384", roles.Oskyddad),
				Guardians:   []backa.GuardianCustody{{Guardian: g}},
				Barnkontakt: w.pid("mentor"),
			})
			require.NoError(t, err)
			assert.Equal(t, []roles.ID[roles.Guardian]{f.g1.ID}, e.Guardians)
		})
		t.Run("denied: not the Barnkontakt nor in the team", func(t *testing.T) {
			w := newEnv(t, open, nil)
			_, err := w.svc.Enrol(w.ctx, w.actor("teacher"), backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
			})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			require.ErrorIs(t, err, backa.ErrDenied)
			assert.Equal(t, []string{"no_role"}, de.Codes())
			assert.Equal(t, roles.Write, de.Action)
			assert.Equal(t, roles.CategoryGrunduppgifter, de.Category)
			entries := w.auditSince(0)
			require.Equal(t, []string{"write grunduppgifter denied"}, summaries(entries))
			assert.Equal(t, de.DecisionID, entries[0].DecisionID)
			assert.Empty(t, w.eventsSince(0))
			var children int
			_ = w.store.View(w.ctx, func(ctx context.Context, tx adapters.Tx) error {
				_, err := tx.Children().ByPersonnummer(ctx, roles.MustParsePersonnummer("201701012393"))
				if err == nil {
					children++
				}
				return nil
			})
			assert.Zero(t, children, "the child was not enrolled")
		})
		t.Run("invalid: a Barnkontakt from the wrong agency for the age", func(t *testing.T) {
			w := newEnv(t, open, nil)
			_, err := w.svc.Enrol(w.ctx, w.actor("nurse"), backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("nurse"),
			})
			var ve *roles.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.True(t, ve.Has("[0].agency", "barnkontakt_agency"), "%v", ve)
			assert.Zero(t, w.snap().audit, "nothing audited: nothing was accessed")
		})
		t.Run("denied: an actor not in the store", func(t *testing.T) {
			w := newEnv(t, open, nil)
			stranger := roles.ProfessionalActor(roles.MustNewID[roles.Professional](), roles.Skola, w.units[roles.Skola].ID)
			_, err := w.svc.Enrol(w.ctx, stranger, backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
			})
			require.ErrorIs(t, err, backa.ErrDenied)
			require.ErrorIs(t, err, backa.ErrUnknownActor)
			entries := w.auditSince(0)
			require.Len(t, entries, 1)
			assert.False(t, entries[0].Allowed)
			assert.Equal(t, adapters.SeverityHigh, entries[0].Severity)
		})
		t.Run("denied: a professional acting in another agency than theirs", func(t *testing.T) {
			w := newEnv(t, open, nil)
			p := w.prof["mentor"]
			_, err := w.svc.Enrol(w.ctx, roles.ProfessionalActor(p.ID, roles.Socialtjanst, p.UnitID), backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
			})
			require.ErrorIs(t, err, backa.ErrUnknownActor)
		})
		t.Run("denied: a guardian", func(t *testing.T) {
			w := newEnv(t, open, nil)
			f := w.enrol(roles.Oskyddad)
			_, err := w.svc.Enrol(w.ctx, roles.GuardianActor(f.g1.ID), backa.EnrolRequest{
				Child: childRecord("201701022384", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
			})
			var de *backa.DeniedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, []string{"own_access_read_only"}, de.Codes())
		})
		t.Run("since in the future", func(t *testing.T) {
			w := newEnv(t, open, nil)
			_, err := w.svc.Enrol(w.ctx, w.actor("mentor"), backa.EnrolRequest{
				Child: childRecord("201701012393", roles.Oskyddad), Barnkontakt: w.pid("mentor"),
				Since: w.clock.Now().Add(time.Hour),
			})
			require.ErrorIs(t, err, roles.ErrInvalid)
			require.False(t, errors.Is(err, backa.ErrDenied))
		})
	})
}
