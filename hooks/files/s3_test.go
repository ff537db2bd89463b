package files_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"motcua/internal/weedtest"
	"motcua/testapp"
)

// TestPapersOnS3Storage: with PocketBase's storage settings pointed at an
// S3-compatible server (a real SeaweedFS on loopback), a paper uploaded
// through the records API is an object in the bucket, not a file of the
// data dir; staff download the same bytes through a file token, with a
// thumbnail for a photo; a guest, a token-less request, and an anonymous
// request to the bucket itself get nothing.
func TestPapersOnS3Storage(t *testing.T) {
	const bucket = "motcua-giay-to"
	weed := weedtest.Start(t, bucket)
	app := testapp.New(t)
	defer app.Cleanup()

	settings := app.Settings()
	settings.S3.Enabled = true
	settings.S3.Bucket = bucket
	settings.S3.Region = "us-east-1"
	settings.S3.Endpoint = weed.Endpoint
	settings.S3.AccessKey = weedtest.AccessKey
	settings.S3.Secret = weedtest.SecretKey
	settings.S3.ForcePathStyle = true
	require.NoError(t, app.Save(settings))

	dossier, item := dossierWith(t, app, "status = 'processing'")
	content := pdfBytes("trên S3")
	photo := jpegBytes(t)
	auth := testapp.Auth(t, app, "receptionist")
	ids := map[string]string{}
	for name, b := range map[string][]byte{"cccd.pdf": content, "anh-chup.jpg": photo} {
		body, ct := multipartBody(t, map[string]string{"dossier": dossier.Id, "role": "submitted", "item": item, "kind": "copy"},
			upload{"file", name, b})
		res := send(t, app, auth, http.MethodPost, filesURL, body, ct)
		require.Equal(t, http.StatusOK, res.Code, res.Body.String())
		var out struct{ ID, File, Sha256 string }
		require.NoError(t, json.Unmarshal(res.Body.Bytes(), &out))
		assert.Equal(t, sha(b), out.Sha256)
		ids[name] = out.ID
	}
	rec, err := app.FindRecordById("dossier_files", ids["cccd.pdf"])
	require.NoError(t, err)
	key := rec.BaseFilesPath() + "/" + rec.GetString("file")

	// The object is in the bucket, as the S3 API itself lists it.
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(weed.Endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(weedtest.AccessKey, weedtest.SecretKey, "")})
	list, err := client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket),
		Prefix: aws.String(rec.BaseFilesPath() + "/")})
	require.NoError(t, err)
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	require.Contains(t, keys, key, "the paper is an object of the bucket")
	obj, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(t, err)
	stored, err := io.ReadAll(obj.Body)
	obj.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, sha(content), sha(stored))
	_, err = os.Stat(filepath.Join(app.DataDir(), "storage", key))
	assert.True(t, os.IsNotExist(err), "nothing of it on the data dir's disk: %v", err)

	// Staff: the same bytes through a file token; a thumbnail of the photo.
	fileURL := "/api/files/dossier_files/" + rec.Id + "/" + rec.GetString("file")
	res := testapp.Do(t, app, nil, http.MethodGet, fileURL+"?token="+fileToken(t, app, "receptionist"), "")
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	assert.Equal(t, sha(content), sha(res.Body.Bytes()), "downloaded with the same SHA-256")
	pic, err := app.FindRecordById("dossier_files", ids["anh-chup.jpg"])
	require.NoError(t, err)
	res = testapp.Do(t, app, nil, http.MethodGet, "/api/files/dossier_files/"+pic.Id+"/"+pic.GetString("file")+
		"?thumb=100x100&token="+fileToken(t, app, "specialist"), "")
	require.Equal(t, http.StatusOK, res.Code)
	assert.Equal(t, "image/jpeg", res.Header().Get("Content-Type"))
	assert.NotEqual(t, sha(photo), sha(res.Body.Bytes()), "a thumbnail, not the original")

	// Refused: without a token, a guest, a staff header without a file token, the bucket to anyone.
	for name, headers := range map[string]map[string]string{"a token-less request": nil, "staff without a file token": auth} {
		res := testapp.Do(t, app, headers, http.MethodGet, fileURL, "")
		assert.NotEqual(t, http.StatusOK, res.Code, name)
		assert.NotContains(t, res.Body.String(), "%PDF", name)
	}
	res = testapp.Do(t, app, nil, http.MethodGet, fileURL+"?token=not-a-token", "")
	assert.NotEqual(t, http.StatusOK, res.Code)
	res = testapp.Do(t, app, nil, http.MethodGet, filesURL+"/"+rec.Id, "")
	assert.NotEqual(t, http.StatusOK, res.Code, "a guest gets no record")
	status, err := weed.Get("/" + bucket + "/" + key)
	require.NoError(t, err)
	assert.NotEqual(t, http.StatusOK, status, "the bucket does not serve the paper without credentials")
	assert.False(t, strings.HasPrefix(key, "/"))
}
