// Package behovskompass is the needs compass (Behovskompassen) of Backa barnet:
// the eight wellbeing areas, assessments of a child by each agency, concerns
// raised by whoever notices that a child may need support, and the combined
// picture (helhetsbild) across agencies.
package behovskompass
