// Package inspect is Motcua's self-inspection (tự kiểm tra): the named rules
// that find, with evidence, where the office falls short, and the indicators
// of service quality in the manner of Decision 766/QĐ-TTg. It knows nothing of
// PocketBase: the hooks read the database into the plain structs of this
// package (with SQL aggregates, so a year of a busy ward stays fast) and store
// the findings it returns.
package inspect

import (
	"encoding/json"
	"fmt"
)

// Settings are the thresholds of the rules, stored in the office's `settings`
// JSON under the key "inspect". A missing key keeps its default.
type Settings struct {
	// StaleDays: an open dossier with no step for this many working days is stale.
	StaleDays int `json:"stale_days"`
	// LateEntryHours: a dossier entered this many hours or more after it was
	// received on paper is a late entry.
	LateEntryHours int `json:"late_entry_hours"`
	// InactiveDays: a staff member with open assigned dossiers and no
	// recorded step for this many working days is inactive.
	InactiveDays int `json:"inactive_days"`
	// OnTimeRateMin: an officer whose on-time rate (percent) in the period
	// is below this is flagged...
	OnTimeRateMin float64 `json:"on_time_rate_min"`
	// MinOfficerDossiers: ...but only with at least this many dossiers
	// handled in the period, so that one late dossier of three does not rank
	// an officer.
	MinOfficerDossiers int `json:"min_officer_dossiers"`
	// FeedbackDays: feedback must be answered within this many working days
	// (Decision 766, indicator 5.2: resolve within 15).
	FeedbackDays int `json:"feedback_days"`
	// TransferCutoffHour: a paper dossier received before this hour is
	// passed to the deciding side the same working day; one received at or
	// after it by TransferNextDayHour of the next working day (Decree
	// 118/2025, as Decree 61/2018 Art. 19(1)(b): "trong ngày làm việc hoặc
	// đầu giờ ngày làm việc tiếp theo đối với trường hợp tiếp nhận sau 15
	// giờ").
	TransferCutoffHour  int `json:"transfer_cutoff_hour"`
	TransferNextDayHour int `json:"transfer_next_day_hour"`
	// SupplementWithinDays: a supplement request of the handling side comes
	// within this many working days of receipt (3).
	SupplementWithinDays int `json:"supplement_within_days"`
	// BackupDays: the newest backup must be at most this many days old.
	BackupDays int `json:"backup_days"`
	// MinFreeDiskMB: the data dir's filesystem keeps at least this much
	// free space, in MB (low_disk; at least twice data.db in any case).
	MinFreeDiskMB int `json:"min_free_disk_mb"`
	// WindowDays: the default period of an inspection, in calendar days
	// ending today (the daily run and `motcua inspect` without dates).
	WindowDays int `json:"window_days"`
}

// DefaultSettings are the thresholds used when the office sets none.
func DefaultSettings() Settings {
	return Settings{
		StaleDays:            3,
		LateEntryHours:       24,
		InactiveDays:         3,
		OnTimeRateMin:        90,
		MinOfficerDossiers:   10,
		FeedbackDays:         15,
		TransferCutoffHour:   15,
		TransferNextDayHour:  9,
		SupplementWithinDays: 3,
		BackupDays:           7,
		WindowDays:           90,
		MinFreeDiskMB:        DefaultMinFreeDiskMB,
	}
}

// ParseSettings reads the "inspect" object of the office settings JSON over
// the defaults. Values that make no sense (zero or negative) keep the default.
func ParseSettings(officeSettings []byte) (Settings, error) {
	s := DefaultSettings()
	if len(officeSettings) == 0 || string(officeSettings) == "null" {
		return s, nil
	}
	var wrap struct {
		Inspect json.RawMessage `json:"inspect"`
	}
	if err := json.Unmarshal(officeSettings, &wrap); err != nil {
		return s, fmt.Errorf("inspect: office settings are not a JSON object: %w", err)
	}
	if len(wrap.Inspect) == 0 || string(wrap.Inspect) == "null" {
		return s, nil
	}
	var in Settings
	if err := json.Unmarshal(wrap.Inspect, &in); err != nil {
		return s, fmt.Errorf("inspect: settings.inspect: %w", err)
	}
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	s.StaleDays = pick(in.StaleDays, s.StaleDays)
	s.LateEntryHours = pick(in.LateEntryHours, s.LateEntryHours)
	s.InactiveDays = pick(in.InactiveDays, s.InactiveDays)
	s.MinOfficerDossiers = pick(in.MinOfficerDossiers, s.MinOfficerDossiers)
	s.FeedbackDays = pick(in.FeedbackDays, s.FeedbackDays)
	s.BackupDays = pick(in.BackupDays, s.BackupDays)
	s.SupplementWithinDays = pick(in.SupplementWithinDays, s.SupplementWithinDays)
	if in.TransferCutoffHour > 0 && in.TransferCutoffHour < 24 {
		s.TransferCutoffHour = in.TransferCutoffHour
	}
	if in.TransferNextDayHour > 0 && in.TransferNextDayHour < 24 {
		s.TransferNextDayHour = in.TransferNextDayHour
	}
	s.WindowDays = pick(in.WindowDays, s.WindowDays)
	s.MinFreeDiskMB = pick(in.MinFreeDiskMB, s.MinFreeDiskMB)
	if in.OnTimeRateMin > 0 && in.OnTimeRateMin <= 100 {
		s.OnTimeRateMin = in.OnTimeRateMin
	}
	return s, nil
}
