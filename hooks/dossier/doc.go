// Package dossier owns the dossier's life: the intake and every step (the
// rules are internal/lifecycle's; dossiers.go applies them, writes the
// dossier's events and re-projects due times), the refusal of a step taken
// on a stale copy (dossier_version.go), paper dates (paper_date.go), the
// day's ordered codes and ids (ordered_id.go, restore_codes.go), the online
// copy of the data dir (online_copy.go) and the upgrade of dossiers ended
// without a result (result_class_upgrade.go).
package dossier
