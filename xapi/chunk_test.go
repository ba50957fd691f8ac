package xapi_test

import (
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestDefaultChunkSize: uploads use the largest segment X accepts, which
// the fake knows, since every segment is a round trip.
func TestDefaultChunkSize(t *testing.T) {
	t.Parallel()
	if xapi.DefaultChunkSize != xapitest.SegmentSizeCap {
		t.Errorf("DefaultChunkSize = %d, want X's largest segment, %d", xapi.DefaultChunkSize, xapitest.SegmentSizeCap)
	}
}
