package inspect

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/pocketbase/pocketbase/core"

	"motcua/internal/inspect"
)

// DiskUsageKey holds, in an app's store, a replacement of statfsUsage (a
// test's low disk).
const DiskUsageKey = "motcua.diskUsage"

// DiskUsageFunc reports the bytes available to the server and the size of
// the filesystem holding path.
type DiskUsageFunc func(path string) (free, total uint64, err error)

// statfsUsage is DiskUsageFunc by statfs(2): the blocks available to an
// unprivileged process (the root reserve is not the server's to use).
func statfsUsage(path string) (free, total uint64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, err
	}
	return st.Bavail * uint64(st.Bsize), st.Blocks * uint64(st.Bsize), nil
}

// diskState reads the space of the data dir's filesystem for low_disk.
func diskState(app core.App, s inspect.Settings) inspect.Disk {
	usage, ok := app.Store().Get(DiskUsageKey).(DiskUsageFunc)
	if !ok {
		usage = statfsUsage
	}
	dir, err := filepath.Abs(app.DataDir())
	if err != nil {
		dir = app.DataDir()
	}
	free, total, err := usage(dir)
	if err != nil {
		app.Logger().Warn("self-inspection: disk space not read", "error", err)
		return inspect.Disk{}
	}
	d := inspect.Disk{Known: true, Path: dir, Free: free, Total: total, MinFreeBytes: uint64(s.MinFreeDiskMB) << 20}
	if st, err := os.Stat(filepath.Join(dir, "data.db")); err == nil {
		d.DataDBBytes = uint64(st.Size())
	}
	if !app.Settings().S3.Enabled {
		// The papers' sizes are recorded at upload (hooks/files): no walk
		// of storage/ needed.
		var n int64
		if err := app.DB().NewQuery("SELECT COALESCE(SUM(size), 0) FROM dossier_files").Row(&n); err == nil {
			d.StorageBytes = uint64(n)
		}
	}
	return d
}
