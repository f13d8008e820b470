package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// id16 is the constraint of the record IDs: a roles.ID of some kind.
type id16 interface {
	~[16]byte
	String() string
}

// compareID orders IDs bytewise, which for UUIDv7 is by creation time.
func compareID[K id16](a, b K) int {
	for i := 0; i < 16; i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// kind describes one kind of record to the generic table and repository.
type kind[K id16, V any] struct {
	entity adapters.Entity
	id     func(*V) K
	rev    func(*V) *int64
	// clone returns a deep copy of v, with empty slices as nil: values leave
	// the store only through it (or, for lists of the kinds with nested
	// slices, through their own list copy, such as consentsOut).
	clone func(*V) V
	// normalize normalises the instants of a copy the store owns (nil when
	// the kind has none): values enter the store through clone and normalize.
	normalize func(*V)
	// keep, when set, makes the copy of v the store keeps instead of clone
	// and normalize, sharing with prev (the stored version v replaces; nil on
	// create) whatever v left unchanged.
	keep    func(v, prev *V) *V
	indexes []indexDef[V]
}

// in returns the copy of v the store keeps in place of prev (nil on create).
func (k *kind[K, V]) in(v, prev *V) *V {
	if k.keep != nil {
		return k.keep(v, prev)
	}
	c := new(V)
	*c = k.clone(v)
	if k.normalize != nil {
		k.normalize(c)
	}
	return c
}

// ikey is a key of a secondary index: a tag saying what it is, and an ID, a
// code or a personnummer. Being a comparable struct, it is a map key without
// allocation.
type ikey struct {
	tag byte
	id  [16]byte
	s   string
	pnr roles.Personnummer
}

// The tags of index keys.
const (
	keyChild byte = iota + 1
	keyGuardian
	keyUnit
	keyOrganisation
	keyHolder
	keyProfessional
	keyPersonnummer
	keyAgency
	keyActive
)

// indexDef defines a secondary index: the keys a record is filed under.
type indexDef[V any] struct {
	// keys appends the record's keys to out and returns it.
	keys func(v *V, out []ikey) []ikey
	// unique indexes allow one record per key; desc names the key in errors
	// without its value ("with that personnummer").
	unique bool
	desc   string
}

// overlayIndexAt is the size from which a transaction's working copy keeps
// indexes; smaller ones are scanned.
const overlayIndexAt = 16

// idset is the set of the IDs filed under one index key, sorted by compareID.
// A slice of arrays holds no pointers, so the garbage collector need not scan
// it (a map per key would cost it two objects to visit), and most sets are
// small (a child's custodies or assignments). IDs are UUIDv7, so a new record
// usually goes on the end; filing a record in the middle of a large set (a
// plan becoming active among all active plans) moves the tail, 16 bytes per
// member, which at the sizes memstore is meant for costs less than a map per
// key costs the collector on every cycle. The committed sets change only in a
// commit, under Store.mu.
type idset[K id16] []K

// add adds id to the set (filing a key twice is harmless).
func (s idset[K]) add(id K) idset[K] {
	i, found := slices.BinarySearchFunc(s, id, compareID)
	if found {
		return s
	}
	return slices.Insert(s, i, id)
}

// remove removes id from the set.
func (s idset[K]) remove(id K) idset[K] {
	if i, found := slices.BinarySearchFunc(s, id, compareID); found {
		return slices.Delete(s, i, i+1)
	}
	return s
}

// table holds records of one kind and their indexes. The store's committed
// state is one table per kind; each write transaction has an overlay table per
// kind it wrote to (the working copy), merged in on commit. Stored values are
// never changed in place: a write replaces the pointer, so a pointer once
// stored may be shared (as a plan revision is, and as the parts of a plan that
// a revision left unchanged are).
type table[K id16, V any] struct {
	k       *kind[K, V]
	rows    map[K]*V
	idx     []map[ikey]idset[K] // nil until indexed
	scratch []ikey              // for keys; tables are written by one goroutine at a time
	old     []ikey              // for the keys of a record being replaced
	// spare, in a committed table, is the emptied working copy of the last
	// write transaction that wrote this kind, for the next one to reuse (see
	// committer.release).
	spare *table[K, V]
}

func newTable[K id16, V any](k *kind[K, V], indexed bool) *table[K, V] {
	t := &table[K, V]{k: k, rows: make(map[K]*V)}
	if indexed {
		t.buildIndexes()
	}
	return t
}

func (t *table[K, V]) buildIndexes() {
	t.idx = make([]map[ikey]idset[K], len(t.k.indexes))
	for i := range t.idx {
		t.idx[i] = make(map[ikey]idset[K])
	}
	for _, v := range t.rows {
		t.file(v)
	}
}

func (t *table[K, V]) keys(i int, v *V) []ikey {
	t.scratch = t.k.indexes[i].keys(v, t.scratch[:0])
	return t.scratch
}

// file adds v to the indexes.
func (t *table[K, V]) file(v *V) {
	id := t.k.id(v)
	for i := range t.k.indexes {
		fileKeys(t.idx[i], id, t.keys(i, v))
	}
}

func fileKeys[K id16](m map[ikey]idset[K], id K, keys []ikey) {
	for _, key := range keys {
		m[key] = m[key].add(id)
	}
}

// put stores v, replacing the record with its ID and refiling the indexes
// whose keys changed.
func (t *table[K, V]) put(v *V) {
	id := t.k.id(v)
	old, had := t.rows[id]
	t.rows[id] = v
	switch {
	case t.idx == nil && len(t.rows) >= overlayIndexAt:
		t.buildIndexes()
	case t.idx == nil:
	case !had:
		t.file(v)
	default:
		for i := range t.k.indexes {
			t.old = t.k.indexes[i].keys(old, t.old[:0])
			t.scratch = t.k.indexes[i].keys(v, t.scratch[:0])
			if slices.Equal(t.old, t.scratch) {
				continue // an update that leaves this index as it was
			}
			m := t.idx[i]
			for _, key := range t.old {
				if set := m[key].remove(id); len(set) > 0 {
					m[key] = set
				} else {
					delete(m, key)
				}
			}
			fileKeys(m, id, t.scratch)
		}
	}
}

// has reports whether v is filed under key in index i.
func (t *table[K, V]) has(i int, v *V, key ikey) bool {
	for _, k := range t.keys(i, v) {
		if k == key {
			return true
		}
	}
	return false
}

// repo is the generic repository of one kind within one transaction: the
// committed table (base) and the transaction's overlay (nil until written).
type repo[K id16, V any] struct {
	tx   *tx
	base *table[K, V]
	ov   *table[K, V]
}

func (r *repo[K, V]) kind() *kind[K, V] { return r.base.k }

// overlay returns the transaction's working copy, created (or taken from
// the spare the last write transaction left) on first write.
func (r *repo[K, V]) overlay() *table[K, V] {
	if r.ov == nil {
		if r.ov = r.base.spare; r.ov != nil {
			r.base.spare = nil
		} else {
			r.ov = newTable(r.base.k, false)
		}
		r.tx.dirty = append(r.tx.dirty, r)
	}
	return r.ov
}

// release implements committer: a small working copy is emptied and left to
// the next write transaction. Its rows are in the committed table by now, or
// discarded.
func (r *repo[K, V]) release() {
	if len(r.ov.rows) <= spareMax {
		clear(r.ov.rows)
		r.ov.idx = nil // a small table is scanned, not indexed
		r.base.spare = r.ov
	}
	r.ov = nil
}

// commit merges the overlay into the committed table.
func (r *repo[K, V]) commit() {
	for _, v := range r.ov.rows {
		r.base.put(v)
	}
}

// row returns the current version of the record with the ID as this
// transaction sees it, or nil.
func (r *repo[K, V]) row(id K) *V {
	if r.ov != nil {
		if v, ok := r.ov.rows[id]; ok {
			return v
		}
	}
	return r.base.rows[id]
}

// by appends to out the current records filed under key in index i, in no
// order, and returns the result. Callers pass a small array on their stack
// (rowBuf) as out: the rows are only sorted and copied out, so the slice does
// not escape and the common small result costs no allocation.
func (r *repo[K, V]) by(i int, key ikey, out []*V) []*V {
	set := r.base.idx[i][key]
	if r.ov == nil {
		for _, id := range set {
			out = append(out, r.base.rows[id])
		}
		return out
	}
	for _, id := range set {
		if _, ok := r.ov.rows[id]; !ok { // else judged by the overlay below
			out = append(out, r.base.rows[id])
		}
	}
	if r.ov.idx != nil {
		for _, id := range r.ov.idx[i][key] {
			out = append(out, r.ov.rows[id])
		}
		return out
	}
	for _, v := range r.ov.rows {
		if r.ov.has(i, v, key) {
			out = append(out, v)
		}
	}
	return out
}

// rowBuf is the size of the stack buffers given to by.
const rowBuf = 8

// all returns every current record, in no order.
func (r *repo[K, V]) all() []*V {
	out := make([]*V, 0, len(r.base.rows))
	for id, v := range r.base.rows {
		if r.ov != nil {
			if _, ok := r.ov.rows[id]; ok {
				continue
			}
		}
		out = append(out, v)
	}
	if r.ov != nil {
		for _, v := range r.ov.rows {
			out = append(out, v)
		}
	}
	return out
}

// checkUnique fails when another record holds a unique key of v.
func (r *repo[K, V]) checkUnique(v *V) error {
	k := r.kind()
	id := k.id(v)
	for i, d := range k.indexes {
		if !d.unique {
			continue
		}
		// The keys are built in a buffer kept on the transaction (an array
		// given to a function value would escape to the heap); a
		// transaction is used by one goroutine at a time.
		r.tx.keyBuf = d.keys(v, r.tx.keyBuf[:0])
		for _, key := range r.tx.keyBuf {
			var buf [rowBuf]*V
			for _, o := range r.by(i, key, buf[:0]) {
				if k.id(o) != id {
					return adapters.AlreadyExistsBy(k.entity, d.desc)
				}
			}
		}
	}
	return nil
}

func (r *repo[K, V]) zeroID(op string) error {
	return fmt.Errorf("memstore: %s %s: zero ID: %w", op, r.kind().entity, roles.ErrInvalid)
}

// Create implements adapters.Records.
func (r *repo[K, V]) Create(ctx context.Context, v *V) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	k := r.kind()
	id := k.id(v)
	if id == (K{}) {
		return r.zeroID("create")
	}
	if r.row(id) != nil {
		return adapters.AlreadyExists(k.entity, id.String())
	}
	c := k.in(v, nil)
	*k.rev(c) = 1
	if err := r.checkUnique(c); err != nil {
		return err
	}
	r.overlay().put(c)
	*k.rev(v) = 1
	return nil
}

// Get implements adapters.Records.
func (r *repo[K, V]) Get(ctx context.Context, id K) (V, error) {
	if err := r.tx.readable(ctx); err != nil {
		var zero V
		return zero, err
	}
	v := r.row(id)
	if v == nil {
		var zero V
		return zero, adapters.NotFound(r.kind().entity, id.String())
	}
	return r.kind().clone(v), nil
}

// Update implements adapters.Records.
func (r *repo[K, V]) Update(ctx context.Context, v *V) error {
	if err := r.tx.writable(ctx); err != nil {
		return err
	}
	k := r.kind()
	id := k.id(v)
	if id == (K{}) {
		return r.zeroID("update")
	}
	cur := r.row(id)
	if cur == nil {
		return adapters.NotFound(k.entity, id.String())
	}
	if *k.rev(cur) != *k.rev(v) {
		return adapters.Conflict(k.entity, id.String())
	}
	c := k.in(v, cur)
	*k.rev(c) = *k.rev(v) + 1
	if err := r.checkUnique(c); err != nil {
		return err
	}
	r.overlay().put(c)
	*k.rev(v) = *k.rev(c)
	return nil
}

// cloneAll returns clones of rows; nil when there are none.
func cloneAll[K id16, V any](k *kind[K, V], rows []*V) []V {
	if len(rows) == 0 {
		return nil
	}
	out := make([]V, len(rows))
	for i, v := range rows {
		out[i] = k.clone(v)
	}
	return out
}
