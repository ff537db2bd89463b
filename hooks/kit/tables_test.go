package kit

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHasTableReadsTheNamedSchema: a table is found in the database it is
// in, whether opened or attached, and nowhere else.
func TestHasTableReadsTheNamedSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "main.db"))
	require.NoError(t, err)
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx) // ATTACH is a connection's
	require.NoError(t, err)
	defer conn.Close()
	for _, q := range []string{
		"CREATE TABLE dossiers (code TEXT)",
		"ATTACH DATABASE '" + filepath.Join(dir, "other.db") + "' AS latest",
		"CREATE TABLE latest.feedback (tracking_code TEXT)",
		"CREATE VIEW latest.dossiers AS SELECT 1 AS code",
	} {
		_, err := conn.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	for _, tt := range []struct {
		schema, table string
		want          bool
	}{
		{"main", "dossiers", true},
		{"main", "feedback", false},
		{"latest", "feedback", true},
		{"latest", "dossiers", false}, // a view is not a table
	} {
		got, err := HasTable(ctx, conn, tt.schema, tt.table)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s.%s", tt.schema, tt.table)
	}
	_, err = HasTable(ctx, conn, `no"such`, "dossiers")
	assert.ErrorContains(t, err, `no such table: no"such.sqlite_master`, "a schema that is not attached is an error, not a missing table")
}
