// Package forms owns the printable forms of a dossier and the office's
// ledgers (Circular 03/2025/TT-VPCP Annex I) as staff routes: what a form
// needs from the database (FormContext), which forms apply, and the pages
// internal/forms renders; the desk's previews print through it.
package forms
