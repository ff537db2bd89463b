// Package replica is Motcua's continuous replication (sao lưu liên tục) with
// Litestream used as a library: `motcua serve --replica URL` (or the office's
// settings.replica) streams data.db to a folder (file://, a NAS on the office
// network) or to S3-compatible storage (s3://bucket/path?endpoint=...), with
// the uploaded files beside it; Restore rebuilds a data dir from it.
//
// Only data.db is replicated. auxiliary.db holds PocketBase's request logs,
// which a new box does without; the audit log and every record are in
// data.db.
package replica

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/benbjohnson/litestream/s3"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// storagePrefix is the folder, under the replica's path, of the uploaded
// files (pb_data/storage); sidePrefix holds the files kept beside data.db
// (the audit anchor).
const (
	storagePrefix = "storage"
	sidePrefix    = "side"
)

// Target is a parsed replica URL: Litestream's client for data.db and a
// PocketBase filesystem for the uploaded files, both at the same place.
type Target struct {
	URL    string // without credentials
	Client litestream.ReplicaClient
	scheme string
	dir    string // file: the folder
	s3     *s3.ReplicaClient
}

// Parse reads a replica URL: file:///path or
// s3://[KEY:SECRET@]bucket/path?endpoint=http://host:port[&region=...].
// S3 credentials come from the URL, else from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (or LITESTREAM_ACCESS_KEY_ID...), as Litestream's
// own configuration reads them.
func Parse(raw string) (*Target, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("địa chỉ bản sao không hợp lệ %q: cần dạng file:///thư-mục hoặc s3://bucket/đường-dẫn", raw)
	}
	t := &Target{scheme: u.Scheme}
	clean := *u
	clean.User = nil
	t.URL = clean.String()
	switch u.Scheme {
	case "file":
		dir := u.Path
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("địa chỉ bản sao %q: file:// cần đường dẫn tuyệt đối (file:///mnt/nas/motcua)", raw)
		}
		if !filepath.IsAbs(dir) {
			return nil, fmt.Errorf("địa chỉ bản sao %q: file:// cần đường dẫn tuyệt đối (file:///mnt/nas/motcua)", raw)
		}
		t.dir = filepath.Clean(dir)
		t.Client = file.NewReplicaClient(t.dir)
	case "s3":
		c, err := litestream.NewReplicaClientFromURL(raw)
		if err != nil {
			return nil, fmt.Errorf("địa chỉ bản sao %q: %w", t.URL, err)
		}
		sc := c.(*s3.ReplicaClient)
		if u.User != nil {
			sc.AccessKeyID = u.User.Username()
			sc.SecretAccessKey, _ = u.User.Password()
		}
		if sc.Region == "" {
			sc.Region = "us-east-1"
		}
		t.s3, t.Client = sc, sc
	default:
		return nil, fmt.Errorf("địa chỉ bản sao %q: chỉ hỗ trợ file:// và s3://", t.URL)
	}
	return t, nil
}

// files opens the filesystem the uploaded files go to, and the key prefix
// under which they are stored there.
func (t *Target) files() (*filesystem.System, string, error) {
	if t.scheme == "file" {
		fs, err := filesystem.NewLocal(t.dir)
		return fs, "", err
	}
	fs, err := filesystem.NewS3(t.s3.Bucket, t.s3.Region, t.s3.Endpoint, t.s3.AccessKeyID, t.s3.SecretAccessKey, t.s3.ForcePathStyle)
	return fs, strings.Trim(t.s3.Path, "/"), err
}

func joinKey(prefix string, parts ...string) string {
	return strings.TrimPrefix(path.Join(append([]string{prefix}, parts...)...), "/")
}
