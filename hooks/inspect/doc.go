// Package inspect owns the self-inspection (tự kiểm tra) as the office runs
// it: the daily job and its findings, the staff reports page and its routes,
// the disk check (inspect_disk.go); the rules and indicators themselves are
// internal/inspect's. Files that also import internal/inspect name this
// package selfcheck.
package inspect
