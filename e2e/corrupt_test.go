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

// TestOnlineCopyBesideARunningServer: `motcua backup` makes a whole,
// consistent copy while the server serves, and records it in the audit log.
func TestOnlineCopyBesideARunningServer(t *testing.T) {
	data := t.TempDir()
	out, code := run(t, "demo", "--dir", data)
	require.Equal(t, 0, code, out)
	startServer(t, data)

	copyPath := filepath.Join(t.TempDir(), "ban-sao.db")
	out, code = run(t, "backup", "--dir", data, "--to", copyPath)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Đã sao lưu cơ sở dữ liệu vào "+copyPath)
	out, code = run(t, "backup", "--dir", data, "--to", copyPath)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "đã có: hãy chọn tên khác")

	cp, err := sql.Open("sqlite", copyPath)
	require.NoError(t, err)
	defer cp.Close()
	var check string
	require.NoError(t, cp.QueryRow("PRAGMA integrity_check").Scan(&check))
	require.Equal(t, "ok", check)
	var copied, live int
	require.NoError(t, cp.QueryRow("SELECT count(*) FROM dossiers").Scan(&copied))
	db, err := sql.Open("sqlite", filepath.Join(data, "data.db"))
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.QueryRow("SELECT count(*) FROM dossiers").Scan(&live))
	require.Equal(t, live, copied, "every dossier is in the copy")
	var action, changes string
	require.NoError(t, db.QueryRow("SELECT action, changes FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&action, &changes))
	require.Equal(t, "backup_copy", action)
	require.Contains(t, changes, `"file":"`+copyPath+`"`)
	out, code = run(t, "audit", "verify", "--dir", data)
	require.Equal(t, 0, code, out)
}
