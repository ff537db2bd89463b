package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"motcua/province"
)

// newProvinceCommand is `motcua province serve --config FILE`: the province
// view over the communes' replicas.
func newProvinceCommand(app core.App) *cobra.Command {
	root := &cobra.Command{Use: "province", Short: "Trang tổng hợp của tỉnh: tự kiểm tra các xã từ bản sao liên tục"}
	var config, addr, cache string
	serve := &cobra.Command{
		Use:   "serve --config FILE",
		Short: "Đọc bản sao của các xã, tự kiểm tra từng xã, phục vụ trang so sánh",
		Long: "FILE (JSON) liệt kê các xã: {\"province\": \"Tỉnh ...\", \"refresh\": \"1h\", \"communes\": [{\"name\": \"Xã ...\", " +
			"\"replica\": \"s3://bucket/xa?endpoint=...\"}]}. Mỗi lần đọc (lúc khởi động rồi theo refresh), bản sao của từng xã được " +
			"khôi phục vào thư mục đệm riêng (--cache), tự kiểm tra như `motcua inspect` (không lưu phát hiện), rồi xoá. " +
			"Không ghi gì vào bản sao của xã.",
		Example:      "  motcua province serve --config tinh.json --http 127.0.0.1:8091",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			cfg, every, err := province.LoadConfig(config)
			if err != nil {
				return err
			}
			if cache == "" {
				cache = filepath.Join(filepath.Dir(config), "province_cache")
			}
			if err := os.MkdirAll(cache, 0o755); err != nil {
				return err
			}
			quietLitestream()
			v := province.New(cfg, cache)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			started := time.Now()
			v.Refresh(ctx)
			fmt.Fprintf(c.OutOrStdout(), "Đã đọc %d xã trong %s.\n", len(cfg.Communes), time.Since(started).Round(time.Millisecond))
			l, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			if err := province.CheckExposure(l.Addr(), cfg); err != nil {
				l.Close()
				return err
			}
			srv := &http.Server{Handler: v.Handler(), ReadHeaderTimeout: 10 * time.Second}
			done := make(chan struct{})
			go func() {
				defer close(done)
				t := time.NewTicker(every)
				defer t.Stop()
				for {
					select {
					case <-ctx.Done():
						return
					case <-t.C:
						v.Refresh(ctx)
					}
				}
			}()
			// PocketBase ends the process on SIGINT/SIGTERM after its
			// OnTerminate hooks: the server and the refresh stop there.
			app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
				cancel()
				_ = srv.Shutdown(context.Background())
				<-done
				return e.Next()
			})
			fmt.Fprintf(c.OutOrStdout(), "Trang tổng hợp của tỉnh: http://%s/\n", l.Addr())
			if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	serve.Flags().StringVar(&config, "config", "", "tệp JSON liệt kê các xã và bản sao của họ")
	serve.Flags().StringVar(&addr, "http", "127.0.0.1:8091", "địa chỉ phục vụ trang")
	serve.Flags().StringVar(&cache, "cache", "", "thư mục đệm cho các bản khôi phục (mặc định province_cache bên cạnh FILE)")
	_ = serve.MarkFlagRequired("config")
	root.AddCommand(serve, newProvincePasswordCommand())
	return root
}

// newProvincePasswordCommand is `motcua province password`: the bcrypt hash
// of a password read from standard input, for a viewer of the config.
func newProvincePasswordCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "password",
		Short: "Tạo mã băm mật khẩu cho một người xem (viewers) của trang tổng hợp",
		Long: "Đọc mật khẩu (một dòng) từ đầu vào chuẩn và in mã băm bcrypt để ghi vào tệp cấu hình: " +
			"\"viewers\": [{\"user\": \"thanhtra\", \"password_hash\": \"<mã băm>\"}].",
		Example:      "  read -rs P && echo \"$P\" | motcua province password",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			line, err := bufio.NewReader(c.InOrStdin()).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("cần mật khẩu ở đầu vào chuẩn: %w", err)
			}
			hash, err := province.HashPassword(strings.TrimRight(line, "\r\n"))
			if err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), hash)
			return nil
		},
	}
}
