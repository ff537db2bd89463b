package kit

import "net/http"

// The security headers of every page and document Motcua serves, in one
// place: the public page and its guest routes (public.go), the staff pages
// (the desk and the reports page, inspect.go) and the printable forms
// (forms.go).

// PagePolicy admits only the page's own files: no inline script, no inline
// style, no third-party origin, no framing.
const PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// DocumentPolicy is a printable form's: a document with no script at all,
// its own stylesheet and inline pictures (the QR code).
const DocumentPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:"

// SecurityHeaders sets the headers of a page or document under policy.
func SecurityHeaders(h http.Header, policy string) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", policy)
	h.Set("X-Frame-Options", "DENY")
}
