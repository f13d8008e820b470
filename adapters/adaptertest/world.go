package adaptertest

import (
	"context"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// world is a small, consistent set of records around one child: a kommun
// with a preschool, a social services office and a health centre, a
// professional at each, the child with a guardian (custody) and a närstående,
// the preschool teacher as Barnkontakt and the social worker as
// Stödsamordnare.
type world struct {
	org                          roles.Organisation
	preschool, social, health    roles.Unit
	teacher, socialWorker, nurse roles.Professional
	child                        roles.Child
	guardian                     roles.Guardian
	related                      roles.RelatedPerson
	custody                      roles.Custody
	barnkontakt, stodsamordnare  roles.Assignment
}

// newWorld builds a world (without writing it).
func (f *Fixtures) newWorld() *world {
	w := &world{org: f.Organisation()}
	w.preschool = f.Unit(w.org, roles.Forskola)
	w.social = f.Unit(w.org, roles.Socialtjanst)
	w.social.Name = "Individ- och familjeomsorgen"
	w.health = f.Unit(w.org, roles.HalsoSjukvard)
	w.health.Name = "Åmåls vårdcentral, BVC"
	w.teacher = f.Professional(w.preschool)
	w.socialWorker = f.Professional(w.social)
	w.socialWorker.GivenName, w.socialWorker.Title = "Sven-Åke", "Socialsekreterare"
	w.nurse = f.Professional(w.health)
	w.nurse.GivenName, w.nurse.Title = "Maja", "BVC-sjuksköterska"
	w.child = f.Child()
	w.guardian = f.Guardian()
	w.related = f.RelatedPerson()
	w.custody = f.Custody(w.child.ID, w.guardian.ID)
	w.barnkontakt = f.Assignment(w.child.ID, w.teacher, roles.Barnkontakt)
	w.stodsamordnare = f.Assignment(w.child.ID, w.socialWorker, roles.Stodsamordnare)
	return w
}

// write creates every record of the world in tx.
func (w *world) write(ctx context.Context, tx adapters.Tx) error {
	steps := []func() error{
		func() error { return tx.Organisations().Create(ctx, &w.org) },
		func() error { return tx.Units().Create(ctx, &w.preschool) },
		func() error { return tx.Units().Create(ctx, &w.social) },
		func() error { return tx.Units().Create(ctx, &w.health) },
		func() error { return tx.Professionals().Create(ctx, &w.teacher) },
		func() error { return tx.Professionals().Create(ctx, &w.socialWorker) },
		func() error { return tx.Professionals().Create(ctx, &w.nurse) },
		func() error { return tx.Children().Create(ctx, &w.child) },
		func() error { return tx.Guardians().Create(ctx, &w.guardian) },
		func() error { return tx.RelatedPersons().Create(ctx, &w.related) },
		func() error { return tx.Custodies().Create(ctx, &w.custody) },
		func() error { return tx.Assignments().Create(ctx, &w.barnkontakt) },
		func() error { return tx.Assignments().Create(ctx, &w.stodsamordnare) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// planPeople returns the people a fixture plan of this world refers to.
func (w *world) planPeople() PlanPeople {
	return PlanPeople{
		Child:          w.child.ID,
		Guardian:       w.guardian.ID,
		Related:        w.related.ID,
		Barnkontakt:    w.barnkontakt,
		Stodsamordnare: w.stodsamordnare,
		Principal:      w.org.ID,
	}
}

// world builds and writes a world in its own transaction.
func (e *env) world() *world {
	e.t.Helper()
	w := e.f.newWorld()
	e.tx("writing the records around a child", w.write)
	return w
}
