package e2e

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// TestAuditVerifyNamesCorruption: a damaged database file is reported as
// damage (SQLite's integrity check), not as someone editing the audit log.
func TestAuditVerifyNamesCorruption(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	out, code = run(t, "audit", "verify", "--dir", data)
	require.Equal(t, 0, code, out)

	// Fold the WAL into the file, then find the audit log's root page.
	path := filepath.Join(data, "data.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	require.NoError(t, err)
	var root, pageSize int64
	require.NoError(t, db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").Scan(&root))
	require.NoError(t, db.QueryRow("PRAGMA page_size").Scan(&pageSize))
	require.NoError(t, db.Close())

	// A disk that wrote garbage over that page.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	garbage := make([]byte, pageSize)
	for i := range garbage {
		garbage[i] = 0xff
	}
	_, err = f.WriteAt(garbage, (root-1)*pageSize)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	out, code = run(t, "audit", "verify", "--dir", data)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "tệp cơ sở dữ liệu bị hỏng (không phải dấu hiệu sửa nhật ký)")
	require.Contains(t, out, "khôi phục từ bản sao lưu gần nhất")
	require.NotContains(t, out, "bị sai lệch từ mục")

	out, code = run(t, "audit", "verify", "--dir", data, "--json")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, `"corrupt":true`)
}
