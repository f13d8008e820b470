-- The first schema of Backa barnet's SQL store.
--
-- One text for SQLite and PostgreSQL: {{.ID}}, {{.Instant}}, {{.Date}},
-- {{.Int}}, {{.Bool}}, {{.Bytes}} and {{.JSON}} are the dialect's type names
-- (see dialect.go and codec.go for how values are stored); {{.ByKey}} after
-- a table with an ID as primary key stores its rows in the key's order
-- (SQLite: WITHOUT ROWID, so a lookup by ID is one search, not two). Every record table
-- has its ID as primary key and the record's revision; the indexes are the
-- ones the repositories' queries use, named after them. References between
-- records are the caller's to keep (package adapters), so only the store's
-- own tables refer to each other with foreign keys.

CREATE TABLE children (
	id                  {{.ID}} PRIMARY KEY,
	pnr                 TEXT UNIQUE, -- the canonical 12 digits; ByPersonnummer
	given_name          TEXT NOT NULL,
	family_name         TEXT NOT NULL,
	kommun              TEXT NOT NULL,
	protection          TEXT NOT NULL,
	contact_address     TEXT NOT NULL,
	contact_postal_code TEXT NOT NULL,
	contact_city        TEXT NOT NULL,
	contact_phone       TEXT NOT NULL,
	contact_email       TEXT NOT NULL,
	revision            {{.Int}} NOT NULL
){{.ByKey}};

CREATE TABLE guardians (
	id                  {{.ID}} PRIMARY KEY,
	pnr                 TEXT UNIQUE,
	given_name          TEXT NOT NULL,
	family_name         TEXT NOT NULL,
	protection          TEXT NOT NULL,
	contact_address     TEXT NOT NULL,
	contact_postal_code TEXT NOT NULL,
	contact_city        TEXT NOT NULL,
	contact_phone       TEXT NOT NULL,
	contact_email       TEXT NOT NULL,
	revision            {{.Int}} NOT NULL
){{.ByKey}};

CREATE TABLE custodies (
	id               {{.ID}} PRIMARY KEY,
	child_id         {{.ID}},
	guardian_id      {{.ID}},
	period_start     {{.Instant}} NOT NULL,
	period_end       {{.Instant}}, -- NULL: open
	recorded_by_kind TEXT NOT NULL,
	recorded_by_id   {{.ID}},
	recorded_at      {{.Instant}} NOT NULL,
	revision         {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX custodies_of_child ON custodies (child_id, period_start, id);
CREATE INDEX custodies_of_guardian ON custodies (guardian_id, period_start, id);

CREATE TABLE related_persons (
	id          {{.ID}} PRIMARY KEY,
	given_name  TEXT NOT NULL,
	family_name TEXT NOT NULL,
	relation    TEXT NOT NULL,
	revision    {{.Int}} NOT NULL
){{.ByKey}};

CREATE TABLE organisations (
	id                  {{.ID}} PRIMARY KEY,
	kind                TEXT NOT NULL,
	name                TEXT NOT NULL,
	kommun              TEXT NOT NULL,
	organisationsnummer TEXT NOT NULL,
	revision            {{.Int}} NOT NULL
){{.ByKey}};

CREATE TABLE units (
	id              {{.ID}} PRIMARY KEY,
	organisation_id {{.ID}},
	name            TEXT NOT NULL,
	agency          TEXT NOT NULL,
	kommun          TEXT NOT NULL,
	hsa_id          TEXT NOT NULL,
	revision        {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX units_of_organisation ON units (organisation_id, id);

CREATE TABLE professionals (
	id              {{.ID}} PRIMARY KEY,
	given_name      TEXT NOT NULL,
	family_name     TEXT NOT NULL,
	title           TEXT NOT NULL,
	agency          TEXT NOT NULL,
	unit_id         {{.ID}},
	organisation_id {{.ID}},
	hsa_id          TEXT NOT NULL,
	revision        {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX professionals_of_unit ON professionals (unit_id, id);

CREATE TABLE assignments (
	id               {{.ID}} PRIMARY KEY,
	child_id         {{.ID}},
	role             TEXT NOT NULL,
	holder_kind      TEXT NOT NULL,
	holder_id        {{.ID}},
	agency           TEXT NOT NULL,
	unit_id          {{.ID}},
	period_start     {{.Instant}} NOT NULL,
	period_end       {{.Instant}},
	recorded_by_kind TEXT NOT NULL,
	recorded_by_id   {{.ID}},
	recorded_at      {{.Instant}} NOT NULL,
	revision         {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX assignments_of_child ON assignments (child_id, period_start, id);
-- Assignments.OfHolder; Children.OfProfessional, which it covers.
CREATE INDEX assignments_of_holder ON assignments (holder_kind, holder_id, child_id, period_start, id, period_end);
-- Children.OfUnit, which it covers.
CREATE INDEX assignments_of_unit ON assignments (unit_id, child_id, period_start, period_end) WHERE unit_id IS NOT NULL;

CREATE TABLE consents (
	id                          {{.ID}} PRIMARY KEY,
	child_id                    {{.ID}},
	givers                      {{.JSON}}, -- [{party, givenAt}]
	disclosing_agency           TEXT NOT NULL,
	receiving_agencies          {{.JSON}}, -- [code]
	categories                  {{.JSON}}, -- [code]
	purpose                     TEXT NOT NULL,
	valid_from                  {{.Instant}} NOT NULL,
	valid_until                 {{.Instant}} NOT NULL,
	form                        TEXT NOT NULL,
	status                      TEXT NOT NULL,
	withdrawn_by_kind           TEXT NOT NULL,
	withdrawn_by_id             {{.ID}},
	withdrawn_at                {{.Instant}}, -- NULL: not withdrawn
	withdrawal_recorded_by_kind TEXT NOT NULL,
	withdrawal_recorded_by_id   {{.ID}},
	recorded_by_kind            TEXT NOT NULL,
	recorded_by_id              {{.ID}},
	recorded_at                 {{.Instant}} NOT NULL,
	revision                    {{.Int}} NOT NULL
){{.ByKey}};
-- Consents.OfChild, Consents.InForceAt.
CREATE INDEX consents_of_child ON consents (child_id, valid_from, id);

CREATE TABLE disclosures (
	id                  {{.ID}} PRIMARY KEY,
	child_id            {{.ID}},
	outcome             TEXT NOT NULL,
	categories          {{.JSON}},
	from_agency         TEXT NOT NULL,
	from_unit_id        {{.ID}},
	to_agency           TEXT NOT NULL,
	to_unit_id          {{.ID}},
	recipient_kind      TEXT NOT NULL,
	recipient_id        {{.ID}},
	purpose             TEXT NOT NULL,
	basis_kind          TEXT NOT NULL,
	basis_consent_id    {{.ID}},
	basis_legal_basis   TEXT NOT NULL,
	reason              TEXT NOT NULL,
	views               {{.JSON}}, -- [{by, view}]
	family_informed     {{.Bool}} NOT NULL,
	not_informed_reason TEXT NOT NULL,
	decided_by_kind     TEXT NOT NULL,
	decided_by_id       {{.ID}},
	decided_at          {{.Instant}} NOT NULL,
	recorded_at         {{.Instant}} NOT NULL,
	revision            {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX disclosures_of_child ON disclosures (child_id, decided_at, id);

CREATE TABLE maturity_assessments (
	id               {{.ID}} PRIMARY KEY,
	child_id         {{.ID}},
	band             TEXT NOT NULL,
	reason           TEXT NOT NULL,
	period_start     {{.Instant}} NOT NULL,
	period_end       {{.Instant}},
	assessed_by_kind TEXT NOT NULL,
	assessed_by_id   {{.ID}},
	agency           TEXT NOT NULL,
	recorded_at      {{.Instant}} NOT NULL,
	revision         {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX maturity_assessments_of_child ON maturity_assessments (child_id, period_start, id);

CREATE TABLE harm_exceptions (
	id              {{.ID}} PRIMARY KEY,
	child_id        {{.ID}},
	guardian_id     {{.ID}},
	reason          TEXT NOT NULL,
	period_start    {{.Instant}} NOT NULL,
	period_end      {{.Instant}},
	decided_by_kind TEXT NOT NULL,
	decided_by_id   {{.ID}},
	agency          TEXT NOT NULL,
	recorded_at     {{.Instant}} NOT NULL,
	revision        {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX harm_exceptions_of_child ON harm_exceptions (child_id, period_start, id);

CREATE TABLE assessments (
	id             {{.ID}} PRIMARY KEY,
	child_id       {{.ID}},
	assessed_by    {{.ID}},
	agency         TEXT NOT NULL,
	unit_id        {{.ID}},
	assessed_at    {{.Instant}} NOT NULL,
	scale_id       TEXT NOT NULL,
	scale_levels   {{.JSON}}, -- [code]
	areas          {{.JSON}}, -- [AreaEntry]
	view_child     TEXT NOT NULL,
	view_guardians TEXT NOT NULL,
	disagreements  {{.JSON}}, -- [Disagreement]
	revision       {{.Int}} NOT NULL
){{.ByKey}};
-- Assessments.OfChild (read backwards), Assessments.LatestByAgency.
CREATE INDEX assessments_of_child ON assessments (child_id, assessed_at, id);

CREATE TABLE concerns (
	id                          {{.ID}} PRIMARY KEY,
	child_id                    {{.ID}},
	noticed                     TEXT NOT NULL,
	areas                       {{.JSON}}, -- [code]
	seriousness                 TEXT NOT NULL,
	raised_by_kind              TEXT NOT NULL,
	raised_by_id                {{.ID}},
	agency                      TEXT NOT NULL,
	unit_id                     {{.ID}},
	raised_at                   {{.Instant}} NOT NULL,
	barnkontakt_assignment_id   {{.ID}},
	barnkontakt_professional_id {{.ID}},
	reported_at                 {{.Instant}},
	revision                    {{.Int}} NOT NULL
){{.ByKey}};
CREATE INDEX concerns_of_child ON concerns (child_id, raised_at, id);
CREATE INDEX concerns_of_barnkontakt ON concerns (barnkontakt_professional_id, raised_at, id);

CREATE TABLE plans (
	id          {{.ID}} PRIMARY KEY,
	child_id    {{.ID}} UNIQUE, -- one plan per child; Plans.ByChild
	status      TEXT NOT NULL,
	next_review {{.Date}},
	revision    {{.Int}} NOT NULL -- the current revision
){{.ByKey}};
-- Plans.DueForFollowUp.
CREATE INDEX plans_due_for_follow_up ON plans (next_review, id) WHERE status = 'aktiv';

CREATE TABLE plan_revisions (
	plan_id         {{.ID}} NOT NULL REFERENCES plans (id),
	revision        {{.Int}} NOT NULL,
	updated_by_kind TEXT NOT NULL,
	updated_by_id   {{.ID}},
	updated_at      {{.Instant}} NOT NULL,
	summary         TEXT NOT NULL,
	document        {{.JSON}} NOT NULL, -- the plan.Plan
	PRIMARY KEY (plan_id, revision)
);

CREATE TABLE plan_items (
	plan_id    {{.ID}} NOT NULL REFERENCES plans (id),
	item_index {{.Int}} NOT NULL,
	item_id    {{.ID}},
	agency     TEXT NOT NULL,
	due        {{.Date}},
	is_open    {{.Bool}} NOT NULL, -- can be overdue: an active plan's, with agency and due, not terminal
	document   {{.JSON}} NOT NULL, -- the plan.Item
	PRIMARY KEY (plan_id, item_index)
);
-- Plans.OverdueItems.
CREATE INDEX plan_items_overdue ON plan_items (agency, due, plan_id, item_id) WHERE is_open;

CREATE TABLE audit_entries (
	seq          {{.Int}} PRIMARY KEY,
	id           {{.ID}} NOT NULL UNIQUE,
	made_at      {{.Instant}} NOT NULL,
	actor_kind   TEXT NOT NULL,
	actor_id     {{.ID}},
	actor_agency TEXT NOT NULL,
	actor_unit   {{.ID}},
	child_id     {{.ID}},
	action       TEXT NOT NULL,
	category     TEXT NOT NULL,
	purpose      TEXT NOT NULL,
	allowed      {{.Bool}} NOT NULL,
	basis_kind   TEXT NOT NULL,
	basis_ref    TEXT NOT NULL,
	decision_id  {{.ID}},
	reasons      {{.JSON}}, -- [code]
	severity     TEXT NOT NULL,
	prev_hash    {{.Bytes}},
	hash         {{.Bytes}}
);
-- Audit.ByChild (read backwards): the log extract.
CREATE INDEX audit_entries_of_child ON audit_entries (child_id, seq);

CREATE TABLE events (
	seq        {{.Int}} PRIMARY KEY,
	id         {{.ID}} NOT NULL UNIQUE,
	child_id   {{.ID}},
	event_type TEXT NOT NULL,
	made_at    {{.Instant}} NOT NULL,
	payload    {{.Bytes}}, -- byte for byte
	acked_at   {{.Instant}} -- NULL: pending
);
-- Outbox.Pending, Outbox.PendingOfChild.
CREATE INDEX events_pending ON events (seq) WHERE acked_at IS NULL;
CREATE INDEX events_pending_of_child ON events (child_id, seq) WHERE acked_at IS NULL;

-- PostgreSQL write transactions begin with LOCK TABLE write_lock IN
-- EXCLUSIVE MODE (see dialect.go); it holds no rows. SQLite has BEGIN
-- IMMEDIATE instead and never touches it.
CREATE TABLE write_lock (
	id {{.Int}} PRIMARY KEY
);
