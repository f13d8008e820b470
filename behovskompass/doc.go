// Package behovskompass is the needs compass (Behovskompassen) of Backa
// barnet: a shared language in which preschool, school, social services,
// health care and police describe how a child is doing, so that needs are
// noticed early and support is coordinated.
//
// # Areas
//
// The compass has eight areas (Area), one-to-one with the wellbeing
// indicators (SHANARRI) of Scotland's GIRFEC, with stable codes in canonical
// order: trygghet (Safe), halsa (Healthy), utveckling (Achieving), omsorg
// (Nurtured), fritid (Active), respekt (Respected), ansvar (Responsible) and
// tillhorighet (Included). Codes are what systems exchange and store; they
// are never renamed or reused.
//
// # Texts and locales
//
// What people read is data, not code: a Catalog holds the label and the
// definition of each area, and the scales with their level labels, in Swedish
// and in any other locale. BuiltinCatalog ships Swedish and English; a
// municipality that words its compass its own way supplies its own catalogue
// in JSON (ParseCatalog) without changing code. A text missing in a locale,
// or asked for in an unknown locale, falls back to Swedish. There is no
// global, mutable registry: pass the Catalog you use.
//
// # Scales and levels
//
// GIRFEC sets no norm level. An assessment may rate each area on a Scale of
// ordered levels; the default is Backa4: inget_behov (no need seen),
// behov_tillgodoses (met within the universal service), behov_av_stod (needs
// added or coordinated support) and omfattande_behov (extensive or urgent
// need). A municipality may define other scales in its catalogue. A scale's
// levels never change under its ID, and every assessment records the ID and
// the level codes of the scale it used (ScaleRef), so it stays readable and
// comparable when the municipality later changes scales. Levels on different
// scales compare by their normalised position, from 0 for the lowest level
// to 1 for the highest (Rank).
//
// # Assessments and concerns
//
// An Assessment is one agency's assessment of one child at one time: per
// area, strengths, concerns, the source and an optional level; the child's
// and the guardians' views kept apart, and where views disagree. A Concern
// (oro) records what someone noticed, in which areas, how serious it seemed,
// who noticed it (the upptäckare) and when; it goes to the child's
// Barnkontakt, and records whether an orosanmälan was also made to social
// services. Both are plain structs with JSON tags that storage adapters keep
// as they are; Validate reports every broken rule with its path as a
// *roles.ValidationError.
//
// Decoding JSON rejects unknown codes with the path of the field ("assessment:
// areas[1].area: area: unknown code ..."), and a level that is not on the
// scale the assessment records (*UnknownLevelError): since an assessment
// carries its scale's codes, decoding needs no configuration to check that.
// Instants are decoded into UTC. Validate checks the same for values built in
// code, and the rules that decoding leaves alone.
//
// # The combined picture
//
// Combine builds the Helhetsbild of a child from the assessments a reader may
// see: per area, each agency's latest entry, the highest level across
// agencies, and the trend since a given moment. It is deterministic: of two
// assessments of one agency at the same instant, the one with the greater ID
// counts as the later. It is a pure function; deciding which assessments a
// reader may see belongs to the backa package.
//
// # Personal data
//
// Free texts (strengths, concerns, views, what was noticed) are personal data.
// They never appear in errors; LogValue methods log IDs and codes only.
package behovskompass
