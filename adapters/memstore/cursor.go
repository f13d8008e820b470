package memstore

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"

	"github.com/backabarnet/backabarnet/roles"
)

// Cursors are the key of the last item on a page, in a tagged binary form
// encoded as base64url: opaque to callers, and checked when decoded.
const (
	tagID  = 'i' // an ID: 16 bytes
	tagSeq = 's' // a sequence number: 8 bytes
	tagKey = 'k' // a composite key: bytes defined by the query
)

func encodeCursor(tag byte, b []byte) string {
	return base64.RawURLEncoding.EncodeToString(append([]byte{tag}, b...))
}

func decodeCursor(tag byte, s string, n int) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 1 || b[0] != tag || (n >= 0 && len(b) != n+1) {
		return nil, fmt.Errorf("memstore: page cursor: %w", roles.ErrInvalid)
	}
	return b[1:], nil
}

func encodeIDCursor[K id16](id K) string {
	b := [16]byte(id)
	return encodeCursor(tagID, b[:])
}

// decodeIDCursor decodes an ID cursor; "" gives the zero ID.
func decodeIDCursor[K id16](s string) (K, error) {
	if s == "" {
		return K{}, nil
	}
	b, err := decodeCursor(tagID, s, 16)
	if err != nil {
		return K{}, err
	}
	var id K
	for i := range 16 {
		id[i] = b[i]
	}
	return id, nil
}

func encodeSeqCursor(seq int64) string {
	return encodeCursor(tagSeq, binary.BigEndian.AppendUint64(nil, uint64(seq)))
}

// decodeSeqCursor decodes a sequence cursor; "" gives 0.
func decodeSeqCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := decodeCursor(tagSeq, s, 8)
	if err != nil {
		return 0, err
	}
	seq := int64(binary.BigEndian.Uint64(b))
	if seq < 1 {
		return 0, fmt.Errorf("memstore: page cursor: %w", roles.ErrInvalid)
	}
	return seq, nil
}
