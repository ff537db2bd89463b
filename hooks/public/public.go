package public

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"motcua/hooks/kit"
	"motcua/hooks/office"
	migrations "motcua/pb_migrations"
)

// bodyLimit caps what a citizen may post (feedback, rating): a
// petition of 5,000 characters in Vietnamese fits with room to spare.
const bodyLimit = 16 << 10

// RegisterPage binds the citizens' side (trang công khai): the page
// itself from the embedded pb_public at "/", and the guest routes under
// /api/motcua/ (catalogue, dossier look-up, posting, statistics, feedback,
// rating), rate-limited per IP. The admin UI at /_/ and PocketBase's own API
// keep precedence.
func RegisterPage(app core.App, public fs.FS) {
	p := newSite(app)
	p.bindStatsInvalidation()

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/motcua")
		g.BindFunc(p.guard)
		g.Bind(apis.Gzip())
		g.GET("/procedures", p.listProcedures)
		g.GET("/procedures/{ref}", p.viewProcedure)
		g.GET("/sectors", p.listSectors)
		g.GET("/office", p.viewOffice)
		g.GET("/dossiers/{code}", p.viewDossier)
		g.GET("/stats", p.viewStats)
		g.GET("/feedback", p.listFeedback)
		g.GET("/feedback/{code}", p.viewFeedback)
		g.POST("/feedback", p.createFeedback)
		g.POST("/ratings", p.createRating)

		if public != nil && !se.Router.HasRoute(http.MethodGet, "/{path...}") {
			page, err := newPageFiles(public)
			if err != nil {
				return err
			}
			se.Router.GET("/{path...}", page.serve).Bind(apis.Gzip())
		}
		return se.Next()
	})
}

// site holds the per-app state of the guest routes: the catalogue
// cache, the statistics cache and the rate limiters.
type site struct {
	app     core.App
	cat     *office.Memo[*catalogue]
	stats   statsCache
	limiter *rateLimiter
	// factorSweep is when old guesses of dossier codes were last forgotten
	// (unix ms; factor.go).
	factorSweep atomic.Int64
}

func newSite(app core.App) *site {
	return &site{app: app, limiter: newRateLimiter(),
		cat: office.NewMemo(app, buildCatalogue, migrations.ProceduresID, migrations.SectorsID, migrations.OfficeID, migrations.HolidaysID)}
}

// guard is the middleware of every guest route: security headers, then the
// per-IP rate limit (GETs and POSTs in separate buckets; staff exempt).
func (p *site) guard(e *core.RequestEvent) error {
	kit.SecurityHeaders(e.Response.Header(), kit.PagePolicy)
	if !e.HasSuperuserAuth() {
		limits := p.catalogue().limits
		perMinute, kind := limits.Get, "get"
		if e.Request.Method != http.MethodGet && e.Request.Method != http.MethodHead {
			perMinute, kind = limits.Post, "post"
		}
		if ok, wait := p.limiter.Allow(kind+"|"+e.RealIP(), perMinute, time.Now()); !ok {
			e.Response.Header().Set("Retry-After", itoaSeconds(wait))
			return e.TooManyRequestsError("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.", nil)
		}
	}
	return e.Next()
}

// pageFiles serves pb_public. index.html is rendered once with a version
// query (a hash of the assets) on every asset reference, so that assets can
// be cached for a year and the page itself is revalidated on each visit.
type pageFiles struct {
	fsys    fs.FS
	index   []byte
	version string
}

// assetRefs are the references in index.html that get "?v=<hash>".
var assetRefs = []string{"app.css", "app.js", "favicon.svg"}

func newPageFiles(fsys fs.FS) (*pageFiles, error) {
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(index)
	for _, name := range assetRefs {
		if b, err := fs.ReadFile(fsys, name); err == nil {
			h.Write(b)
		}
	}
	version := hex.EncodeToString(h.Sum(nil))[:12]
	for _, name := range assetRefs {
		index = bytes.ReplaceAll(index, []byte(`"/`+name+`"`), []byte(`"/`+name+`?v=`+version+`"`))
	}
	return &pageFiles{fsys: fsys, index: index, version: version}, nil
}

func (p *pageFiles) serve(e *core.RequestEvent) error {
	kit.SecurityHeaders(e.Response.Header(), kit.PagePolicy)
	name := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue(apis.StaticWildcardParam)), "/")
	if name == "" || name == "index.html" {
		return p.serveIndex(e)
	}
	fi, err := fs.Stat(p.fsys, name)
	if err == nil && fi.IsDir() {
		// A folder of its own (the staff print page, reports) serves its index.
		if _, ierr := fs.Stat(p.fsys, path.Join(name, "index.html")); ierr == nil {
			if !strings.HasSuffix(e.Request.URL.Path, "/") {
				return e.Redirect(http.StatusMovedPermanently, "/"+name+"/")
			}
			e.Response.Header().Set("Cache-Control", "no-cache")
			return e.FileFS(p.fsys, name)
		}
	}
	if err != nil || fi.IsDir() {
		// Paths without an extension are the page's own routes (the page
		// uses hash routes, but a shared link may lose its "#"); anything
		// else that is missing is a plain 404.
		if path.Ext(name) == "" {
			return p.serveIndex(e)
		}
		return router.ErrFileNotFound
	}
	if e.Request.URL.Query().Get("v") != "" {
		e.Response.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		e.Response.Header().Set("Cache-Control", "public, max-age=3600")
	}
	return e.FileFS(p.fsys, name)
}

func (p *pageFiles) serveIndex(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-cache")
	e.Response.Header().Set("ETag", `"`+p.version+`"`)
	if e.Request.Header.Get("If-None-Match") == `"`+p.version+`"` {
		return e.NoContent(http.StatusNotModified)
	}
	return e.Blob(http.StatusOK, "text/html; charset=utf-8", p.index)
}
