// Package office owns the commune's office as the other rules read it: the
// in-memory copies of what rarely changes (Memo: the calendar, the office
// record, the procedures), the working-day calendar and the due times it
// gives a dossier (calendar.go; the arithmetic is internal/calendar's), the
// procedure catalogue's search text (catalogue.go) and the office's secrets,
// masked in every settings answer (office_secrets.go).
package office
