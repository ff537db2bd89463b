package files

// Scanning with a phone at the counter (chụp giấy tờ bằng điện thoại): the
// desk shows a QR code for one dossier; the clerk's phone on the office Wi-Fi
// opens /desk/phone.html with a signed link that is valid for ten minutes,
// for that dossier only, and acts as the clerk who asked for it. The link's
// token is a JWT signed with the clerk's token key and the staff collection's
// file-token secret (as PocketBase signs its own tokens): a password change
// revokes every link of that clerk.
//
// A request carrying the link (header X-Motcua-Phone) to the phone routes
// only is signed in as the clerk before the audit and the role guard see it,
// so the paper is recorded, audited and refused exactly as an upload from
// the desk.

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/security"
	qrcode "github.com/skip2/go-qrcode"

	"motcua/internal/access"
	migrations "motcua/pb_migrations"
)

const (
	phoneLinkTTL   = 10 * time.Minute
	phoneTokenType = "motcua_phone_upload"
	phoneHeader    = "X-Motcua-Phone"
	phonePrefix    = "/api/motcua/phone/"
)

func registerPhone(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		// Right after PocketBase loads the Authorization header (same
		// priority, bound later), before the audit's actor is taken.
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "motcuaPhoneLink",
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority,
			Func: func(e *core.RequestEvent) error {
				tok := e.Request.Header.Get(phoneHeader)
				if tok == "" || !strings.HasPrefix(e.Request.URL.Path, phonePrefix) {
					return e.Next()
				}
				staff, dossier, err := parsePhoneToken(e.App, tok)
				if err != nil || e.Request.PathValue("dossier") != "" && e.Request.PathValue("dossier") != dossier {
					return e.UnauthorizedError("Liên kết chụp giấy tờ đã hết hạn hoặc không hợp lệ: hãy quét lại mã QR trên bàn làm việc.", nil)
				}
				e.Auth = staff
				e.Set("motcuaPhoneDossier", dossier)
				return e.Next()
			},
		})
		se.Router.GET("/api/motcua/desk/phone-link/{dossier}", phoneLink)
		se.Router.GET(phonePrefix+"{dossier}", phoneInfo)
		se.Router.POST(phonePrefix+"{dossier}", phoneUpload).Bind(apis.BodyLimit(migrations.DossierFileMaxSize + 1<<20))
		return se.Next()
	})
}

func phoneKey(staff *core.Record) string {
	return staff.TokenKey() + staff.Collection().FileToken.Secret
}

// parsePhoneToken returns the clerk and the dossier id of a valid link.
func parsePhoneToken(app core.App, tok string) (*core.Record, string, error) {
	unverified, err := security.ParseUnverifiedJWT(tok)
	if err != nil {
		return nil, "", err
	}
	id, _ := unverified["id"].(string)
	staff, err := app.FindRecordById(core.CollectionNameSuperusers, id)
	if err != nil {
		return nil, "", err
	}
	claims, err := security.ParseJWT(tok, phoneKey(staff))
	if err != nil {
		return nil, "", err
	}
	dossier, _ := claims["dossier"].(string)
	if claims["type"] != phoneTokenType || dossier == "" {
		return nil, "", jwt.ErrTokenInvalidClaims
	}
	return staff, dossier, nil
}

// phoneDigitiser is the signed-in clerk who may digitise papers, or an error
// to answer.
func phoneDigitiser(e *core.RequestEvent) (*core.Record, error) {
	if e.Auth == nil || !e.Auth.IsSuperuser() {
		return nil, e.UnauthorizedError("Cần đăng nhập bằng tài khoản cán bộ.", nil)
	}
	if role := e.Auth.GetString("role"); !access.Can(role, Collection, access.Create) {
		return nil, e.ForbiddenError(access.RoleLabel(role)+" không có quyền số hóa giấy tờ.", nil)
	}
	dossier, err := e.App.FindRecordById(migrations.DossiersID, e.Request.PathValue("dossier"))
	if err != nil {
		return nil, e.NotFoundError("Không tìm thấy hồ sơ.", nil)
	}
	return dossier, nil
}

// phoneLink answers the desk: the link and its QR code for one dossier.
func phoneLink(e *core.RequestEvent) error {
	dossier, err := phoneDigitiser(e)
	if err != nil {
		return err
	}
	expires := time.Now().Add(phoneLinkTTL)
	tok, err := security.NewJWT(jwt.MapClaims{"id": e.Auth.Id, "type": phoneTokenType, "dossier": dossier.Id}, phoneKey(e.Auth), phoneLinkTTL)
	if err != nil {
		return e.InternalServerError("Chưa tạo được liên kết.", err)
	}
	link := phoneBase(e) + "/desk/phone.html#" + url.Values{"d": {dossier.Id}, "t": {tok}}.Encode()
	png, err := qrcode.Encode(link, qrcode.Medium, 256)
	if err != nil {
		return e.InternalServerError("Chưa tạo được mã QR.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"url": link, "qr": "data:image/png;base64," + base64.StdEncoding.EncodeToString(png),
		"expires_at": expires.UTC().Format(time.RFC3339),
	})
}

// phoneBase is the address the phone reaches the server at: the admin's
// application URL when it names the office network, else the address the
// desk itself used.
func phoneBase(e *core.RequestEvent) string {
	if u := strings.TrimRight(e.App.Settings().Meta.AppURL, "/"); u != "" && !strings.Contains(u, "localhost") && !strings.Contains(u, "127.0.0.1") {
		return u
	}
	scheme := "http"
	if e.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + e.Request.Host
}

// phoneInfo is what the phone page shows: the dossier and its checklist.
func phoneInfo(e *core.RequestEvent) error {
	dossier, err := phoneDigitiser(e)
	if err != nil {
		return err
	}
	items, err := checklist(e.App, dossier)
	if err != nil {
		return e.InternalServerError("Chưa đọc được danh mục giấy tờ.", err)
	}
	seen, names := map[string]bool{}, []map[string]string{}
	for _, it := range items {
		if k := strings.ToLower(it.Name); !seen[k] {
			seen[k] = true
			names = append(names, map[string]string{"name": it.Name, "kind": digitisedKind(it.Kind)})
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"code": dossier.GetString("code"), "applicant": dossier.GetString("applicant_name"), "items": names})
}

// phoneUpload stores one photo of a paper, as the clerk.
func phoneUpload(e *core.RequestEvent) error {
	dossier, err := phoneDigitiser(e)
	if err != nil {
		return err
	}
	files, err := e.FindUploadedFiles("file")
	if err != nil || len(files) == 0 {
		return badField("file", "Cần chụp hoặc chọn ảnh giấy tờ.")
	}
	c, err := e.App.FindCachedCollectionByNameOrId(migrations.DossierFilesID)
	if err != nil {
		return err
	}
	rec := core.NewRecord(c)
	rec.Load(map[string]any{"dossier": dossier.Id, "role": RoleSubmitted, "item": e.Request.FormValue("item"),
		"kind": e.Request.FormValue("kind"), "source": "phone", "digitised_by": e.Auth.Id, "file": []*filesystem.File{files[0]}})
	if err := e.App.Save(rec); err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		return e.BadRequestError("Chưa lưu được bản chụp.", err)
	}
	return e.JSON(http.StatusOK, map[string]string{"id": rec.Id, "sha256": rec.GetString("sha256"),
		"message": "Đã lưu bản chụp \"" + rec.GetString("item") + "\"."})
}
