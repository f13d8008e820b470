package adapters

import (
	"context"

	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// Assessments stores behovskompass.Assessment records: one agency's
// assessment of one child at one time.
type Assessments interface {
	Records[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]

	// OfChild returns every assessment of the child, newest first: by
	// AssessedAt descending, then ID descending [Assessments/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Assessment, error)

	// LatestByAgency returns, for each agency that has assessed the child, its
	// latest assessment (the greatest AssessedAt; of equal times the greatest
	// ID), in the canonical order of agencies (roles.Agencies)
	// [Assessments/LatestByAgency].
	LatestByAgency(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Assessment, error)
}

// Concerns stores behovskompass.Concern records: what someone noticed.
type Concerns interface {
	Records[behovskompass.Concern, roles.ID[behovskompass.Concern]]

	// OfChild returns every concern about the child, newest first: by RaisedAt
	// descending, then ID descending [Concerns/OfChild].
	OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]behovskompass.Concern, error)

	// OfBarnkontakt returns the concerns that went to the professional as
	// Barnkontakt (Barnkontakt.ProfessionalID), newest first as in OfChild
	// [Concerns/OfBarnkontakt, Paging/*].
	OfBarnkontakt(ctx context.Context, professional roles.ID[roles.Professional], page PageRequest) (Page[behovskompass.Concern], error)
}
