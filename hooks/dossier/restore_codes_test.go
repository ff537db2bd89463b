package dossier_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/testapp"
)

// TestOlderDataDirGetsCodeFloorsOnStart: a data dir made before the code
// floors existed has no table for them; the migrations every start runs
// (serve, each command) create it, and the next intake numbers past the
// day's floor.
func TestOlderDataDirGetsCodeFloorsOnStart(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	testapp.ExecSQL(t, app, "DROP TABLE IF EXISTS _motcua_code_floors")
	testapp.ExecSQL(t, app, "DELETE FROM _migrations WHERE file = '1795844117_code_floors.go'")
	require.NoError(t, app.RunAllMigrations())

	first := testapp.Receive(t, app, 1, "Nguyễn Văn Sàn Mã")[0]
	prefix := first[:len(first)-4]
	n, err := strconv.Atoi(first[len(first)-4:])
	require.NoError(t, err)
	testapp.ExecSQL(t, app, fmt.Sprintf("INSERT INTO _motcua_code_floors (prefix, last) VALUES ('%s', %d)", prefix, n+40))
	assert.Equal(t, fmt.Sprintf("%s%04d", prefix, n+41), testapp.Receive(t, app, 1, "Nguyễn Văn Sàn Mã")[0])
}
