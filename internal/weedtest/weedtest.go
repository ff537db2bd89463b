// Package weedtest starts a real S3-compatible server for tests: SeaweedFS's
// `weed server -s3` on loopback, free ports and a temporary dir, with one
// bucket. .ci/run installs weed; on CI (CI=true) a missing weed fails the
// test, elsewhere it skips with how to install it.
package weedtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Version is the SeaweedFS module .ci/run builds weed from.
const Version = "v0.0.0-20261109003541-7506e5f91cd6"

// Test credentials of the server's one identity (not secrets).
const (
	AccessKey = "motcua-test"
	SecretKey = "motcua-test-secret-key"
)

// Server is a running weed with its S3 endpoint.
type Server struct {
	Endpoint string // http://127.0.0.1:port
}

// URL is a replica URL of bucket/path on s, credentials in it.
func (s *Server) URL(bucket, path string) string {
	return fmt.Sprintf("s3://%s:%s@%s/%s?endpoint=%s&region=us-east-1", AccessKey, SecretKey, bucket, path, s.Endpoint)
}

// Binary finds weed on PATH or in $GOPATH/bin.
func Binary() string {
	if p, err := exec.LookPath("weed"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	if p := filepath.Join(gopath, "bin", "weed"); isExec(p) {
		return p
	}
	return ""
}

func isExec(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir() && info.Mode()&0o111 != 0
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start runs weed until the test ends and creates bucket on it.
func Start(t testing.TB, bucket string) *Server {
	t.Helper()
	if Binary() == "" {
		msg := "weed (SeaweedFS) is not installed: .ci/run builds it (go build ./weed in the module cache's github.com/seaweedfs/seaweedfs@" + Version + ")"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// Litestream's S3 client cannot load a CA bundle (AWS_CA_BUNDLE)
	// into its own HTTP client and refuses to start; the server here is
	// plain HTTP on loopback. Children (the motcua binary) inherit this.
	t.Setenv("AWS_CA_BUNDLE", "")
	s, stop, err := Launch(t.TempDir(), bucket, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s
}

// Launch runs weed in dir (a new folder) and creates bucket on it; stop
// ends it. volumeMB sizes its volumes (0: 64 MB each, at most 4, for
// tests; the benchmarks' gigabytes need more). The caller unsets
// AWS_CA_BUNDLE for Litestream (see Start).
func Launch(dir, bucket string, volumeMB int) (*Server, func(), error) {
	bin := Binary()
	if bin == "" {
		return nil, nil, fmt.Errorf("weed (SeaweedFS) is not installed: .ci/run builds it")
	}
	config := filepath.Join(dir, "s3.json")
	if err := os.WriteFile(config, []byte(fmt.Sprintf(`{"identities":[{"name":"motcua","credentials":[{"accessKey":%q,"secretKey":%q}],`+
		`"actions":["Admin","Read","Write","List","Tagging"]}]}`, AccessKey, SecretKey)), 0o600); err != nil {
		return nil, nil, err
	}
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, nil, err
	}
	var ports []string
	for range 8 {
		p, err := freePort()
		if err != nil {
			return nil, nil, err
		}
		ports = append(ports, strconv.Itoa(p))
	}
	volumes := "-master.volumeSizeLimitMB=64"
	max := "-volume.max=4"
	if volumeMB > 0 {
		volumes, max = "-master.volumeSizeLimitMB="+strconv.Itoa(volumeMB), "-volume.max=0"
	}
	s3Port := ports[0]
	args := []string{"server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-dir=" + data,
		"-master.port=" + ports[1], "-master.port.grpc=" + ports[2], volumes, "-master.telemetry=false",
		"-volume.port=" + ports[3], "-volume.port.grpc=" + ports[4], max,
		"-filer", "-filer.port=" + ports[5], "-filer.port.grpc=" + ports[6],
		"-s3", "-s3.port=" + s3Port, "-s3.port.grpc=" + ports[7], "-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.config=" + config}
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	s := &Server{Endpoint: "http://127.0.0.1:" + s3Port}
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(s.Endpoint), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
	})
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
		cancel()
		if err == nil {
			return s, stop, nil
		}
		select {
		case <-exited:
			return nil, nil, fmt.Errorf("weed did not start: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			stop()
			return nil, nil, fmt.Errorf("weed did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// Get fetches a path of the S3 endpoint without credentials (a bucket
// that refuses it is not open to anyone).
func (s *Server) Get(path string) (int, error) {
	res, err := http.Get(s.Endpoint + path)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
