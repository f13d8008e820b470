package sqlstore

import (
	"strings"
	"sync"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// Bounds of a Store's planCache.
const (
	// maxCachedPlanBytes bounds the documents a planCache keeps, in all;
	// the decoded plans take about as much again.
	maxCachedPlanBytes = 16 << 20
	// maxCachedPlanDoc is the largest document a planCache keeps.
	maxCachedPlanDoc = 1 << 20
)

// planCache keeps, for plans a Store read or wrote lately, the document of
// the plan's current revision as the Store last saw it and the plan that
// document decodes to. Reading a plan whose document is byte for byte the one
// kept then takes a copy of the plan kept instead of decoding the JSON again,
// which is most of the work of reading a large plan.
//
// Since a document decodes to one plan, the cache can only give what the
// document read from the database holds: a document that another
// transaction or process wrote, or one that a rollback undid, merely differs
// from the one kept and is decoded. The plans kept are normalised and never
// changed; readers get copies.
type planCache struct {
	mu    sync.Mutex
	plans map[roles.ID[plan.Plan]]cachedPlan
	bytes int // of the documents kept
}

// cachedPlan is a plan's document and what it decodes to.
type cachedPlan struct {
	doc string
	p   *plan.Plan
}

// decode returns the plan (normalised) that doc, the document of plan id's
// current revision, decodes to: the one kept for that very document, or
// else decoded and kept. The caller must not change it.
func (c *planCache) decode(id roles.ID[plan.Plan], doc string) (*plan.Plan, error) {
	c.mu.Lock()
	e, ok := c.plans[id]
	c.mu.Unlock()
	if ok && e.doc == doc {
		return e.p, nil
	}
	p := new(plan.Plan)
	if err := docCol(p).Scan(doc); err != nil {
		return nil, err
	}
	normPlan(p)
	c.put(id, doc, p)
	return p, nil
}

// written keeps p, a plan just written (normalised, at its new revision,
// never to be changed), whose document is doc: the plan that document
// decodes to, since a normalised plan's JSON form holds all of it. Not when
// the encoding replaced invalid UTF-8 (as \ufffd): the document then decodes
// to something else, so only decode keeps it.
func (c *planCache) written(doc string, p *plan.Plan) {
	if strings.Contains(doc, `\ufffd`) {
		return
	}
	c.put(p.ID, doc, p)
}

// put keeps p, the plan doc decodes to, for plan id, in place of what was
// kept for it; it drops other plans, chosen by the map's iteration order
// (about at random), while the documents would exceed maxCachedPlanBytes.
func (c *planCache) put(id roles.ID[plan.Plan], doc string, p *plan.Plan) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.plans[id]; ok {
		delete(c.plans, id)
		c.bytes -= len(old.doc)
	}
	if len(doc) > maxCachedPlanDoc {
		return
	}
	for k, e := range c.plans {
		if c.bytes+len(doc) <= maxCachedPlanBytes {
			break
		}
		delete(c.plans, k)
		c.bytes -= len(e.doc)
	}
	if c.plans == nil {
		c.plans = make(map[roles.ID[plan.Plan]]cachedPlan)
	}
	c.plans[id] = cachedPlan{doc: doc, p: p}
	c.bytes += len(doc)
}
