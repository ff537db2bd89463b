package inspect

import "fmt"

// RuleLowDisk flags a data dir whose filesystem is running out of room: on a
// full disk every write fails (the clerk reads 507, hooks/faults.go), so the
// admin is warned before it happens (issue 14).
const RuleLowDisk = "low_disk"

// SubjectDisk is the subject of low_disk: the data dir's filesystem.
const SubjectDisk = "disk"

// DefaultMinFreeDiskMB is the free space, in MB, below which low_disk fires
// when the office sets none (settings.inspect.min_free_disk_mb).
const DefaultMinFreeDiskMB = 1024

func init() {
	// Appended here rather than in the table of rules.go, which other work
	// edits: the rule is listed last.
	Rules = append(Rules, Rule{RuleLowDisk, "Ổ đĩa chứa dữ liệu sắp hết chỗ trống", Warning, SubjectDisk, false})
}

// Disk is what low_disk needs: the space of the data dir's filesystem.
type Disk struct {
	Known        bool // false when it could not be read
	Path         string
	Free, Total  uint64 // bytes available to the server, and the size
	DataDBBytes  uint64 // data.db
	StorageBytes uint64 // the digitised papers kept on this disk (storage/; 0 on S3 storage)
	MinFreeBytes uint64 // the office's threshold (min_free_disk_mb)
}

// Threshold is the free space low_disk asks for: the office's setting, and
// at least twice data.db and once the papers (a backup, or `motcua backup`,
// writes a copy of both, and the database goes on growing).
func (d Disk) Threshold() uint64 { return max(d.MinFreeBytes, 2*d.DataDBBytes+d.StorageBytes) }

// LowDisk flags a data dir's filesystem with less free space than
// Threshold; serious below half of it.
func LowDisk(d Disk) (Finding, bool) {
	limit := d.Threshold()
	if !d.Known || d.Free >= limit {
		return Finding{}, false
	}
	r, _ := RuleByName(RuleLowDisk)
	f := Finding{
		Rule: RuleLowDisk, Severity: r.Severity, SubjectCollection: SubjectDisk, SubjectID: "data_dir",
		SubjectLabel: "Ổ đĩa chứa dữ liệu (" + d.Path + ")",
		Message: fmt.Sprintf("Ổ đĩa chứa dữ liệu %s chỉ còn trống %s trên tổng %s, dưới ngưỡng %s. Khi ổ đầy, mọi thao tác ghi "+
			"(tiếp nhận, cập nhật hồ sơ) đều bị từ chối.", d.Path, FormatBytes(d.Free), FormatBytes(d.Total), FormatBytes(limit)),
		Evidence: map[string]any{
			"path": d.Path, "free_bytes": d.Free, "total_bytes": d.Total, "data_db_bytes": d.DataDBBytes, "storage_bytes": d.StorageBytes,
			"threshold_bytes": limit, "min_free_disk_mb": d.MinFreeBytes >> 20,
		},
		ActionHint: "Quản trị giải phóng ổ đĩa ngay: chép các bản sao lưu cũ (pb_data/backups, pb_data/copies) và thư mục " +
			"pb_data/replaced ra ổ khác rồi xoá khỏi máy chủ, xoá tệp không cần thiết, hoặc chuyển dữ liệu sang ổ lớn hơn.",
	}
	if d.Free < limit/2 {
		f.Severity = Serious
	}
	return f, true
}

// FormatBytes writes a size in GB (or MB below 1 GB), Vietnamese style:
// "1,5 GB", "512 MB".
func FormatBytes(n uint64) string {
	if n >= 1<<30 {
		return FormatNumber(float64(n)/(1<<30)) + " GB"
	}
	return FormatNumber(float64(n)/(1<<20)) + " MB"
}
