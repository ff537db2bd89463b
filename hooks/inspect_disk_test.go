package hooks_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/hooks"
	"motcua/internal/inspect"
	"motcua/testapp"
)

// The self-inspection warns of a data dir running out of room before a full
// disk refuses writes (issue 14): below the office's min_free_disk_mb
// (default 1 GB) it opens low_disk with the free and total bytes; with room
// again the finding resolves itself.
func TestInspectionLowDisk(t *testing.T) {
	app := testapp.New(t)
	defer app.Cleanup()
	key := inspect.Key(inspect.RuleLowDisk, inspect.SubjectDisk, "data_dir")
	hooks.SetDiskUsage(app, 50<<30, 100<<30)
	runInspection(t, app, time.Now())
	assert.NotContains(t, openFindings(t, app), key, "50 GB free is enough")

	hooks.SetDiskUsage(app, 700<<20, 100<<30) // 700 MB of 100 GB
	runInspection(t, app, time.Now())
	f := findingOf(t, app, inspect.RuleLowDisk, inspect.SubjectDisk, "data_dir")
	dir, err := filepath.Abs(app.DataDir())
	require.NoError(t, err)
	assert.Equal(t, "open", f.GetString("status"))
	assert.Equal(t, "warning", f.GetString("severity"))
	assert.Equal(t, "Ổ đĩa chứa dữ liệu "+dir+" chỉ còn trống 700 MB trên tổng 100 GB, dưới ngưỡng 1 GB. Khi ổ đầy, "+
		"mọi thao tác ghi (tiếp nhận, cập nhật hồ sơ) đều bị từ chối.", f.GetString("message"))
	assert.Equal(t, "Quản trị giải phóng ổ đĩa ngay: chép các bản sao lưu cũ (pb_data/backups, pb_data/copies) và thư mục "+
		"pb_data/replaced ra ổ khác rồi xoá khỏi máy chủ, xoá tệp không cần thiết, hoặc chuyển dữ liệu sang ổ lớn hơn.",
		f.GetString("action_hint"))
	var ev map[string]any
	require.NoError(t, json.Unmarshal([]byte(f.GetString("evidence")), &ev))
	assert.EqualValues(t, 700<<20, ev["free_bytes"])
	assert.EqualValues(t, 100<<30, ev["total_bytes"])
	assert.EqualValues(t, 1<<30, ev["threshold_bytes"])
	var papers int64
	require.NoError(t, app.DB().NewQuery("SELECT COALESCE(SUM(size), 0) FROM dossier_files").Row(&papers))
	assert.EqualValues(t, papers, ev["storage_bytes"], "the papers on this disk are counted")

	// The office's own threshold, and serious below half of it.
	office, err := app.FindFirstRecordByFilter("office", "")
	require.NoError(t, err)
	office.Set("settings", map[string]any{"inspect": map[string]any{"min_free_disk_mb": 4096}})
	require.NoError(t, app.Save(office))
	hooks.SetDiskUsage(app, 1536<<20, 100<<30)
	runInspection(t, app, time.Now())
	f = findingOf(t, app, inspect.RuleLowDisk, inspect.SubjectDisk, "data_dir")
	assert.Equal(t, "serious", f.GetString("severity"))
	assert.Contains(t, f.GetString("message"), "chỉ còn trống 1,5 GB trên tổng 100 GB, dưới ngưỡng 4 GB.")

	hooks.SetDiskUsage(app, 50<<30, 100<<30)
	runInspection(t, app, time.Now())
	assert.NotContains(t, openFindings(t, app), key, "resolved once there is room again")
}
