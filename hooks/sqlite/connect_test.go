package sqlite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A connection of Connect has every setting of PocketBase's default
// connection but Motcua's changes, and the DSN starts with the busy timeout.
func TestConnectionSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	pb, err := core.DefaultDBConnect(path)
	require.NoError(t, err)
	defer pb.Close()
	ours, err := Connect(path)
	require.NoError(t, err)
	defer ours.Close()
	want, err := ReadSettings(pb.DB())
	require.NoError(t, err)
	got, err := ReadSettings(ours.DB())
	require.NoError(t, err)
	assert.Equal(t, "wal", want["journal_mode"], "PocketBase's connection sets WAL")
	for name, v := range changed {
		assert.Equal(t, v, got[name], name)
		want[name] = v
	}
	assert.Equal(t, want, got, "PocketBase's settings, with Motcua's changes only")

	dsn, err := DSN(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(dsn, path+"?_pragma=busy_timeout(10000)&"), dsn)
	assert.True(t, strings.HasSuffix(dsn, "&_defensive=1&_txlock=immediate"), dsn)
}
