// Package desk owns the staff desk's own routes (pb_public/desk): the steps
// the signed-in person may take on a dossier now, with the fields each asks
// for, and the preview of a leader's letter before it is signed.
package desk
