package kit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks/kit"
	"motcua/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// TestUniqueViolationsAreKnownByCode: a second row with a unique value is
// told by SQLite's extended code, not by matching its English text.
func TestUniqueViolationsAreKnownByCode(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	db := app.NonconcurrentDB()
	_, err := db.NewQuery("CREATE TABLE t_unique (v TEXT UNIQUE NOT NULL)").Execute()
	require.NoError(t, err)
	_, err = db.NewQuery("INSERT INTO t_unique (v) VALUES ('a')").Execute()
	require.NoError(t, err)
	_, err = db.NewQuery("INSERT INTO t_unique (v) VALUES ('a')").Execute()
	require.Error(t, err)
	assert.True(t, kit.IsUniqueViolation(fmt.Errorf("wrapped: %w", err)), err.Error())
	_, err = db.NewQuery("INSERT INTO t_unique (v) VALUES (NULL)").Execute()
	require.Error(t, err)
	assert.False(t, kit.IsUniqueViolation(err), "NOT NULL is another constraint: %v", err)
	assert.False(t, kit.IsUniqueViolation(errors.New("UNIQUE constraint failed: t_unique.v")), "text alone is not the code")
}
