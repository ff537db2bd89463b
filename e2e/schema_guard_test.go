package e2e

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// dirDigest is the name and sha256 of every file under dir.
func dirDigest(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = hex.EncodeToString(sum[:])
		return nil
	}))
	return out
}

// TestOlderBinaryRefusesANewerDataDir: a data dir upgraded by a newer Motcua
// (simulated by a migration from the future in _migrations) is refused by
// this binary, server and commands alike, with a message in English and
// Vietnamese and exit code 1, and nothing in it changes (issue 14, row 8: a
// downgrade served the migrated data dir without a word).
func TestOlderBinaryRefusesANewerDataDir(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	// The same binary opens its own data dir.
	out, code = run(t, "inspect", "--dir", data)
	require.Equal(t, 0, code, out)

	db, err := sql.Open("sqlite", filepath.Join(data, "data.db"))
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO _migrations (file, applied) VALUES ('2999999999_from_the_future.go', 1)")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before := dirDigest(t, data)

	for _, args := range [][]string{
		{"serve", "--dir", data, "--http", freePort(t)},
		{"inspect", "--dir", data},
		{"staff", "add", "thu.nghiem@ninhxuan.example", "Motcua@2026x", "--role", "receptionist", "--dir", data},
	} {
		out, code := run(t, args...)
		assert.Equal(t, 1, code, "%v: %s", args, out)
		assert.Contains(t, out, "is newer than this binary: it was upgraded by a newer Motcua "+
			"(its newest migration 2999999999_from_the_future.go is unknown here", args)
		assert.Contains(t, out, "Thư mục dữ liệu "+data+" đã được phiên bản Motcua mới hơn nâng cấp", args)
	}
	assert.Equal(t, before, dirDigest(t, data), "nothing in the data dir changed")
}
