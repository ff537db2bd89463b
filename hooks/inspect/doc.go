// Package inspect owns the self-inspection (tự kiểm tra) as the office runs
// it; the rules and indicators themselves are internal/inspect's. Files that
// also import internal/inspect name this package selfcheck.
//
//   - inspect.go: Register, the nightly job (Cron), the routes of a run now
//     and of the staff reports page;
//   - request.go: the period a report request asks for (its limits);
//   - run.go: Run (rules run, findings stored), ReadOnly (the province's
//     readings: nothing stored), Report (a period's report without the rules);
//   - input.go: the office's data read into the rules' input (dossiers with
//     their first, last and entry events, officers, published procedures);
//   - state.go: the audit chain's, the backups' states the rules judge;
//   - inspect_disk.go: the disk the data dir needs;
//   - indicators.go: the Decision 766 indicators and the breakdowns by
//     sector, procedure, officer and month, the feedback's classes;
//   - findings.go: storing and tracking findings (opened, kept, resolved; the
//     fields staff may not change), and reading them back.
package inspect
