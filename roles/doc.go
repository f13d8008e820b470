// Package roles holds who is who in Backa barnet, and (as it grows) who may know
// what: the child, guardians and custody, professionals in agencies and units,
// organisations (kommun, region, private provider), the roles towards a child
// (Barnkontakt, Stödsamordnare, Barnteam, Individuellt barnteam, ...) with their
// periods, the Swedish identifiers (personnummer and samordningsnummer,
// organisationsnummer, HSA-id, kommunkod), and the municipality's tunable rules
// (Policy).
//
// # Who may know what
//
// A Consent (samtycke) is a waiver of secrecy under OSL 12 kap., held by the
// disclosing agency, specific as to receivers, categories, purpose and period.
// Authority says whose consent a child's information needs at a given time
// (by age band, custody, maturity assessments and significant-harm
// exceptions). LegalBasis lists the bases for disclosure without consent as
// data (DefaultLegalBases), and a Disclosure records every decision to disclose
// or not to disclose.
//
// Decide answers one question, deny by default: may this actor do this action
// on this category of this child's information, recorded by this agency, for
// this purpose, now? It reads a Facts, the index over one child's records
// built once with NewFacts, and returns a Decision with its basis, its reasons
// in Swedish and English (never personal data) and the caller's obligations.
// Decide is pure and does not allocate.
//
// roles is the leaf of the module: it imports no other package of ours except
// its own sub-package vocab.
//
// # Personal data
//
// A Personnummer prints, logs and formats only in redacted form
// (20170101-****); the full number comes from Reveal and MarshalText alone.
// Errors name the rule broken and the field's path, never the value.
//
// # Time
//
// Instants (time.Time) mark when something happened or a period starts and ends;
// calendar dates (Date) are birthdays and due dates, taken in Swedish time.
// Periods are half-open: a role handed over at t ends at t for the old holder
// and starts at t for the new one.
package roles
